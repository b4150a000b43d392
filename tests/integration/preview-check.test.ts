/**
 * check() asks AWS what `up` will meet: the planned action it adds to the inputs (what
 * `pulumi preview --diff` prints and `--json` carries) and the refusals `up` would make, reported
 * at preview with the same words. Against the emulator over real HTTP.
 */
import { strict as assert } from "assert";
import { AssociateFleetCommand, CreateFleetCommand, CreateStackCommand, DisassociateFleetCommand, StartFleetCommand, StopFleetCommand } from "@aws-sdk/client-appstream";
import type { PlannedAction } from "../../provider/fleet/preview";
import { baseFleet, IMAGE, provider, Stack } from "../support/engine-stand-in";
import { mutating, useHarness, waitForState } from "../support/harness";

type Checked = Record<string, unknown> & { plannedAction?: string[]; __plannedAction?: PlannedAction };

/** The plannedAction input in one line (it is a list of lines: see plannedActionLines). */
const line = (i: Checked) => i.plannedAction?.join(" ");

describe("check: the planned action and the refusals up would make, at preview", function () {
  this.timeout(120000);
  const h = useHarness();
  let stack: Stack;

  beforeEach(async () => {
    stack = new Stack();
  });

  const check = async (olds: Record<string, unknown>, news: Record<string, unknown>) =>
    (await provider.check(olds, { __resourceName: "web", __urn: "urn:pulumi:dev::p::pulumi-nodejs:dynamic/appstream:Fleet::web", ...news })) as { inputs: Checked; failures: { property: string; reason: string }[] };

  async function outsideFleet(extra: Record<string, unknown> = {}) {
    await h.client.send(new CreateFleetCommand({ Name: "web", ImageName: IMAGE, InstanceType: "stream.standard.medium", ComputeCapacity: { DesiredInstances: 1 }, ...extra }));
    await h.client.send(new StartFleetCommand({ Name: "web" }));
  }

  it("a new fleet: CREATE, with no AWS call that changes anything", async () => {
    await h.mark();
    const { inputs, failures } = await check({}, baseFleet());
    assert.deepEqual(failures, []);
    assert.deepEqual(inputs.plannedAction, ["CREATE: fleet web will be created and started"]);
    assert.equal(inputs.__plannedAction?.action, "create");
    assert.deepEqual(mutating(await h.opsSinceMark()), []);
  });

  it("the check of `pulumi up` (the Fleet says __dryRun: false) records no plan in the inputs the stack keeps; its refusals stay", async () => {
    const { inputs, failures } = await check({}, { ...baseFleet(), __dryRun: false });
    assert.deepEqual(failures, []);
    assert.equal(inputs.plannedAction, undefined);
    assert.equal(inputs.__plannedAction, undefined);
    assert.equal("__dryRun" in inputs, false, "check removes the key");
    const preview = await check({}, { ...baseFleet(), __dryRun: true });
    assert.deepEqual(preview.inputs.plannedAction, ["CREATE: fleet web will be created and started"]);
    assert.equal("__dryRun" in preview.inputs, false);
    await outsideFleet();
    const taken = await check({}, { ...baseFleet(), __dryRun: false });
    assert.match(taken.failures[0]?.reason ?? "", /a fleet named web already exists/);
  });

  it("a taken name without adoptExisting fails at preview, naming the fix", async () => {
    await outsideFleet();
    const { failures } = await check({}, baseFleet());
    assert.equal(failures.length, 1);
    assert.equal(failures[0].property, "name");
    assert.match(failures[0].reason, /a fleet named web already exists\. To bring it under this program's management set `adoptExisting: true`/);
  });

  it("adoption of a fleet of another type fails at preview with the words up uses", async () => {
    await outsideFleet({ FleetType: "ALWAYS_ON" });
    const { failures } = await check({}, baseFleet({ adoptExisting: true, fleetType: "ON_DEMAND" }));
    assert.equal(failures[0]?.property, "fleetType");
    assert.match(failures[0].reason, /fleet web is ALWAYS_ON but the program says ON_DEMAND; a fleet type cannot change in place\. Set fleetType: "ALWAYS_ON"/);
  });

  it("adoption lists what it removes: the VPC, the role, a tag", async () => {
    await outsideFleet({ VpcConfig: { SubnetIds: ["subnet-1"] }, IamRoleArn: "arn:aws:iam::123456789012:role/r", Tags: { owner: "ops" } });
    const { inputs, failures } = await check({}, baseFleet({ adoptExisting: true, tags: undefined }));
    assert.deepEqual(failures, []);
    const a = inputs.__plannedAction!;
    assert.equal(a.action, "adopt");
    assert.deepEqual(a.removes, ["vpcConfig (the fleet leaves its VPC)", "iamRoleArn (the fleet's instances lose the role)", "tag owner"]);
    assert.match(line(inputs)!, /^ADOPT: fleet web already exists \((STARTING|RUNNING)\)/);
    assert.match(line(inputs)!, /REMOVES vpcConfig \(the fleet leaves its VPC\), iamRoleArn \(the fleet's instances lose the role\), tag owner/);
  });

  it("an idle timeout not below the default disconnect timeout fails at preview, naming the fleet and the fix", async () => {
    const { failures } = await check({}, baseFleet({ idleDisconnectTimeoutInSeconds: 1000 }));
    assert.equal(failures[0]?.property, "idleDisconnectTimeoutInSeconds");
    assert.match(failures[0].reason, /fleet web: must be less than disconnectTimeoutInSeconds \(1000 >= 900\).*default disconnectTimeoutInSeconds of 900\. Set disconnectTimeoutInSeconds above 1000/);
  });

  it("an idle timeout against an existing fleet's live disconnect timeout", async () => {
    await stack.up(baseFleet({ disconnectTimeoutInSeconds: 600 }));
    const { failures } = await check(stack.inputs!, { ...baseFleet(), idleDisconnectTimeoutInSeconds: 700 });
    assert.match(failures[0]?.reason ?? "", /fleet web has disconnectTimeoutInSeconds 600 now/);
  });

  it("a stop-forcing change on a running fleet with users streaming: STOP-UPDATE-START with the count", async () => {
    await stack.up(baseFleet());
    await h.client.send(new CreateStackCommand({ Name: "desk" }));
    await h.client.send(new AssociateFleetCommand({ FleetName: "web", StackName: "desk" }));
    for (const userId of ["ana", "ben"]) await h.control.openSession({ stackName: "desk", fleetName: "web", userId });
    const { inputs, failures } = await check(stack.inputs!, baseFleet({ instanceType: "stream.standard.large" }));
    assert.deepEqual(failures, []);
    assert.equal(line(inputs), "STOP-UPDATE-START: fleet web will be stopped and restarted to change instanceType; 2 users are streaming now and will be disconnected");
    assert.deepEqual({ action: inputs.__plannedAction?.action, properties: inputs.__plannedAction?.properties, activeSessions: inputs.__plannedAction?.activeSessions }, { action: "stop-update-start", properties: ["instanceType"], activeSessions: 2 });
  });

  it("users on instances in drain mode after a live image change: in the outputs (computeCapacityStatus) and where the plan counts the users streaming", async () => {
    const multi = (extra: Record<string, unknown> = {}) => baseFleet({ computeCapacity: { desiredSessions: 4 }, maxSessionsPerInstance: 2, ...extra });
    await stack.up(multi());
    await h.client.send(new CreateStackCommand({ Name: "desk" }));
    await h.client.send(new AssociateFleetCommand({ FleetName: "web", StackName: "desk" }));
    for (const userId of ["ana", "ben", "cy"]) await h.control.openSession({ stackName: "desk", fleetName: "web", userId });
    await stack.up(multi({ imageName: "AppStream-WinServer2019-03-11-2025" })); // live: the instances of the three sessions drain
    await stack.refresh();
    const status = stack.outputs!.computeCapacityStatus as Record<string, number>;
    assert.deepEqual([status.activeUserSessions, status.drainModeActiveUserSessions, status.drainModeUnusedUserSessions], [3, 3, 1]);
    const { inputs } = await check(stack.inputs!, multi({ imageName: "AppStream-WinServer2019-03-11-2025", instanceType: "stream.standard.large" }));
    assert.equal(
      line(inputs),
      "STOP-UPDATE-START: fleet web will be stopped and restarted to change instanceType; 3 users are streaming now and will be disconnected; 3 of the users streaming are on instances in drain mode after an image change (1 unused session slot there)",
    );
    assert.match(inputs.__plannedAction!.interruption, /3 users streaming now will be disconnected; 3 of the users streaming are on instances in drain mode/);
  });

  it("a live change: LIVE UPDATE, nobody disconnected; no change: no planned action, and diff still says no change", async () => {
    await stack.up(baseFleet());
    const live = await check(stack.inputs!, baseFleet({ displayName: "Web desk" }));
    assert.equal(live.inputs.__plannedAction?.action, "live-update");
    assert.match(line(live.inputs)!, /^LIVE UPDATE: fleet web: displayName change on the running fleet, nobody is disconnected/);
    const same = await check(stack.inputs!, baseFleet());
    assert.equal(same.inputs.plannedAction, undefined);
    assert.equal((await provider.diff(stack.id!, stack.outputs, same.inputs)).changes, false);
    // The planned action stored by an earlier up never makes a diff by itself.
    assert.equal((await provider.diff(stack.id!, stack.outputs, { ...same.inputs, plannedAction: ["STOP-UPDATE-START: old"], __plannedAction: { action: "stop-update-start" } })).changes, false);
  });

  it("a replacement: the engine's second check (no olds) keeps the first check's new name and its REPLACE plan", async () => {
    await stack.up(baseFleet({ name: undefined }));
    const oldName = stack.outputs!.name;
    const news = baseFleet({ name: undefined, updateStrategy: "replace", instanceType: "stream.standard.large" });
    const first = await check(stack.inputs!, news);
    assert.equal(first.inputs.__plannedAction?.action, "replace");
    assert.notEqual(first.inputs.name, oldName, "a new name, so the new fleet is created before the old one is deleted");
    const second = await check({}, news);
    assert.deepEqual(second.failures, []);
    assert.equal(second.inputs.name, first.inputs.name);
    assert.deepEqual(second.inputs.plannedAction, first.inputs.plannedAction);
  });

  it("a same-name replacement: the second check neither says CREATE nor finds the name taken", async () => {
    await stack.up(baseFleet());
    const news = baseFleet({ updateStrategy: "replace", instanceType: "stream.standard.large" });
    const first = await check(stack.inputs!, news);
    assert.match(line(first.inputs)!, /^REPLACE: fleet web will be REPLACED: updateStrategy is "replace" and instanceType cannot change while the fleet runs; the old fleet is deleted first/);
    const second = await check({}, news);
    assert.deepEqual(second.failures, []);
    assert.equal(second.inputs.__plannedAction?.action, "replace");
  });

  it("an adoption that stops the fleet counts the users streaming and carries the drain setting", async () => {
    await outsideFleet();
    await h.client.send(new CreateStackCommand({ Name: "desk" }));
    await h.client.send(new AssociateFleetCommand({ FleetName: "web", StackName: "desk" }));
    await waitForState(h.control, "web", "RUNNING");
    await h.control.openSession({ stackName: "desk", fleetName: "web", userId: "ana" });
    const { inputs } = await check({}, baseFleet({ adoptExisting: true, instanceType: "stream.standard.large", drain: { timeoutSeconds: 600 } }));
    const a = inputs.__plannedAction!;
    assert.equal(a.action, "adopt");
    assert.equal(a.activeSessions, 1);
    assert.deepEqual(a.drain, { timeoutSeconds: 600, onTimeout: "stop" });
    assert.match(a.interruption, /stopped during the adoption; 1 user streaming now will be disconnected/);
    // The line people read says it too (the preview's warning and the --diff line).
    assert.match(a.summary, /^fleet web already exists \(RUNNING\): this update ADOPTS it instead of creating it; then: .*drain, stop, update instanceType.*, start; 1 user streaming now will be disconnected$/);
    assert.match(line(inputs)!, /; 1 user streaming now will be disconnected$/);
  });

  it("a replacement of a fleet associated with a stack fails at preview with the delete's message, naming the stack; nothing changes", async () => {
    await stack.up(baseFleet());
    await h.client.send(new CreateStackCommand({ Name: "portal" }));
    await h.client.send(new AssociateFleetCommand({ FleetName: "web", StackName: "portal" }));
    await h.mark();
    const swap = await check(stack.inputs!, baseFleet({ updateStrategy: "replace", instanceType: "stream.standard.large" }));
    assert.equal(swap.failures.length, 1);
    assert.equal(swap.failures[0].property, "updateStrategy");
    assert.match(
      swap.failures[0].reason,
      /^fleet web: deleting AppStream fleet web: it is associated with stack portal \(AWS refuses to delete a fleet while a stack is associated with it\)\. Disassociate it first: remove the association from the program, or run `aws appstream disassociate-fleet --fleet-name web --stack-name portal --region us-east-1`; then run the Pulumi command again\. This update replaces the fleet \(updateStrategy is "replace" and instanceType cannot change while the fleet runs\)/,
    );
    const rename = await check(stack.inputs!, baseFleet({ name: "web-v2" }));
    assert.equal(rename.failures[0]?.property, "name");
    assert.match(rename.failures[0].reason, /associated with stack portal /);
    assert.deepEqual(mutating(await h.opsSinceMark()), []);
    // `up` meets the same refusal at check, before anything is created or deleted.
    await assert.rejects(stack.up(baseFleet({ name: "web-v2" })), /associated with stack portal /);
    assert.deepEqual(mutating(await h.opsSinceMark()), []);
    // Not associated: the same replacement passes.
    await h.client.send(new DisassociateFleetCommand({ FleetName: "web", StackName: "portal" }));
    assert.deepEqual((await check(stack.inputs!, baseFleet({ name: "web-v2" }))).failures, []);
    await check({}, baseFleet({ name: "web-v2" })); // the engine's second check of the replacement
  });

  it("a fleet stopped outside Pulumi: with no program change, the plan is a start, warned about, and diff reports it; up starts it; then all is clean", async () => {
    await stack.up(baseFleet());
    await h.client.send(new StopFleetCommand({ Name: "web" }));
    await waitForState(h.control, "web", "STOPPED");
    const { inputs, failures } = await check(stack.inputs!, baseFleet());
    assert.deepEqual(failures, []);
    assert.equal(inputs.__plannedAction?.action, "start");
    assert.equal(line(inputs), "START: fleet web will be started; it was stopped outside Pulumi (it is STOPPED now, the stack's state says RUNNING)");
    assert.equal((await provider.diff(stack.id!, stack.outputs, inputs)).changes, true, "the engine shows an update");
    await h.mark();
    assert.deepEqual(await stack.up(baseFleet()), { replaced: false, changed: true });
    assert.deepEqual(mutating(await h.opsSinceMark()), ["StartFleet"]);
    assert.equal(stack.outputs!.state, "RUNNING");
    const again = await check(stack.inputs!, baseFleet());
    assert.equal(again.inputs.plannedAction, undefined);
    assert.equal((await provider.diff(stack.id!, stack.outputs, again.inputs)).changes, false, "a later preview is clean");
  });

  it("a fleet kept STOPPED, started outside Pulumi with a user streaming: the plan is a stop with the count; up stops it", async () => {
    await stack.up(baseFleet({ desiredState: "STOPPED" }));
    await h.client.send(new StartFleetCommand({ Name: "web" }));
    await waitForState(h.control, "web", "RUNNING");
    await h.client.send(new CreateStackCommand({ Name: "desk" }));
    await h.client.send(new AssociateFleetCommand({ FleetName: "web", StackName: "desk" }));
    await h.control.openSession({ stackName: "desk", fleetName: "web", userId: "ana" });
    const { inputs, failures } = await check(stack.inputs!, baseFleet({ desiredState: "STOPPED" }));
    assert.deepEqual(failures, []);
    const a = inputs.__plannedAction!;
    assert.deepEqual({ action: a.action, activeSessions: a.activeSessions, interruption: a.interruption }, { action: "stop", activeSessions: 1, interruption: "the fleet is stopped; 1 user streaming now will be disconnected" });
    assert.match(line(inputs)!, /^STOP: fleet web will be stopped \(desiredState STOPPED\); 1 user is streaming now and will be disconnected; it was started outside Pulumi \(it is RUNNING now, the stack's state says STOPPED\)$/);
    assert.equal((await provider.diff(stack.id!, stack.outputs, inputs)).changes, true);
    await h.mark();
    await stack.up(baseFleet({ desiredState: "STOPPED" }));
    assert.deepEqual(mutating(await h.opsSinceMark()), ["StopFleet"]);
  });

  it("updateStrategy replace on a fleet stopped outside Pulumi: check and diff agree it is changed in place (a stopped fleet is not replaced)", async () => {
    await stack.up(baseFleet({ updateStrategy: "replace" }));
    await h.client.send(new StopFleetCommand({ Name: "web" }));
    await waitForState(h.control, "web", "STOPPED");
    const news = baseFleet({ updateStrategy: "replace", instanceType: "stream.standard.large" });
    const { inputs, failures } = await check(stack.inputs!, news);
    assert.deepEqual(failures, []);
    assert.equal(inputs.__plannedAction?.action, "start");
    assert.match(line(inputs)!, /^START: fleet web will be started after instanceType change; it was stopped outside Pulumi/);
    const d = await provider.diff(stack.id!, stack.outputs, inputs);
    assert.deepEqual({ changes: d.changes, replaces: d.replaces }, { changes: true, replaces: [] });
    await h.mark();
    await stack.up(news);
    assert.deepEqual(mutating(await h.opsSinceMark()), ["UpdateFleet", "StartFleet"]);
  });

  it("an auto-named fleet gets the same name from every check of one resource", async () => {
    const a = await check({}, baseFleet({ name: undefined }));
    const b = await check({}, baseFleet({ name: undefined }));
    assert.match(a.inputs.name as string, /^web-[a-z0-9]{7}$/);
    assert.equal(a.inputs.name, b.inputs.name);
  });
});
