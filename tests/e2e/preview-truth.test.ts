/**
 * Previews tell the truth at the edges, with the `pulumi` CLI in a project directory as a user
 * runs it, against the emulator as its own process (fleets, stacks and sessions made with the AWS
 * SDK, as by hand or by another team):
 *  - adoption of a fleet with a VPC, an IAM role, many tags the program omits and users streaming:
 *    every preview mode carries the whole plan, every removal and the users streaming (the stdout
 *    of `preview --diff`, what a PR comment shows, included: Pulumi cuts a string property after
 *    150 bytes, so the plan is a list of lines);
 *  - after `up`, the state describes the fleet (no planned action in its outputs or inputs, the
 *    region recorded, for Fleet.get too) and a refresh is clean;
 *  - a fleet stopped outside Pulumi: a plain `pulumi preview` says so and what `up` does; `up`
 *    starts it; the next preview is clean;
 *  - a replacement of a fleet associated with a stack the program does not manage fails at
 *    preview, as `up` would, naming the stack; `up` changes nothing.
 *
 * Needs `pulumi-language-nodejs` (scripts/pulumi-cli.sh provides it) and `npm run build`.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { execFile } from "child_process";
import { promisify } from "util";
import {
  AppStreamClient,
  AssociateFleetCommand,
  CreateFleetCommand,
  CreateStackCommand,
  DescribeFleetsCommand,
  DisassociateFleetCommand,
  StartFleetCommand,
  StopFleetCommand,
} from "@aws-sdk/client-appstream";
import type { CallRecord } from "../../emulator";
import { MUTATING } from "../support/harness";
import { EmulatorProcess, startEmulatorProcess } from "../../tools/emulator-process";
import { plannedActionsByResource } from "../support/diff-display";
import { languageHost, pulumiBin, PulumiResult, runPulumi } from "../../tools/pulumi-cli";
import { CACHE, installedProject, removeStaleRuns, ROOT } from "../../tools/automation";

const IMAGE = "AppStream-WinServer2019-06-17-2024";
/** Tags the program omits: the adoption removes each of them. */
const TAGS = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`cost-allocation-${i}-owner-team`, `team-${i}`]));
const ROLE = "arn:aws:iam::123456789012:role/appstream-fleet-role-for-the-finance-department";

const INDEX_TS = `import * as fs from "fs";
import { Fleet } from "pulumi-appstream-fleet";

// The fleets of this stack, from fleets.json (the test rewrites it between steps, as a user edits a program).
const spec = JSON.parse(fs.readFileSync("fleets.json", "utf8"));
for (const [resource, args] of Object.entries(spec.fleets ?? {})) new Fleet(resource, args as any);
for (const [resource, name] of Object.entries(spec.get ?? {})) Fleet.get(resource, name as string);
`;

