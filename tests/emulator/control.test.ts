/** The control API: reset, call log, event log (exact times), raw fleets, config, errors. */
import { strict as assert } from "node:assert";
import {
  AssociateFleetCommand,
  CreateStackCommand,
  DescribeFleetsCommand,
  ListTagsForResourceCommand,
  StartFleetCommand,
  StopFleetCommand,
} from "@aws-sdk/client-appstream";
import { EmulatorControlError } from "../../emulator";
import { START_DELAY, STOP_DELAY, createFleet, expectAwsError, fleetInput, rawCall, useEmulator } from "../support/emulator";
import { sleep, waitForState } from "../support/harness";

describe("emulator: control API", () => {
  const h = useEmulator();
  const control = (path: string, init?: RequestInit) => fetch(`${h.emulator.url}/_emulator/${path}`, init);

  it("logs every call with its fleet, stack, state on arrival, error and status", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await h.client.send(new CreateStackCommand({ Name: "s1" }));
    await h.client.send(new AssociateFleetCommand({ FleetName: "f1", StackName: "s1" }));
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    await h.client.send(new DescribeFleetsCommand({ Names: ["f1"] }));
    await h.client.send(new DescribeFleetsCommand({}));
    await h.client.send(new ListTagsForResourceCommand({ ResourceArn: "arn:aws:appstream:us-east-1:123456789012:fleet/f1" }));
    await expectAwsError(h.client.send(new StartFleetCommand({ Name: "nope" })), "ResourceNotFoundException");
    const calls = await h.control.calls();
    const view = calls.map(({ operation, fleetName, stackName, fleetState, errorCode, httpStatus }) => ({ operation, fleetName, stackName, fleetState, errorCode, httpStatus }));
    const u = undefined;
    assert.deepEqual(view, [
      { operation: "CreateFleet", fleetName: "f1", stackName: u, fleetState: u, errorCode: u, httpStatus: 200 },
      { operation: "CreateStack", fleetName: u, stackName: "s1", fleetState: u, errorCode: u, httpStatus: 200 },
      { operation: "AssociateFleet", fleetName: "f1", stackName: "s1", fleetState: "STOPPED", errorCode: u, httpStatus: 200 },
      { operation: "StartFleet", fleetName: "f1", stackName: u, fleetState: "STOPPED", errorCode: u, httpStatus: 200 },
      { operation: "DescribeFleets", fleetName: "f1", stackName: u, fleetState: "STARTING", errorCode: u, httpStatus: 200 },
      { operation: "DescribeFleets", fleetName: u, stackName: u, fleetState: u, errorCode: u, httpStatus: 200 },
      { operation: "ListTagsForResource", fleetName: "f1", stackName: u, fleetState: "STARTING", errorCode: u, httpStatus: 200 },
      { operation: "StartFleet", fleetName: "nope", stackName: u, fleetState: u, errorCode: "ResourceNotFoundException", httpStatus: 400 },
    ]);
    assert.deepEqual(calls.map((c) => c.seq), [1, 2, 3, 4, 5, 6, 7, 8]);
    assert.ok(calls.every((c, i) => typeof c.time === "number" && (i === 0 || c.time >= calls[i - 1].time)));
  });

  it("returns calls after a seq, and clearing keeps the numbering", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await h.client.send(new DescribeFleetsCommand({}));
    assert.deepEqual((await h.control.calls(1)).map((c) => c.operation), ["DescribeFleets"]);
    await h.control.clearCalls();
    assert.deepEqual(await h.control.calls(), []);
    await h.client.send(new DescribeFleetsCommand({}));
    assert.deepEqual((await h.control.calls()).map((c) => c.seq), [3]);
  });

  it("stamps lazily computed transitions with the exact moment they happened", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    // Nobody looks at the fleet until well after it became RUNNING.
    await sleep(START_DELAY * 1000 + 400);
    const events = await h.control.events();
    assert.deepEqual(events.map((e) => [e.seq, e.fleetName, e.from, e.to]), [
      [1, "f1", null, "STOPPED"],
      [2, "f1", "STOPPED", "STARTING"],
      [3, "f1", "STARTING", "RUNNING"],
    ]);
    assert.equal(events[2].time - events[1].time, START_DELAY * 1000);
    await h.client.send(new StopFleetCommand({ Name: "f1" }));
    await waitForState(h.control, "f1", "STOPPED");
    const [stopping, stopped] = await h.control.events(3);
    assert.equal(stopped.time - stopping.time, STOP_DELAY * 1000);
    const startCall = (await h.control.calls()).find((c) => c.operation === "StartFleet");
    assert.ok(startCall && events[1].time >= startCall.time, "the start transition happens when the call is handled");
  });

  it("shows raw fleets in DescribeFleets' shape", async () => {
    await createFleet(h.client, fleetInput("f1"));
    const [f] = await h.control.fleets();
    assert.equal(f.Name, "f1");
    assert.equal(f.State, "STOPPED");
    assert.equal(typeof f.CreatedTime, "number");
    assert.equal(f.ComputeCapacityStatus.Desired, 2);
  });

  it("reset clears everything and restores the start configuration", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await h.client.send(new CreateStackCommand({ Name: "s1" }));
    await h.control.fault({ operation: "*", errorCode: "X" });
    await h.control.addImages([{ Name: "extra" }]);
    await h.control.config({ startDelaySeconds: 9 });
    await h.control.reset();
    assert.deepEqual(await h.control.fleets(), []);
    assert.deepEqual(await h.control.calls(), []);
    assert.deepEqual(await h.control.events(), []);
    assert.deepEqual(await h.control.faults(), []);
    assert.equal((await h.control.config()).startDelaySeconds, START_DELAY);
    const res = await rawCall(h.emulator.url, "DescribeStacks", {});
    assert.deepEqual(res.json.Stacks, []);
    const img = await rawCall(h.emulator.url, "DescribeImages", { Names: ["extra"] });
    assert.equal(img.json.__type, "ResourceNotFoundException");
  });

  it("changes delays per scenario through config", async () => {
    const cfg = await h.control.config({ startDelaySeconds: 0, stopDelaySeconds: 0.05 });
    assert.equal(cfg.startDelaySeconds, 0);
    assert.equal(cfg.stopDelaySeconds, 0.05);
    await createFleet(h.client, fleetInput("f1"));
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    assert.equal((await h.client.send(new DescribeFleetsCommand({ Names: ["f1"] }))).Fleets?.[0]?.State, "RUNNING");
    await assert.rejects(h.control.config({ startDelaySeconds: -1 }), (e: unknown) => e instanceof EmulatorControlError && e.status === 400);
    await assert.rejects(h.control.config({ throttle: { "*": {} } as never }), EmulatorControlError);
  });

  it("answers unknown paths with 404 JSON, wrong methods with 405, bad JSON with 400", async () => {
    const notFound = await control("nope");
    assert.equal(notFound.status, 404);
    assert.match(((await notFound.json()) as { error: string }).error, /Unknown control endpoint/);
    assert.equal((await control("reset", { method: "GET" })).status, 405);
    const badJson = await control("faults", { method: "POST", body: "{oops" });
    assert.equal(badJson.status, 400);
    assert.ok(((await badJson.json()) as { error?: string }).error);
    assert.equal((await control("calls?since=abc")).status, 400);
    assert.deepEqual(await (await control("reset", { method: "POST", body: "{}" })).json(), { ok: true });
  });
});
