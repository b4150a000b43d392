/**
 * check() asks AWS what `up` will meet: the planned action it adds to the inputs (what
 * `pulumi preview --diff` prints and `--json` carries) and the refusals `up` would make, reported
 * at preview with the same words. Against the emulator over real HTTP.
 */
import { strict as assert } from "assert";
import { AssociateFleetCommand, CreateFleetCommand, CreateStackCommand, StartFleetCommand } from "@aws-sdk/client-appstream";
import type { PlannedAction } from "../../provider/fleet/preview";
import { baseFleet, IMAGE, provider, Stack } from "../support/engine-stand-in";
import { Harness, mutating, startHarness } from "./harness";

type Checked = Record<string, unknown> & { plannedAction?: string; __plannedAction?: PlannedAction };

describe("check: the planned action and the refusals up would make, at preview", function () {
  this.timeout(120000);
  let h: Harness;
  let stack: Stack;

  before(async () => {
    h = await startHarness();
  });
  after(async () => h.close());
  beforeEach(async () => {
    await h.control("POST", "reset", {});
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
    assert.equal(inputs.plannedAction, "CREATE: fleet web will be created and started");
    assert.equal(inputs.__plannedAction?.action, "create");
    assert.deepEqual(mutating(await h.opsSinceMark()), []);
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
    assert.match(inputs.plannedAction!, /^ADOPT: fleet web already exists \(STARTING|RUNNING\)/);
    assert.match(inputs.plannedAction!, /REMOVES vpcConfig \(the fleet leaves its VPC\), iamRoleArn \(the fleet's instances lose the role\), tag owner/);
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
    for (const userId of ["ana", "ben"]) await h.control("POST", "sessions", { stackName: "desk", fleetName: "web", userId });
    const { inputs, failures } = await check(stack.inputs!, baseFleet({ instanceType: "stream.standard.large" }));
    assert.deepEqual(failures, []);
    assert.equal(inputs.plannedAction, "STOP-UPDATE-START: fleet web will be stopped and restarted to change instanceType; 2 users are streaming now and will be disconnected");
    assert.deepEqual({ action: inputs.__plannedAction?.action, properties: inputs.__plannedAction?.properties, activeSessions: inputs.__plannedAction?.activeSessions }, { action: "stop-update-start", properties: ["instanceType"], activeSessions: 2 });
  });

  it("a live change: LIVE UPDATE, nobody disconnected; no change: no planned action, and diff still says no change", async () => {
    await stack.up(baseFleet());
    const live = await check(stack.inputs!, baseFleet({ displayName: "Web desk" }));
    assert.equal(live.inputs.__plannedAction?.action, "live-update");
    assert.match(live.inputs.plannedAction!, /^LIVE UPDATE: fleet web: displayName change on the running fleet, nobody is disconnected/);
    const same = await check(stack.inputs!, baseFleet());
    assert.equal(same.inputs.plannedAction, undefined);
    assert.equal((await provider.diff(stack.id!, stack.outputs, same.inputs)).changes, false);
    // The planned action stored by an earlier up never makes a diff by itself.
    assert.equal((await provider.diff(stack.id!, stack.outputs, { ...same.inputs, plannedAction: "STOP-UPDATE-START: old", __plannedAction: { action: "stop-update-start" } })).changes, false);
  });

  it("an auto-named fleet gets the same name from every check of one resource", async () => {
    const a = await check({}, baseFleet({ name: undefined }));
    const b = await check({}, baseFleet({ name: undefined }));
    assert.match(a.inputs.name as string, /^web-[a-z0-9]{7}$/);
    assert.equal(a.inputs.name, b.inputs.name);
  });
});
