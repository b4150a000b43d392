import { strict as assert } from "assert";
import { drainSessions, DrainTimeoutError } from "../../provider/aws/drain";
import { OldState } from "../../provider/fleet/diff";
import { planChange, stableState } from "../../provider/fleet/plan";
import { interruptionWarnings, plannedAction, previewWarnings } from "../../provider/fleet/preview";
import { FleetInputs } from "../../provider/fleet/types";

const olds: OldState = {
  name: "f1", instanceType: "stream.standard.medium", fleetType: "ON_DEMAND", imageName: "img", displayName: "A",
  computeCapacity: { desiredInstances: 2 }, state: "RUNNING", desiredState: "RUNNING", updateStrategy: "stopStart", tags: {},
};
const base: FleetInputs = { name: "f1", instanceType: "stream.standard.medium", imageName: "img", displayName: "A", computeCapacity: { desiredInstances: 2 } };

/** The warnings of what the program forces (the plan of the change on a fleet in `liveState`). */
function warn(news: FleetInputs, liveState: string | undefined, activeSessions?: number): string[] {
  const plan = planChange(olds, { name: "f1", ...news }, liveState === undefined ? undefined : { state: stableState(liveState) });
  return interruptionWarnings(plan, { liveState, streaming: activeSessions });
}

describe("preview warnings", () => {
  it("a stop-forcing change on a running fleet names the fleet, the properties and the streaming users", () => {
    assert.deepEqual(warn({ ...base, instanceType: "stream.standard.large", enableDefaultInternetAccess: true }, "RUNNING", 3), [
      "fleet f1 will be stopped and restarted to change instanceType, enableDefaultInternetAccess; 3 users are streaming now and will be disconnected",
    ]);
    assert.match(warn({ ...base, instanceType: "stream.standard.large" }, "RUNNING", 1)[0], /1 user is streaming now/);
    assert.match(warn({ ...base, instanceType: "stream.standard.large" }, "RUNNING", 0)[0], /no users are streaming now/);
  });

  it("says what drain will do", () => {
    assert.match(warn({ ...base, instanceType: "stream.standard.large", drain: { timeoutSeconds: 600, onTimeout: "fail" } }, "RUNNING", 2)[0], /waits up to 600s for sessions to end, then fail without stopping/);
  });

  it("a live change, or any change on a stopped fleet, warns nobody", () => {
    assert.deepEqual(warn({ ...base, displayName: "B" }, "RUNNING", 5), []);
    assert.deepEqual(warn({ ...base, instanceType: "stream.standard.large" }, "STOPPED"), []);
  });

  it("failIfRunning says the update will fail and change nothing", () => {
    assert.match(warn({ ...base, instanceType: "stream.standard.large", updateStrategy: "failIfRunning" }, "RUNNING", 0)[0], /will FAIL: it is RUNNING and instanceType can only change on a stopped fleet/);
  });

  it("a replacement says so, why, and in which order", () => {
    const [w] = warn({ ...base, name: "f2" }, "RUNNING", 4);
    assert.match(w, /fleet f1 will be REPLACED: name changes \(AppStream cannot rename a fleet\); the new fleet is created and started before the old one is deleted; 4 users are streaming/);
    assert.match(warn({ ...base, fleetType: "ALWAYS_ON" }, "RUNNING", 0)[0], /deleted first \(same name\), so nobody can stream until the new one runs/);
  });

  it("an auto-named fleet replaced under updateStrategy replace: the warning names the property the user changed, not the new name", () => {
    const news = { ...base, name: "f1-abc1234", instanceType: "stream.standard.large", updateStrategy: "replace" as const, __inputKeys: ["imageName", "instanceType", "updateStrategy"] };
    const plan = planChange(olds, news, { state: "RUNNING" });
    assert.deepEqual(plan.replacement.replaces, ["instanceType"]);
    const [w] = interruptionWarnings(plan, { liveState: "RUNNING", streaming: 0 });
    assert.match(w, /fleet f1 will be REPLACED: updateStrategy is "replace" and instanceType cannot change while the fleet runs;/);
    assert.doesNotMatch(w, /name changes/);
  });

  it("users on instances in drain mode: the one renderer says so wherever it counts the users a change interrupts (the record's summary and interruption, every warning)", () => {
    const drainMode = { DrainModeActiveUserSessions: 2, DrainModeUnusedUserSessions: 1 };
    const words = "; 2 of the users streaming are on instances in drain mode after an image change (1 unused session slot there)";
    const change = planChange(olds, { ...base, name: "f1", instanceType: "stream.standard.large" }, { state: "RUNNING" });
    const facts = { liveState: "RUNNING", streaming: 3, drainMode };
    const record = plannedAction(change, facts);
    assert.equal(record.summary, `fleet f1 will be stopped and restarted to change instanceType; 3 users are streaming now and will be disconnected${words}`);
    assert.equal(record.interruption, `the fleet is stopped and started again; 3 users streaming now will be disconnected${words}`);
    assert.deepEqual(previewWarnings(change, facts), [record.summary]);
    // A fleet started outside Pulumi that the program keeps STOPPED: the drift warning and the record.
    const drift = planChange({ ...olds, desiredState: "STOPPED" }, { ...base, name: "f1", desiredState: "STOPPED" }, { state: "RUNNING" }, "STOPPED");
    const driftFacts = { ...facts, recordedState: "STOPPED" };
    const driftWarnings = previewWarnings(drift, driftFacts);
    assert.ok(driftWarnings.length > 0 && driftWarnings.every((w) => w.includes(words)), JSON.stringify(driftWarnings));
    assert.ok(plannedAction(drift, driftFacts).summary.includes(words));
    // A replacement of the running fleet.
    const replace = planChange(olds, { ...base, name: "f2" }, { state: "RUNNING" });
    assert.ok(interruptionWarnings(replace, facts)[0].endsWith(`; 3 users are streaming now and will be disconnected${words}`));
    // Nobody streaming, or the counts not reported: no words.
    assert.doesNotMatch(plannedAction(change, { ...facts, streaming: 0 }).summary, /drain mode/);
    assert.doesNotMatch(plannedAction(change, { liveState: "RUNNING", streaming: 3 }).summary, /drain mode/);
    // A live change interrupts nobody: no count, no words.
    assert.doesNotMatch(JSON.stringify(plannedAction(planChange(olds, { ...base, name: "f1", displayName: "B" }, { state: "RUNNING" }), facts)), /drain mode/);
  });

  it("desiredState STOPPED warns about the stop", () => {
    assert.match(warn({ ...base, desiredState: "STOPPED" }, "RUNNING", 2)[0], /fleet f1 will be stopped \(desiredState STOPPED\); 2 users are streaming/);
  });
});

