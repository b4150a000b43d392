/**
 * Writes the upgrade fixture of the package's current version: tests/upgrade/fixtures/<version>/.
 *
 *   npm run fixture:upgrade              # refuses to replace an existing fixture
 *   npm run fixture:upgrade -- --force   # replaces it (only before that version is released)
 *
 * As a user would: the package installed from `npm pack` (as tests/e2e install it), the program
 * of tests/upgrade/program in a project directory, the emulator as its own process with a
 * --state-file, the `pulumi` CLI with a file backend and a passphrase. `pulumi up --yes` creates
 * the fleet and starts it; the stack is exported with `pulumi stack export` (unchanged); the
 * emulator is stopped, which writes its state file (the same fleet, RUNNING). The fixture gets
 * the program, the stack's config file, the export, the emulator's state and fixture.json. Then
 * the stack is destroyed in this scratch backend (the emulator's copy is already saved).
 *
 * The export must not depend on this machine: the script fails if it holds the project's or the
 * scratch folder's absolute path, or the fake credentials.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { installedProject, ROOT } from "../../tools/automation";
import { startEmulatorProcess } from "../../tools/emulator-process";
import { languageHost, pulumiBin, PulumiResult, runPulumi } from "../../tools/pulumi-cli";
import { awsEnv, FIXTURE_FILES, FixtureInfo, FIXTURES_DIR, FLEET_TYPE, PASSPHRASE, SECRET_VALUE, PROGRAM_DIR, PROGRAM_FILES, PROJECT, projectDir, STACK } from "./fixture";

function ok(r: PulumiResult): PulumiResult {
  if (r.code !== 0) throw new Error(`\`${r.command}\` exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r;
}

async function main(): Promise<void> {
  const force = process.argv.includes("--force");
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const version: string = pkg.version;
  const out = path.join(FIXTURES_DIR, version);
  if (fs.existsSync(out) && !force) {
    throw new Error(`${path.relative(ROOT, out)} exists: a released version's fixture is never replaced (--force replaces it before the release).`);
  }
  if (!fs.existsSync(path.join(ROOT, "dist", "provider", "index.js"))) throw new Error("dist/ is missing: run `npm run build` first");
  const bin = pulumiBin();
  if (!languageHost(bin)) throw new Error(`no pulumi-language-nodejs next to ${bin}/pulumi or on PATH (see scripts/PULUMI-CLI.md)`);

  const scratch = path.join(ROOT, ".cache", "upgrade-fixture", `run-${process.pid}`);
  fs.rmSync(scratch, { recursive: true, force: true });
  const installed = installedProject();
  const dir = projectDir(path.join(scratch, "project"), PROGRAM_DIR, installed);
  const stateDir = path.join(scratch, "pulumi");
  const emulatorState = path.join(scratch, "emulator-state.json");
  const emu = await startEmulatorProcess(["--start-delay", "1", "--stop-delay", "1", "--state-file", emulatorState]);
  let closed = false;
  try {
    const pulumi = (...args: string[]) => runPulumi(args, { cwd: dir, stateDir, env: awsEnv(emu.url) });
    const log = (m: string) => process.stderr.write(`[fixture] ${m}\n`);
    log(`package ${version}: pulumi stack init ${STACK}, pulumi up --yes (emulator ${emu.url})`);
    ok(await pulumi("stack", "init", STACK));
    ok(await pulumi("config", "set", "aws:region", "us-east-1"));
    ok(await pulumi("config", "set", "--secret", "supportContact", SECRET_VALUE));
    ok(await pulumi("up", "--yes", "--skip-preview"));

    const fleets = await emu.control.fleets();
    const fleet = fleets.find((f) => f.Name === "upgrade-fleet");
    assert.equal(fleet?.State, "RUNNING", "the fleet is RUNNING after pulumi up");
    const exported = ok(await pulumi("stack", "export")).stdout;
    const deployment = JSON.parse(exported);
    const res = deployment.deployment.resources.find((r: { type: string }) => r.type === FLEET_TYPE);
    assert.ok(res, "the export holds the fleet");
    assert.equal(res.outputs.state, "RUNNING");
    assert.ok(res.outputs.vpcConfig?.subnetIds?.length, "the fleet has a VPC");
    assert.equal(res.outputs.computeCapacity?.desiredInstances, 2);
    assert.ok(typeof res.inputs.__provider === "string" && res.inputs.__provider.includes('require("pulumi-appstream-fleet/fleet/host")'), "the serialized provider loads the package by name");
    const stackRes = deployment.deployment.resources.find((r: { type: string }) => r.type === "pulumi:pulumi:Stack");
    assert.match(String(stackRes?.outputs?.imageName), /^AppStream-WinServer2019-/, "the lookup's result is a stack output");
    assert.ok(!exported.includes(SECRET_VALUE), "the secret output is encrypted in the export");
    for (const leak of [scratch, dir, installed, ROOT, "AKIDUPGRADEFIXTURE", "upgrade-fixture-secret"]) {
      assert.ok(!exported.includes(leak), `the export holds ${leak}: a fixture must not depend on the machine that made it`);
    }
    closed = true;
    assert.equal(await emu.close(), 0, "the emulator exits 0 (and writes its state file) on SIGTERM");
    const cli = ok(await runPulumi(["version"], { cwd: dir, stateDir })).stdout.trim();

    fs.rmSync(out, { recursive: true, force: true });
    fs.mkdirSync(out, { recursive: true });
    for (const f of PROGRAM_FILES) fs.copyFileSync(path.join(PROGRAM_DIR, f), path.join(out, f));
    fs.copyFileSync(path.join(dir, FIXTURE_FILES.config), path.join(out, FIXTURE_FILES.config));
    fs.writeFileSync(path.join(out, FIXTURE_FILES.state), exported.endsWith("\n") ? exported : `${exported}\n`);
    fs.copyFileSync(emulatorState, path.join(out, FIXTURE_FILES.emulator));
    const info: FixtureInfo = {
      packageVersion: version,
      createdAt: new Date().toISOString(),
      pulumiCli: cli,
      pulumiSdk: JSON.parse(fs.readFileSync(path.join(installed, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version,
      node: process.version,
      project: PROJECT,
      stack: STACK,
      passphrase: PASSPHRASE,
      fleet: {
        name: res.outputs.name,
        state: res.outputs.state,
        instanceType: res.outputs.instanceType,
        imageName: res.outputs.imageName,
        tags: res.outputs.tags,
      },
    };
    fs.writeFileSync(path.join(out, FIXTURE_FILES.info), JSON.stringify(info, null, 2) + "\n");
    log(`written: ${path.relative(ROOT, out)}/ (${fs.readdirSync(out).sort().join(", ")})`);

    // The scratch stack goes (the emulator that held the fleet is stopped: a new one from the
    // saved state lets the destroy find it).
    const emu2 = await startEmulatorProcess(["--start-delay", "1", "--stop-delay", "1", "--state-file", emulatorState]);
    try {
      ok(await runPulumi(["destroy", "--yes", "--skip-preview"], { cwd: dir, stateDir, env: awsEnv(emu2.url) }));
      ok(await runPulumi(["stack", "rm", "--yes"], { cwd: dir, stateDir, env: awsEnv(emu2.url) }));
    } finally {
      await emu2.close();
    }
    fs.rmSync(scratch, { recursive: true, force: true });
  } finally {
    if (!closed) await emu.close();
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
