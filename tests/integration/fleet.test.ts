/**
 * The Fleet provider (its public FleetProvider, as the engine calls it) against the emulator over
 * real HTTP, asserting the exact AWS call sequence from the emulator's call log for each path.
 */
import { strict as assert } from "assert";
import { AssociateFleetCommand, CreateStackCommand, DescribeFleetsCommand, StopFleetCommand } from "@aws-sdk/client-appstream";
import { baseFleet, IMAGE, provider, Stack } from "../support/engine-stand-in";
import { mutating, useHarness } from "../support/harness";

// Stack (tests/support/engine-stand-in.ts) does the engine's part of `pulumi up` / refresh /
// destroy for one resource, the same stand-in the reliability suite uses.
type Inputs = Record<string, unknown>;

const fleet = baseFleet;

describe("FleetProvider against the emulator", function () {
  this.timeout(120000);
  const h = useHarness();
  let stack: Stack;

  beforeEach(async () => {
    stack = new Stack();
  });

  async function live(name = "web") {
    const out = await h.client.send(new DescribeFleetsCommand({ Names: [name] }));
    return out.Fleets![0];
  }

  it("create: CreateFleet (with tags), StartFleet, waits for RUNNING; outputs are plain JSON", async () => {
    await h.mark();
    await stack.up(fleet());
    assert.deepEqual(mutating(await h.opsSinceMark()), ["CreateFleet", "StartFleet"]);
    const o = stack.outputs!;
    assert.equal(o.state, "RUNNING");
    assert.equal(o.arn, "arn:aws:appstream:us-east-1:123456789012:fleet/web");
    assert.deepEqual(o.tags, { team: "vdi" });
    assert.deepEqual(o.computeCapacity, { desiredInstances: 2 });
    assert.match(o.createdTime as string, /^\d{4}-\d\d-\d\dT/);
    assert.deepEqual(o.fleetErrors, []);
    assert.equal(JSON.stringify(o), JSON.stringify(JSON.parse(JSON.stringify(o))), "no undefined or Date members");
    const d = await provider.diff(stack.id!, stack.outputs, stack.inputs);
    assert.equal(d.changes, false, "no diff right after create");
  });

  it("create with desiredState STOPPED never starts the fleet", async () => {
    await h.mark();
    await stack.up(fleet({ desiredState: "STOPPED" }));
    assert.deepEqual(mutating(await h.opsSinceMark()), ["CreateFleet"]);
    assert.equal((await live()).State, "STOPPED");
  });

  it("auto-names the fleet <resource>-<7 chars> and keeps the name across updates", async () => {
    await stack.up(fleet({ name: undefined }));
    const name = stack.outputs!.name as string;
    assert.match(name, /^web-[a-z0-9]{7}$/);
    await stack.up(fleet({ name: undefined, displayName: "Changed" }));
    assert.equal(stack.outputs!.name, name);
    await stack.destroy();
  });

  it("live update: UpdateFleet only, no StopFleet", async () => {
    await stack.up(fleet());
    await h.mark();
    await stack.up(fleet({ displayName: "Renamed", computeCapacity: { desiredInstances: 3 }, disconnectTimeoutInSeconds: 1200 }));
    assert.deepEqual(mutating(await h.opsSinceMark()), ["UpdateFleet"]);
    const f = await live();
    assert.equal(f.DisplayName, "Renamed");
    assert.equal(f.ComputeCapacityStatus?.Desired, 3);
    assert.equal(f.State, "RUNNING");
  });

  for (const [prop, value, check] of [
    ["instanceType", "stream.standard.large", (f: any) => f.InstanceType === "stream.standard.large"],
    ["enableDefaultInternetAccess", true, (f: any) => f.EnableDefaultInternetAccess === true],
    ["vpcConfig", { subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] }, (f: any) => f.VpcConfig?.SubnetIds?.length === 2],
  ] as [string, unknown, (f: any) => boolean][]) {
    it(`${prop} on a running fleet: StopFleet, UpdateFleet, StartFleet; ends RUNNING`, async () => {
      await stack.up(fleet());
      await h.mark();
      await stack.up(fleet({ [prop]: value }));
      assert.deepEqual(mutating(await h.opsSinceMark()), ["StopFleet", "UpdateFleet", "StartFleet"]);
      const f = await live();
      assert.equal(f.State, "RUNNING");
      assert.ok(check(f), `${prop} applied`);
      assert.equal(stack.outputs!.state, "RUNNING");
    });

    it(`${prop} on a stopped fleet: UpdateFleet only, stays STOPPED`, async () => {
      await stack.up(fleet({ desiredState: "STOPPED" }));
      await h.mark();
      await stack.up(fleet({ desiredState: "STOPPED", [prop]: value }));
      assert.deepEqual(mutating(await h.opsSinceMark()), ["UpdateFleet"]);
      const f = await live();
      assert.equal(f.State, "STOPPED");
      assert.ok(check(f));
    });
  }

  it("removing vpcConfig deletes it with AttributesToDelete (stop, update, start)", async () => {
    await stack.up(fleet({ vpcConfig: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] } }));
    await h.mark();
    await stack.up(fleet());
    assert.deepEqual(mutating(await h.opsSinceMark()), ["StopFleet", "UpdateFleet", "StartFleet"]);
    assert.equal((await live()).VpcConfig, undefined);
    assert.equal(stack.outputs!.vpcConfig, undefined);
  });

  it("tags-only change: TagResource / UntagResource, no UpdateFleet", async () => {
    await stack.up(fleet({ tags: { team: "vdi", env: "dev" } }));
    await h.mark();
    await stack.up(fleet({ tags: { team: "apps" } }));
    assert.deepEqual(mutating(await h.opsSinceMark()), ["UntagResource", "TagResource"]);
    assert.deepEqual(stack.outputs!.tags, { team: "apps" });
  });

  it("a failed UpdateFleet after the stop starts the fleet again and reports the failure; the state stays as it was (no phantom diff)", async () => {
    await stack.up(fleet());
    const before = stack.outputs;
    await h.control.fault({ operation: "UpdateFleet", count: 1, errorCode: "IncompatibleImageException", message: "image does not fit" });
    await h.mark();
    await assert.rejects(stack.up(fleet({ instanceType: "stream.standard.large" })), (e: any) => {
      assert.match(e.message, /updating instanceType of AppStream fleet web: image does not fit/);
      assert.match(e.message, /started again with its previous configuration; nothing was changed/);
      assert.equal(e.id, undefined, "the fleet is as it was: the engine keeps the stack's state, no init error to retry");
      return true;
    });
    assert.deepEqual(stack.outputs, before);
    // The program corrected (back to medium): nothing differs, so the next preview shows no update.
    const checked = await provider.check(stack.inputs!, { __resourceName: "web", ...fleet() });
    assert.equal((await provider.diff(stack.id!, stack.outputs, checked.inputs)).changes, false);
    assert.deepEqual(await h.opsSinceMark(), await h.opsSinceMark()); // log is stable
    assert.deepEqual(mutating(await h.opsSinceMark()), ["StopFleet", "StartFleet"]);
    const f = await live();
    assert.equal(f.State, "RUNNING");
    assert.equal(f.InstanceType, "stream.standard.medium");
  });

  it("a start that fails on create reports FleetErrors and hands the fleet to the engine", async () => {
    await h.control.fault({ type: "startFailure", fleetName: "web", fleetErrors: [{ ErrorCode: "SUBNET_NOT_FOUND", ErrorMessage: "The subnet subnet-x does not exist." }] });
    await assert.rejects(stack.up(fleet()), (e: any) => {
      assert.match(e.message, /starting AppStream fleet web: fleet web failed to start: SUBNET_NOT_FOUND: The subnet subnet-x does not exist\./);
      assert.equal(e.id, "web");
      assert.equal(e.properties.state, "STOPPED");
      assert.deepEqual(e.properties.fleetErrors, [{ errorCode: "SUBNET_NOT_FOUND", errorMessage: "The subnet subnet-x does not exist." }]);
      assert.ok(typeof e.properties.arn === "string");
      return true;
    });
    assert.equal((await live()).State, "STOPPED");
  });

  it("desiredState STOPPED stops a running fleet; back to RUNNING starts it", async () => {
    await stack.up(fleet());
    await h.mark();
    await stack.up(fleet({ desiredState: "STOPPED" }));
    assert.deepEqual(mutating(await h.opsSinceMark()), ["StopFleet"]);
    assert.equal((await live()).State, "STOPPED");
    assert.equal(stack.outputs!.state, "STOPPED");
    await h.mark();
    await stack.up(fleet({ desiredState: "RUNNING" }));
    assert.deepEqual(mutating(await h.opsSinceMark()), ["StartFleet"]);
    assert.equal((await live()).State, "RUNNING");
  });

  it("failIfRunning refuses a stop-forcing change and calls nothing that mutates", async () => {
    await stack.up(fleet({ updateStrategy: "failIfRunning" }));
    await h.mark();
    await assert.rejects(stack.up(fleet({ updateStrategy: "failIfRunning", instanceType: "stream.standard.large" })), /failIfRunning/);
    assert.deepEqual(mutating(await h.opsSinceMark()), []);
    assert.equal((await live()).InstanceType, "stream.standard.medium");
  });

  it("replace strategy: a stop-forcing change on a running fleet replaces it (delete first, same name)", async () => {
    await stack.up(fleet({ updateStrategy: "replace" }));
    await h.mark();
    const r = await stack.up(fleet({ updateStrategy: "replace", instanceType: "stream.standard.large" }));
    assert.equal(r.replaced, true);
    assert.deepEqual(mutating(await h.opsSinceMark()), ["StopFleet", "DeleteFleet", "CreateFleet", "StartFleet"]);
    const f = await live();
    assert.equal(f.InstanceType, "stream.standard.large");
    assert.equal(f.State, "RUNNING");
  });

  it("refresh records drift; the next up restores the program's values", async () => {
    await stack.up(fleet());
    await h.client.send(new StopFleetCommand({ Name: "web" }));
    await stack.refresh();
    assert.equal(stack.outputs!.desiredState, "STOPPED");
    assert.equal(stack.inputs!.desiredState, "STOPPED");
    assert.equal(stack.inputs!.imageArn, undefined, "inputs keep to the keys the program sets");
    await new Promise((r) => setTimeout(r, 400));
    await h.mark();
    await stack.up(fleet());
    assert.deepEqual(mutating(await h.opsSinceMark()), ["StartFleet"]);
    assert.equal((await live()).State, "RUNNING");
  });

  it("refresh of a fleet deleted outside Pulumi returns an empty id", async () => {
    await stack.up(fleet({ desiredState: "STOPPED" }));
    await h.control.reset();
    const r = await provider.read!("web", stack.outputs);
    assert.equal(r.id, "");
  });

  it("delete of a running fleet stops it first", async () => {
    await stack.up(fleet());
    await h.mark();
    await stack.destroy();
    assert.deepEqual(mutating(await h.opsSinceMark()), ["StopFleet", "DeleteFleet"]);
  });

  it("delete of a stopped fleet deletes it; of a missing fleet succeeds with no call", async () => {
    await stack.up(fleet({ desiredState: "STOPPED" }));
    await h.mark();
    await provider.delete!("web", stack.outputs);
    assert.deepEqual(mutating(await h.opsSinceMark()), ["DeleteFleet"]);
    await h.mark();
    await provider.delete!("web", stack.outputs);
    assert.deepEqual(mutating(await h.opsSinceMark()), []);
  });

  it("delete of a fleet associated with a stack fails naming the stack, and does not stop it", async () => {
    await stack.up(fleet());
    await h.client.send(new CreateStackCommand({ Name: "portal" }));
    await h.client.send(new AssociateFleetCommand({ FleetName: "web", StackName: "portal" }));
    await h.mark();
    await assert.rejects(stack.destroy(), /associated with stack portal .*`aws appstream disassociate-fleet --fleet-name web --stack-name portal --region us-east-1`/);
    assert.deepEqual(mutating(await h.opsSinceMark()), []);
    assert.equal((await live()).State, "RUNNING");
  });

  it("check rejects a missing image and a non-AVAILABLE one before any mutating call", async () => {
    await h.mark();
    const missing = await provider.check({}, { __resourceName: "web", ...fleet({ imageName: "no-such-image" }) });
    assert.match(JSON.stringify(missing.failures), /imageName.*no-such-image does not exist/);
    await h.control.addImages([{ Name: "pending-image", State: "PENDING" }]);
    const pending = await provider.check({}, { __resourceName: "web", ...fleet({ imageName: "pending-image" }) });
    assert.match(JSON.stringify(pending.failures), /pending-image is PENDING, not AVAILABLE/);
    assert.deepEqual(mutating(await h.opsSinceMark()), []);
  });

  it("an existing name without adoptExisting fails with a message pointing to the flag", async () => {
    await stack.up(fleet({ desiredState: "STOPPED" }));
    await assert.rejects(new Stack().up(fleet({ desiredState: "STOPPED" })), /already exists.*adoptExisting: true/);
  });
});
