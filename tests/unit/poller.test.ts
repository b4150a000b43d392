import { strict as assert } from "assert";
import { StopFleetCommand, TagResourceCommand, UpdateFleetCommand } from "@aws-sdk/client-appstream";
import { alignPoll, FleetPoller, TICK_MS } from "../../provider/aws/poller";
import { Clock } from "../../provider/aws/wait";

/**
 * A stand-in for AppStreamClient: records DescribeFleets' Names, answers from a table, and runs
 * the poller's middleware around every call as the SDK does (so mutating calls drop answers).
 */
function fakeClient(known: string[]) {
  const sent: string[][] = [];
  const middleware: any[] = [];
  let gate: Promise<void> | undefined;
  const client = {
    middlewareStack: { add: (mw: any) => middleware.push(mw) },
    send: async (cmd: { constructor: { name: string }; input: { Names?: string[]; Name?: string; NextToken?: string } }) => {
      const op = cmd.constructor.name;
      const handler = async () => {
        if (op !== "DescribeFleetsCommand") return { output: {} };
        // No Names: the fleets of the account, 25 a page (recorded as ["*"], or ["*", token] for a later page).
        const from = Number(cmd.input.NextToken ?? 0);
        const names = cmd.input.Names ?? known.slice(from, from + 25);
        sent.push(cmd.input.Names ?? (cmd.input.NextToken ? ["*", cmd.input.NextToken] : ["*"]));
        if (gate) await gate;
        if (names.some((n) => !known.includes(n))) throw Object.assign(new Error("not found"), { name: "ResourceNotFoundException" });
        const next = cmd.input.Names === undefined && from + 25 < known.length ? String(from + 25) : undefined;
        return { output: { Fleets: names.map((n) => ({ Name: n, State: "RUNNING" })), NextToken: next } };
      };
      const run = middleware.reduce((next, mw) => mw(next, { commandName: op }), handler);
      return (await run({ input: cmd.input })).output;
    },
  };
  return { client: client as any, sent, hold: (p: Promise<void> | undefined) => (gate = p) };
}

