import { strict as assert } from "assert";
import { imageProblem } from "../../provider/aws/images";

/** A stand-in client: answers DescribeImages from a table, or fails while `failing` is set. */
function fakeClient(images: Record<string, string>) {
  const calls: unknown[] = [];
  const state = { failing: false };
  const client = {
    send: async (cmd: { input: { Names?: string[]; Arns?: string[] } }) => {
      calls.push(cmd.input);
      await new Promise((r) => setImmediate(r));
      if (state.failing) throw Object.assign(new Error("socket hang up"), { name: "TimeoutError" });
      const name = cmd.input.Names?.[0] ?? cmd.input.Arns?.[0] ?? "";
      if (!(name in images)) throw Object.assign(new Error("not found"), { name: "ResourceNotFoundException" });
      return { Images: [{ Name: name, State: images[name] }] };
    },
  };
  return { client: client as any, calls, state };
}

describe("image check", () => {
  it("says why an image is unusable, naming it", async () => {
    const { client } = fakeClient({ ok: "AVAILABLE", building: "PENDING" });
    assert.equal(await imageProblem(client, { imageName: "ok" }), undefined);
    assert.match((await imageProblem(client, { imageName: "building" })) as string, /image building is PENDING, not AVAILABLE/);
    assert.match((await imageProblem(client, { imageName: "nope" })) as string, /image nope does not exist/);
    assert.match((await imageProblem(client, { imageArn: "nope" })) as string, /image ARN nope does not exist/);
  });

  it("fleets checked together share one DescribeImages per image", async () => {
    const { client, calls } = fakeClient({ a: "AVAILABLE", b: "AVAILABLE" });
    const answers = await Promise.all([...Array(50).keys()].map((i) => imageProblem(client, { imageName: i % 2 ? "a" : "b" })));
    assert.deepEqual(new Set(answers), new Set([undefined]));
    assert.equal(calls.length, 2);
    // Another client (another provider process, another region) asks on its own.
    const other = fakeClient({ a: "AVAILABLE" });
    await imageProblem(other.client, { imageName: "a" });
    assert.equal(other.calls.length, 1);
  });

  it("a failed lookup is reported and not shared: the next check asks again", async () => {
    const { client, calls, state } = fakeClient({ a: "AVAILABLE" });
    state.failing = true;
    assert.match((await imageProblem(client, { imageName: "a" })) as string, /could not look up image a: socket hang up/);
    state.failing = false;
    assert.equal(await imageProblem(client, { imageName: "a" }), undefined);
    assert.equal(calls.length, 2);
  });
});
