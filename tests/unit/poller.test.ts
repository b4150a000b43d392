import { strict as assert } from "assert";
import { alignPoll, FleetPoller, TICK_MS } from "../../provider/aws/poller";

/** A stand-in for AppStreamClient: records DescribeFleets' Names, answers from a table. */
function fakeClient(known: string[]) {
  const sent: string[][] = [];
  const client = {
    middlewareStack: { add: () => undefined },
    send: async (cmd: { input: { Names?: string[] } }) => {
      const names = cmd.input.Names ?? [];
      sent.push(names);
      if (names.some((n) => !known.includes(n))) throw Object.assign(new Error("not found"), { name: "ResourceNotFoundException" });
      return { Fleets: names.map((n) => ({ Name: n, State: "RUNNING" })) };
    },
  };
  return { client: client as any, sent };
}

describe("poller", () => {
  it("alignPoll: on the grid, never after the time wanted, never within a second of the previous poll", () => {
    for (const phase of [0, 3, 517, 999]) {
      for (let prev = 10_000; prev < 12_000; prev += 37) {
        for (const delay of [1000, 1001, 1500, 1999, 2000, 7300, 20000]) {
          const wanted = prev + delay;
          const tick = alignPoll(wanted, prev, prev + 5, phase);
          assert.equal((((tick - phase) % TICK_MS) + TICK_MS) % TICK_MS, 0, "on the grid");
          assert.ok(tick - prev >= TICK_MS, `at most one poll per second (prev ${prev}, tick ${tick})`);
          // A poll that was itself on the grid is never delayed past what the policy asked for.
          if ((((prev - phase) % TICK_MS) + TICK_MS) % TICK_MS === 0) assert.ok(tick <= wanted, `not later than wanted (${tick} > ${wanted})`);
          // An off-grid first poll costs at most one tick.
          assert.ok(tick < wanted + TICK_MS);
        }
      }
    }
  });

  it("polls due at the same tick go out as one DescribeFleets with every name", async () => {
    const { client, sent } = fakeClient(["a", "b", "c"]);
    const p = new FleetPoller(client);
    const tick = Date.now() + 20;
    const answers = await Promise.all(["a", "b", "c"].map((n) => p.pollAt(n, tick)));
    assert.deepEqual(answers.map((f) => f?.Name), ["a", "b", "c"]);
    assert.deepEqual(sent, [["a", "b", "c"]]);
  });

  it("a batch with an unknown name is asked again name by name; the unknown one is undefined", async () => {
    const { client, sent } = fakeClient(["a", "c"]);
    const p = new FleetPoller(client);
    const answers = await Promise.all(["a", "gone", "c"].map((n) => p.find(n)));
    assert.deepEqual(answers.map((f) => f?.Name), ["a", undefined, "c"]);
    assert.deepEqual(sent[0], ["a", "gone", "c"]);
    assert.equal(sent.length, 4);
  });

  it("a wait's last answer serves the lookup right after it, once", async () => {
    const { client, sent } = fakeClient(["a"]);
    const p = new FleetPoller(client);
    p.keep("a", { Name: "a", State: "RUNNING" } as any);
    assert.equal((await p.find("a"))?.State, "RUNNING");
    assert.equal(sent.length, 0);
    await p.find("a");
    assert.equal(sent.length, 1);
  });
});