describe("drainSessions", () => {
  const clock = () => {
    const c = { t: 0, now: () => c.t, sleep: async (ms: number) => void (c.t += ms) };
    return c;
  };

  it("returns at once when nobody streams", async () => {
    const c = clock();
    assert.deepEqual(await drainSessions({ fleetName: "f", timeoutSeconds: 60, pollSeconds: 5, onTimeout: "stop", countActive: async () => 0, clock: c }), { remaining: 0, waitedMs: 0 });
  });

  it("waits, polling every pollSeconds, until the sessions end", async () => {
    const c = clock();
    const polls: number[] = [];
    const progress: string[] = [];
    const r = await drainSessions({
      fleetName: "f", timeoutSeconds: 600, pollSeconds: 10, onTimeout: "fail", clock: c, onProgress: (m) => progress.push(m),
      countActive: async () => (polls.push(c.t), c.t < 25000 ? 2 : 0),
    });
    assert.deepEqual(polls, [0, 10000, 20000, 30000]);
    assert.deepEqual(r, { remaining: 0, waitedMs: 30000 });
    assert.match(progress[0], /waiting for 2 streaming session\(s\) to end before stopping \(0s of up to 600s\)/);
    assert.match(progress[progress.length - 1], /no sessions left after 30s; stopping/);
  });

  it("at the timeout: fails without stopping, or stops anyway, as configured", async () => {
    await assert.rejects(
      drainSessions({ fleetName: "f", timeoutSeconds: 30, pollSeconds: 10, onTimeout: "fail", clock: clock(), countActive: async () => 1 }),
      (e: unknown) => e instanceof DrainTimeoutError && e.remaining === 1 && /not stopped/.test(e.message),
    );
    const c = clock();
    assert.deepEqual(await drainSessions({ fleetName: "f", timeoutSeconds: 25, pollSeconds: 10, onTimeout: "stop", clock: c, countActive: async () => 1 }), { remaining: 1, waitedMs: 25000 });
  });
});