const shown = (r: PulumiResult) => `${r.stdout}\n${r.stderr}`;
function assertOk(r: PulumiResult): void {
  assert.equal(r.code, 0, `\`${r.command}\` exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
}

/** The `plannedAction` lines of the fleet resource `adopted` on `preview --diff` stdout. */
const plannedActionLines = (stdout: string): string[] => plannedActionsByResource(stdout).get("adopted") ?? [];

describe("e2e: previews tell the truth (pulumi CLI in a project directory)", function () {
  this.timeout(15 * 60 * 1000);
  let emu: EmulatorProcess;
  let aws: AppStreamClient;
  let dir: string;
  let stateDir: string;
  let seen = 0;

  const awsEnv = () => ({ AWS_ENDPOINT_URL_APPSTREAM: emu.url, AWS_REGION: "us-east-1", AWS_ACCESS_KEY_ID: "AKIDTRUTH", AWS_SECRET_ACCESS_KEY: "truth-secret", AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined });
  const pulumi = async (...args: string[]) => {
    const r = await runPulumi(args, { cwd: dir, stateDir, env: awsEnv() });
    // E2E_CLI_TRANSCRIPT=<file>: every command with its exit code and output, to read what users see.
    if (process.env.E2E_CLI_TRANSCRIPT) fs.appendFileSync(process.env.E2E_CLI_TRANSCRIPT, `$ ${r.command}\n[exit ${r.code}]\n--- stdout\n${r.stdout}--- stderr\n${r.stderr}\n`);
    return r;
  };
  const program = (spec: { fleets?: Record<string, Record<string, unknown>>; get?: Record<string, string> }) => fs.writeFileSync(path.join(dir, "fleets.json"), JSON.stringify(spec, null, 2));
  const mutatingSince = async (): Promise<string[]> => {
    const c: CallRecord[] = await emu.control.calls(seen);
    if (c.length > 0) seen = c[c.length - 1].seq;
    return c.filter((x) => MUTATING.has(x.operation)).map((x) => x.operation);
  };
  const stateOf = async (name: string) => (await aws.send(new DescribeFleetsCommand({ Names: [name] }))).Fleets![0].State;
  const waitState = async (name: string, state: string) => {
    for (let i = 0; i < 100 && (await stateOf(name)) !== state; i++) await new Promise((r) => setTimeout(r, 200));
    assert.equal(await stateOf(name), state);
  };
  const fleetResource = async (resource: string) => {
    const exp = await pulumi("stack", "export");
    assertOk(exp);
    return JSON.parse(exp.stdout).deployment.resources.find((r: { urn: string }) => r.urn.endsWith(`appstream:Fleet::${resource}`));
  };

  /** The installed package's `appstream-preview-summary` on the output of `pulumi preview --json`. */
  const summaryOf = async (json: string): Promise<string> => {
    const file = path.join(dir, "preview.json");
    fs.writeFileSync(file, json);
    return (await promisify(execFile)(path.join(dir, "node_modules", ".bin", "appstream-preview-summary"), [file], { encoding: "utf8" })).stdout;
  };

  const adopted = { name: "handmade", imageName: IMAGE, instanceType: "stream.standard.large", computeCapacity: { desiredInstances: 2 }, adoptExisting: true };

  before(async function () {
    const bin = pulumiBin();
    assert.ok(languageHost(bin), `no pulumi-language-nodejs next to ${bin}/pulumi or on PATH (see scripts/PULUMI-CLI.md)`);
    if (!fs.existsSync(path.join(ROOT, "dist", "emulator", "cli.js"))) throw new Error("dist/ is missing: run `npm run build` first");
    removeStaleRuns();
    const installed = installedProject();
    dir = path.join(CACHE, "preview-truth");
    stateDir = path.join(CACHE, "preview-truth-state");
    for (const d of [dir, stateDir]) fs.rmSync(d, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: preview-truth\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "index.ts"), INDEX_TS);
    fs.copyFileSync(path.join(ROOT, "examples", "quickstart", "tsconfig.json"), path.join(dir, "tsconfig.json"));
    fs.writeFileSync(path.join(dir, "tsconfig.json"), fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8").replace(/"files": \[[^\]]*\]/, '"files": ["index.ts"]'));
    fs.copyFileSync(path.join(installed, "package.json"), path.join(dir, "package.json"));
    fs.symlinkSync(path.join(installed, "node_modules"), path.join(dir, "node_modules"), "dir");

    emu = await startEmulatorProcess(["--start-delay", "1", "--stop-delay", "1"]);
    aws = new AppStreamClient({ endpoint: emu.url, region: "us-east-1", credentials: { accessKeyId: "AKIDHAND", secretAccessKey: "by-hand" } });
    // Made by hand: a fleet in a VPC, with a role, tags, a stack and two users streaming; and one only read with Fleet.get.
    await aws.send(new CreateFleetCommand({ Name: "handmade", ImageName: IMAGE, InstanceType: "stream.standard.medium", FleetType: "ON_DEMAND", ComputeCapacity: { DesiredInstances: 2 }, VpcConfig: { SubnetIds: ["subnet-0a1b2c3d"] }, IamRoleArn: ROLE, Tags: TAGS }));
    await aws.send(new CreateFleetCommand({ Name: "reference", ImageName: IMAGE, InstanceType: "stream.standard.medium", FleetType: "ON_DEMAND", ComputeCapacity: { DesiredInstances: 1 } }));
    await aws.send(new StartFleetCommand({ Name: "handmade" }));
    await waitState("handmade", "RUNNING");
    await aws.send(new CreateStackCommand({ Name: "desk" }));
    await aws.send(new AssociateFleetCommand({ FleetName: "handmade", StackName: "desk" }));
    for (const userId of ["ana", "ben"]) await emu.control.openSession({ stackName: "desk", fleetName: "handmade", userId });

    assertOk(await pulumi("stack", "init", "dev"));
    assertOk(await pulumi("config", "set", "aws:region", "us-east-1"));
    program({ fleets: { adopted }, get: { ref: "reference" } });
    await mutatingSince();
  });

  after(async () => {
    if (emu) {
      await aws.send(new DisassociateFleetCommand({ FleetName: "handmade", StackName: "desk" })).catch(() => undefined);
      if (dir) {
        program({});
        await pulumi("destroy", "--yes").catch(() => undefined);
        await pulumi("stack", "rm", "--yes", "--force").catch(() => undefined);
      }
      await emu.close();
    }
  });

  const removals = ["vpcConfig (the fleet leaves its VPC)", "iamRoleArn (the fleet's instances lose the role)", ...Object.keys(TAGS).map((k) => `tag ${k}`)];

  it("adoption: `preview --diff` stdout carries the whole plan, every removal and the users streaming, uncut", async () => {
    const r = await pulumi("preview", "--diff");
    assertOk(r);
    const lines = plannedActionLines(r.stdout);
    assert.ok(lines.length > 1, `no plannedAction list on stdout:\n${r.stdout}`);
    const text = lines.join(" ");
    assert.match(text, /^ADOPT: fleet handmade already exists \(RUNNING\): this update ADOPTS it instead of creating it; then: .*stop, update .*instanceType.*, start; 2 users streaming now will be disconnected; REMOVES /);
    for (const removal of removals) assert.ok(text.includes(removal), `"${removal}" missing from the plannedAction lines:\n${lines.join("\n")}`);
    // Pulumi marks a cut string with "..." at its end: none here, on any line of the stdout.
    assert.ok(!/\.\.\."$/m.test(r.stdout), `a property is cut on stdout:\n${r.stdout}`);
    assert.deepEqual(await mutatingSince(), [], "a preview changes nothing");
  });

  it("adoption: the default view, --json and the summary carry it too", async () => {
    const plain = await pulumi("preview");
    assertOk(plain);
    const warning = shown(plain).replace(/\s*\n\s*/g, " ");
    assert.match(warning, /warning: fleet handmade already exists \(RUNNING\): this update ADOPTS it instead of creating it; .*; 2 users streaming now will be disconnected; REMOVES /);
    for (const removal of removals) assert.ok(warning.includes(removal), `"${removal}" missing from the default view:\n${shown(plain)}`);

    const json = await pulumi("preview", "--json");
    assertOk(json);
    const step = JSON.parse(json.stdout).steps.find((s: { urn: string }) => s.urn.endsWith("appstream:Fleet::adopted"));
    const record = step.newState.inputs.__plannedAction;
    assert.equal(record.action, "adopt");
    assert.equal(record.activeSessions, 2);
    assert.deepEqual(record.removes, removals);
    assert.equal(step.newState.inputs.plannedAction.join(" "), `ADOPT: ${record.summary}`);

    const stdout = await summaryOf(json.stdout);
    const row = stdout.split("\n").find((l) => l.startsWith("| `handmade`")) ?? assert.fail(stdout);
    assert.match(row, /\| \*\*adopt\*\* \| .* \| 2 \|/);
    for (const removal of removals) assert.ok(row.includes(removal.replace(/\|/g, "\\|")), `"${removal}" missing from the summary row:\n${row}`);
  });

  it("after up, the state describes the fleet: no planned action in the outputs, the region recorded (Fleet.get too); a refresh is clean", async () => {
    const up = await pulumi("up", "--yes");
    assertOk(up);
    assert.deepEqual(await mutatingSince(), ["UntagResource", "StopFleet", "UpdateFleet", "StartFleet"]);
    const fleet = await fleetResource("adopted");
    assert.equal(fleet.outputs.plannedAction, undefined, "outputs claim no action to come");
    assert.equal(fleet.outputs.__plannedAction, undefined);
    assert.equal(fleet.outputs.state, "RUNNING");
    assert.equal(fleet.outputs.region, "us-east-1");
    assert.equal(fleet.outputs.__lastPlan, undefined);
    assert.equal(fleet.inputs.plannedAction, undefined, "the stack's inputs hold no plan either: `up` runs check as no preview");
    assert.equal(fleet.inputs.__plannedAction, undefined);
    const ref = await fleetResource("ref");
    assert.equal(ref.outputs.region, "us-east-1", "a fleet read with Fleet.get records its region");

    const refresh = await pulumi("refresh", "--yes");
    assertOk(refresh);
    assert.doesNotMatch(refresh.stdout, /updated|plannedAction/, refresh.stdout);
    assert.deepEqual(await mutatingSince(), []);
    const after = await pulumi("preview", "--diff");
    assertOk(after);
    assert.doesNotMatch(after.stdout, /to update|plannedAction/, after.stdout);
  });

  it("a fleet stopped outside Pulumi: a plain preview says so and what up does; up starts it; the next preview is clean", async () => {
    await aws.send(new StopFleetCommand({ Name: "handmade" }));
    await waitState("handmade", "STOPPED");
    await mutatingSince();

    const plain = await pulumi("preview");
    assertOk(plain);
    assert.match(plain.stdout, /~\s+pulumi-nodejs:dynamic\/appstream:Fleet\s+adopted\s+update/);
    assert.match(shown(plain), /warning: fleet handmade is STOPPED \(stopped outside Pulumi: the stack's state says RUNNING\) but the program says desiredState RUNNING: `pulumi up` will start it/);
    assert.match(plain.stdout, /~ 1 to update/);

    const diff = await pulumi("preview", "--diff");
    assertOk(diff);
    assert.match(diff.stdout, /\+ plannedAction\s*: \[/, "the plan alone, no old plan beside it");
    assert.equal(plannedActionLines(diff.stdout).join(" "), "START: fleet handmade will be started; it was stopped outside Pulumi (it is STOPPED now, the stack's state says RUNNING)");

    const json = await pulumi("preview", "--json");
    assertOk(json);
    const step = JSON.parse(json.stdout).steps.find((s: { urn: string }) => s.urn.endsWith("appstream:Fleet::adopted"));
    assert.equal(step.op, "update");
    assert.equal(step.newState.inputs.__plannedAction.action, "start");
    assert.equal(step.newState.inputs.__plannedAction.liveState, "STOPPED");
    const row = (await summaryOf(json.stdout)).split("\n").find((l) => l.startsWith("| `handmade`")) ?? "";
    assert.match(row, /^\| `handmade` \(resource `adopted`\) \| start \| /, row);
    assert.deepEqual(await mutatingSince(), [], "previews change nothing");

    const up = await pulumi("up", "--yes");
    assertOk(up);
    assert.deepEqual(await mutatingSince(), ["StartFleet"]);
    assert.equal(await stateOf("handmade"), "RUNNING");
    const again = await pulumi("preview", "--json");
    assertOk(again);
    const clean = JSON.parse(again.stdout);
    const ops = clean.steps.filter((s: { urn: string }) => s.urn.endsWith("appstream:Fleet::adopted")).map((s: { op: string }) => s.op);
    assert.ok(ops.every((op: string) => op === "same"), `the adopted fleet's steps: ${ops}`);
    assert.deepEqual(Object.keys(clean.changeSummary ?? {}).filter((k) => k !== "same" && k !== "read"), [], JSON.stringify(clean.changeSummary));
  });

  it("updateStrategy replace on a fleet associated with a stack the program does not manage: preview fails as up would, naming the stack; up changes nothing", async () => {
    program({ fleets: { adopted: { ...adopted, instanceType: "stream.standard.xlarge", updateStrategy: "replace" } }, get: { ref: "reference" } });
    const pre = await pulumi("preview");
    assert.notEqual(pre.code, 0, shown(pre));
    const expected = "deleting AppStream fleet handmade: it is associated with stack desk (AWS refuses to delete a fleet while a stack is associated with it). Disassociate it first: remove the association from the program, or run `aws appstream disassociate-fleet --fleet-name handmade --stack-name desk --region us-east-1`; then run the Pulumi command again.";
    assert.ok(shown(pre).replace(/\s*\n\s*/g, " ").includes(expected), shown(pre));
    const up = await pulumi("up", "--yes");
    assert.notEqual(up.code, 0);
    assert.ok(shown(up).replace(/\s*\n\s*/g, " ").includes(expected), shown(up));
    assert.deepEqual(await mutatingSince(), [], "nothing created, stopped or deleted");
    assert.equal(await stateOf("handmade"), "RUNNING");
  });
});