/** A scripted clock: `t` is the poller's notion of now; sleeps end at once (no real waiting). */
function scriptedClock(): Clock & { t: number } {
  const c = { t: 1_700_000_000_000, now: () => c.t, sleep: async (_ms: number) => undefined };
  return c;
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

  it("an answer less than a second old serves lookups again; an older one does not", async () => {
    {
      const clock = scriptedClock();
      const { client, sent } = fakeClient(["a"]);
      const p = new FleetPoller(client, clock);
      assert.equal((await p.find("a"))?.State, "RUNNING");
      clock.t += 999;
      assert.equal((await p.find("a"))?.State, "RUNNING");
      assert.equal((await p.find("a"))?.Name, "a");
      assert.equal(sent.length, 1);
      clock.t += 1;
      await p.find("a");
      assert.equal(sent.length, 2);
    }
  });

  it("a call that may change the fleet drops its remembered answer; another fleet's stays", async () => {
    const { client, sent } = fakeClient(["a", "b"]);
    const p = new FleetPoller(client);
    await Promise.all([p.find("a"), p.find("b")]);
    assert.equal(sent.length, 1);
    await client.send(new StopFleetCommand({ Name: "a" }));
    await p.find("b");
    assert.equal(sent.length, 1, "b is still remembered");
    await p.find("a");
    assert.equal(sent.length, 2, "a is asked again after StopFleet");
    // A call that names no fleet (a stack's ARN) may touch any: it drops everything.
    await client.send(new TagResourceCommand({ ResourceArn: "arn:aws:appstream:us-east-1:123456789012:stack/s", Tags: {} }));
    await p.find("b");
    assert.equal(sent.length, 3);
  });

  it("an answer that arrives while a call changes the fleet is not remembered", async () => {
    const { client, sent, hold } = fakeClient(["a"]);
    const p = new FleetPoller(client);
    let release!: () => void;
    hold(new Promise<void>((r) => (release = r)));
    const lookup = p.find("a");
    await new Promise((r) => setImmediate(r));
    hold(undefined);
    await client.send(new UpdateFleetCommand({ Name: "a" }));
    release();
    await lookup;
    await p.find("a");
    assert.equal(sent.length, 2);
  });

  it("lastSent(): when the last DescribeFleets naming the fleet went out (a wait spaces its next poll from it)", async () => {
    {
      const clock = scriptedClock();
      const { client } = fakeClient(["a", "b"]);
      const p = new FleetPoller(client, clock);
      assert.equal(p.lastSent("a"), undefined);
      await p.find("a");
      assert.equal(p.lastSent("a"), clock.t);
      clock.t += 5000;
      await client.send(new StopFleetCommand({ Name: "a" })); // not a DescribeFleets: no stamp
      assert.equal(p.lastSent("a"), clock.t - 5000);
      await p.pollAt("a", clock.t);
      assert.equal(p.lastSent("a"), clock.t);
      assert.equal(p.lastSent("b"), undefined);
    }
  });

  it("remember(): what UpdateFleet returned answers the next lookup", async () => {
    const { client, sent } = fakeClient(["a"]);
    const p = new FleetPoller(client);
    p.remember("a", { Name: "a", State: "STOPPED" } as any);
    assert.equal((await p.find("a"))?.State, "STOPPED");
    assert.equal(sent.length, 0);
  });

  it("firstPollTick: at once for a fleet not described for a second; else a second after its last DescribeFleets", async () => {
    {
      const clock = scriptedClock();
      const { client } = fakeClient(["a"]);
      const p = new FleetPoller(client, clock);
      assert.equal(p.firstPollTick("a", clock.t), undefined);
      await p.find("a");
      const asked = clock.t;
      clock.t += 10;
      const tick = p.firstPollTick("a", clock.t) as number;
      assert.ok(tick >= asked + TICK_MS && tick < asked + 2 * TICK_MS, `tick ${tick - asked} ms after the last answer`);
      clock.t = asked + TICK_MS;
      assert.equal(p.firstPollTick("a", clock.t), undefined);
    }
  });

  it("findInOverview: one page of a small account answers every fleet, and absence; a changed fleet, or an old overview, is asked for again", async () => {
    const clock = scriptedClock();
    const { client, sent } = fakeClient(["a", "b", "c"]);
    const p = new FleetPoller(client, clock);
    for (const n of ["a", "b", "c"]) assert.equal((await p.findInOverview(n, 5000))?.Name, n);
    assert.deepEqual(sent, [["*"]], "one call for three fleets");
    assert.equal(await p.findInOverview("new", 5000), undefined);
    assert.equal(sent.length, 1, "the account was read whole: a fleet it lacks does not exist, no call");
    await client.send(new StopFleetCommand({ Name: "a" }));
    await p.findInOverview("a", 5000);
    assert.deepEqual(sent.at(-1), ["a"], "changed by this client since the overview: asked by name");
    await p.findInOverview("b", 5000);
    assert.equal(sent.length, 2, "b still from the overview");
    clock.t += 5001;
    await p.findInOverview("b", 5000);
    assert.deepEqual(sent.at(-1), ["*"], "an overview older than maxAge is read again");
  });

  it("findInOverview in a large account: a lone lookup reads one page, then asks by name; a second fleet pages on only as far as needed", async () => {
    const clock = scriptedClock();
    const known = Array.from({ length: 80 }, (_, i) => `f${i}`); // 4 pages
    const { client, sent } = fakeClient(known);
    const p = new FleetPoller(client, clock);
    assert.equal((await p.findInOverview("f60", 5000))?.Name, "f60");
    assert.deepEqual(sent, [["*"], ["f60"]], "one fleet: the first page, then by name (not all 4 pages)");
    assert.equal((await p.findInOverview("f3", 5000))?.Name, "f3");
    assert.equal(sent.length, 2, "on the page already read");
    assert.equal((await p.findInOverview("f30", 5000))?.Name, "f30");
    assert.deepEqual(sent.at(-1), ["*", "25"], "a second page, not the rest");
    assert.equal((await p.findInOverview("f60", 5000))?.Name, "f60");
    assert.deepEqual(sent.at(-1), ["*", "50"]);
    assert.equal(await p.findInOverview("gone", 5000), undefined);
    assert.deepEqual(sent.slice(2), [["*", "25"], ["*", "50"], ["*", "75"]], "absent: the account read to its end, then known absent");
    assert.equal(await p.findInOverview("gone2", 5000), undefined);
    assert.equal(sent.length, 5, "the whole account answers absence with no call");
  });

  it("findInOverview: a fleet this client changed before its page was read is asked for by name, with no page read for it", async () => {
    const clock = scriptedClock();
    const known = Array.from({ length: 80 }, (_, i) => `f${i}`);
    const { client, sent } = fakeClient(known);
    const p = new FleetPoller(client, clock);
    await p.findInOverview("f0", 5000);
    await p.findInOverview("f1", 5000);
    await client.send(new StopFleetCommand({ Name: "f70" }));
    assert.equal((await p.findInOverview("f70", 5000))?.Name, "f70");
    assert.deepEqual(sent, [["*"], ["f70"]], "by name, not pages 2 to 4 first");
  });

  it("findInOverview: an overview that cannot be read (a policy naming fleets) falls back to lookups by name", async () => {
    const clock = scriptedClock();
    const { client, sent } = fakeClient(["a"]);
    const send = client.send;
    client.send = (cmd: any) => (cmd.input.Names === undefined && cmd.constructor.name === "DescribeFleetsCommand" ? Promise.reject(Object.assign(new Error("denied"), { name: "AccessDeniedException" })) : send(cmd));
    const p = new FleetPoller(client, clock);
    assert.equal((await p.findInOverview("a", 5000))?.Name, "a");
    assert.equal(await p.findInOverview("nope", 5000), undefined);
    assert.deepEqual(sent, [["a"], ["nope"]], "both asked by name; the overview is not tried again within maxAge");
  });
});
