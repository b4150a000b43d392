/**
 * `pulumi import` through the resource plugin `appstream-fleet`, from a YAML project, with the
 * `pulumi` CLI against the emulator: a fleet made outside Pulumi (by the AWS CLI, an independent
 * client) is imported with `pulumi import appstream-fleet:index:Fleet office <fleet name>`; the
 * state records the region the fleet was found in (from `appstream-fleet:region`: no AWS_REGION,
 * no AWS config file); the generated program, pasted into the project, previews with no changes;
 * the imported fleet is then managed like any other (a live capacity change, destroy). A name
 * that does not exist fails the import with the provider's message.
 *
 * The plugin is this checkout's plugin/ directory (plugin-yaml.test.ts covers the installed
 * package's); only `plugins.providers` can supply it (PULUMI_IGNORE_AMBIENT_PLUGINS).
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { awsCliPath } from "../support/aws-cli";
import { pulumiBin } from "../../tools/pulumi-cli";
import { assertOk, emulatedProject, pluginEnv, shown } from "../support/pulumi-project";
import { CACHE, ROOT, removeStaleRuns } from "../../tools/automation";

const FLEET = "handmade";
const IMAGE = "AppStream-WinServer2019-06-17-2024";

const PROJECT = `name: imported
runtime: yaml
plugins:
  providers:
    - name: appstream-fleet
      path: ${path.join(ROOT, "plugin")}
`;

describe("e2e: pulumi import through the appstream-fleet plugin (YAML project, pulumi CLI)", function () {
  this.timeout(10 * 60 * 1000);
  const p = emulatedProject({
    dir: path.join(CACHE, "plugin-import"),
    stateDir: path.join(CACHE, "plugin-import-state"),
    check() {
      assert.ok(fs.existsSync(path.join(pulumiBin(), "pulumi-language-yaml")), `no pulumi-language-yaml next to ${pulumiBin()}/pulumi (scripts/pulumi-cli.sh builds it)`);
      removeStaleRuns();
    },
    setup: (dir) => fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${PROJECT}resources: {}\n`),
    emulatorArgs: ["--start-delay", "1", "--stop-delay", "1"],
    env: (url, stateDir) => pluginEnv(url, stateDir, { id: "AKIDIMPORT", secret: "import-secret" }),
  });
  const { dir, stateDir, pulumi, calls, mutatingOps } = p;
  /** The AWS CLI, isolated from the machine's own AWS configuration. */
  const aws = async (...args: string[]): Promise<any> => {
    const { stdout } = await promisify(execFile)(awsCliPath(), ["appstream", ...args, "--endpoint-url", p.emu.url, "--region", "us-east-1", "--output", "json"], {
      encoding: "utf8",
      env: { ...process.env, AWS_ACCESS_KEY_ID: "AKIDCLI", AWS_SECRET_ACCESS_KEY: "cli-secret", AWS_CONFIG_FILE: path.join(stateDir, "c"), AWS_SHARED_CREDENTIALS_FILE: path.join(stateDir, "k") },
    });
    return stdout.trim() ? JSON.parse(stdout) : {};
  };
  const live = () => p.fleet(FLEET);
  const fleetResource = async () => {
    const r = await pulumi("stack", "export");
    assertOk(r);
    const resources: { type: string; inputs: Record<string, unknown>; outputs: Record<string, unknown>; protect?: boolean }[] = JSON.parse(r.stdout).deployment.resources ?? [];
    return resources.find((x) => x.type === "appstream-fleet:index:Fleet");
  };

  it("a RUNNING fleet made with the AWS CLI, unknown to Pulumi", async () => {
    await aws("create-fleet", "--name", FLEET, "--instance-type", "stream.standard.medium", "--image-name", IMAGE, "--fleet-type", "ON_DEMAND", "--compute-capacity", "DesiredInstances=1");
    await aws("start-fleet", "--name", FLEET);
    for (let i = 0; i < 100 && (await live())?.State !== "RUNNING"; i++) await new Promise((r) => setTimeout(r, 100));
    assert.equal((await live())?.State, "RUNNING");
    await p.initStack("dev", { "appstream-fleet:region": "us-east-1" });
    await calls();
  });

  it("pulumi import of a name that does not exist fails with the provider's message and changes nothing", async () => {
    const r = await pulumi("import", "appstream-fleet:index:Fleet", "ghost", "no-such-fleet", "--yes", "--protect=false");
    assert.notEqual(r.code, 0);
    assert.match(shown(r), /no-such-fleet: no fleet of that name exists/);
    assert.doesNotMatch(shown(r), /toJavaScript/);
    assert.equal(await fleetResource(), undefined);
    assert.deepEqual(mutatingOps(await calls()), []);
  });

  it("pulumi import: the fleet is in state, its region recorded, its inputs valid (no warning), nothing changed", async () => {
    const r = await pulumi("import", "appstream-fleet:index:Fleet", "office", FLEET, "--yes", "--protect=false", "--out", "generated.yaml");
    assertOk(r);
    assert.match(r.stdout, /= 1 imported/);
    assert.doesNotMatch(shown(r), /failed to validate|has a problem/);
    assert.deepEqual(mutatingOps(await calls()), []);
    const fleet = await fleetResource();
    assert.ok(fleet, "the Fleet is in state");
    assert.equal(fleet.outputs.region, "us-east-1");
    assert.equal(fleet.inputs.region, "us-east-1");
    assert.equal(fleet.outputs.name, FLEET);
    assert.equal(fleet.outputs.state, "RUNNING");
    assert.equal(fleet.inputs.imageName, IMAGE);
    assert.equal(fleet.inputs.imageArn, undefined, "the image is named once");
    assert.equal(fleet.inputs.tagsAll, undefined, "tagsAll is an output, not an input");
  });

  it("the generated program, pasted into the project, previews with no changes", async () => {
    const generated = fs.readFileSync(path.join(dir, "generated.yaml"), "utf8");
    assert.match(generated, /type: appstream-fleet:(index:)?Fleet/);
    assert.match(generated, new RegExp(`name: ${FLEET}\\n`));
    assert.match(generated, /region: us-east-1\n/);
    assert.match(generated, /desiredInstances: 1\n/);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), `${PROJECT}${generated.trimEnd()}\n`);
    const r = await pulumi("preview", "--diff", "--expect-no-changes");
    assertOk(r);
    assert.deepEqual(mutatingOps(await calls()), []);
  });

  it("the imported fleet is managed: a capacity change is made live, and destroy deletes it", async () => {
    const program = fs.readFileSync(path.join(dir, "Pulumi.yaml"), "utf8");
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), program.replace("desiredInstances: 1\n", "desiredInstances: 2\n"));
    const up = await pulumi("up", "--yes");
    assertOk(up);
    assert.match(up.stdout, /~ 1 updated/);
    assert.deepEqual(mutatingOps(await calls()), ["UpdateFleet"]);
    assert.equal((await live())?.ComputeCapacityStatus?.Desired, 2);
    assertOk(await pulumi("destroy", "--yes"));
    assert.deepEqual(mutatingOps(await calls()), ["StopFleet", "DeleteFleet"]);
    assert.equal(await live(), undefined);
  });
});
