/**
 * One scenario for a program in any language that uses the resource plugin `appstream-fleet`
 * (tests/e2e/plugin-yaml.test.ts, plugin-python.test.ts, plugin-go.test.ts, plugin-java.test.ts),
 * run as a user of that language runs it: in an empty directory outside the repository, the
 * example's program (examples/<language>), that language's one artifact of the release
 * (`npm run release`, dist/release) installed the way its ecosystem installs packages (`prepare`;
 * tests/support/release-project.ts), then the `pulumi` CLI with the language's host (beside
 * `pulumi`, as scripts/pulumi-cli.sh places it) against the released package's emulator. The
 * engine downloads the plugin archive itself from a loopback server standing in for the GitHub
 * release (automatic plugin acquisition on, an empty PULUMI_HOME, PATH plugins ignored), and no
 * `node` is on the PATH of the engine, the host, the program or the plugin (the first `node` there
 * fails and records the call). The region comes only from `appstream-fleet:region` (no
 * AWS_REGION, no AWS config).
 *
 * Steps: preview (the plugin is downloaded, getImage runs, nothing changes), up (a RUNNING fleet),
 * an instanceType change (`preview --diff` warns of the stop and plans STOP-UPDATE-START; `up`
 * stops, updates, starts, as the emulator's call log shows), a bad instanceType refused at
 * preview with the provider's message, `refresh --expect-no-changes`, destroy; Node.js never ran.
 * Each step asserts the exit code, what the user reads and what AWS saw.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { removeStaleRuns } from "../../tools/automation";
import { requireLanguageHost } from "./language-sdk";
import { EmulatedProject, assertOk, emulatedProject, shown } from "./pulumi-project";
import { copyExample, DownloadServer, failingNode, installedEmulator, ReleaseArtifacts, releaseArtifacts, releaseEnv, removeUserDirs, servePluginArchives, userDir } from "./release-project";

export type PluginLanguage = "yaml" | "python" | "go" | "java";

export interface PluginScenario {
  language: PluginLanguage;
  /** The example's files to copy from examples/<language> (paths relative to it), Pulumi.yaml included. */
  files: string[];
  /** The fleet name the example creates. */
  fleet: string;
  /**
   * Installs the language's artifact into the project the way its users do (venv + wheel, go get,
   * Maven repository...); returns environment variables its `pulumi` runs need (GOPROXY, MAVEN_OPTS...).
   */
  prepare?(p: { dir: string; stateDir: string; release: ReleaseArtifacts }): Promise<Record<string, string> | void>;
  /** More checks of the instanceType change's preview, after those of `preview --diff` (which is run first). */
  previewChange?(p: EmulatedProject): Promise<void>;
  /** More tests, after destroy (called inside the suite). */
  more?(p: EmulatedProject & { release(): ReleaseArtifacts }): void;
}

/** Defines the mocha suite of one language. */
export function describePluginProgram(s: PluginScenario): void {
  const FLEET = s.fleet;
  const title = { yaml: "YAML", python: "Python", go: "Go", java: "Java" }[s.language];
  const artifact = { yaml: "nothing but the program", python: "the wheel", go: "the Go module", java: "the jar" }[s.language];
  describe(`e2e: the appstream-fleet plugin from a ${title} program, installed from the release (${artifact}; pulumi-language-${s.language}; the engine downloads the plugin; no Node.js)`, function () {
    this.timeout(15 * 60 * 1000);
    let release: ReleaseArtifacts | undefined;
    let server: DownloadServer | undefined;
    let noNode: ReturnType<typeof failingNode> | undefined;
    let extraEnv: Record<string, string> = {};
    const keys = { id: `AKID${s.language.toUpperCase()}PLUGIN`, secret: `${s.language}-plugin-secret` };
    const p = emulatedProject({
      dir: userDir(s.language),
      stateDir: `${userDir(s.language)}-state`,
      check() {
        requireLanguageHost(s.language);
        removeStaleRuns();
      },
      async setup(dir, stateDir) {
        release = await releaseArtifacts();
        server = await servePluginArchives(release.dir);
        noNode = failingNode(path.join(stateDir, "no-node"));
        copyExample(s.language, s.files, dir);
        extraEnv = (await s.prepare?.({ dir, stateDir, release })) ?? {};
        emulatorCli = await installedEmulator(release);
      },
      emulatorCli: () => emulatorCli,
      emulatorArgs: ["--start-delay", "1", "--stop-delay", "1"],
      env: (url, stateDir) => ({
        ...releaseEnv({ emulatorUrl: url, stateDir, keys, manifest: (release as ReleaseArtifacts).manifest, downloadUrl: (server as DownloadServer).url, noNodeDir: (noNode as { dir: string }).dir }),
        ...extraEnv,
      }),
      timeoutMs: 10 * 60 * 1000,
    });
    let emulatorCli = "";
    after(async () => {
      await server?.close();
      removeUserDirs();
    });
    const { pulumi, calls, mutatingOps } = p;

    it("stack init; the region is set as the plugin's own config, appstream-fleet:region", async () => {
      await p.initStack("dev", { "appstream-fleet:region": "us-east-1" });
    });
    it("pulumi preview: the engine downloads the plugin archive into the empty PULUMI_HOME; getImage runs, the fleet is to be created, nothing changes", async () => {
      const r = await pulumi("preview");
      assertOk(r);
      const a = (release as ReleaseArtifacts).manifest;
      const archive = a.plugins[`linux-${process.arch === "arm64" ? "arm64" : "amd64"}`];
      assert.ok((server as DownloadServer).requests.includes(archive), `the engine did not download ${archive} from the release server (asked for: ${JSON.stringify((server as DownloadServer).requests)})`);
      const installed = path.join(p.stateDir, "home", "plugins", `resource-appstream-fleet-v${a.version}`, "pulumi-resource-appstream-fleet");
      assert.ok(fs.existsSync(installed), `${installed} is missing: the plugin was not installed into PULUMI_HOME`);
      assert.equal(fs.readFileSync(installed).subarray(0, 4).toString("latin1"), "\x7fELF", "the installed plugin is an executable, not a script");
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

    it("Node.js never ran: not for the engine, the language host, the program or the plugin", () => {
      assert.deepEqual((noNode as ReturnType<typeof failingNode>).calls(), []);
    });

    // Object.create keeps p's getters (emu), which only work once the suite's before hook ran.
    s.more?.(Object.assign(Object.create(p) as EmulatedProject, { release: () => release as ReleaseArtifacts }));
  });
}
