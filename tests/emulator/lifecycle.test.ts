/** Fleet lifecycle through the real SDK over HTTP: create, start, stop, delete, waiters. */
import { strict as assert } from "node:assert";
import {
  DeleteFleetCommand,
  DescribeFleetsCommand,
  StartFleetCommand,
  StopFleetCommand,
  waitUntilFleetStarted,
  waitUntilFleetStopped,
} from "@aws-sdk/client-appstream";
import { DEFAULT_ACCOUNT_ID } from "../../emulator";
import { START_DELAY, WS2019, createFleet, expectAwsError, fleetInput, useEmulator } from "../support/emulator";
import { sdkClient, sleep, waitForState } from "../support/harness";

describe("emulator: fleet lifecycle (SDK)", () => {
  const h = useEmulator();
  const describeOne = async (name: string) =>
    (await h.client.send(new DescribeFleetsCommand({ Names: [name] }))).Fleets?.[0];
  const waitParams = () => ({ client: h.client, maxWaitTime: 20, minDelay: 1, maxDelay: 1 });

  it("creates a fleet STOPPED with ARN, CreatedTime, defaults and the resolved image", async () => {
    const before = Date.now();
    await createFleet(h.client, fleetInput("f1", { DisplayName: "Fleet one" }));
    const f = await describeOne("f1");
    assert.ok(f);
    assert.equal(f.State, "STOPPED");
    assert.equal(f.Arn, `arn:aws:appstream:us-east-1:${DEFAULT_ACCOUNT_ID}:fleet/f1`);
    assert.ok(f.CreatedTime instanceof Date && f.CreatedTime.getTime() >= before - 1000);
    assert.equal(f.ImageName, WS2019);
    assert.equal(f.ImageArn, `arn:aws:appstream:us-east-1::image/${WS2019}`);
    assert.equal(f.Platform, "WINDOWS_SERVER_2019");
    assert.equal(f.DisplayName, "Fleet one");
    assert.equal(f.FleetType, "ALWAYS_ON");
    assert.deepEqual(f.ComputeCapacityStatus, { Desired: 2, Running: 0, InUse: 0, Available: 0 });
    assert.equal(f.MaxUserDurationInSeconds, 57600);
    assert.equal(f.DisconnectTimeoutInSeconds, 900);
    assert.equal(f.FleetErrors, undefined);
  });

  it("takes the ARN region from the SigV4 credential scope", async () => {
    const eu = sdkClient(h.emulator.url, { region: "eu-west-1" });
    await createFleet(eu, fleetInput("f-eu"));
    const f = (await eu.send(new DescribeFleetsCommand({ Names: ["f-eu"] }))).Fleets?.[0];
    assert.equal(f?.Arn, `arn:aws:appstream:eu-west-1:${DEFAULT_ACCOUNT_ID}:fleet/f-eu`);
    assert.equal(f?.ImageArn, `arn:aws:appstream:eu-west-1::image/${WS2019}`);
    eu.destroy();
  });

  it("omits optional members the fleet does not have (no nulls)", async () => {
    await createFleet(h.client, fleetInput("f1"));
    const raw = (await h.control.fleets())[0] as unknown as Record<string, unknown>;
    for (const [k, v] of Object.entries(raw)) assert.notEqual(v, null, `${k} is null`);
    assert.ok(!("VpcConfig" in raw) && !("DomainJoinInfo" in raw) && !("IamRoleArn" in raw));
  });

  it("goes STOPPED -> STARTING at once and RUNNING after the start delay", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    assert.equal((await describeOne("f1"))?.State, "STARTING");
    await sleep(START_DELAY * 1000 + 150);
    const f = await describeOne("f1");
    assert.equal(f?.State, "RUNNING");
    assert.deepEqual(f?.ComputeCapacityStatus, { Desired: 2, Running: 2, InUse: 0, Available: 2 });
  });

  it("goes RUNNING -> STOPPING at once and STOPPED after the stop delay", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    await waitUntilFleetStarted(waitParams(), { Names: ["f1"] });
    await h.client.send(new StopFleetCommand({ Name: "f1" }));
    assert.equal((await describeOne("f1"))?.State, "STOPPING");
    await waitUntilFleetStopped(waitParams(), { Names: ["f1"] });
    assert.equal((await describeOne("f1"))?.State, "STOPPED");
  });

  it("satisfies the SDK waiters waitUntilFleetStarted / waitUntilFleetStopped", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await createFleet(h.client, fleetInput("f2"));
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    await h.client.send(new StartFleetCommand({ Name: "f2" }));
    const started = await waitUntilFleetStarted(waitParams(), { Names: ["f1", "f2"] });
    assert.equal(started.state, "SUCCESS");
    await h.client.send(new StopFleetCommand({ Name: "f1" }));
    const stopped = await waitUntilFleetStopped(waitParams(), { Names: ["f1"] });
    assert.equal(stopped.state, "SUCCESS");
  });

  it("fails waitUntilFleetStarted at once on a STOPPED fleet (failure acceptor)", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await assert.rejects(waitUntilFleetStarted(waitParams(), { Names: ["f1"] }), /FAILURE|failure/);
  });

  it("treats StartFleet on STARTING/RUNNING and StopFleet on STOPPED/STOPPING as no-ops", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await h.client.send(new StopFleetCommand({ Name: "f1" })); // STOPPED
    assert.equal((await describeOne("f1"))?.State, "STOPPED");
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    await h.client.send(new StartFleetCommand({ Name: "f1" })); // STARTING
    assert.equal((await describeOne("f1"))?.State, "STARTING");
    await waitForState(h.control, "f1", "RUNNING");
    await h.client.send(new StartFleetCommand({ Name: "f1" })); // RUNNING
    assert.equal((await describeOne("f1"))?.State, "RUNNING");
    await h.client.send(new StopFleetCommand({ Name: "f1" }));
    await h.client.send(new StopFleetCommand({ Name: "f1" })); // STOPPING
    assert.equal((await describeOne("f1"))?.State, "STOPPING");
    const events = (await h.control.events()).filter((e) => e.fleetName === "f1").map((e) => `${e.from}->${e.to}`);
    assert.deepEqual(events, ["null->STOPPED", "STOPPED->STARTING", "STARTING->RUNNING", "RUNNING->STOPPING"]);
  });

  it("refuses the opposite command mid-transition with ConcurrentModificationException", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    await expectAwsError(h.client.send(new StopFleetCommand({ Name: "f1" })), "ConcurrentModificationException", /STARTING/);
    await waitForState(h.control, "f1", "RUNNING");
    await h.client.send(new StopFleetCommand({ Name: "f1" }));
    await expectAwsError(h.client.send(new StartFleetCommand({ Name: "f1" })), "ConcurrentModificationException", /STOPPING/);
  });

  it("answers ResourceNotFoundException for unknown fleets on every fleet operation", async () => {
    await createFleet(h.client, fleetInput("f1"));
    const msg = /The fleet nope does not exist\./;
    await expectAwsError(h.client.send(new DescribeFleetsCommand({ Names: ["f1", "nope"] })), "ResourceNotFoundException", msg);
    await expectAwsError(h.client.send(new StartFleetCommand({ Name: "nope" })), "ResourceNotFoundException", msg);
    await expectAwsError(h.client.send(new StopFleetCommand({ Name: "nope" })), "ResourceNotFoundException", msg);
    await expectAwsError(h.client.send(new DeleteFleetCommand({ Name: "nope" })), "ResourceNotFoundException", msg);
  });

  it("refuses CreateFleet of an existing name with ResourceAlreadyExistsException", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await expectAwsError(createFleet(h.client, fleetInput("f1")), "ResourceAlreadyExistsException", /f1 already exists/);
  });

  it("deletes a stopped, unassociated fleet", async () => {
    await createFleet(h.client, fleetInput("f1"));
    await h.client.send(new DeleteFleetCommand({ Name: "f1" }));
    await expectAwsError(h.client.send(new DescribeFleetsCommand({ Names: ["f1"] })), "ResourceNotFoundException");
    const last = (await h.control.events()).at(-1);
    assert.deepEqual([last?.fleetName, last?.from, last?.to], ["f1", "STOPPED", null]);
  });

  for (const state of ["STARTING", "RUNNING", "STOPPING"] as const) {
    it(`refuses DeleteFleet while ${state} with ResourceInUseException`, async () => {
      await createFleet(h.client, fleetInput("f1"));
      await h.client.send(new StartFleetCommand({ Name: "f1" }));
      if (state !== "STARTING") await waitForState(h.control, "f1", "RUNNING");
      if (state === "STOPPING") await h.client.send(new StopFleetCommand({ Name: "f1" }));
      assert.equal((await describeOne("f1"))?.State, state);
      await expectAwsError(h.client.send(new DeleteFleetCommand({ Name: "f1" })), "ResourceInUseException", new RegExp(state));
      assert.equal((await h.control.fleets()).length, 1);
    });
  }

  it("paginates DescribeFleets without names by 25 with NextToken", async () => {
    await Promise.all(Array.from({ length: 30 }, (_, i) => createFleet(h.client, fleetInput(`fleet-${String(i).padStart(2, "0")}`))));
    const first = await h.client.send(new DescribeFleetsCommand({}));
    assert.equal(first.Fleets?.length, 25);
    assert.ok(first.NextToken);
    const second = await h.client.send(new DescribeFleetsCommand({ NextToken: first.NextToken }));
    assert.equal(second.Fleets?.length, 5);
    assert.equal(second.NextToken, undefined);
    const names = [...(first.Fleets ?? []), ...(second.Fleets ?? [])].map((f) => f.Name);
    assert.equal(new Set(names).size, 30);
  });

  it("refuses a NextToken it did not issue", async () => {
    await expectAwsError(h.client.send(new DescribeFleetsCommand({ NextToken: "garbage" })), "ValidationException", /NextToken/);
  });
});
