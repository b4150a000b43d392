/**
 * The plugin door's numbers (part "plugin"):
 *
 *  1. Start-up: exec to the port line the engine reads (the first stdout line), for the release's
 *     self-contained executable (linux, this machine's architecture, from `npm run release`'s
 *     archive) against the Node script the npm package ships (plugin/pulumi-resource-appstream-fleet,
 *     Node 22 on PATH). The two alternate, RUNS each; median, min, max.
 *
 *  2. A preview of N = 50 fleets through each door: every fleet RUNNING, the program changes every
 *     instanceType (a change that forces a stop, so each preview reads every fleet from AWS), no
 *     throttling. The same TypeScript program shape drives both (Automation API, inline program):
 *     the dynamic door's `Fleet`, and the plugin door's `appstream-fleet:index:Fleet` registered as
 *     a custom resource, served by the release's executable (`plugins.providers`). Each door has
 *     its own no-op control of the same N resources registered with the same keys: for the
 *     dynamic door a dynamic provider that does nothing (as bench/preview.ts), for the plugin door
 *     a plugin that does nothing (bench/noop-plugin.js) built into an executable the same way. The
 *     provider's share is the door's preview wall minus its control's (medians): what the
 *     provider adds over what the engine and SDK cost for N such resources.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { bundleScript } from "../scripts/release/bundle";
import { hostArch, PULUMI_ARCH, buildExecutable } from "../scripts/release/sea";
import type { Installed } from "../tools/automation";
import { baseArgs, CliTimer, Emu, ENV, ROOT } from "./shared";

export interface DoorPreview {
  door: "plugin" | "dynamic";
  fleets: number;
  previewMs: number;
  controlMs: number;
  shareMs: number;
  runsMs: number[];
  controlRunsMs: number[];
  /** The AWS calls of the median preview, by operation (the control makes none). */
  calls: Record<string, number>;
}
export interface PluginDoorResult {
  start: { runs: number; executableMs: number; executableMinMs: number; executableMaxMs: number; scriptMs: number; scriptMinMs: number; scriptMaxMs: number; executableBytes: number };
  previews: DoorPreview[];
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** ms from spawn to the first stdout line (the port), then the process is killed. */
function timeToPort(cmd: string, env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, [], { env, stdio: ["ignore", "pipe", "ignore"] });
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      out += c;
      if (!out.includes("\n")) return;
      const ms = Number(process.hrtime.bigint() - t0) / 1e6;
      child.kill("SIGKILL");
      if (/^\d+\n/.test(out)) resolve(ms);
      else reject(new Error(`${cmd} printed ${JSON.stringify(out)} first, not a port`));
    });
    child.on("error", reject);
  });
}

/** The release's executable for this machine, unpacked into `dir` (the plugin directory the engine runs it from). */
async function releasedExecutable(dir: string, log: (m: string) => void): Promise<string> {
  process.env.PULUMI_CLI_BIN ??= "";
  const { release } = require("../scripts/release/release") as typeof import("../scripts/release/release");
  log("plugin: the release's plugin archives (npm run release --only=plugins; cached)");
  const m = await release({ only: "plugins" });
  const archive = path.join(ROOT, "dist", "release", m.plugins[`linux-${PULUMI_ARCH[hostArch()]}`]);
  fs.mkdirSync(dir, { recursive: true });
  execFileSync("tar", ["xzf", archive, "-C", dir]);
  return path.join(dir, "pulumi-resource-appstream-fleet");
}

/** bench/noop-plugin.js as an executable `pulumi-resource-benchnoop` in `dir`, cached by its source. */
async function noopExecutable(dir: string): Promise<string> {
  const src = fs.readFileSync(path.join(__dirname, "noop-plugin.js"), "utf8");
  const key = require("crypto").createHash("sha256").update(src).update(fs.readFileSync(path.join(ROOT, "package-lock.json"))).digest("hex").slice(0, 16);
  const cached = path.join(ROOT, ".cache", "release", `bench-noop-${key}`, "pulumi-resource-benchnoop");
  if (!fs.existsSync(cached)) {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-noop-"));
    await bundleScript(src, __dirname, path.join(work, "noop.js"));
    fs.mkdirSync(path.dirname(cached), { recursive: true });
    await buildExecutable(path.join(work, "noop.js"), hostArch(), `${cached}.tmp`);
    fs.renameSync(`${cached}.tmp`, cached);
    fs.rmSync(work, { recursive: true, force: true });
  }
  fs.mkdirSync(dir, { recursive: true });
  fs.copyFileSync(cached, path.join(dir, "pulumi-resource-benchnoop"));
  fs.chmodSync(path.join(dir, "pulumi-resource-benchnoop"), 0o755);
  return dir;
}

