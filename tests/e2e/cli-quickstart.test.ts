/**
 * examples/quickstart run exactly as a user runs it: the `pulumi` CLI in a project directory.
 *
 * A fresh directory gets the example's files and `npm install` of the package from `npm pack`
 * (the install of tools/automation.ts, cached by content, linked in as node_modules); the emulator runs as
 * its own process (`node dist/emulator/cli.js --port 0`) and the program reaches it through
 * AWS_ENDPOINT_URL_APPSTREAM, as examples/quickstart/README.md says. Then `pulumi login` (file
 * backend), `stack init`, `config set`, `preview`, `up --yes`, an instanceType change (`preview
 * --diff`, `up --yes`: stop-update-start), drift made with the AWS CLI and `refresh --yes`,
 * `destroy --yes`, `stack rm --yes`. Each step asserts the exit code, the text the user reads
 * (stdout and stderr) and what AWS saw (the emulator's call log).
 *
 * Needs `pulumi-language-nodejs` (scripts/pulumi-cli.sh provides it: see scripts/PULUMI-CLI.md).
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { awsCliPath } from "../support/aws-cli";
import { languageHost, pulumiBin } from "../../tools/pulumi-cli";
import { assertOk, emulatedProject, shown } from "../support/pulumi-project";
import { CACHE, ROOT, installedProject, removeStaleRuns } from "../../tools/automation";

const EXAMPLE = path.join(ROOT, "examples", "quickstart");
const FLEET = "quickstart-fleet";

/** Fills the project directory `dir`: the example's files, its package.json naming the packed tarball, node_modules installed. */
function fillProject(dir: string): void {
  const installed = installedProject();
  for (const f of ["Pulumi.yaml", "index.ts", "program.ts", "tsconfig.json", "README.md"]) fs.copyFileSync(path.join(EXAMPLE, f), path.join(dir, f));
  // package.json as `npm install <tarball>` leaves it: the example's, with our dependency on the tarball.
  fs.copyFileSync(path.join(installed, "package.json"), path.join(dir, "package.json"));
  fs.symlinkSync(path.join(installed, "node_modules"), path.join(dir, "node_modules"), "dir");
}

