/** What fired: GET /_emulator/faults/history counts each fault's firings, kept after it is used up or withdrawn. */
import { strict as assert } from "node:assert";
import { DescribeFleetsCommand, StartFleetCommand, UpdateFleetCommand } from "@aws-sdk/client-appstream";
import { START_DELAY, createFleet, expectAwsError, fleetInput, useEmulator } from "../support/emulator";
import { sleep } from "../support/harness";

interface FaultRecord { id: number; type?: string; operation?: string; count?: number; fired: number; pending: boolean; remaining?: number }

describe("emulator: faults that fired", () => {
  const h = useEmulator();
  const history = async (): Promise<FaultRecord[]> => {
    const res = await fetch(`${h.emulator.url}/_emulator/faults/history`);
    assert.equal(res.status, 200);
    return ((await res.json()) as { faults: FaultRecord[] }).faults;
  };
  const byId = async (id: number) => (await history()).find((f) => f.id === id);

  it("counts a call fault's firings while pending, after it is used up, and after it is withdrawn", async () => {
    await createFleet(h.client, fleetInput("f1"));
    const twice = await h.control.fault({ operation: "UpdateFleet", fleetName: "f1", count: 2, errorCode: "ConcurrentModificationException" });
    const never = await h.control.fault({ operation: "DeleteFleet", count: 3, httpStatus: 500 });
    const update = () => h.client.send(new UpdateFleetCommand({ Name: "f1", DisplayName: "new" }));
    await expectAwsError(update(), "ConcurrentModificationException");
    const first = await byId(twice);
    assert.deepEqual([first?.operation, first?.count, first?.fired, first?.pending], ["UpdateFleet", 2, 1, true]);
    assert.equal((await h.control.faults()).find((f) => f.id === twice)?.fired, 1, "GET /faults shows fired too");
    await expectAwsError(update(), "ConcurrentModificationException");
    await update();
    const used = await byId(twice);
    assert.equal(used?.fired, 2);
    assert.equal(used?.count, 2);
    assert.equal(used?.pending, false, "used up");
    assert.equal(used?.remaining, undefined);
    await h.control.clearFaults();
    assert.deepEqual(await h.control.faults(), []);
    const after = await history();
    assert.deepEqual(after.map((f) => [f.id, f.fired, f.pending]), [[twice, 2, false], [never, 0, false]], "withdrawn faults keep their counts");
    await h.control.reset();
    assert.deepEqual(await history(), [], "reset forgets them");
  });

  it("counts a startFailure when a start fails, and a describeLag only when it made an answer stale", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await createFleet(h.client, fleetInput("f2"));
    const fail = await h.control.fault({ type: "startFailure", fleetName: "f2" });
    const lag = await h.control.fault({ type: "describeLag", fleetName: "f1", seconds: 1 });
    const describe = async (name: string) => (await h.client.send(new DescribeFleetsCommand({ Names: [name] }))).Fleets?.[0]?.State;
    assert.equal(await describe("f1"), "STOPPED");
    assert.equal((await byId(lag))?.fired, 0, "a lagged read of a fleet that did not change shows nothing stale");
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    assert.equal(await describe("f1"), "STOPPED", "stale");
    assert.equal((await byId(lag))?.fired, 1);
    assert.equal((await byId(lag))?.count, undefined, "describeLag has no count");
    await h.client.send(new StartFleetCommand({ Name: "f2" }));
    await sleep(START_DELAY * 1000 + 1200);
    assert.equal(await describe("f1"), "RUNNING");
    assert.equal((await byId(lag))?.fired, 1, "no longer stale: not counted");
    assert.equal(await describe("f2"), "STOPPED", "the start failed");
    const f = await byId(fail);
    assert.equal(f?.fired, 1);
    assert.equal(f?.pending, false);
  });
});
