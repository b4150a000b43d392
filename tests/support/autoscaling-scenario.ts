/**
 * Application Auto Scaling owning a fleet's capacity, through either door, with the `pulumi` CLI
 * in a project directory against the emulator (its own process). Two fleets, in us-west-2 (not
 * the emulator's default region, so every call must go to the fleet's region): a single-session
 * fleet with `ignoreChanges: ["computeCapacity.desiredInstances"]` and a multi-session one with
 * `ignoreChanges: ["computeCapacity.desiredSessions"]`. The test plays Application Auto Scaling
 * with the AWS CLI: `aws appstream update-fleet --compute-capacity DesiredInstances=N`, the call
 * AWS's scaling makes. Then:
 *
 *  - `pulumi preview --refresh` (and a plain `pulumi preview`) shows no change and `pulumi up
 *    --refresh` makes no UpdateFleet (nor any other change: the emulator's call log);
 *  - `pulumi refresh` records AWS's numbers in the state (outputs and inputs), and a plain
 *    `pulumi preview` after it shows no change either;
 *  - a change of another setting (displayName) made while AWS's number differs from the state's
 *    updates that setting alone: the capacity AWS set stays;
 *  - without ignoreChanges (the option removed from the program), `pulumi up --refresh` sets the
 *    program's numbers again as a live change: two UpdateFleet, never a StopFleet, the fleets
 *    RUNNING throughout;
 *  - destroy leaves no fleet in any region.
 *
 * A door supplies the program (`write`, with or without ignoreChanges), the project's setup and
 * the environment; the steps and their assertions are the same for both.
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as path from "path";
import { promisify } from "util";
import type { CallRecord, FleetJson } from "../../emulator";
import { awsCliPath } from "./aws-cli";
import { EmulatedProject, EmulatedProjectOptions, assertOk, emulatedProject, shown } from "./pulumi-project";

export const REGION = "us-west-2";
export const SINGLE = "scaled-single";
export const MULTI = "scaled-multi";
/** What the program declares. */
export const PROGRAM = { desiredInstances: 2, maxSessionsPerInstance: 5, desiredSessions: 10 };
export const IMAGE = "AppStream-WinServer2019-06-17-2024";

export interface ProgramOptions {
  ignoreCapacity: boolean;
  displayName?: string;
}

export interface AutoscalingDoor {
  /** "dynamic" (TypeScript, pulumi-nodejs:dynamic/appstream:Fleet) or "plugin" (YAML, appstream-fleet:index:Fleet). */
  door: string;
  /** The resource type token the CLI prints. */
  token: string;
  /** The project directory and state folder. */
  dir: string;
  stateDir: string;
  /** Runs first: the suite's preconditions. */
  check?: () => void;
  /** Fills the project directory (everything but the program). */
  setup(dir: string, stateDir: string): void | Promise<void>;
  /** Writes the program: the two fleets, with their capacity under ignoreChanges or not, and a displayName if given. */
  write(dir: string, program: ProgramOptions): void;
  /** The stack's config (the region key of the door). */
  config: Record<string, string>;
  /** The environment of every `pulumi` run (endpoint, keys, no region but the config's). */
  env: EmulatedProjectOptions["env"];
}