describe("e2e: examples/quickstart with the pulumi CLI, as a user runs it", function () {
  this.timeout(10 * 60 * 1000);
  /** The program's environment: what the quickstart's README tells the user to export. */
  const awsEnv = (url: string) => ({
    AWS_ENDPOINT_URL_APPSTREAM: url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDQUICKSTART",
    AWS_SECRET_ACCESS_KEY: "quickstart-secret",
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
  });
  /** The project and the emulator; `pulumi` runs with no PULUMI_BACKEND_URL: the backend is the one of `pulumi login`. */
  const p = emulatedProject({
    dir: path.join(CACHE, "quickstart"),
    stateDir: path.join(CACHE, "quickstart-state"),
    check() {
      const bin = pulumiBin();
      assert.ok(
        languageHost(bin),
        `no pulumi-language-nodejs next to ${bin}/pulumi or on PATH: \`pulumi up\` in a project directory needs it. ` +
          "Set PULUMI_LANGUAGE_NODEJS_SRC to its source and run `bash scripts/pulumi-cli.sh` (see scripts/PULUMI-CLI.md), or install Pulumi.",
      );
      if (!fs.existsSync(path.join(ROOT, "dist", "emulator", "cli.js"))) throw new Error("dist/ is missing: run `npm run build` first");
      removeStaleRuns();
    },
    setup: fillProject,
    emulatorArgs: ["--start-delay", "1", "--stop-delay", "1"],
    env: awsEnv,
    backendUrl: null,
    // E2E_CLI_TRANSCRIPT=<file>: every command with its exit code and output, to read what users see.
    onResult(r) {
      if (process.env.E2E_CLI_TRANSCRIPT)
        fs.appendFileSync(process.env.E2E_CLI_TRANSCRIPT, `$ ${r.command}\n[exit ${r.code}]\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}\n`);
    },
  });
  const { dir, stateDir, pulumi, calls, mutatingOps } = p;

  it("pulumi login to a file backend, stack init, config set", async () => {
    const backend = path.join(stateDir, "backend");
    fs.mkdirSync(backend, { recursive: true });
    const login = await pulumi("login", `file://${backend}`);
    assertOk(login);
    assert.match(login.stdout, new RegExp(`Logged in to .* as .* \\(file://${backend.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\)`));

    const init = await pulumi("stack", "init", "dev");
    assertOk(init);
    assert.match(shown(init), /Created stack 'dev'/);
    assert.ok(fs.existsSync(path.join(backend, ".pulumi", "stacks", "appstream-quickstart", "dev.json")), "the stack lives in the file backend");

    assertOk(await pulumi("config", "set", "aws:region", "us-east-1"));
    assert.match(fs.readFileSync(path.join(dir, "Pulumi.dev.yaml"), "utf8"), /aws:region: us-east-1/);
    assert.deepEqual(await calls(), [], "nothing reached AWS yet");
  });

  it("pulumi preview shows the fleet to create and changes nothing", async () => {
    const r = await pulumi("preview");
    assertOk(r);
    assert.match(r.stdout, /Previewing update \(dev\)/);
    assert.match(r.stdout, /\+\s+pulumi-nodejs:dynamic\/appstream:Fleet\s+quickstart\s+create/);
    assert.match(r.stdout, /\+ 2 to create/);
    const c = await calls();
    assert.deepEqual(mutatingOps(c), [], "a preview only reads");
    assert.ok(c.some((x) => x.operation === "DescribeImages"), "the image lookup ran against the emulator");
  });

  it("pulumi up --yes creates the fleet and starts it", async () => {
    const r = await pulumi("up", "--yes");
    assertOk(r);
    assert.match(r.stdout, /Updating \(dev\)/);
    assert.match(r.stdout, /\+ 2 created/);
    assert.match(r.stdout, /fleetName\s*:\s*"quickstart-fleet"/);
    assert.match(r.stdout, /state\s*:\s*"RUNNING"/);
    assert.match(r.stdout, /instanceType\s*:\s*"stream.standard.medium"/);
    assert.match(r.stdout, /imageName\s*:\s*"AppStream-WinServer2019-/);
    assert.deepEqual(mutatingOps(await calls()), ["CreateFleet", "StartFleet"]);
    const fleet = await p.fleet(FLEET);
    assert.equal(fleet?.State, "RUNNING");
  });

  it("an instanceType change: pulumi preview --diff warns of the stop, pulumi up --yes stops, updates, starts", async () => {
    assertOk(await pulumi("config", "set", "instanceType", "stream.standard.large"));
    const pre = await pulumi("preview", "--diff");
    assertOk(pre);
    assert.match(pre.stdout, /~ instanceType\s*:\s*"stream.standard.medium" => "stream.standard.large"/);
    assert.match(pre.stdout, /~ 1 to update/);
    // The provider's preview warning (on stderr with --diff, where the CLI prints diagnostics).
    assert.match(shown(pre), /warning: fleet quickstart-fleet will be stopped and restarted to change instanceType/);
    assert.deepEqual(mutatingOps(await calls()), [], "a preview only reads");

    const up = await pulumi("up", "--yes");
    assertOk(up);
    assert.match(up.stdout, /~ 1 updated/);
    assert.match(up.stdout, /~ instanceType\s*:\s*"stream.standard.medium" => "stream.standard.large"/);
    assert.match(up.stdout, /state\s*:\s*"RUNNING"/);
    const c = await calls();
    assert.deepEqual(mutatingOps(c), ["StopFleet", "UpdateFleet", "StartFleet"]);
    const update = c.find((x) => x.operation === "UpdateFleet");
    assert.equal(update?.fleetState, "STOPPED", "UpdateFleet reached a stopped fleet");
    const fleet = await p.fleet(FLEET);
    assert.equal(fleet?.InstanceType, "stream.standard.large");
    assert.equal(fleet?.State, "RUNNING");
  });

  it("drift made with the AWS CLI: pulumi refresh --yes takes it into the state", async () => {
    const aws = await new Promise<{ code: number; stderr: string }>((resolve) =>
      execFile(
        awsCliPath(),
        ["appstream", "update-fleet", "--name", FLEET, "--display-name", "Changed in the console", "--endpoint-url", p.emu.url, "--region", "us-east-1", "--output", "json"],
        { env: { ...process.env, ...p.env(), AWS_EC2_METADATA_DISABLED: "true", PYTHONWARNINGS: "ignore" } as NodeJS.ProcessEnv },
        (e, _out, stderr) => resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, stderr }),
      ),
    );
    assert.equal(aws.code, 0, `aws appstream update-fleet failed: ${aws.stderr}`);
    await calls();

    const r = await pulumi("refresh", "--yes");
    assertOk(r);
    assert.match(r.stdout, /Refreshing \(dev\)/);
    assert.match(r.stdout, /~\s+pulumi-nodejs:dynamic\/appstream:Fleet quickstart updated .*\[diff: ~displayName\]/);
    assert.match(r.stdout, /~ 1 updated/);
    assert.deepEqual(mutatingOps(await calls()), [], "a refresh only reads");
    const state = await pulumi("stack", "export");
    assertOk(state);
    const fleet = JSON.parse(state.stdout).deployment.resources.find((x: { type: string }) => x.type === "pulumi-nodejs:dynamic/appstream:Fleet");
    assert.equal(fleet.outputs.displayName, "Changed in the console");
    for (const secret of ["AKIDQUICKSTART", "quickstart-secret"]) assert.ok(!state.stdout.includes(secret), `${secret} is in the stack's state`);
  });

  it("pulumi destroy --yes deletes the fleet; pulumi stack rm --yes removes the stack", async () => {
    const r = await pulumi("destroy", "--yes");
    assertOk(r);
    assert.match(r.stdout, /Destroying \(dev\)/);
    assert.match(r.stdout, /- 2 deleted/);
    assert.match(r.stdout, /If you want to remove the stack completely, run `pulumi stack rm dev`/);
    assert.deepEqual(mutatingOps(await calls()), ["StopFleet", "DeleteFleet"]);
    assert.equal(await p.fleet(FLEET), undefined);

    const rm = await pulumi("stack", "rm", "--yes");
    assertOk(rm);
    assert.match(rm.stdout, /Stack 'dev' has been removed!/);
    assert.ok(!fs.existsSync(path.join(stateDir, "backend", ".pulumi", "stacks", "appstream-quickstart", "dev.json")), "the stack is gone from the backend");
    assert.equal(fs.existsSync(path.join(dir, "Pulumi.dev.yaml")), false, "stack rm removes the stack's config file");
    assert.deepEqual(mutatingOps(await calls()), []);
  });

  it("a bad config value (unknown instance type) fails pulumi preview naming the property, before any change", async () => {
    await p.initStack("bad", { "aws:region": "us-east-1" });
    assertOk(await pulumi("config", "set", "instanceType", "stream.turbo.huge"));
    await calls();
    const r = await pulumi("preview");
    assert.notEqual(r.code, 0, `pulumi preview accepted instanceType stream.turbo.huge:\n${r.stdout}\n${r.stderr}`);
    assert.match(r.stdout, /error: .*property instanceType\b.*stream\.turbo\.huge/);
    assert.match(r.stdout, /1 errored/);
    assert.deepEqual(mutatingOps(await calls()), [], "no AWS call changed anything");
    assertOk(await pulumi("stack", "rm", "--yes", "bad"));
  });
});
