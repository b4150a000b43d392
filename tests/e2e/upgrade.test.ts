/**
 * Stacks survive upgrades: every fixture in tests/upgrade/fixtures/<version>/ (a stack exported by
 * that version, with the emulator's state holding the same fleet; see tests/upgrade/README.md) is
 * run with the CURRENT code, as a user who upgrades the package runs it.
 *
 * Per fixture: a project directory with the fixture's program and config, and the current package
 * from `npm pack` in node_modules (the serialized provider in the state loads the package by name,
 * so it is the current code that answers); the emulator as its own process on a copy of the
 * fixture's --state-file; a fresh file backend. `pulumi stack init` + `pulumi stack import` of the
 * export, then `pulumi preview --expect-no-changes`, `pulumi refresh --expect-no-changes`, an
 * update (instanceType: stop-update-start; a tag) and `pulumi destroy`, each asserting the exit
 * code and what AWS saw (the emulator's call log).
 *
 * Needs `pulumi-language-nodejs` (scripts/pulumi-cli.sh provides it: see scripts/PULUMI-CLI.md).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { languageHost, pulumiBin } from "../../tools/pulumi-cli";
import { assertOk, emulatedProject } from "../support/pulumi-project";
import { awsEnv, FIXTURE_FILES, FixtureInfo, fixtureDirs, FLEET_TYPE, PASSPHRASE, projectDir, SECRET_VALUE } from "../upgrade/fixture";
import { CACHE, ROOT, installedProject, removeStaleRuns } from "../../tools/automation";

const fleetOf = (deployment: any) => deployment.deployment.resources.find((r: { type: string }) => r.type === FLEET_TYPE);
const stackOf = (deployment: any) => deployment.deployment.resources.find((r: { type: string }) => r.type === "pulumi:pulumi:Stack");

const fixtures = fixtureDirs();

describe("e2e: stacks written by earlier versions run with the current code", function () {
  it("the fixtures: 0.1.0's and the current version's (each release adds its own), each complete", () => {
    const versions = fixtures.map((d) => path.basename(d));
    const current: string = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version;
    for (const v of new Set(["0.1.0", current])) {
      assert.ok(versions.includes(v), `no fixture of ${v} in tests/upgrade/fixtures (found: ${versions.join(", ") || "none"}): run \`npm run fixture:upgrade\` (tests/upgrade/README.md)`);
    }
    for (const d of fixtures) {
      for (const f of [...Object.values(FIXTURE_FILES), "Pulumi.yaml", "index.ts"]) assert.ok(fs.existsSync(path.join(d, f)), `${path.relative(ROOT, d)} lacks ${f}`);
      const info: FixtureInfo = JSON.parse(fs.readFileSync(path.join(d, FIXTURE_FILES.info), "utf8"));
      assert.equal(info.packageVersion, path.basename(d), `${path.relative(ROOT, d)}: fixture.json names version ${info.packageVersion}`);
    }
  });

  for (const fixture of fixtures) {
    const version = path.basename(fixture);
    const info: FixtureInfo = JSON.parse(fs.readFileSync(path.join(fixture, FIXTURE_FILES.info), "utf8"));
    const exported = JSON.parse(fs.readFileSync(path.join(fixture, FIXTURE_FILES.state), "utf8"));

    describe(`the stack of ${version} (fleet ${info.fleet.name}, ${info.fleet.state})`, function () {
      this.timeout(10 * 60 * 1000);
      const work = path.join(CACHE, `upgrade-${version}`);
      // The emulator works on a copy: the fixture is never written.
      const emulatorState = path.join(work, FIXTURE_FILES.emulator);
      const p = emulatedProject({
        dir: path.join(work, "project"),
        stateDir: path.join(work, "pulumi"),
        check() {
          const bin = pulumiBin();
          assert.ok(languageHost(bin), `no pulumi-language-nodejs next to ${bin}/pulumi or on PATH (see scripts/PULUMI-CLI.md)`);
          if (!fs.existsSync(path.join(ROOT, "dist", "emulator", "cli.js"))) throw new Error("dist/ is missing: run `npm run build` first");
          removeStaleRuns();
        },
        setup(dir) {
          projectDir(dir, fixture, installedProject(), [FIXTURE_FILES.config]);
          fs.copyFileSync(path.join(fixture, FIXTURE_FILES.emulator), emulatorState);
        },
        emulatorArgs: ["--start-delay", "1", "--stop-delay", "1", "--state-file", emulatorState],
        env: (url) => ({ ...awsEnv(url), PULUMI_CONFIG_PASSPHRASE: info.passphrase ?? PASSPHRASE }),
      });
      const { pulumi, calls, mutatingOps } = p;
      const liveFleet = () => p.fleet(info.fleet.name);

      it("the fixture holds a RUNNING fleet with a VPC, tags and capacity, a lookup's output and the serialized provider; the emulator holds the same fleet", async () => {
        const res = fleetOf(exported);
        assert.ok(res, "the export holds a Fleet");
        assert.equal(res.outputs.state, "RUNNING");
        assert.ok(res.outputs.vpcConfig?.subnetIds?.length > 0, "the fleet has subnets");
        assert.ok(res.outputs.computeCapacity?.desiredInstances > 0, "the fleet has a capacity");
        assert.deepEqual(res.outputs.tags, info.fleet.tags);
        assert.equal(typeof res.inputs.__provider, "string", "the serialized provider is in the state");
        assert.match(String(stackOf(exported)?.outputs?.imageName), /^AppStream-/, "the image lookup's result is a stack output");
        const live = await liveFleet();
        assert.equal(live?.State, "RUNNING");
        assert.equal(live?.Arn, res.outputs.arn);
        assert.equal(live?.InstanceType, res.outputs.instanceType);
        assert.equal(live?.ImageName, res.outputs.imageName);
        assert.deepEqual(await calls(), [], "nothing reached AWS yet but the control API");
      });

      it("pulumi stack import into a fresh file backend keeps the state as exported (the serialized provider byte for byte)", async () => {
        await p.initStack(info.stack);
        assertOk(await pulumi("stack", "import", "--file", path.join(fixture, FIXTURE_FILES.state)));
        const back = await pulumi("stack", "export");
        assertOk(back);
        const state = JSON.parse(back.stdout);
        assert.equal(fleetOf(state).inputs.__provider, fleetOf(exported).inputs.__provider);
        assert.deepEqual(fleetOf(state).outputs, fleetOf(exported).outputs);
        const secret = await pulumi("stack", "output", "--show-secrets", "supportContact");
        assertOk(secret);
        assert.equal(secret.stdout.trim(), SECRET_VALUE, "the secret output decrypts with the stack's passphrase");
        assert.deepEqual(mutatingOps(await calls()), []);
      });

      it("pulumi preview --expect-no-changes: no diff, no replacement, no error", async () => {
        const r = await pulumi("preview", "--expect-no-changes", "--diff");
        assertOk(r);
        assert.doesNotMatch(r.stdout, /to (create|update|replace|delete)/);
        assert.doesNotMatch(`${r.stdout}\n${r.stderr}`, /\berror\b/i);
        const c = await calls();
        assert.deepEqual(mutatingOps(c), [], "a preview only reads");
        assert.ok(c.some((x) => x.operation === "DescribeImages"), "the program's lookup ran against the emulator");
      });

      it("pulumi refresh --expect-no-changes: AWS and the state agree", async () => {
        const r = await pulumi("refresh", "--yes", "--expect-no-changes");
        assertOk(r);
        assert.doesNotMatch(r.stdout, /\d+ updated/);
        const c = await calls();
        assert.deepEqual(mutatingOps(c), [], "a refresh only reads");
        assert.ok(c.some((x) => x.operation === "DescribeFleets"), "the refresh read the fleet");
      });

      it("an update with the current code: instanceType (stop, update, start) and a tag", async () => {
        const from = info.fleet.instanceType;
        const to = from === "stream.standard.large" ? "stream.standard.medium" : "stream.standard.large";
        assertOk(await pulumi("config", "set", "instanceType", to));
        assertOk(await pulumi("config", "set", "team", "upgraded"));
        const r = await pulumi("up", "--yes");
        assertOk(r);
        assert.match(r.stdout, /~ 1 updated/);
        assert.match(r.stdout, new RegExp(`instanceType\\s*:\\s*"${from}" => "${to}"`));
        const ops = mutatingOps(await calls());
        assert.deepEqual(ops.filter((o) => o !== "TagResource" && o !== "UntagResource"), ["StopFleet", "UpdateFleet", "StartFleet"]);
        assert.ok(ops.includes("TagResource"), `the tag change was sent (calls: ${ops.join(", ")})`);
        const live = await liveFleet();
        assert.equal(live?.State, "RUNNING");
        assert.equal(live?.InstanceType, to);
        const state = await pulumi("stack", "export");
        assertOk(state);
        const res = fleetOf(JSON.parse(state.stdout));
        assert.equal(res.outputs.instanceType, to);
        assert.equal(res.outputs.tags.team, "upgraded");
        assert.equal(res.outputs.state, "RUNNING");
      });

      it("pulumi destroy deletes the fleet", async () => {
        const r = await pulumi("destroy", "--yes");
        assertOk(r);
        assert.match(r.stdout, /- \d+ deleted/);
        assert.deepEqual(mutatingOps(await calls()), ["StopFleet", "DeleteFleet"]);
        assert.equal(await liveFleet(), undefined);
      });
    });
  }
});
