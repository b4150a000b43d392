/**
 * The whole lifecycle of a fleet through the real Pulumi engine (CLI + Automation API), with the
 * package installed from `npm pack`, against the emulator. Steps run in order on one stack, as a
 * user's successive `pulumi up`s would. Assertions read the engine's structured events and the
 * emulator's call log.
 */
import { strict as assert } from "assert";
import { UpdateFleetCommand, DescribeFleetsCommand } from "@aws-sdk/client-appstream";
import { Harness, mutating, startHarness } from "../support/harness";
import { createStack, installPackage, Installed, TestStack } from "../../tools/automation";

describe("e2e: a fleet's lifecycle through the real Pulumi engine", function () {
  this.timeout(15 * 60 * 1000);
  let h: Harness;
  let inst: Installed;
  let stack: TestStack;
  /** The program's fleet arguments; each step edits them, as a user edits their program. */
  let args: Record<string, unknown>;

  const fleets = async () => (await h.client.send(new DescribeFleetsCommand({}))).Fleets ?? [];

  before(async () => {
    h = await startHarness({ startDelaySeconds: 1, stopDelaySeconds: 1 });
    inst = await installPackage();
    args = { name: "e2e-web", instanceType: "stream.standard.medium", computeCapacity: { desiredInstances: 1 }, displayName: "Web apps", tags: { team: "vdi" } };
    const program = async () => {
      const { Fleet, getImageOutput } = inst.pkg;
      const image = getImageOutput({ nameRegex: "^AppStream-WinServer2019-", mostRecent: true, imageBuilderSupported: true });
      const fleet = new Fleet("web", { ...args, imageName: image.name });
      return { fleetName: fleet.name, state: fleet.state, instanceType: fleet.instanceType, arn: fleet.arn, image: image.name };
    };
    stack = await createStack(inst, `lifecycle-${Date.now()}`, program, {
      AWS_ENDPOINT_URL_APPSTREAM: h.url,
      AWS_ACCESS_KEY_ID: "AKIDE2E",
      AWS_SECRET_ACCESS_KEY: "e2e-secret",
      AWS_REGION: "us-east-1",
    });
  });

  after(async () => {
    try {
      await stack?.destroy();
      await stack?.remove();
    } finally {
      await h?.close();
    }
  });

  it("1. up creates a running fleet from an image chosen by getImageOutput; a second preview shows no changes", async () => {
    await h.mark();
    const up = await stack.up();
    assert.deepEqual(up.ops.web, ["create"]);
    assert.equal(up.outputs.state, "RUNNING");
    assert.match(up.outputs.image as string, /^AppStream-WinServer2019-/);
    assert.deepEqual(mutating(await h.opsSinceMark()), ["CreateFleet", "StartFleet"]);
    const pre = await stack.preview();
    assert.deepEqual(pre.ops.web, ["same"]);
    assert.equal(pre.changes.update ?? 0, 0);
  });

  it("2. displayName: preview shows an update; apply calls UpdateFleet and no StopFleet", async () => {
    args = { ...args, displayName: "Web apps v2" };
    const pre = await stack.preview();
    assert.deepEqual(pre.ops.web, ["update"]);
    assert.ok(pre.diffs.web?.includes("displayName"), JSON.stringify(pre.diffs));
    await h.mark();
    const up = await stack.up();
    assert.deepEqual(up.ops.web, ["update"]);
    assert.deepEqual(mutating(await h.opsSinceMark()), ["UpdateFleet"]);
  });

  it("3. instanceType: preview shows an update (not a replace); apply is StopFleet, UpdateFleet, StartFleet; ends RUNNING", async () => {
    args = { ...args, instanceType: "stream.standard.large" };
    const pre = await stack.preview();
    assert.deepEqual(pre.ops.web, ["update"]);
    await h.mark();
    const up = await stack.up();
    assert.deepEqual(up.ops.web, ["update"]);
    assert.deepEqual(mutating(await h.opsSinceMark()), ["StopFleet", "UpdateFleet", "StartFleet"]);
    assert.equal(up.outputs.state, "RUNNING");
    assert.equal(up.outputs.instanceType, "stream.standard.large");
  });

  it("4. name: preview shows a replacement; afterwards exactly one fleet exists", async () => {
    args = { ...args, name: "e2e-web-2" };
    const pre = await stack.preview();
    assert.ok(pre.ops.web.includes("replace") || pre.ops.web.includes("create-replacement"), JSON.stringify(pre.ops));
    await stack.up();
    const all = await fleets();
    assert.deepEqual(all.map((f) => f.Name), ["e2e-web-2"]);
    assert.equal(all[0].State, "RUNNING");
  });

  it("5. a change behind Pulumi's back: refresh reports the drift; up restores the program's values", async () => {
    await h.client.send(new UpdateFleetCommand({ Name: "e2e-web-2", DisplayName: "changed by hand" }));
    const refresh = await stack.refresh();
    assert.deepEqual(refresh.ops.web, ["refresh"]);
    assert.equal(refresh.changes.update, 1, `refresh reports the drift: ${JSON.stringify(refresh.changes)}`);
    const pre = await stack.preview();
    assert.deepEqual(pre.ops.web, ["update"]);
    assert.ok(pre.diffs.web?.includes("displayName"));
    await stack.up();
    assert.equal((await fleets())[0].DisplayName, "Web apps v2");
    assert.deepEqual((await stack.preview()).ops.web, ["same"]);
  });

  it("6. desiredState STOPPED stops the fleet; back to RUNNING starts it", async () => {
    args = { ...args, desiredState: "STOPPED" };
    await h.mark();
    const up = await stack.up();
    assert.equal(up.outputs.state, "STOPPED");
    assert.deepEqual(mutating(await h.opsSinceMark()), ["StopFleet"]);
    args = { ...args, desiredState: "RUNNING" };
    await h.mark();
    const up2 = await stack.up();
    assert.equal(up2.outputs.state, "RUNNING");
    assert.deepEqual(mutating(await h.opsSinceMark()), ["StartFleet"]);
  });

  it("7. destroy leaves no fleet in the emulator; state holds no credentials", async () => {
    const state = JSON.stringify(await stack.exportState());
    assert.ok(!state.includes("e2e-secret") && !state.includes("AKIDE2E"), "no credentials in state");
    const provider = JSON.parse(state).resources.find((r: any) => r.type.endsWith("Fleet")).outputs.__provider as string;
    assert.ok(provider.length < 4096, `serialized provider is ${provider.length} bytes`);
    await h.mark();
    await stack.destroy();
    assert.deepEqual(await fleets(), []);
    assert.deepEqual(mutating(await h.opsSinceMark()), ["StopFleet", "DeleteFleet"]);
  });
});