/** Defines the mocha suite of one door. */
export function describeAutoscaling(d: AutoscalingDoor): void {
  describe(`e2e: autoscaling owns the capacity, ignoreChanges through the ${d.door} door (pulumi CLI)`, function () {
    this.timeout(15 * 60 * 1000);
    const p: EmulatedProject = emulatedProject({
      dir: d.dir,
      stateDir: d.stateDir,
      check: d.check,
      async setup(dir, stateDir) {
        await d.setup(dir, stateDir);
        d.write(dir, { ignoreCapacity: true });
      },
      emulatorArgs: ["--start-delay", "0.5", "--stop-delay", "0.5"],
      env: d.env,
      timeoutMs: 10 * 60 * 1000,
    });
    const { pulumi, calls, mutatingOps } = p;
    const fleets = async (): Promise<Map<string, FleetJson>> => new Map((await p.emu.control.fleets(REGION)).map((f) => [f.Name, f]));
    /** Application Auto Scaling's call: UpdateFleet with a new capacity, made with the AWS CLI. */
    const scale = async (fleet: string, capacity: string): Promise<void> => {
      const e = p.env();
      await promisify(execFile)(awsCliPath(), ["appstream", "update-fleet", "--name", fleet, "--compute-capacity", capacity, "--endpoint-url", p.emu.url, "--region", REGION, "--output", "json"], {
        env: { PATH: process.env.PATH, HOME: d.stateDir, AWS_ACCESS_KEY_ID: e.AWS_ACCESS_KEY_ID ?? "test", AWS_SECRET_ACCESS_KEY: e.AWS_SECRET_ACCESS_KEY ?? "test", AWS_CONFIG_FILE: path.join(d.stateDir, "no-aws-config"), AWS_EC2_METADATA_DISABLED: "true", ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}) },
      });
    };
    const capacities = async (): Promise<[number | undefined, number | undefined]> => {
      const f = await fleets();
      return [f.get(SINGLE)?.ComputeCapacityStatus?.Desired, f.get(MULTI)?.ComputeCapacityStatus?.DesiredUserSessions];
    };
    /** The two fleets in the stack's state: outputs and inputs, by AppStream name. */
    const stateOf = async (): Promise<Map<string, { outputs: Record<string, any>; inputs: Record<string, any> }>> => {
      const r = await pulumi("stack", "export");
      assertOk(r);
      const resources: { type: string; outputs?: Record<string, any>; inputs?: Record<string, any> }[] = JSON.parse(r.stdout).deployment.resources ?? [];
      return new Map(resources.filter((x) => x.type === d.token).map((x) => [x.outputs?.name as string, { outputs: x.outputs ?? {}, inputs: x.inputs ?? {} }]));
    };
    /** Every AWS call went to the fleets' region. */
    const allInRegion = (c: CallRecord[]) => assert.deepEqual(c.filter((x) => x.region !== REGION).map((x) => `${x.operation} ${x.region}`), []);
    const noChange = (r: { stdout: string }) => {
      assert.doesNotMatch(r.stdout, /to update|to replace|to create|to delete/, r.stdout);
      assert.match(r.stdout, /\b3 unchanged/, r.stdout); // the stack and both fleets
      assert.doesNotMatch(r.stdout, new RegExp(`${d.token.replace(/[/.]/g, "\\$&")}\\s+\\S+\\s+update`), r.stdout);
    };

    it("stack init; pulumi up creates and starts both fleets in us-west-2", async () => {
      await p.initStack("dev", d.config);
      const r = await pulumi("up", "--yes");
      assertOk(r);
      const c = await calls();
      assert.deepEqual(mutatingOps(c).sort(), ["CreateFleet", "CreateFleet", "StartFleet", "StartFleet"]);
      allInRegion(c);
      const f = await fleets();
      assert.deepEqual([f.get(SINGLE)?.State, f.get(MULTI)?.State], ["RUNNING", "RUNNING"]);
      assert.deepEqual(await capacities(), [PROGRAM.desiredInstances, PROGRAM.desiredSessions]);
      assert.deepEqual(await p.emu.control.fleets(), [], "nothing in the emulator's default region");
    });

    it("autoscaling changes the capacity; pulumi preview --refresh shows no change", async () => {
      await scale(SINGLE, "DesiredInstances=5");
      await scale(MULTI, "DesiredSessions=25");
      assert.deepEqual(await capacities(), [5, 25]);
      await calls(); // the AWS CLI's own calls
      for (const args of [["preview", "--refresh"], ["preview", "--refresh", "--diff"], ["preview"]]) {
        const r = await pulumi(...args);
        assertOk(r);
        noChange(r);
        assert.doesNotMatch(shown(r), /will be stopped|STOP-UPDATE-START|LIVE UPDATE/);
        // The refresh part shows what the state learns from AWS; the update part, no change.
        if (args.length === 2) for (const name of ["single", "multi"]) assert.match(r.stdout, new RegExp(`\\s${name}\\s+refresh\\s+\\[diff: ~computeCapacity\\]`), r.stdout);
      }
      const c = await calls();
      assert.deepEqual(mutatingOps(c), [], "a preview only reads");
      allInRegion(c);
    });

    it("pulumi up --refresh makes no UpdateFleet and keeps AWS's capacity", async () => {
      const r = await pulumi("up", "--refresh", "--yes");
      assertOk(r);
      noChange(r);
      const c = await calls();
      assert.ok(c.some((x) => x.operation === "DescribeFleets"), "the refresh read the fleets");
      assert.deepEqual(mutatingOps(c), [], "no UpdateFleet, nothing changed");
      allInRegion(c);
      assert.deepEqual(await capacities(), [5, 25]);
    });

    it("pulumi refresh records AWS's numbers in the state; a plain preview then shows no change", async () => {
      await scale(SINGLE, "DesiredInstances=4");
      await scale(MULTI, "DesiredSessions=20");
      await calls();
      const r = await pulumi("refresh", "--yes");
      assertOk(r);
      const state = await stateOf();
      const single = state.get(SINGLE);
      const multi = state.get(MULTI);
      assert.deepEqual(single?.outputs.computeCapacity, { desiredInstances: 4 });
      assert.equal(single?.outputs.computeCapacityStatus?.desired, 4);
      assert.deepEqual(multi?.outputs.computeCapacity, { desiredSessions: 20 });
      // The inputs too: the next diff compares the program (its capacity ignored) with AWS's number.
      assert.deepEqual(single?.inputs.computeCapacity, { desiredInstances: 4 });
      assert.deepEqual(multi?.inputs.computeCapacity, { desiredSessions: 20 });
      const pre = await pulumi("preview", "--diff");
      assertOk(pre);
      noChange(pre);
      const c = await calls();
      assert.deepEqual(mutatingOps(c), []);
      allInRegion(c);
    });

    it("another setting changed while AWS's number differs from the state's: UpdateFleet of that setting, AWS's capacity stays", async () => {
      await scale(SINGLE, "DesiredInstances=6");
      await scale(MULTI, "DesiredSessions=30");
      await calls();
      d.write(d.dir, { ignoreCapacity: true, displayName: "Scaled by AWS" });
      const pre = await pulumi("preview", "--diff");
      assertOk(pre);
      assert.match(pre.stdout, /\+ displayName\s*:\s*"Scaled by AWS"/);
      // --diff prints every input; a changed one (and the planned action) on a line marked + - or ~.
      assert.doesNotMatch(pre.stdout, /^\s*[~+-].*computeCapacity/m, `the capacity is no part of the change:\n${pre.stdout}`);
      const r = await pulumi("up", "--yes");
      assertOk(r);
      assert.match(r.stdout, /~ 2 updated/);
      const c = await calls();
      assert.deepEqual(mutatingOps(c), ["UpdateFleet", "UpdateFleet"]);
      allInRegion(c);
      const f = await fleets();
      assert.deepEqual([f.get(SINGLE)?.DisplayName, f.get(MULTI)?.DisplayName], ["Scaled by AWS", "Scaled by AWS"]);
      assert.deepEqual(await capacities(), [6, 30], "UpdateFleet carried no ComputeCapacity");
    });

    it("without ignoreChanges, pulumi up --refresh sets the program's numbers back: UpdateFleet live, never a stop", async () => {
      d.write(d.dir, { ignoreCapacity: false, displayName: "Scaled by AWS" });
      const pre = await pulumi("preview", "--refresh", "--diff");
      assertOk(pre);
      assert.match(pre.stdout, /~ 2 to update/, pre.stdout);
      assert.doesNotMatch(shown(pre), /will be stopped|STOP-UPDATE-START/);
      assert.deepEqual(mutatingOps(await calls()), []);
      const r = await pulumi("up", "--refresh", "--yes");
      assertOk(r);
      assert.match(r.stdout, /~ 2 updated/);
      const c = await calls();
      assert.deepEqual(mutatingOps(c), ["UpdateFleet", "UpdateFleet"], "a live change: no StopFleet, no StartFleet");
      for (const u of c.filter((x) => x.operation === "UpdateFleet")) assert.equal(u.fleetState, "RUNNING", `UpdateFleet of ${u.fleetName} reached a running fleet`);
      allInRegion(c);
      const f = await fleets();
      assert.deepEqual([f.get(SINGLE)?.State, f.get(MULTI)?.State], ["RUNNING", "RUNNING"]);
      assert.deepEqual(await capacities(), [PROGRAM.desiredInstances, PROGRAM.desiredSessions]);
      const events = await p.emu.control.events(undefined, REGION);
      assert.ok(!events.some((e) => e.to === "STOPPING"), "no fleet was ever stopped");
    });

    it("pulumi destroy deletes both fleets; no fleet is left in any region", async () => {
      const r = await pulumi("destroy", "--yes");
      assertOk(r);
      allInRegion(await calls());
      const { regions } = await p.emu.control.regions();
      for (const region of regions) assert.deepEqual(await p.emu.control.fleets(region), [], region);
    });
  });
}
