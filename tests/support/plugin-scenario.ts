/**
 * One scenario for a program in any language that uses the resource plugin `appstream-fleet`
 * (tests/e2e/plugin-yaml.test.ts; plugin-python.test.ts and plugin-go.test.ts, through an SDK
 * generated from its schema), run as a user runs it: the example in examples/<language> copied to
 * a fresh directory, its `plugins.providers` path pointed at the installed package's plugin
 * directory (`npm pack` + `npm install`, tests/e2e/harness.ts), for Python and Go the SDK
 * generated from the installed package's schema by `pulumi package gen-sdk` (`prepare`), then the
 * `pulumi` CLI with the language's host (beside `pulumi`, as
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
import { CACHE, ROOT, installedProject, removeStaleRuns } from "../e2e/harness";
import { requireLanguageHost } from "./language-sdk";
import { EmulatedProject, assertOk, emulatedProject, pluginEnv, pulumiBin, shown } from "./pulumi-project";

export interface PluginScenario {
  language: "yaml" | "python" | "go";
  /** The example's files to copy from examples/<language>, besides Pulumi.yaml. */
  files: string[];
  /** The fleet name the example creates. */
  fleet: string;
  /** Makes the copied project runnable (SDK generation, venv, go.mod): what its README tells the user to do. */
  prepare?(p: { dir: string; stateDir: string; schema: string }): Promise<void>;
  /** More checks of the instanceType change's preview, after those of `preview --diff` (which is run first). */
  previewChange?(p: EmulatedProject): Promise<void>;
  /** More tests, after destroy (called inside the suite). */
  more?(p: EmulatedProject): void;
}

/** The example examples/<language>/Pulumi.yaml with its `plugins.providers` path at `pluginDir`. */
export function examplePulumiYaml(language: string, pluginDir: string): string {
  const project = fs.readFileSync(path.join(ROOT, "examples", language, "Pulumi.yaml"), "utf8");
  assert.match(project, /path: \.\.\/\.\.\/plugin\n/);
  return project.replace("path: ../../plugin\n", `path: ${pluginDir}\n`);
}

