/**
 * A user's own project, outside this repository, as README.md's Install section says to make it:
 * `npm pack` of this checkout, `npm install <tarball>` into a new folder under the OS's temporary
 * directory with its own package.json (@pulumi/pulumi, typescript, @types/node), a strict
 * tsconfig.json and an index.ts using Fleet, getImageOutput and getSessions
 * (tests/support/user-project.ts). The emulator is the INSTALLED package's bin (`npx
 * appstream-emulator`); the `pulumi` CLI runs in the project with a file backend, offline.
 *
 *  - the tarball, the newest @pulumi/pulumi (this repository's devDependency), the Node of this
 *    process (npm test: Node 22): tsc --noEmit, preview, up, an instanceType change (preview shows
 *    STOP-UPDATE-START, up stops, updates, starts), refresh --expect-no-changes, destroy;
 *  - the same on each Node major in USER_PROJECT_NODE_MAJORS (comma-separated, e.g. "24"; .ci/run
 *    sets it to the supported majors other than npm test's own);
 *  - the lowest @pulumi/pulumi of peerDependencies: preview, up, destroy;
 *  - `git+file://` of a clean clone of HEAD (npm runs the package's `prepare` build): preview, up, destroy;
 *  - bad input: Node 20 and an @pulumi/pulumi below the range each fail `pulumi preview` with one
 *    line naming the supported versions, and no stack trace.
 * And `npm pack --dry-run` lists only what a user needs.
 *
 * Needs `pulumi-language-nodejs` (scripts/pulumi-cli.sh provides it: see scripts/PULUMI-CLI.md).
 * USER_PROJECT_KEEP=1 keeps the temporary folder (its path is printed).
 */
import { plannedActionsByResource } from "../support/diff-display";
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MUTATING } from "../support/harness";
import { awsCliPath } from "../support/aws-cli";
import { PulumiResult, languageHost, pulumiBin, runPulumi } from "../../tools/pulumi-cli";
import { PKG, ROOT, createProject, nodeDir, packPackage, run, startInstalledEmulator, UserEmulator, withPathFirst } from "../support/user-project";
import { satisfies } from "../../provider/support-check";

/** The lowest @pulumi/pulumi of the peer range ("^3.141.0" -> "3.141.0"). */
const LOWEST_PULUMI = /^\^(\d+\.\d+\.\d+)$/.exec(PKG.peerDependencies["@pulumi/pulumi"])?.[1];
/** The newest: the version this repository develops with (its devDependency, exact). */
const NEWEST_PULUMI = PKG.devDependencies["@pulumi/pulumi"] as string;
/** An @pulumi/pulumi below the peer range, for the bad-input case. */
const TOO_OLD_PULUMI = "3.100.0";
/** A Node.js below engines.node, for the bad-input case. */
const TOO_OLD_NODE = 20;

const OTHER_NODE_MAJORS = (process.env.USER_PROJECT_NODE_MAJORS ?? "")
  .split(",")
  .map((s) => s.trim())
  .filter(Boolean)
  .map(Number);

const shown = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

