/**
 * The lifecycle as a user runs it: `pulumi up --yes` typed in a project directory (Pulumi.yaml,
 * index.ts, the package installed from npm pack in node_modules), so the nodejs language host
 * starts node, compiles the TypeScript program and loads the package, and the CLI renders the
 * output; `pulumi up --yes` also previews before it updates, which the Automation API skips
 * (`--skip-preview`). Between steps the user changes the stack's config (`pulumi config set`,
 * not timed). The steps and the fleet's arguments are those of the Automation API lifecycle
 * (engine.ts), on the same emulator, one after the other, so the two sets of figures sit side by side.
 */
import * as fs from "fs";
import * as path from "path";
import { CACHE, installedProject } from "../tools/automation";
import { runPulumi, type PulumiResult } from "../tools/pulumi-cli";
import { scenario, Scenario } from "./metrics";
import { Emu, ENV, IMAGE } from "./shared";

const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Fleet } from "pulumi-appstream-fleet";

// The fleet of the benchmark's lifecycle (bench/engine.ts baseArgs), its changing parts from config.
const c = new pulumi.Config();
const fleet = new Fleet("f", {
  name: c.require("name"),
  imageName: ${JSON.stringify(IMAGE)},
  instanceType: c.require("instanceType"),
  computeCapacity: { desiredInstances: 1 },
  displayName: c.require("displayName"),
  desiredState: c.require("desiredState", { allowedValues: ["RUNNING", "STOPPED"] as const }),
});
export const f = fleet.state;
`;

/** A project directory for the benchmark's program, with the installed package linked in as node_modules. */
function benchProject(name: string): string {
  const installed = installedProject();
  const dir = path.join(CACHE, name);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: appstream-bench\nruntime: nodejs\ndescription: the benchmark's lifecycle as a user runs it\n");
  fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "ES2022", module: "commonjs", moduleResolution: "node" }, files: ["index.ts"] }, null, 2) + "\n");
  fs.copyFileSync(path.join(installed, "package.json"), path.join(dir, "package.json"));
  fs.symlinkSync(path.join(installed, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

export async function lifecycleCli(emu: Emu, D: number, results: Scenario[]): Promise<void> {
  await emu.delays(D);
  const dir = benchProject(`bench-cli-${D}s`);
  const stateDir = path.join(CACHE, `bench-cli-${D}s-state`);
  fs.rmSync(stateDir, { recursive: true, force: true });
  const pulumi = async (...args: string[]): Promise<PulumiResult> => {
    const r = await runPulumi(args, { cwd: dir, stateDir, env: { ...ENV(emu.url), AWS_SESSION_TOKEN: undefined, AWS_PROFILE: undefined } });
    if (r.code !== 0) throw new Error(`\`${r.command}\` exited ${r.code}\n${r.stdout.slice(-1500)}\n${r.stderr.slice(-1500)}`);
    return r;
  };
  const config = async (kv: Record<string, string>) => { for (const [k, v] of Object.entries(kv)) await pulumi("config", "set", k, v); };
  const ms = D * 1000;
  const step = async (label: string, physicalMinMs: number, args: string[], extra: Partial<Scenario> = {}) => {
    const w = await emu.window(() => pulumi(...args));
    results.push(scenario(`${label} (${D}s)`, "cli", D, physicalMinMs, w, extra));
    if (w.error) throw w.error; // the next steps build on this one
  };
  const up = ["up", "--yes"];
  await pulumi("stack", "init", "bench");
  try {
    await config({ "aws:region": "us-east-1", name: `bench-cli-${D}s-${Date.now() % 100000}`, instanceType: "stream.standard.medium", displayName: "bench", desiredState: "RUNNING" });
    await step("create+start", ms, up);
    await step("no-change up", 0, up, { note: "the fixed cost of one pulumi up --yes in a project directory (preview included)" });
    await config({ displayName: "bench v2" });
    await step("live update", 0, up);
    await config({ instanceType: "stream.standard.large" });
    await step("stop-update-start", 2 * ms, up);
    await config({ desiredState: "STOPPED" });
    await step("desiredState stop", ms, up);
    await config({ desiredState: "RUNNING" });
    await step("desiredState start", ms, up);
    await step("delete", ms, ["destroy", "--yes"], { note: "destroy of a RUNNING fleet: stop, then delete" });
  } finally {
    await pulumi("stack", "rm", "--yes", "--force").catch(() => undefined);
  }
}