/** Defines the mocha suite of one language. */
export function describePluginProgram(s: PluginScenario): void {
  const FLEET = s.fleet;
  const title = { yaml: "YAML", python: "Python", go: "Go" }[s.language];
  const tools = s.prepare ? `pulumi-language-${s.language}, SDK from pulumi package gen-sdk` : `pulumi-language-${s.language}`;
  describe(`e2e: the appstream-fleet plugin from a ${title} program (pulumi CLI, ${tools})`, function () {
    this.timeout(15 * 60 * 1000);
    const p = emulatedProject({
      dir: path.join(CACHE, `plugin-${s.language}`),
      stateDir: path.join(CACHE, `plugin-${s.language}-state`),
      check() {
        requireLanguageHost(s.language, pulumiBin());
        removeStaleRuns();
      },
      async setup(dir, stateDir) {
        const pkgDir = path.join(installedProject(), "node_modules", "pulumi-appstream-fleet");
        const pluginDir = path.join(pkgDir, "plugin");
        const schema = path.join(pkgDir, "dist", "provider", "plugin", "schema.json");
        assert.ok(fs.existsSync(path.join(pluginDir, "pulumi-resource-appstream-fleet")), `the npm package has no plugin/pulumi-resource-appstream-fleet (${pluginDir})`);
        assert.ok(fs.existsSync(schema), `the npm package carries no schema (${schema})`);
        const example = path.join(ROOT, "examples", s.language);
        for (const f of s.files) fs.copyFileSync(path.join(example, f), path.join(dir, f));
        // The example as it is, with its plugin path pointing at the installed package instead of this checkout.
        fs.writeFileSync(path.join(dir, "Pulumi.yaml"), examplePulumiYaml(s.language, pluginDir));
        await s.prepare?.({ dir, stateDir, schema });
      },
      emulatorArgs: ["--start-delay", "1", "--stop-delay", "1"],
      env: (url, stateDir) => pluginEnv(url, stateDir, { id: `AKID${s.language.toUpperCase()}PLUGIN`, secret: `${s.language}-plugin-secret` }),
      timeoutMs: 10 * 60 * 1000,
    });
    const { pulumi, calls, mutatingOps } = p;

    it("stack init; the region is set as the plugin's own config, appstream-fleet:region", async () => {
      await p.initStack("dev", { "appstream-fleet:region": "us-east-1" });
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
      const fleet = await p.fleet(FLEET);
      assert.equal(fleet?.State, "RUNNING");
      assert.equal(fleet?.InstanceType, "stream.standard.medium");
    });

    const changeTitle = s.previewChange ? "the preview warns under the fleet and plans STOP-UPDATE-START, in text, --diff and --json" : "pulumi preview --diff warns of the stop and plans STOP-UPDATE-START";
    it(`an instanceType change: ${changeTitle}`, async () => {
      assertOk(await pulumi("config", "set", "instanceType", "stream.standard.large"));
      const diff = await pulumi("preview", "--diff");
      assertOk(diff);
      assert.match(diff.stdout, /~ instanceType\s*:\s*"stream.standard.medium" => "stream.standard.large"/);
      // The plugin puts its planned action into the engine's log (an info message under the fleet), not among the properties.
      assert.match(shown(diff), new RegExp(`planned action: STOP-UPDATE-START: fleet ${FLEET} will be stopped and restarted to change instanceType`));
      assert.doesNotMatch(diff.stdout, /plannedAction/);
      assert.match(shown(diff), new RegExp(`warning: fleet ${FLEET} will be stopped and restarted to change instanceType`));
      assert.match(diff.stdout, /~ 1 to update/);
      await s.previewChange?.(p);
      assert.deepEqual(mutatingOps(await calls()), [], "a preview only reads");
    });

    it("pulumi up: stop, update, start, and the fleet runs the new instance type", async () => {
      const r = await pulumi("up", "--yes");
      assertOk(r);
      assert.match(r.stdout, /~ 1 updated/);
      const c = await calls();
      assert.deepEqual(mutatingOps(c), ["StopFleet", "UpdateFleet", "StartFleet"]);
      assert.equal(c.find((x) => x.operation === "UpdateFleet")?.fleetState, "STOPPED", "UpdateFleet reached a stopped fleet");
      const fleet = await p.fleet(FLEET);
      assert.equal(fleet?.State, "RUNNING");
      assert.equal(fleet?.InstanceType, "stream.standard.large");
    });

    it("after up, the stack's state holds no planned action (inputs or outputs); the next preview --diff shows no plan of the last one", async () => {
      const exported = await pulumi("stack", "export");
      assertOk(exported);
      const entry = JSON.parse(exported.stdout).deployment.resources.find((r: { type: string }) => r.type === "appstream-fleet:index:Fleet");
      for (const k of ["plannedAction", "__plannedAction", "__lastPlan"]) {
        assert.equal(entry.inputs[k], undefined, `inputs.${k}`);
        assert.equal(entry.outputs[k], undefined, `outputs.${k}`);
      }
      const again = await pulumi("preview", "--diff");
      assertOk(again);
      assert.doesNotMatch(shown(again), /plannedAction|planned action:|to update/, again.stdout);
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
      const e = p.env();
      for (const secret of [e.AWS_ACCESS_KEY_ID, e.AWS_SECRET_ACCESS_KEY] as string[]) assert.ok(!state.stdout.includes(secret), `${secret} is in the stack's state`);
    });

    it("pulumi destroy: the fleet is stopped and deleted", async () => {
      const r = await pulumi("destroy", "--yes");
      assertOk(r);
      assert.deepEqual(mutatingOps(await calls()), ["StopFleet", "DeleteFleet"]);
      assert.equal(await p.fleet(FLEET), undefined);
    });

    s.more?.(p);
  });
}
