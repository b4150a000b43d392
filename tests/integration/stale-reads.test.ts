/**
 * Stale reads, driven as the engine drives one update (check, diff, update on one provider
 * instance): the provider may plan on a DescribeFleets answer that is a second old (it reuses
 * them) or that lags behind AWS (eventual consistency: the emulator's describeLag fault), so a
 * fleet started or stopped outside Pulumi between the diff and the update is planned on its old
 * state. AWS then refuses a step; the provider reads the fleet again, waits for a stable state and
 * plans again, and the fleet ends in desiredState.
 */
import { strict as assert } from "assert";
import { DescribeFleetsCommand, StartFleetCommand, StopFleetCommand } from "@aws-sdk/client-appstream";
import { baseFleet, provider, Stack } from "../support/engine-stand-in";
import { mutating, useHarness } from "../support/harness";

describe("stale reads never turn into a failed update", function () {
  this.timeout(120000);
  const h = useHarness({ startDelaySeconds: 0.5, stopDelaySeconds: 0.5 });
  let stack: Stack;

  beforeEach(async () => {
    await h.control.clearFaults();
    stack = new Stack();
  });

  const live = async () => (await h.client.send(new DescribeFleetsCommand({ Names: ["web"] }))).Fleets![0];

  /** check and diff as the engine does, then `outside` (another client), then update. */
  async function updateAfter(news: Record<string, unknown>, outside: () => Promise<unknown>) {
    const checked = await provider.check(stack.inputs!, { __resourceName: "web", ...news });
    assert.deepEqual(checked.failures ?? [], []);
    const d = await provider.diff(stack.id!, stack.outputs, checked.inputs);
    assert.equal(d.changes, true);
    // DescribeFleets answers 2 s behind: the update sees the state from before `outside`.
    await h.control.fault({ type: "describeLag", fleetName: "web", seconds: 2 });
    await outside();
    await h.mark();
    return provider.update!(stack.id!, stack.outputs, checked.inputs);
  }

  it("a fleet kept STOPPED, started outside between diff and update: the update waits, stops, updates and starts it", async () => {
    await stack.up(baseFleet({ desiredState: "STOPPED" }));
    const r = await updateAfter(baseFleet({ instanceType: "stream.standard.large", desiredState: "RUNNING" }), () => h.client.send(new StartFleetCommand({ Name: "web" })));
    const f = await live();
    assert.equal(f.InstanceType, "stream.standard.large");
    assert.equal(f.State, "RUNNING");
    assert.equal(r.outs.state, "RUNNING");
    const tried = (await h.opsSinceMark({ all: true })).filter((o) => o === "UpdateFleet").length;
    const made = (await h.opsSinceMark()).filter((o) => o === "UpdateFleet").length;
    assert.equal(tried - made, 1, "the first UpdateFleet, planned on the stale STOPPED, was refused");
    assert.deepEqual(mutating(await h.opsSinceMark()).slice(-3), ["StopFleet", "UpdateFleet", "StartFleet"], "replanned from RUNNING: stop, update, start");
  });

  it("a running fleet stopped outside just before a live update: the update is made and the fleet started again", async () => {
    await stack.up(baseFleet());
    const r = await updateAfter(baseFleet({ displayName: "Renamed" }), () => h.client.send(new StopFleetCommand({ Name: "web" })));
    const f = await live();
    assert.equal(f.DisplayName, "Renamed");
    assert.equal(f.State, "RUNNING", "desiredState RUNNING: never left stopped");
    assert.equal(r.outs.state, "RUNNING");
    // Planned on the stale RUNNING (a live UpdateFleet, no start); the fleet was found stopped
    // (UpdateFleet refused while STOPPING, or accepted once STOPPED) and started again.
    assert.deepEqual(mutating(await h.opsSinceMark()).slice(-1), ["StartFleet"]);
  });

  it("delete planned on a stale RUNNING answer while the fleet is already stopping: it is deleted", async () => {
    await stack.up(baseFleet());
    await provider.diff(stack.id!, stack.outputs, stack.inputs!); // a fresh answer (RUNNING) to reuse
    await h.client.send(new StopFleetCommand({ Name: "web" }));
    await provider.delete(stack.id!, stack.outputs);
    assert.deepEqual((await h.client.send(new DescribeFleetsCommand({}))).Fleets, []);
  });
});