/** A stack of an inline program, with `plugins.providers` for the plugin doors, on a file backend of its own. */
async function stackOf(cli: CliTimer, name: string, program: () => Promise<void>, env: Record<string, string>, providers: { name: string; path: string }[], stateDir: string) {
  const inst = cli.inst;
  fs.mkdirSync(stateDir, { recursive: true });
  return inst.auto.LocalWorkspace.createOrSelectStack(
    { stackName: name, projectName: "bench-doors", program },
    {
      workDir: inst.projectDir,
      pulumiCommand: inst.pulumiCommand,
      envVars: {
        PULUMI_BACKEND_URL: `file://${stateDir}`,
        PULUMI_HOME: path.join(stateDir, "home"),
        PULUMI_CONFIG_PASSPHRASE: "",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
        PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        ...env,
      },
      projectSettings: { name: "bench-doors", runtime: "nodejs", backend: { url: `file://${stateDir}` }, ...(providers.length ? { plugins: { providers } } : {}) },
    },
  );
}

/** Measures the start-up of both plugin forms and the 50-fleet previews of both doors. */
export async function pluginDoor(cli: CliTimer, emu: Emu, o: { runs: number; startRuns: number; fleets: number }, log: (m: string) => void): Promise<PluginDoorResult> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), "bench-plugin-"));
  try {
    const pluginDir = path.join(work, "plugin");
    const exe = await releasedExecutable(pluginDir, log);
    const script = path.join(ROOT, "plugin", "pulumi-resource-appstream-fleet");

    log(`plugin: start-up, executable vs Node script, ${o.startRuns} runs each, alternating`);
    const exeMs: number[] = [];
    const scriptMs: number[] = [];
    await timeToPort(exe, {}); // first runs warm the page cache for both
    await timeToPort(script, process.env);
    for (let i = 0; i < o.startRuns; i++) {
      exeMs.push(await timeToPort(exe, {}));
      scriptMs.push(await timeToPort(script, process.env));
    }
    const start = {
      runs: o.startRuns,
      executableMs: median(exeMs), executableMinMs: Math.min(...exeMs), executableMaxMs: Math.max(...exeMs),
      scriptMs: median(scriptMs), scriptMinMs: Math.min(...scriptMs), scriptMaxMs: Math.max(...scriptMs),
      executableBytes: fs.statSync(exe).size,
    };

    const noopDir = await noopExecutable(path.join(work, "noop"));
    const pulumi = cli.inst.pulumi;
    const N = o.fleets;
    const tag = `${Date.now() % 100000}`;
    let instanceType = "stream.standard.medium";
    const keys = { state: undefined, arn: undefined, createdTime: undefined, computeCapacityStatus: undefined, region: undefined };
    class PluginFleet extends pulumi.CustomResource {
      constructor(name: string, args: Record<string, unknown>) {
        super("appstream-fleet:index:Fleet", name, { ...args, ...keys }, {});
      }
    }
    class NoopThing extends pulumi.CustomResource {
      constructor(name: string, args: Record<string, unknown>) {
        super("benchnoop:index:Thing", name, { ...args, ...keys }, {});
      }
    }
    const noopDynamic = {
      async check(_o: unknown, news: any) { return { inputs: news }; },
      async diff(_id: string, olds: any, news: any) { return { changes: olds.instanceType !== news.instanceType }; },
      async create(inputs: any) { return { id: String(inputs.name), outs: inputs }; },
      async update(_id: string, _o: unknown, news: any) { return { outs: news }; },
      async delete() { return; },
    };
    class NoopDynamic extends pulumi.dynamic.Resource {
      constructor(name: string, args: Record<string, unknown>) {
        super(noopDynamic, name, { ...args, ...keys }, {}, "appstream", "Control");
      }
    }
    const args = (door: string, i: number) => ({ ...baseArgs(`bench-${door}-${tag}-${i}`), instanceType, region: undefined });
    const doors = [
      { door: "dynamic" as const, make: (i: number) => new cli.inst.pkg.Fleet(`f${i}`, args("dyn", i)), control: (i: number) => new NoopDynamic(`c${i}`, args("dyncontrol", i)), providers: [] },
      { door: "plugin" as const, make: (i: number) => new PluginFleet(`f${i}`, args("plg", i)), control: (i: number) => new NoopThing(`c${i}`, args("plgcontrol", i)), providers: [{ name: "appstream-fleet", path: pluginDir }, { name: "benchnoop", path: noopDir }] },
    ];
    const previews: DoorPreview[] = [];
    await emu.config({ throttle: null, startDelaySeconds: 1, stopDelaySeconds: 1 });
    for (const d of doors) {
      const timedPreviews = async (which: "fleets" | "control") => {
        instanceType = "stream.standard.medium";
        const make = which === "fleets" ? d.make : d.control;
        const st = await stackOf(cli, `${d.door}-${which}-${tag}`, async () => { for (let i = 0; i < N; i++) make(i); }, ENV(emu.url), d.providers, path.join(work, `state-${d.door}-${which}`));
        try {
          log(`plugin: ${d.door} door, ${which === "fleets" ? `${N} fleets` : `control, ${N} no-op resources`}: up, then ${o.runs} preview(s) of an instanceType change`);
          await st.up({ parallel: N, color: "never" });
          instanceType = "stream.standard.large";
          const runs: { ms: number; calls: Record<string, number> }[] = [];
          for (let r = 0; r < o.runs; r++) {
            const w = await emu.window(() => st.preview({ parallel: N, color: "never" }), cli);
            if (w.error) throw w.error;
            const calls: Record<string, number> = {};
            for (const c of w.calls) calls[c.operation] = (calls[c.operation] ?? 0) + 1;
            runs.push({ ms: w.t1 - w.t0, calls });
          }
          instanceType = "stream.standard.medium";
          await st.destroy({ color: "never" }).catch(() => undefined);
          return runs;
        } finally {
          await st.workspace.removeStack(st.name).catch(() => undefined);
        }
      };
      const runs = await timedPreviews("fleets");
      const controlRunsMs = (await timedPreviews("control")).map((r) => r.ms);
      const runsMs = runs.map((r) => r.ms);
      const mid = [...runs].sort((a, b) => a.ms - b.ms)[Math.floor(runs.length / 2)];
      previews.push({ door: d.door, fleets: N, previewMs: median(runsMs), controlMs: median(controlRunsMs), shareMs: median(runsMs) - median(controlRunsMs), runsMs, controlRunsMs, calls: mid.calls });
    }
    return { start, previews };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** The lines `npm run bench` prints for this part. */
export function pluginDoorReport(r: PluginDoorResult, fmt: (ms: number) => string): string[] {
  const s = r.start;
  return [
    `Plugin start-up, exec to the port line (median of ${s.runs}; min-max)`,
    `  self-contained executable (${(s.executableBytes / 1e6).toFixed(0)} MB, Node inside): ${fmt(s.executableMs)} (${fmt(s.executableMinMs)}-${fmt(s.executableMaxMs)})`,
    `  Node script of the npm package (node on PATH):      ${fmt(s.scriptMs)} (${fmt(s.scriptMinMs)}-${fmt(s.scriptMaxMs)})`,
    ...r.previews.map(
      (p) =>
        `Preview of ${p.fleets} fleets, ${p.door} door: ${fmt(p.previewMs)}; its no-op control ${fmt(p.controlMs)}; provider's share ${fmt(p.shareMs)} ` +
        `(runs ${p.runsMs.join(", ")} ms; control ${p.controlRunsMs.join(", ")} ms; AWS calls ${Object.entries(p.calls).map(([k, v]) => `${k} ${v}`).join(", ") || "none"})`,
    ),
  ];
}
