/**
 * The resource plugin `appstream-fleet` as a YAML user runs it: examples/yaml with the `pulumi`
 * CLI, language host `pulumi-language-yaml` (found next to `pulumi`, as scripts/pulumi-cli.sh
 * places it), against the emulator, with PULUMI_IGNORE_AMBIENT_PLUGINS and
 * PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION so that only `plugins.providers` can supply the
 * plugin. The plugin is the installed package's (`npm pack` + `npm install`, harness.ts):
 * `plugins.providers[].path` points at node_modules/pulumi-appstream-fleet/plugin. The region
 * comes only from `appstream-fleet:region` (no AWS_REGION, no AWS config file).
 *
 * The program looks up an image with getImage, creates a RUNNING fleet, changes instanceType (the
 * preview warns of the stop under the fleet and plans STOP-UPDATE-START; `up` stops, updates and
 * starts, as the emulator's call log shows), refuses a bad instanceType at preview with the
 * provider's message, refreshes with no changes and destroys the fleet. Last, the same example
 * previews from a checkout, with `path` at this repository's plugin/ directory.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import type { CallRecord } from "../../emulator";
import { parsePreview } from "../../provider/preview-summary/summary";
import { MUTATING } from "../integration/harness";
import { EmulatorProcess, startEmulatorProcess } from "../support/emulator-process";
import { PulumiResult, pulumiBin, runPulumi } from "../support/pulumi-project";
import { CACHE, ROOT, installedProject, removeStaleRuns } from "./harness";

const FLEET = "yaml-fleet";

function assertOk(r: PulumiResult): void {
  assert.equal(r.code, 0, `\`${r.command}\` exited ${r.code}${r.signal ? ` (${r.signal})` : ""}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
}
const shown = (r: PulumiResult) => `${r.stdout}\n${r.stderr}`;

describe("e2e: the appstream-fleet plugin from a YAML program (pulumi CLI, pulumi-language-yaml)", function () {
  this.timeout(10 * 60 * 1000);
  let emu: EmulatorProcess;
  let dir: string;
  let stateDir: string;
  let seen = 0;

  const env = () => ({
    AWS_ENDPOINT_URL_APPSTREAM: emu.url,
    AWS_ACCESS_KEY_ID: "AKIDYAMLPLUGIN",
    AWS_SECRET_ACCESS_KEY: "yaml-plugin-secret",
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_PROFILE: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_CONFIG_FILE: path.join(stateDir, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(stateDir, "no-aws-credentials"),
    PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  });
  const pulumi = (...args: string[]) => runPulumi(args, { cwd: dir, stateDir, env: env() });
  const calls = async (): Promise<CallRecord[]> => {
    const c = await emu.control.calls(seen);
    if (c.length > 0) seen = c[c.length - 1].seq;
    return c;
  };
  const mutatingOps = (c: CallRecord[]) => c.filter((x) => MUTATING.has(x.operation)).map((x) => x.operation);

  before(async function () {
    const bin = pulumiBin();
    const host = path.join(bin, "pulumi-language-yaml");
    assert.ok(
      fs.existsSync(host),
      `no pulumi-language-yaml next to ${bin}/pulumi: a YAML program needs it. scripts/pulumi-cli.sh builds it ` +
        "(from the Go module github.com/pulumi/pulumi-yaml, see scripts/PULUMI-CLI.md), or install Pulumi, which bundles it.",
    );
    removeStaleRuns();
    const installed = installedProject();
    const pluginDir = path.join(installed, "node_modules", "pulumi-appstream-fleet", "plugin");
    assert.ok(fs.existsSync(path.join(pluginDir, "pulumi-resource-appstream-fleet")), `the npm package has no plugin/pulumi-resource-appstream-fleet (${pluginDir})`);
    assert.ok(fs.existsSync(path.join(installed, "node_modules", "pulumi-appstream-fleet", "dist", "provider", "plugin", "schema.json")), "the npm package carries the schema");
    dir = path.join(CACHE, "plugin-yaml");
    stateDir = path.join(CACHE, "plugin-yaml-state");
    for (const d of [dir, stateDir]) fs.rmSync(d, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.mkdirSync(stateDir, { recursive: true });
    // The example as it is, with its plugin path pointing at the installed package instead of this checkout.
    const example = fs.readFileSync(path.join(ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8");
    assert.match(example, /path: \.\.\/\.\.\/plugin\n/);
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), example.replace("path: ../../plugin\n", `path: ${pluginDir}\n`));
    emu = await startEmulatorProcess(["--start-delay", "1", "--stop-delay", "1"]);
  });

  after(async () => {
    await emu?.close();
  });

  it("stack init; the region is set as the plugin's own config, appstream-fleet:region", async () => {
    assertOk(await pulumi("stack", "init", "dev"));
    assertOk(await pulumi("config", "set", "appstream-fleet:region", "us-east-1"));
  });

  it("pulumi preview: getImage runs, the fleet is to be created, nothing changes", async () => {
    const r = await pulumi("preview");
    assertOk(r);
    assert.match(r.stdout, /\+\s+appstream-fleet:index:Fleet\s+fleet\s+create/);
    assert.match(r.stdout, /imageName\s*:\s*"AppStream-WinServer2019-/);
    const c = await calls();
    assert.ok(c.some((x) => x.operation === "DescribeImages"), "getImage asked the emulator");
    assert.deepEqual(mutatingOps(c), []);
  });

  it("pulumi up: the fleet is created and started", async () => {
    const r = await pulumi("up", "--yes");
    assertOk(r);
    assert.match(r.stdout, /\+ 2 created/);
    assert.match(r.stdout, new RegExp(`fleetName\\s*:\\s*"${FLEET}"`));
    assert.match(r.stdout, /state\s*:\s*"RUNNING"/);
    assert.deepEqual(mutatingOps(await calls()), ["CreateFleet", "StartFleet"]);
    const fleet = (await emu.control.fleets()).find((f) => f.Name === FLEET);
    assert.equal(fleet?.State, "RUNNING");
    assert.equal(fleet?.InstanceType, "stream.standard.medium");
  });

  it("an instanceType change: the preview warns under the fleet and plans STOP-UPDATE-START, in text, --diff and --json", async () => {
    assertOk(await pulumi("config", "set", "instanceType", "stream.standard.large"));
    const plain = await pulumi("preview");
    assertOk(plain);
    assert.match(shown(plain), /warning: fleet yaml-fleet will be stopped and restarted to change instanceType/);
    const diff = await pulumi("preview", "--diff");
    assertOk(diff);
    assert.match(diff.stdout, /~ instanceType\s*:\s*"stream.standard.medium" => "stream.standard.large"/);
    assert.match(diff.stdout, /plannedAction\s*:.*=> "STOP-UPDATE-START: fleet yaml-fleet will be stopped and restarted to change instanceType/);
    assert.match(shown(diff), /warning: fleet yaml-fleet will be stopped and restarted to change instanceType/);
    const json = await pulumi("preview", "--json");
    assertOk(json);
    const diagnostics: { urn?: string; severity?: string; message?: string }[] = JSON.parse(json.stdout).diagnostics ?? [];
    assert.ok(
      diagnostics.some((d) => d.severity === "warning" && (d.urn ?? "").endsWith("::appstream-fleet:index:Fleet::fleet") && /fleet yaml-fleet will be stopped and restarted/.test(d.message ?? "")),
      `the --json preview carries the warning under the fleet's URN: ${JSON.stringify(diagnostics)}`,
    );
    const summary = parsePreview(json.stdout);
    assert.deepEqual(summary.fleets.map((f) => [f.resource, f.fleet, f.action, f.properties]), [["fleet", FLEET, "stop-update-start", ["instanceType"]]]);
    assert.deepEqual(mutatingOps(await calls()), [], "previews only read");
  });

  it("pulumi up: stop, update, start, and the fleet runs the new instance type", async () => {
    const r = await pulumi("up", "--yes");
    assertOk(r);
    assert.match(r.stdout, /~ 1 updated/);
    assert.deepEqual(mutatingOps(await calls()), ["StopFleet", "UpdateFleet", "StartFleet"]);
    const fleet = (await emu.control.fleets()).find((f) => f.Name === FLEET);
    assert.equal(fleet?.State, "RUNNING");
    assert.equal(fleet?.InstanceType, "stream.standard.large");
  });

  it("a bad instanceType is refused at preview with the provider's message, before any call changes anything", async () => {
    assertOk(await pulumi("config", "set", "instanceType", "stream.bogus.large"));
    const r = await pulumi("preview");
    assert.notEqual(r.code, 0);
    assert.match(shown(r), /"stream.bogus.large" is not an AppStream instance type/);
    assert.deepEqual(mutatingOps(await calls()), []);
    assertOk(await pulumi("config", "set", "instanceType", "stream.standard.large"));
  });

  it("pulumi refresh --expect-no-changes: state agrees with AWS", async () => {
    const r = await pulumi("refresh", "--yes", "--expect-no-changes");
    assertOk(r);
    assert.deepEqual(mutatingOps(await calls()), []);
  });

  it("pulumi destroy: the fleet is stopped and deleted", async () => {
    const r = await pulumi("destroy", "--yes");
    assertOk(r);
    assert.deepEqual(mutatingOps(await calls()), ["StopFleet", "DeleteFleet"]);
    assert.equal((await emu.control.fleets()).find((f) => f.Name === FLEET), undefined);
  });

  it("from a checkout: the example with plugins.providers at this repository's plugin/ directory previews the same fleet", async () => {
    const checkout = path.join(CACHE, "plugin-yaml-checkout");
    fs.rmSync(checkout, { recursive: true, force: true });
    fs.mkdirSync(checkout, { recursive: true });
    const example = fs.readFileSync(path.join(ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8");
    fs.writeFileSync(path.join(checkout, "Pulumi.yaml"), example.replace("path: ../../plugin\n", `path: ${path.join(ROOT, "plugin")}\n`));
    const run = (...args: string[]) => runPulumi(args, { cwd: checkout, stateDir, env: env() });
    assertOk(await run("stack", "init", "checkout"));
    assertOk(await run("config", "set", "appstream-fleet:region", "us-east-1"));
    const r = await run("preview");
    assertOk(r);
    assert.match(r.stdout, /\+\s+appstream-fleet:index:Fleet\s+fleet\s+create/);
    assert.deepEqual(mutatingOps(await calls()), []);
  });
});
