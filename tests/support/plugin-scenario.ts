/**
 * One scenario for a program in any language that uses the resource plugin `appstream-fleet`
 * through an SDK generated from its schema (tests/e2e/plugin-python.test.ts, plugin-go.test.ts),
 * run as a user runs it: the example in examples/<language> copied to a fresh directory, its
 * `plugins.providers` path pointed at the installed package's plugin directory (`npm pack` +
 * `npm install`, tests/e2e/harness.ts), the SDK generated from the installed package's schema by
 * `pulumi package gen-sdk`, then the `pulumi` CLI with the language's host (beside `pulumi`, as
 * scripts/pulumi-cli.sh places it) against the emulator, with PULUMI_IGNORE_AMBIENT_PLUGINS and
 * PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION so that only `plugins.providers` supplies the
 * plugin. The region comes only from `appstream-fleet:region` (no AWS_REGION, no AWS config).
 *
 * Steps: preview (getImage runs, nothing changes), up (a RUNNING fleet), an instanceType change
 * (`preview --diff` warns of the stop and plans STOP-UPDATE-START; `up` stops, updates, starts, as
 * the emulator's call log shows), a bad instanceType refused at preview with the provider's
 * message, `refresh --expect-no-changes`, destroy. Each step asserts the exit code, what the user
 * reads and what AWS saw.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import type { CallRecord } from "../../emulator";
import { CACHE, ROOT, installedProject, removeStaleRuns } from "../e2e/harness";
import { MUTATING } from "../integration/harness";
import { EmulatorProcess, startEmulatorProcess } from "./emulator-process";
import { requireLanguageHost } from "./language-sdk";
import { PulumiResult, pulumiBin, runPulumi } from "./pulumi-project";

export interface PluginScenario {
  language: "python" | "go";
  /** The example's files to copy from examples/<language>. */
  files: string[];
  /** The fleet name the example creates. */
  fleet: string;
  /** Makes the copied project runnable (SDK generation, venv, go.mod): what its README tells the user to do. */
  prepare(p: { dir: string; stateDir: string; schema: string }): Promise<void>;
}

