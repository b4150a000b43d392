/**
 * read(): as a first read (Fleet.get, `pulumi import` through the plugin: no stored props, undefined,
 * null or {}), which records the region and a program's inputs, and as a refresh of a
 * fleet in state. A name that does not exist fails Fleet.get (as @pulumi/aws's get does) but tells
 * a refresh that the fleet is gone.
 */
import { strict as assert } from "assert";
import { baseFleet, provider, Stack } from "../support/engine-stand-in";
import { useHarness } from "../support/harness";

describe("read: Fleet.get and refresh", function () {
  this.timeout(60000);
  useHarness();

  for (const [label, props] of [["undefined", undefined], ["null", null], ["{}", {}]] as const) {
    it(`props ${label}: every output of an existing fleet`, async () => {
      const stack = new Stack();
      await stack.up(baseFleet());
      const r = await provider.read!("web", props as never);
      assert.equal(r.id, "web");
      assert.equal((r.props as Record<string, unknown>).state, "RUNNING");
      assert.equal((r.props as Record<string, unknown>).instanceType, "stream.standard.medium");
      // A first read records the region it found the fleet in (as create does), in outputs and inputs.
      assert.equal((r.props as Record<string, unknown>).region, "us-east-1");
      assert.equal(r.inputs?.region, "us-east-1");
      assert.equal(r.inputs?.tagsAll, undefined, "a first read's inputs are a program's: no tagsAll");
      assert.equal(r.inputs?.imageArn, undefined, "the image is named once, by name");
    });
  }

  it("a refresh of a state with no region (written before regions were recorded) records the fleet's", async () => {
    const stack = new Stack();
    await stack.up(baseFleet());
    const { region: _drop, ...older } = stack.outputs!;
    const r = await provider.read!("web", older as never);
    assert.equal((r.props as Record<string, unknown>).region, "us-east-1");
  });

  it("Fleet.get of a name that does not exist fails, naming the fleet", async () => {
    await assert.rejects(provider.read!("no-such-fleet", undefined as never), /reading AppStream fleet no-such-fleet: no fleet of that name exists in this account and region/);
    await assert.rejects(provider.read!("no-such-fleet", { name: "no-such-fleet" } as never), /no fleet of that name exists/);
  });

  it("a refresh of a fleet in state that was deleted outside Pulumi: an empty id (gone)", async () => {
    const stack = new Stack();
    await stack.up(baseFleet());
    const outputs = stack.outputs!;
    await stack.destroy();
    assert.deepEqual(await provider.read!("web", outputs as never), { id: "" });
  });
});