function assertOk(r: PulumiResult | { command: string; code: number; stdout: string; stderr: string }): void {
  assert.equal(r.code, 0, `\`${r.command}\` exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
}

describe("e2e: a user's own project outside the repository", function () {
  this.timeout(20 * 60 * 1000);
  let work: string;
  let tarball: string;

  before(function () {
    assert.equal(LOWEST_PULUMI !== undefined, true, `peerDependencies["@pulumi/pulumi"] is not of the form ^M.m.p: ${PKG.peerDependencies["@pulumi/pulumi"]}`);
    assert.ok(languageHost(pulumiBin()), "no pulumi-language-nodejs next to pulumi or on PATH (see scripts/PULUMI-CLI.md)");
    work = fs.mkdtempSync(path.join(os.tmpdir(), "appstream-user-project-"));
    assert.ok(path.relative(ROOT, work).startsWith(".."), "the project is outside the repository");
    tarball = packPackage(work);
  });

  after(() => {
    if (!work) return;
    if (process.env.USER_PROJECT_KEEP) process.stderr.write(`[user-project] kept ${work}\n`);
    else fs.rmSync(work, { recursive: true, force: true });
  });

  it("npm pack --dry-run lists only what a user needs: package.json, README.md, the compiled dist/ parts of \"files\"", () => {
    const out = execFileSync("npm", ["pack", "--dry-run", "--json", "--ignore-scripts", "--loglevel=error"], { cwd: ROOT, encoding: "utf8" });
    const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
    assert.ok(files.includes("package.json") && files.includes("README.md"));
    assert.ok(files.includes("dist/provider/index.js") && files.includes("dist/provider/index.d.ts"));
    assert.ok(files.includes("dist/emulator/index.js"));
    for (const bin of Object.values(PKG.bin as Record<string, string>)) assert.ok(files.includes(bin), `the bin ${bin} is packed`);
    // "files" names compiled folders under dist/, the plugin's executable directory (plugin/, which
    // a YAML, Python or Go project's plugins.providers[].path points at) and README.md only;
    // nothing outside them is packed.
    const listed = PKG.files as string[];
    for (const f of listed) assert.ok(/^dist\//.test(f) || f === "plugin" || f === "README.md" || f === "LICENSE", `package.json "files" has ${f}: only dist/ parts, plugin, README.md, LICENSE`);
    const extra = files.filter((f) => f !== "package.json" && !listed.some((l) => f === l || f.startsWith(`${l}/`)));
    assert.deepEqual(extra, [], "nothing else is packed");
    const bad = files.filter((f) => /(^|\/)(tests?|bench|\.cache|node_modules|examples|scripts)\//.test(f) || /\.test\.|\.ts$/.test(f.replace(/\.d\.ts$/, "")));
    assert.deepEqual(bad, [], "no tests, bench, .cache, examples, scripts or TypeScript sources");
  });

  /** A project, its emulator, its pulumi runs. */
  async function project(label: string, o: { spec: string; pulumiVersion: string; node?: number; allowScripts?: Record<string, boolean>; npmArgs?: string[] }) {
    const dir = path.join(work, label);
    const fleetName = `user-${label}`;
    const nd = o.node === undefined ? undefined : nodeDir(o.node);
    const install = await createProject({ dir, spec: o.spec, pulumiVersion: o.pulumiVersion, fleetName, allowScripts: o.allowScripts, nodeDir: nd, npmArgs: o.npmArgs });
    assertOk(install);
    assert.ok(!/EBADENGINE/.test(shown(install)), `npm install warned of an unsupported engine:\n${install.stderr}`);
    const emu = await startInstalledEmulator(dir, ["--start-delay", "1", "--stop-delay", "1"], nd);
    const stateDir = path.join(work, `${label}-state`);
    let seen = 0;
    const env = {
      AWS_ENDPOINT_URL_APPSTREAM: emu.url,
      AWS_REGION: "us-east-1",
      AWS_ACCESS_KEY_ID: "AKIDUSERPROJECT",
      AWS_SECRET_ACCESS_KEY: "user-project-secret",
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      PATH: withPathFirst(nd).PATH,
    };
    const pulumi = (...args: string[]) => runPulumi(args, { cwd: dir, stateDir, env: { ...env, PATH: [pulumiBin(), env.PATH].join(path.delimiter) } });
    const mutating = async () => {
      const c = await emu.control.calls(seen);
      if (c.length > 0) seen = c[c.length - 1].seq;
      return c.filter((x) => MUTATING.has(x.operation)).map((x) => x.operation);
    };
    const awsFleet = async () => {
      const r = await run(awsCliPath(), ["appstream", "describe-fleets", "--names", fleetName, "--endpoint-url", emu.url, "--region", "us-east-1", "--output", "json"], {
        cwd: dir,
        env: { ...process.env, AWS_ACCESS_KEY_ID: "x", AWS_SECRET_ACCESS_KEY: "y", AWS_EC2_METADATA_DISABLED: "true", PYTHONWARNINGS: "ignore" },
      });
      assertOk(r);
      return JSON.parse(r.stdout).Fleets[0];
    };
    const init = async () => {
      assertOk(await pulumi("stack", "init", "dev"));
      assertOk(await pulumi("config", "set", "aws:region", "us-east-1"));
      assertOk(await pulumi("config", "set", "fleetName", fleetName));
    };
    const previewCreate = async () => {
      const r = await pulumi("preview");
      assertOk(r);
      assert.match(r.stdout, /\+\s+pulumi-nodejs:dynamic\/appstream:Fleet\s+fleet\s+create/);
      assert.match(r.stdout, /\+ 2 to create/);
      assert.deepEqual(await mutating(), [], "a preview only reads");
    };
    const upCreate = async () => {
      const r = await pulumi("up", "--yes");
      assertOk(r);
      assert.match(r.stdout, /\+ 2 created/);
      assert.match(r.stdout, /state\s*:\s*"RUNNING"/);
      assert.match(r.stdout, /sessionCount\s*:\s*0/);
      assert.match(r.stdout, /imageName\s*:\s*"AppStream-WinServer2019-/);
      const major = o.node ?? Number(process.versions.node.split(".")[0]);
      assert.match(r.stdout, new RegExp(`nodeVersion\\s*:\\s*"v${major}\\.`), `the program ran on Node ${major}`);
      assert.deepEqual(await mutating(), ["CreateFleet", "StartFleet"]);
      const f = await awsFleet();
      assert.equal(f.State, "RUNNING");
      assert.equal(f.InstanceType, "stream.standard.medium");
    };
    const destroy = async () => {
      const r = await pulumi("destroy", "--yes");
      assertOk(r);
      assert.match(r.stdout, /- 2 deleted/);
      assert.deepEqual(await mutating(), ["StopFleet", "DeleteFleet"]);
      assert.equal((await emu.control.fleets()).find((f) => f.Name === fleetName), undefined, "the fleet is gone");
      const state = await pulumi("stack", "export");
      assertOk(state);
      for (const secret of ["AKIDUSERPROJECT", "user-project-secret"]) assert.ok(!state.stdout.includes(secret), `${secret} is in the stack's state`);
    };
    /** The user's own type check: tsc --noEmit under the project's strict tsconfig.json. */
    const tsc = async () => assertOk(await run(path.join(dir, "node_modules", ".bin", "tsc"), ["--noEmit", "-p", "."], { cwd: dir, env: withPathFirst(nd) }));
    return { dir, emu, pulumi, mutating, awsFleet, tsc, init, previewCreate, upCreate, destroy };
  }

  /** preview, up, an instanceType change (preview, up), refresh --expect-no-changes, destroy. */
  function fullLifecycle(label: string, node?: number) {
    describe(`the tarball, @pulumi/pulumi ${NEWEST_PULUMI}, Node ${node ?? process.versions.node}`, () => {
      let p: Awaited<ReturnType<typeof project>>;
      let emu: UserEmulator | undefined;
      before(async () => {
        p = await project(label, { spec: tarball, pulumiVersion: NEWEST_PULUMI, node });
        emu = p.emu;
      });
      after(async () => emu?.close());

      it("npm install of the tarball gave the package, its bins, and types that compile under a strict tsconfig (tsc --noEmit)", async () => {
        const installed = JSON.parse(fs.readFileSync(path.join(p.dir, "node_modules", "pulumi-appstream-fleet", "package.json"), "utf8"));
        assert.equal(installed.version, PKG.version);
        for (const b of Object.keys(PKG.bin)) assert.ok(fs.existsSync(path.join(p.dir, "node_modules", ".bin", b)), `node_modules/.bin/${b}`);
        const deps = JSON.parse(fs.readFileSync(path.join(p.dir, "package.json"), "utf8")).dependencies;
        assert.match(deps["pulumi-appstream-fleet"], /^file:.*pulumi-appstream-fleet-.*\.tgz$/);
        await p.tsc();
      });

      it("pulumi preview, then pulumi up creates and starts the fleet", async () => {
        await p.init();
        await p.previewCreate();
        await p.upCreate();
      });

      it("an instanceType change: pulumi preview --diff shows STOP-UPDATE-START, pulumi up stops, updates, starts (the AWS CLI sees it)", async () => {
        assertOk(await p.pulumi("config", "set", "instanceType", "stream.standard.large"));
        const pre = await p.pulumi("preview", "--diff");
        assertOk(pre);
        assert.match(pre.stdout, /~ instanceType\s*:\s*"stream.standard.medium" => "stream.standard.large"/);
        // plannedAction is a list of lines on --diff stdout, read as a PR comment shows it (tests/support/diff-display.ts).
        const plans = [...plannedActionsByResource(pre.stdout).values()].map((lines) => lines.join(" "));
        assert.ok(plans.some((t) => /^STOP-UPDATE-START: fleet \S+ will be stopped and restarted to change instanceType/.test(t)), pre.stdout);
        assert.match(pre.stdout, /~ 1 to update/);
        assert.deepEqual(await p.mutating(), [], "a preview only reads");

        const up = await p.pulumi("up", "--yes");
        assertOk(up);
        assert.match(up.stdout, /~ 1 updated/);
        assert.deepEqual(await p.mutating(), ["StopFleet", "UpdateFleet", "StartFleet"]);
        const f = await p.awsFleet();
        assert.equal(f.InstanceType, "stream.standard.large");
        assert.equal(f.State, "RUNNING");
      });

      it("pulumi refresh --expect-no-changes passes, then pulumi destroy deletes the fleet", async () => {
        const r = await p.pulumi("refresh", "--expect-no-changes", "--yes");
        assertOk(r);
        assert.deepEqual(await p.mutating(), [], "a refresh only reads");
        await p.destroy();
      });
    });
  }

  fullLifecycle("tarball");
  for (const major of OTHER_NODE_MAJORS) fullLifecycle(`node${major}`, major);

  describe(`the lowest @pulumi/pulumi of the peer range (${LOWEST_PULUMI})`, () => {
    let p: Awaited<ReturnType<typeof project>>;
    after(async () => p?.emu.close());
    it("installs with no EBADENGINE, compiles (tsc --noEmit); pulumi preview, up, destroy", async () => {
      p = await project("lowest-pulumi", { spec: tarball, pulumiVersion: LOWEST_PULUMI as string });
      const v = JSON.parse(fs.readFileSync(path.join(p.dir, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
      assert.equal(v, LOWEST_PULUMI);
      // The floor is where the package's declarations compile: Fleet's provider type names
      // pulumi.dynamic.ConfigureRequest, which @pulumi/pulumi has since 3.139.0.
      await p.tsc();
      await p.init();
      await p.previewCreate();
      await p.upCreate();
      await p.destroy();
    });
  });

  describe("git+file:// of a clean clone of HEAD (npm builds dist/ with the package's prepare)", () => {
    let p: Awaited<ReturnType<typeof project>>;
    after(async () => p?.emu.close());
    it("npm install git+file://<clone> gives a built package; pulumi preview, up, destroy", async () => {
      const clone = path.join(work, "clone");
      execFileSync("git", ["clone", "--quiet", ROOT, clone], { stdio: "ignore" });
      assert.ok(!fs.existsSync(path.join(clone, "dist")), "a clean clone has no dist/");
      const url = `git+file://${clone}`;
      // npm 11: the git dependency's prepare, approved in package.json as README.md's Install section says.
      p = await project("git", { spec: url, pulumiVersion: NEWEST_PULUMI, allowScripts: { [url]: true } });
      assert.ok(fs.existsSync(path.join(p.dir, "node_modules", "pulumi-appstream-fleet", "dist", "provider", "index.js")), "prepare built dist/");
      const deps = JSON.parse(fs.readFileSync(path.join(p.dir, "package.json"), "utf8")).dependencies;
      assert.equal(deps["pulumi-appstream-fleet"], url);
      await p.init();
      await p.previewCreate();
      await p.upCreate();
      await p.destroy();
    });
  });

  describe("bad input: an unsupported Node.js or @pulumi/pulumi fails pulumi preview with one line", () => {
    /** The error lines of a failed `pulumi preview` of the program (the diagnostics of the Stack). */
    const errorLines = (r: PulumiResult) => r.stdout.split("\n").filter((l) => /^\s*error:/.test(l));
    const assertOneLine = (r: PulumiResult, expected: RegExp) => {
      assert.notEqual(r.code, 0, `pulumi preview passed:\n${r.stdout}`);
      const lines = errorLines(r);
      assert.ok(lines.some((l) => expected.test(l)), `no error line matches ${expected}:\n${r.stdout}\n${r.stderr}`);
      // The program's failure is that one line: no "Running program ... failed with an unhandled exception", no stack frames.
      assert.ok(!/unhandled exception|^\s+at\s/m.test(shown(r)), `a stack trace was shown:\n${r.stdout}\n${r.stderr}`);
      const ours = lines.filter((l) => /pulumi-appstream-fleet/.test(l));
      assert.equal(ours.length, 1, `one line names the package:\n${r.stdout}`);
    };

    let emu: UserEmulator | undefined;
    after(async () => emu?.close());

    it(`Node.js ${TOO_OLD_NODE}: "pulumi-appstream-fleet ... supports Node.js >=22 (tested: ...); this is Node.js ${TOO_OLD_NODE}.x"`, async () => {
      assert.equal(satisfies(`${TOO_OLD_NODE}.0.0`, PKG.engines.node), false, `Node ${TOO_OLD_NODE} is outside engines.node`);
      // The project is installed with a supported Node; only the program runs on the old one.
      const p = await project("old-node", { spec: tarball, pulumiVersion: NEWEST_PULUMI });
      emu = p.emu;
      await p.init();
      const old = nodeDir(TOO_OLD_NODE);
      const r = await runPulumi(["preview"], {
        cwd: p.dir,
        stateDir: path.join(work, "old-node-state"),
        env: { AWS_ENDPOINT_URL_APPSTREAM: p.emu.url, AWS_REGION: "us-east-1", PATH: [pulumiBin(), old, process.env.PATH].join(path.delimiter) },
      });
      assertOneLine(r, new RegExp(`error: pulumi-appstream-fleet ${PKG.version} supports Node\\.js ${PKG.engines.node.replace(/[>=]/g, "\\$&")} \\(tested: 22 and 24\\); this is Node\\.js ${TOO_OLD_NODE}\\.`));
      assert.deepEqual(await p.mutating(), []);
      await p.emu.close();
    });

    it(`@pulumi/pulumi ${TOO_OLD_PULUMI}: npm install refuses it; forced (--legacy-peer-deps), "pulumi-appstream-fleet ... supports @pulumi/pulumi ^...; this program loads @pulumi/pulumi ${TOO_OLD_PULUMI}"`, async () => {
      assert.equal(satisfies(TOO_OLD_PULUMI, PKG.peerDependencies["@pulumi/pulumi"]), false, `${TOO_OLD_PULUMI} is outside the peer range`);
      // npm itself refuses the install (ERESOLVE, naming the peer range)...
      const refused = await createProject({ dir: path.join(work, "old-pulumi-refused"), spec: tarball, pulumiVersion: TOO_OLD_PULUMI, fleetName: "unused" });
      assert.notEqual(refused.code, 0, "npm install accepted an @pulumi/pulumi outside the peer range");
      assert.match(refused.stderr, /ERESOLVE[\s\S]*peer @pulumi\/pulumi@"\^3\.\d+\.\d+" from pulumi-appstream-fleet/);
      // ...so the program meets it only when the install was forced: then the package refuses it.
      const p = await project("old-pulumi", { spec: tarball, pulumiVersion: TOO_OLD_PULUMI, npmArgs: ["--legacy-peer-deps"] });
      emu = p.emu;
      await p.init();
      const r = await p.pulumi("preview");
      const range = PKG.peerDependencies["@pulumi/pulumi"].replace(/[\^.]/g, "\\$&");
      assertOneLine(r, new RegExp(`error: pulumi-appstream-fleet ${PKG.version} supports @pulumi/pulumi ${range}; this program loads @pulumi/pulumi ${TOO_OLD_PULUMI.replace(/\./g, "\\.")}`));
      assert.deepEqual(await p.mutating(), []);
    });
  });
});