function assertOk(r: PulumiResult): void {
  assert.equal(r.code, 0, `\`${r.command}\` exited ${r.code}${r.signal ? ` (${r.signal})` : ""}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
}
const shown = (r: PulumiResult) => `${r.stdout}\n${r.stderr}`;

/** Defines the mocha suite of one language. */
export function describePluginProgram(s: PluginScenario): void {
  const FLEET = s.fleet;
  const title = s.language === "python" ? "Python" : "Go";
  describe(`e2e: the appstream-fleet plugin from a ${title} program (pulumi CLI, pulumi-language-${s.language}, SDK from pulumi package gen-sdk)`, function () {
    this.timeout(15 * 60 * 1000);
    let emu: EmulatorProcess;
    let dir: string;
    let stateDir: string;
    let seen = 0;

    const env = () => ({
      AWS_ENDPOINT_URL_APPSTREAM: emu.url,
      AWS_ACCESS_KEY_ID: `AKID${s.language.toUpperCase()}PLUGIN`,
      AWS_SECRET_ACCESS_KEY: `${s.language}-plugin-secret`,
      AWS_REGION: undefined,
      AWS_DEFAULT_REGION: undefined,
      AWS_PROFILE: undefined,
      AWS_SESSION_TOKEN: undefined,
      AWS_CONFIG_FILE: path.join(stateDir, "no-aws-config"),
      AWS_SHARED_CREDENTIALS_FILE: path.join(stateDir, "no-aws-credentials"),
      PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    });
    const pulumi = (...args: string[]) => runPulumi(args, { cwd: dir, stateDir, env: env(), timeoutMs: 10 * 60 * 1000 });
    const calls = async (): Promise<CallRecord[]> => {
      const c = await emu.control.calls(seen);
      if (c.length > 0) seen = c[c.length - 1].seq;
      return c;
    };
    const mutatingOps = (c: CallRecord[]) => c.filter((x) => MUTATING.has(x.operation)).map((x) => x.operation);

    before(async function () {
      const bin = pulumiBin();
      requireLanguageHost(s.language, bin);
      removeStaleRuns();
      const installed = installedProject();
      const pkgDir = path.join(installed, "node_modules", "pulumi-appstream-fleet");
      const pluginDir = path.join(pkgDir, "plugin");
      const schema = path.join(pkgDir, "dist", "provider", "plugin", "schema.json");
      assert.ok(fs.existsSync(path.join(pluginDir, "pulumi-resource-appstream-fleet")), `the npm package has no plugin/pulumi-resource-appstream-fleet (${pluginDir})`);
      assert.ok(fs.existsSync(schema), `the npm package carries no schema (${schema})`);
      dir = path.join(CACHE, `plugin-${s.language}`);
      stateDir = path.join(CACHE, `plugin-${s.language}-state`);
      for (const d of [dir, stateDir]) fs.rmSync(d, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      fs.mkdirSync(stateDir, { recursive: true });
      const example = path.join(ROOT, "examples", s.language);
      for (const f of s.files) fs.copyFileSync(path.join(example, f), path.join(dir, f));
      // The example as it is, with its plugin path pointing at the installed package instead of this checkout.
      const project = fs.readFileSync(path.join(example, "Pulumi.yaml"), "utf8");
      assert.match(project, /path: \.\.\/\.\.\/plugin\n/);
      fs.writeFileSync(path.join(dir, "Pulumi.yaml"), project.replace("path: ../../plugin\n", `path: ${pluginDir}\n`));
      await s.prepare({ dir, stateDir, schema });
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

    it("an instanceType change: pulumi preview --diff warns of the stop and plans STOP-UPDATE-START", async () => {
      assertOk(await pulumi("config", "set", "instanceType", "stream.standard.large"));
      const diff = await pulumi("preview", "--diff");
      assertOk(diff);
      assert.match(diff.stdout, /~ instanceType\s*:\s*"stream.standard.medium" => "stream.standard.large"/);
      assert.match(diff.stdout, new RegExp(`plannedAction\\s*:.*=> "STOP-UPDATE-START: fleet ${FLEET} will be stopped and restarted to change instanceType`));
      assert.match(shown(diff), new RegExp(`warning: fleet ${FLEET} will be stopped and restarted to change instanceType`));
      assert.match(diff.stdout, /~ 1 to update/);
      assert.deepEqual(mutatingOps(await calls()), [], "a preview only reads");
    });

    it("pulumi up: stop, update, start, and the fleet runs the new instance type", async () => {
      const r = await pulumi("up", "--yes");
      assertOk(r);
      assert.match(r.stdout, /~ 1 updated/);
      const c = await calls();
      assert.deepEqual(mutatingOps(c), ["StopFleet", "UpdateFleet", "StartFleet"]);
      assert.equal(c.find((x) => x.operation === "UpdateFleet")?.fleetState, "STOPPED", "UpdateFleet reached a stopped fleet");
      const fleet = (await emu.control.fleets()).find((f) => f.Name === FLEET);
      assert.equal(fleet?.State, "RUNNING");
      assert.equal(fleet?.InstanceType, "stream.standard.large");
    });

    it("a bad instanceType is refused at preview with the provider's message, before any call changes anything", async () => {
      assertOk(await pulumi("config", "set", "instanceType", "stream.bogus.large"));
      const r = await pulumi("preview");
      assert.notEqual(r.code, 0, `pulumi preview accepted instanceType stream.bogus.large:\n${r.stdout}\n${r.stderr}`);
      assert.match(shown(r), /"stream.bogus.large" is not an AppStream instance type/);
      assert.deepEqual(mutatingOps(await calls()), []);
      assertOk(await pulumi("config", "set", "instanceType", "stream.standard.large"));
    });

    it("pulumi refresh --expect-no-changes: state agrees with AWS; no credential is in the state", async () => {
      const r = await pulumi("refresh", "--yes", "--expect-no-changes");
      assertOk(r);
      assert.deepEqual(mutatingOps(await calls()), []);
      const state = await pulumi("stack", "export");
      assertOk(state);
      const e = env();
      for (const secret of [e.AWS_ACCESS_KEY_ID, e.AWS_SECRET_ACCESS_KEY]) assert.ok(!state.stdout.includes(secret), `${secret} is in the stack's state`);
    });

    it("pulumi destroy: the fleet is stopped and deleted", async () => {
      const r = await pulumi("destroy", "--yes");
      assertOk(r);
      assert.deepEqual(mutatingOps(await calls()), ["StopFleet", "DeleteFleet"]);
      assert.equal((await emu.control.fleets()).find((f) => f.Name === FLEET), undefined);
    });
  });
}
