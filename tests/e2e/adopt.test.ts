/**
 * Bringing existing fleets under management through the real engine: adoptExisting, and
 * Fleet.get as a read-only reference. The fleets are made by the AWS CLI, as by hand.
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import { promisify } from "util";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { DescribeFleetsCommand } from "@aws-sdk/client-appstream";
import { Harness, mutating, startHarness } from "../support/harness";
import { awsCliPath } from "../support/aws-cli";
import { createStack, installPackage, Installed } from "../../tools/automation";

describe("e2e: adopting existing fleets and Fleet.get", function () {
  this.timeout(15 * 60 * 1000);
  let h: Harness;
  let inst: Installed;
  let env: Record<string, string>;

  /** The AWS CLI, isolated from the machine's own AWS config (async: the emulator runs in this process). */
  async function aws(...args: string[]): Promise<any> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "awscli-"));
    const { stdout: out } = await promisify(execFile)(awsCliPath(), ["appstream", ...args, "--endpoint-url", h.url, "--region", "us-east-1", "--output", "json"], {
      encoding: "utf8",
      env: { ...process.env, AWS_ACCESS_KEY_ID: "AKIDCLI", AWS_SECRET_ACCESS_KEY: "cli-secret", AWS_CONFIG_FILE: path.join(dir, "c"), AWS_SHARED_CREDENTIALS_FILE: path.join(dir, "k") },
    });
    return out.trim() ? JSON.parse(out) : {};
  }
  const live = async (name: string) => (await h.client.send(new DescribeFleetsCommand({ Names: [name] }))).Fleets![0];

  before(async () => {
    h = await startHarness({ startDelaySeconds: 1, stopDelaySeconds: 1 });
    inst = await installPackage();
    env = { AWS_ENDPOINT_URL_APPSTREAM: h.url, AWS_ACCESS_KEY_ID: "AKIDE2E", AWS_SECRET_ACCESS_KEY: "e2e-secret", AWS_REGION: "us-east-1" };
  });
  after(async () => h?.close());

  beforeEach(async () => {
    await h.control.reset();
    await aws("create-fleet", "--name", "handmade", "--instance-type", "stream.standard.medium", "--image-name", "AppStream-WinServer2019-06-17-2024",
      "--fleet-type", "ON_DEMAND", "--compute-capacity", "DesiredInstances=1", "--display-name", "made by hand");
    await aws("start-fleet", "--name", "handmade");
    await aws("wait", "fleet-started", "--names", "handmade");
  });

  const program = (args: Record<string, unknown>) => async () => {
    const f = new inst.pkg.Fleet("adopted", args);
    return { state: f.state, instanceType: f.instanceType, displayName: f.displayName };
  };
  const desired = { name: "handmade", imageName: "AppStream-WinServer2019-06-17-2024", instanceType: "stream.standard.large", computeCapacity: { desiredInstances: 1 }, displayName: "Managed now" };

  it("adoptExisting: the preview says the fleet is taken over and how; up converges it without CreateFleet; destroy deletes it", async () => {
    const stack = await createStack(inst, `adopt-${Date.now()}`, program({ ...desired, adoptExisting: true }), env);
    try {
      const pre = await stack.preview();
      const warning = pre.diagnostics.filter((d) => d.severity === "warning").map((d) => d.message).join("\n");
      assert.match(warning, /fleet handmade already exists \(RUNNING\): this update ADOPTS it instead of creating it; then: stop, update instanceType, displayName, start/);
      await h.mark();
      const up = await stack.up();
      assert.deepEqual(mutating(await h.opsSinceMark()), ["StopFleet", "UpdateFleet", "StartFleet"], "no CreateFleet");
      assert.equal(up.outputs.instanceType, "stream.standard.large");
      assert.equal(up.outputs.state, "RUNNING");
      const f = await live("handmade");
      assert.equal(f.DisplayName, "Managed now");
      assert.equal(f.State, "RUNNING");
      assert.deepEqual((await stack.preview()).ops.adopted, ["same"], "a second preview is empty");
      await h.mark();
      await stack.destroy();
      assert.deepEqual(mutating(await h.opsSinceMark()), ["StopFleet", "DeleteFleet"]);
      assert.deepEqual((await h.client.send(new DescribeFleetsCommand({}))).Fleets, []);
    } finally {
      await stack.remove();
    }
  });

  it("without adoptExisting, an existing name fails at preview with a message naming the flag, and up changes nothing", async () => {
    const stack = await createStack(inst, `noadopt-${Date.now()}`, program(desired), env);
    try {
      await h.mark();
      await assert.rejects(stack.preview(), /property name value \{handmade\} has a problem: a fleet named handmade already exists\. To bring it under this program's management set `adoptExisting: true`/);
      await assert.rejects(stack.up(), /a fleet named handmade already exists\. To bring it under this program's management set `adoptExisting: true`/);
      assert.deepEqual(mutating(await h.opsSinceMark({ all: true })), [], "not even a CreateFleet");
      assert.equal((await live("handmade")).InstanceType, "stream.standard.medium");
    } finally {
      await stack.remove();
    }
  });

  it("Fleet.get reads every output of an unmanaged fleet and never changes or deletes it", async () => {
    const stack = await createStack(inst, `get-${Date.now()}`, async () => {
      const f = inst.pkg.Fleet.get("ref", "handmade");
      return { arn: f.arn, state: f.state, instanceType: f.instanceType, displayName: f.displayName, capacity: f.computeCapacity };
    }, env);
    try {
      await h.mark();
      const up = await stack.up();
      assert.deepEqual(up.ops.ref, ["read"]);
      assert.equal(up.outputs.arn, "arn:aws:appstream:us-east-1:123456789012:fleet/handmade");
      assert.equal(up.outputs.state, "RUNNING");
      assert.equal(up.outputs.instanceType, "stream.standard.medium");
      assert.equal(up.outputs.displayName, "made by hand");
      assert.deepEqual(up.outputs.capacity, { desiredInstances: 1 });
      await stack.destroy();
      assert.deepEqual(mutating(await h.opsSinceMark()), [], "read only");
      assert.equal((await live("handmade")).State, "RUNNING");
    } finally {
      await stack.remove();
    }
  });
});
