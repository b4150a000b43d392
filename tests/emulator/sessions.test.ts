/** Sessions: opened through the control API, read with DescribeSessions, ended by fleet changes. */
import { strict as assert } from "node:assert";
import {
  AssociateFleetCommand,
  CreateStackCommand,
  DescribeFleetsCommand,
  DescribeSessionsCommand,
  DisassociateFleetCommand,
  StartFleetCommand,
  StopFleetCommand,
  UpdateFleetCommand,
  type CreateFleetCommandInput,
} from "@aws-sdk/client-appstream";
import { EmulatorControlError } from "../../emulator";
import { createFleet, elasticInput, expectAwsError, fleetInput, useEmulator } from "../support/emulator";
import { waitForState } from "../support/harness";

describe("emulator: sessions", () => {
  const h = useEmulator();
  const describeSessions = (extra: Record<string, unknown> = {}) =>
    h.client.send(new DescribeSessionsCommand({ StackName: "s1", FleetName: "f1", ...extra }));
  const capacity = async () => (await h.client.send(new DescribeFleetsCommand({ Names: ["f1"] }))).Fleets?.[0]?.ComputeCapacityStatus;
  const open = (userId = "alice", extra: Record<string, unknown> = {}) =>
    h.control.openSession({ stackName: "s1", fleetName: "f1", userId, ...extra });

  async function runningAssociatedFleet(input: CreateFleetCommandInput = fleetInput("f1")): Promise<void> {
    await h.control.config({ startDelaySeconds: 0 });
    await createFleet(h.client, input);
    await h.client.send(new CreateStackCommand({ Name: "s1" }));
    await h.client.send(new AssociateFleetCommand({ FleetName: "f1", StackName: "s1" }));
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    await waitForState(h.control, "f1", "RUNNING");
  }

  async function expectRefused(p: Promise<unknown>, message: RegExp): Promise<void> {
    await assert.rejects(p, (e: unknown) => e instanceof EmulatorControlError && e.status === 400 && message.test(e.message));
  }

  it("returns an opened session in DescribeSessions' shape and counts it in capacity", async () => {
    await runningAssociatedFleet();
    const opened = await open();
    const [s] = (await describeSessions()).Sessions ?? [];
    assert.equal(s.Id, opened.Id);
    assert.equal(s.UserId, "alice");
    assert.equal(s.State, "ACTIVE");
    assert.equal(s.ConnectionState, "CONNECTED");
    assert.equal(s.AuthenticationType, "API");
    assert.ok(s.StartTime instanceof Date && s.MaxExpirationTime instanceof Date);
    assert.equal((s.MaxExpirationTime.getTime() - s.StartTime.getTime()) / 1000, 57600);
    assert.match(s.InstanceId ?? "", /^i-[0-9a-f]{17}$/);
    assert.deepEqual(await capacity(), { Desired: 2, Running: 2, InUse: 1, Available: 1 });
  });

  it("refuses sessions on a missing, stopped, unassociated or full fleet", async () => {
    await expectRefused(open(), /does not exist/);
    await createFleet(h.client, fleetInput("f1", { ComputeCapacity: { DesiredInstances: 1 } }));
    await h.client.send(new CreateStackCommand({ Name: "s1" }));
    await expectRefused(open(), /not associated/);
    await h.client.send(new AssociateFleetCommand({ FleetName: "f1", StackName: "s1" }));
    await expectRefused(open(), /STOPPED/);
    await h.control.config({ startDelaySeconds: 0 });
    await h.client.send(new StartFleetCommand({ Name: "f1" }));
    await waitForState(h.control, "f1", "RUNNING");
    await open("alice");
    await expectRefused(open("bob"), /no free capacity/);
    await expectRefused(open("x"), /userId/);
  });

  it("lists only the requested authentication type, API by default", async () => {
    await runningAssociatedFleet();
    await open("alice", { authenticationType: "SAML" });
    await open("bob");
    assert.deepEqual((await describeSessions()).Sessions?.map((s) => s.UserId), ["bob"]);
    assert.deepEqual((await describeSessions({ AuthenticationType: "SAML" })).Sessions?.map((s) => s.UserId), ["alice"]);
    assert.deepEqual((await describeSessions({ AuthenticationType: "USERPOOL" })).Sessions, []);
  });

  it("filters by UserId and paginates with Limit", async () => {
    await runningAssociatedFleet(fleetInput("f1", { ComputeCapacity: { DesiredInstances: 10 } }));
    for (const u of ["u1", "u2", "u3", "u4", "u5"]) await open(u);
    assert.deepEqual((await describeSessions({ UserId: "u3" })).Sessions?.map((s) => s.UserId), ["u3"]);
    const seen: string[] = [];
    let token: string | undefined;
    do {
      const page = await describeSessions({ Limit: 2, NextToken: token });
      assert.ok((page.Sessions?.length ?? 0) <= 2);
      seen.push(...(page.Sessions ?? []).map((s) => s.UserId ?? ""));
      token = page.NextToken;
    } while (token);
    assert.deepEqual(seen, ["u1", "u2", "u3", "u4", "u5"]);
  });

  it("validates DescribeSessions input", async () => {
    await expectAwsError(describeSessions({ Limit: 0 }), "ValidationException", /'limit'/);
    await expectAwsError(describeSessions({ Limit: 51 }), "ValidationException", /'limit'/);
    await expectAwsError(describeSessions({ UserId: "a" }), "ValidationException", /'userId'/);
    await expectAwsError(describeSessions({ AuthenticationType: "LDAP" }), "ValidationException", /'authenticationType'/);
    await expectAwsError(h.client.send(new DescribeSessionsCommand({ FleetName: "f1" } as never)), "ValidationException", /'stackName'/);
    assert.deepEqual((await describeSessions({ Limit: 50 })).Sessions, []);
  });

  it("ends sessions when the fleet stops", async () => {
    await runningAssociatedFleet();
    await open("alice");
    await h.client.send(new StopFleetCommand({ Name: "f1" }));
    assert.deepEqual((await describeSessions()).Sessions, []);
  });

  it("ends sessions when the fleet is dissociated from the stack", async () => {
    await runningAssociatedFleet();
    await open("alice");
    await h.client.send(new DisassociateFleetCommand({ FleetName: "f1", StackName: "s1" }));
    assert.deepEqual((await describeSessions()).Sessions, []);
  });

  it("ends one session through DELETE /_emulator/sessions/<id>", async () => {
    await runningAssociatedFleet();
    const a = await open("alice");
    await open("bob");
    await h.control.endSession(a.Id);
    assert.deepEqual((await describeSessions()).Sessions?.map((s) => s.UserId), ["bob"]);
    await assert.rejects(h.control.endSession(a.Id), (e: unknown) => e instanceof EmulatorControlError && e.status === 404);
  });

  it("reports user-session capacity for multi-session and ELASTIC fleets", async () => {
    await runningAssociatedFleet(fleetInput("f1", { ComputeCapacity: { DesiredSessions: 4 }, MaxSessionsPerInstance: 2 }));
    await open("alice");
    assert.deepEqual(await capacity(), {
      Desired: 2, Running: 2, InUse: 1, Available: 1, Draining: 0,
      DesiredUserSessions: 4, ActualUserSessions: 4, ActiveUserSessions: 1, AvailableUserSessions: 3,
      DrainModeActiveUserSessions: 0, DrainModeUnusedUserSessions: 0,
    });
    await h.control.reset();
    await runningAssociatedFleet(elasticInput("f1", { MaxConcurrentSessions: 3 }));
    await open("alice");
    const c = await capacity();
    assert.equal(c?.DesiredUserSessions, 3);
    assert.equal(c?.ActiveUserSessions, 1);
    assert.equal(c?.AvailableUserSessions, 2);
    assert.equal((await describeSessions()).Sessions?.[0]?.InstanceDrainStatus, "NOT_APPLICABLE");
  });

  it("gives each session its instance's network interface and drain status", async () => {
    await runningAssociatedFleet(fleetInput("f1", { VpcConfig: { SubnetIds: ["subnet-a"] } }));
    await open("alice");
    const [s] = (await describeSessions()).Sessions ?? [];
    assert.equal(s.InstanceDrainStatus, "ACTIVE");
    assert.match(s.NetworkAccessConfiguration?.EniPrivateIpAddress ?? "", /^10\.0\.\d+\.\d+$/);
    assert.match(s.NetworkAccessConfiguration?.EniId ?? "", /^eni-[0-9a-f]{17}$/);
    assert.equal(s.NetworkAccessConfiguration?.EniIpv6Addresses?.length, 1);
  });

  it("an image change on a running multi-session fleet drains the instances of the open sessions (DrainMode* counts)", async () => {
    await runningAssociatedFleet(fleetInput("f1", { ComputeCapacity: { DesiredSessions: 4 }, MaxSessionsPerInstance: 2 }));
    await open("alice");
    await open("bob");
    await open("carol");
    await h.client.send(new UpdateFleetCommand({ Name: "f1", ImageName: "AppStream-WinServer2019-03-11-2025" }));
    assert.deepEqual((await describeSessions()).Sessions?.map((s) => s.InstanceDrainStatus), ["DRAINING", "DRAINING", "DRAINING"]);
    // Three sessions on two drained instances (one slot free there); the new capacity is all free.
    assert.deepEqual(await capacity(), {
      Desired: 2, Running: 2, InUse: 0, Available: 2, Draining: 0,
      DesiredUserSessions: 4, ActualUserSessions: 4, ActiveUserSessions: 3, AvailableUserSessions: 4,
      DrainModeActiveUserSessions: 3, DrainModeUnusedUserSessions: 1,
    });
    const dave = await open("dave");
    assert.equal(dave.InstanceDrainStatus, "ACTIVE");
    for (const s of (await describeSessions()).Sessions ?? []) if (s.UserId !== "dave") await h.control.endSession(s.Id!);
    const after = await capacity();
    assert.deepEqual([after?.ActiveUserSessions, after?.DrainModeActiveUserSessions, after?.DrainModeUnusedUserSessions], [1, 0, 0]);
  });
});
