/** Injected faults of every kind, and throttling through the config endpoint. */
import { strict as assert } from "node:assert";
import {
  CreateFleetCommand,
  DescribeFleetsCommand,
  StartFleetCommand,
  UpdateFleetCommand,
  waitUntilFleetStarted,
} from "@aws-sdk/client-appstream";
import { EmulatorControlError } from "../../emulator";
import { START_DELAY, createFleet, expectAwsError, fleetInput, rawCall, useEmulator } from "../support/emulator";
import { sdkClient, sleep, waitForState } from "../support/harness";

describe("emulator: faults", () => {
  const h = useEmulator();
  const state = async (name: string) => (await h.client.send(new DescribeFleetsCommand({ Names: [name] }))).Fleets?.[0]?.State;
  const realFleet = async (name: string) => (await h.control.fleets()).find((f) => f.Name === name);

  it("fails the next N matching calls with the given error, without applying them", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await h.control.fault({ operation: "UpdateFleet", fleetName: "f1", count: 2, errorCode: "ConcurrentModificationException", message: "busy" });
    const update = () => h.client.send(new UpdateFleetCommand({ Name: "f1", DisplayName: "new" }));
    await expectAwsError(update(), "ConcurrentModificationException", /^busy$/);
    await expectAwsError(update(), "ConcurrentModificationException");
    assert.equal((await realFleet("f1"))?.DisplayName, undefined, "a faulted UpdateFleet must not apply");
    await update();
    assert.equal((await realFleet("f1"))?.DisplayName, "new");
    const codes = (await h.control.calls()).filter((c) => c.operation === "UpdateFleet").map((c) => c.errorCode ?? "ok");
    assert.deepEqual(codes, ["ConcurrentModificationException", "ConcurrentModificationException", "ok"]);
  });

  it("matches fleetName: a fault for f1 leaves f2 alone", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await createFleet(h.client, fleetInput("f2"));
    await h.control.fault({ operation: "StartFleet", fleetName: "f1", errorCode: "LimitExceededException" });
    await h.client.send(new StartFleetCommand({ Name: "f2" }));
    await expectAwsError(h.client.send(new StartFleetCommand({ Name: "f1" })), "LimitExceededException");
    assert.equal((await realFleet("f1"))?.State, "STOPPED");
  });

  it("answers httpStatus 500 without errorCode as InternalFailure, which the SDK retries", async () => {
    await h.control.fault({ operation: "CreateFleet", httpStatus: 500 });
    const res = await rawCall(h.emulator.url, "CreateFleet", fleetInput("f0"));
    assert.equal(res.status, 500);
    assert.equal(res.json.__type, "InternalFailure");
    assert.equal((await h.control.fleets()).length, 0, "a faulted CreateFleet must not create");
    await h.control.fault({ operation: "CreateFleet", httpStatus: 500 });
    const retrying = sdkClient(h.emulator.url, { maxAttempts: 3 });
    await retrying.send(new CreateFleetCommand(fleetInput("f1")));
    retrying.destroy();
    const calls = (await h.control.calls()).filter((c) => c.fleetName === "f1");
    assert.deepEqual(calls.map((c) => [c.errorCode ?? "ok", c.httpStatus]), [["InternalFailure", 500], ["ok", 200]]);
  });

  it("throttles with ThrottlingException 'Rate exceeded' (HTTP 400)", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await h.control.fault({ operation: "DescribeFleets", count: 3, throttle: true });
    for (let i = 0; i < 3; i++) {
      await expectAwsError(h.client.send(new DescribeFleetsCommand({})), "ThrottlingException", /^Rate exceeded$/);
    }
    await h.client.send(new DescribeFleetsCommand({}));
    const throttled = (await h.control.calls()).filter((c) => c.errorCode === "ThrottlingException");
    assert.equal(throttled.length, 3);
    assert.ok(throttled.every((c) => c.httpStatus === 400));
  });

  it("drops the connection without a response and without applying the call", async () => {
    await h.control.fault({ operation: "*", count: 1, dropConnection: true });
    await assert.rejects(rawCall(h.emulator.url, "CreateFleet", fleetInput("f1")));
    assert.equal((await h.control.fleets()).length, 0);
    const [dropped] = await h.control.calls();
    assert.equal(dropped.errorCode, "ConnectionDropped");
    assert.equal(dropped.httpStatus, 0);
    // The SDK retries socket errors: the next attempt goes through.
    await h.control.fault({ operation: "*", count: 1, dropConnection: true });
    const retrying = sdkClient(h.emulator.url, { maxAttempts: 3 });
    await retrying.send(new CreateFleetCommand(fleetInput("f1")));
    retrying.destroy();
    assert.equal((await h.control.fleets()).length, 1);
  });

  it("delays the response of a call that has already taken effect", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await h.control.config({ startDelaySeconds: 30 });
    await h.control.fault({ operation: "StartFleet", delayMs: 1500, count: 1 });
    let answered = false;
    const call = h.client.send(new StartFleetCommand({ Name: "f1" })).then(() => (answered = true));
    await waitForState(h.control, "f1", "STARTING");
    assert.equal(answered, false, "the answer is held back while the fleet already changed");
    await call;
    assert.equal(answered, true);
  });

  it("startFailure: STARTING, then back to STOPPED with FleetErrors; the next start clears them", async () => {
    await createFleet(h.client, fleetInput("f1"));
    const fleetErrors = [{ ErrorCode: "SUBNET_NOT_FOUND", ErrorMessage: "subnet-a does not exist" }];
    await h.control.fault({ type: "startFailure", fleetName: "f1", fleetErrors });
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    assert.equal(await state("f1"), "STARTING");
    await assert.rejects(
      waitUntilFleetStarted({ client: h.client, maxWaitTime: 10, minDelay: 1, maxDelay: 1 }, { Names: ["f1"] }),
    );
    const failed = (await h.client.send(new DescribeFleetsCommand({ Names: ["f1"] }))).Fleets?.[0];
    assert.equal(failed?.State, "STOPPED");
    assert.deepEqual(failed?.FleetErrors, fleetErrors);
    const transitions = (await h.control.events()).map((e) => `${e.from}->${e.to}`);
    assert.deepEqual(transitions, ["null->STOPPED", "STOPPED->STARTING", "STARTING->STOPPED"]);
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    await waitForState(h.control, "f1", "RUNNING");
    assert.equal((await realFleet("f1"))?.FleetErrors, undefined);
  });

  it("describeLag: DescribeFleets reports the previous state for a while; StartFleet uses the real one", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await createFleet(h.client, fleetInput("f2"));
    await h.control.fault({ type: "describeLag", fleetName: "f1", seconds: 1 });
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    await h.client.send(new StartFleetCommand({ Name: "f2" }));
    assert.equal(await state("f1"), "STOPPED", "lagging read");
    assert.equal((await realFleet("f1"))?.State, "STARTING");
    assert.equal(await state("f2"), "STARTING", "other fleets are not lagged");
    // The waiter's first poll sees the stale STOPPED and fails at once.
    await assert.rejects(waitUntilFleetStarted({ client: h.client, maxWaitTime: 10, minDelay: 1, maxDelay: 1 }, { Names: ["f1"] }));
    // A second StartFleet is judged on the real state (STARTING): a no-op, not a new start.
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    assert.equal((await h.control.events()).filter((e) => e.fleetName === "f1" && e.to === "STARTING").length, 1);
    await sleep(1000 + START_DELAY * 1000 + 200);
    assert.equal(await state("f1"), "RUNNING");
  });

  it("consumes faults in order and lists the pending ones", async () => {
    await h.control.fault({ operation: "*", errorCode: "FirstException" });
    await h.control.fault({ operation: "DescribeFleets", count: 2, errorCode: "SecondException" });
    const pending = await h.control.faults();
    assert.deepEqual(pending.map((f) => ("remaining" in f ? f.remaining : undefined)), [1, 2]);
    await expectAwsError(h.client.send(new DescribeFleetsCommand({})), "FirstException");
    await expectAwsError(h.client.send(new DescribeFleetsCommand({})), "SecondException");
    assert.equal((await h.control.faults()).length, 1);
    await h.control.clearFaults();
    assert.deepEqual(await h.control.faults(), []);
    await h.client.send(new DescribeFleetsCommand({}));
  });

  it("refuses malformed fault specs with 400", async () => {
    const bad: unknown[] = [
      { operation: "NoSuchOperation", errorCode: "X" },
      { operation: "DescribeFleets" },
      { operation: "DescribeFleets", errorCode: "X", count: 0 },
      { operation: "DescribeFleets", httpStatus: 404 },
      { type: "startFailure" },
      { type: "describeLag", seconds: -1 },
      { type: "other" },
    ];
    for (const spec of bad) {
      await assert.rejects(
        h.control.fault(spec as never),
        (e: unknown) => e instanceof EmulatorControlError && e.status === 400,
        JSON.stringify(spec),
      );
    }
  });

  describe("throttling by configuration", () => {
    it("throttles one operation's bucket and leaves the others alone", async () => {
      const config = await h.control.config({ throttle: { DescribeFleets: { ratePerSecond: 0.001, burst: 2 } } });
      assert.deepEqual(config.throttle, { DescribeFleets: { ratePerSecond: 0.001, burst: 2 } });
      await h.client.send(new DescribeFleetsCommand({}));
      await h.client.send(new DescribeFleetsCommand({}));
      await expectAwsError(h.client.send(new DescribeFleetsCommand({})), "ThrottlingException", /Rate exceeded/);
      await createFleet(h.client, fleetInput("f1"));
    });
    it("applies '*' to each operation separately, and null turns throttling off", async () => {
      await h.control.config({ throttle: { "*": { ratePerSecond: 0.001, burst: 1 } } });
      await h.client.send(new DescribeFleetsCommand({}));
      await createFleet(h.client, fleetInput("f1"));
      await expectAwsError(h.client.send(new DescribeFleetsCommand({})), "ThrottlingException");
      await h.control.config({ throttle: null });
      for (let i = 0; i < 5; i++) await h.client.send(new DescribeFleetsCommand({}));
    });
    it("is generous by default and restored by reset", async () => {
      await h.control.config({ throttle: { "*": { ratePerSecond: 0.001, burst: 0 } } });
      await h.control.reset();
      assert.deepEqual((await h.control.config()).throttle, { "*": { ratePerSecond: 100, burst: 200 } });
      await Promise.all(Array.from({ length: 100 }, () => h.client.send(new DescribeFleetsCommand({}))));
    });
  });
});
