/**
 * Benchmark of the Fleet provider against the physical limit (the emulator's transition delays).
 *
 *   npm run bench            # full: transitions of 2 s, 10 s, 60 s through the engine, 300 s at the
 *                            # provider level, scale 1/10/50 fleets, SDK-waiter baseline up to 300 s
 *   npm run bench -- --quick # about a minute or two: 2 s transitions, scale 1/10/50, baseline at 2 s
 *
 * Not a test: it asserts nothing, it measures and prints, per target, "met" / "NOT met" with the
 * numbers, and writes bench/results.json and bench/stop-update-start.svg.
 *
 * Three independent parts run at the same time, each against its own emulator (the transition
 * delays are an emulator-wide setting):
 *  A. the real Pulumi engine (Automation API, our package installed from npm pack, as in
 *     tests/e2e): lifecycle scenarios per transition length, then the scale runs;
 *  B. (full only) the provider implementation called in this process, for the 5-minute
 *     transitions (six `pulumi up`s of 5-10 minutes each would not fit in the time box);
 *  C. the baseline: our wait loop and the SDK's waiters (default delays) waiting for the same
 *     transitions side by side, on the same machine at the same time.
 *
 * Measures, from the emulator's logs (not from the provider's own view):
 *  - detection latency of a waited transition = arrival time of the first successful call naming
 *    the fleet after the transition's logical time (events log) - that time. A DescribeFleets that
 *    names several fleets (a coalesced poll) names none in the call log: it counts for every fleet.
 *  - overhead = wall - physical minimum; for engine runs also the provider's share:
 *    (last AWS call - first AWS call of the operation) - physical minimum, where the check's
 *    DescribeImages is not part of the operation.
 */
import * as fs from "fs";
import * as path from "path";
import {
  AppStreamClient,
  CreateFleetCommand,
  DeleteFleetCommand,
  StartFleetCommand,
  StopFleetCommand,
  waitUntilFleetStarted,
  waitUntilFleetStopped,
} from "@aws-sdk/client-appstream";
import { spawn } from "child_process";
import { createStack, installPackage, Installed, TestStack } from "../tests/e2e/harness";

const ROOT = path.resolve(__dirname, "..");
const QUICK = process.argv.includes("--quick");
/** --only=engine,scale,provider,baseline: run some parts only (while iterating on the provider). */
const ONLY = (process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",")) ?? ["engine", "scale", "provider", "baseline"];
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
const IMAGE = "AppStream-WinServer2019-06-17-2024";
const FLEET_TYPE = "pulumi-nodejs:dynamic/appstream:Fleet";

/**
 * AWS-like throttling for the scale runs. AppStream does not publish its API rate limits; these
 * are the middle of the ranges observed/quoted for AppStream accounts (DescribeFleets 5-10/s with a
 * burst of 20, mutating operations 2-5/s), per operation and shared by the whole account, which
 * is how the emulator models them (one token bucket per operation).
 */
const MUTATING_RATE = { ratePerSecond: 3, burst: 10 };
const THROTTLE = {
  DescribeFleets: { ratePerSecond: 8, burst: 20 },
  CreateFleet: MUTATING_RATE,
  UpdateFleet: MUTATING_RATE,
  StartFleet: MUTATING_RATE,
  StopFleet: MUTATING_RATE,
  DeleteFleet: MUTATING_RATE,
  TagResource: MUTATING_RATE,
  UntagResource: MUTATING_RATE,
  "*": { ratePerSecond: 10, burst: 20 },
};

interface Call { seq: number; time: number; operation: string; fleetName?: string; fleetState?: string; errorCode?: string; httpStatus: number }
interface Ev { seq: number; time: number; fleetName: string; from: string | null; to: string | null }

interface EmulatorProcess { url: string; close(): Promise<void> }

/**
 * An emulator in its own process (the built CLI, `dist/emulator/cli.js --port 0`), as AWS is
 * remote: its call log stamps each request when it arrives, whatever this process is busy with
 * (an emulator inside a busy bench process stamped some polls late, which made the next one look
 * early).
 */
async function emulatorProcess(): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [path.join(ROOT, "dist", "emulator", "cli.js"), "--port", "0"], { stdio: ["ignore", "pipe", "inherit"] });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    child.once("exit", (code) => reject(new Error(`the emulator exited (${code}) before listening`)));
  });
  const exited = new Promise<void>((r) => child.once("exit", () => r()));
  return {
    url,
    close: async () => {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

class Emu {
  constructor(readonly emu: EmulatorProcess) {}
  get url() { return this.emu.url; }
  async control<T>(method: string, p: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.emu.url}/_emulator/${p}`, { method, headers: { "content-type": "application/json" }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator ${method} ${p}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  }
  config(c: unknown) { return this.control("POST", "config", c); }
  async calls(): Promise<Call[]> { return (await this.control<{ calls: Call[] }>("GET", "calls")).calls; }
  async events(): Promise<Ev[]> { return (await this.control<{ events: Ev[] }>("GET", "events")).events; }
  async delays(seconds: number) { await this.config({ startDelaySeconds: seconds, stopDelaySeconds: seconds }); }
  /**
   * Runs f and collects the calls and state changes of its time. With a CLI timer, the time is
   * that of the `pulumi up` / `pulumi destroy` process f ran (what a user waits for), not the
   * Automation API's round trip, which adds `pulumi stack output` twice and `pulumi stack history`
   * (about 1.2 s) after the process has exited.
   */
  async window<T>(f: () => Promise<T>, cli?: CliTimer): Promise<{ result?: T; error?: unknown; t0: number; t1: number; harnessMs: number; calls: Call[]; events: Ev[] }> {
    cli?.reset();
    const a0 = Date.now();
    let result: T | undefined;
    let error: unknown;
    try { result = await f(); } catch (e) { error = e; }
    const a1 = Date.now();
    const span = cli?.span();
    const t0 = span?.t0 ?? a0, t1 = span?.t1 ?? a1;
    await new Promise((r) => setTimeout(r, 20));
    const calls = (await this.calls()).filter((c) => c.time >= t0 && c.time <= t1);
    const events = (await this.events()).filter((e) => e.time >= t0 && e.time <= t1);
    return { result, error, t0, t1, harnessMs: a1 - a0, calls, events };
  }
}

/**
 * Times the Pulumi CLI processes the Automation API runs: wraps the installed project's
 * PulumiCommand and keeps the start and end of the last `up` / `destroy` / `preview` run.
 */
interface CliTimer { inst: Installed; reset(): void; span(): { t0: number; t1: number } | undefined }
function cliTimer(inst: Installed): CliTimer {
  const real = inst.pulumiCommand;
  let last: { t0: number; t1: number } | undefined;
  const wrapped = {
    command: real.command,
    version: real.version,
    run: async (args: string[], ...rest: unknown[]) => {
      const t0 = Date.now();
      try {
        return await real.run(args, ...rest);
      } finally {
        if (["up", "destroy", "preview"].includes(args[0])) last = { t0, t1: Date.now() };
      }
    },
  };
  return { inst: { ...inst, pulumiCommand: wrapped }, reset: () => { last = undefined; }, span: () => last };
}

// ---------------------------------------------------------------------------------------------
// Metrics

interface Scenario {
  name: string;
  part: "engine" | "provider" | "baseline" | "scale";
  transitionS: number;
  /** Engine runs: the `pulumi up` / `pulumi destroy` process; provider and baseline runs: the call. */
  wallMs: number;
  /** Engine runs: the Automation API's whole round trip (the process, then `stack output` x2 and `stack history`). */
  automationMs?: number;
  physicalMinMs: number;
  overheadMs: number;
  /** Engine runs: the provider's share of the wall time (first to last AWS call of the operation) minus the physical minimum. */
  providerOverheadMs?: number;
  apiCalls: Record<string, number>;
  detectionLatencyMs: number | null;
  detections: { fleet: string; transition: string; atMs: number; latencyMs: number | null; boundMs: number }[];
  /** Polls of one wait: the smallest gap between two, and how many gaps were < 950 ms. */
  describeMinGapMs: number | null;
  describeFastGaps: number;
  /** Back-to-back lookups outside waits (e.g. diff's, then update's): the smallest gap. */
  lookupMinGapMs: number | null;
  /** DescribeFleets requests (all fleets, coalesced or not) in the busiest second. */
  describePerSecondMax: number;
  fleets?: number;
  /**
   * Scale runs: the least time the throttle itself adds, (N - burst) / rate of the mutating
   * operations' bucket (N StopFleet calls cannot all be accepted sooner).
   */
  throttleFloorMs?: number;
  throttled?: number;
  failures?: number;
  error?: string;
  note?: string;
}

function countCalls(calls: Call[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[c.operation] = (out[c.operation] ?? 0) + 1;
  out.total = calls.length;
  return out;
}

/** Transitions that end after a delay (the waited ones), with the first call that could act on each. */
function detections(calls: Call[], events: Ev[]) {
  const ok = calls.filter((c) => c.errorCode === undefined);
  return events
    .filter((e) => (e.from === "STARTING" && e.to === "RUNNING") || (e.from === "STOPPING" && e.to === "STOPPED"))
    .map((e) => {
      const begin = events.filter((b) => b.fleetName === e.fleetName && b.to === e.from && b.time <= e.time).pop();
      const durationMs = begin ? e.time - begin.time : 0;
      const next = ok.find((c) => c.time >= e.time && (c.fleetName === e.fleetName || (c.operation === "DescribeFleets" && c.fleetName === undefined)));
      return {
        fleet: e.fleetName,
        transition: `${e.from}->${e.to}`,
        atMs: e.time,
        latencyMs: next ? next.time - e.time : null,
        boundMs: Math.max(1000, durationMs / 10),
      };
    });
}

/**
 * Polling rate, from the call log: a wait's polls are the DescribeFleets naming the fleet from
 * its StartFleet / StopFleet to the first DescribeFleets that finds the target state (the log
 * records the real state on arrival). Gaps between consecutive polls of one wait under 950 ms
 * count as faster than one per second (real timers and the network add a few ms of jitter).
 * Refused calls are not polls (the SDK's retries of a throttled call are attempts of one poll).
 * Coalesced polls name several fleets, so none in the log: for those the total rate is shown.
 * Lookups outside waits (diff, then update, then outputs) are counted apart: `lookupMinGapMs`.
 */
const POLL_GAP_TOLERANCE_MS = 950;
function describeSpacing(calls: Call[]) {
  const byFleet = new Map<string, Call[]>();
  for (const c of calls) if (c.fleetName && c.errorCode === undefined) (byFleet.get(c.fleetName) ?? byFleet.set(c.fleetName, []).get(c.fleetName)!).push(c);
  let minGap: number | null = null;
  let fast = 0;
  let lookupMinGap: number | null = null;
  for (const cs of byFleet.values()) {
    let target: string | undefined;
    let last: number | undefined;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (c.operation === "StartFleet" || c.operation === "StopFleet") {
        target = c.operation === "StartFleet" ? "RUNNING" : "STOPPED";
        last = undefined;
        continue;
      }
      if (c.operation !== "DescribeFleets") continue;
      if (target !== undefined) {
        if (last !== undefined) {
          const gap = c.time - last;
          minGap = minGap === null ? gap : Math.min(minGap, gap);
          if (gap < POLL_GAP_TOLERANCE_MS) fast++;
        }
        last = c.time;
        if (c.fleetState === target) target = undefined;
      } else if (i > 0 && cs[i - 1].operation === "DescribeFleets") {
        const gap = c.time - cs[i - 1].time;
        lookupMinGap = lookupMinGap === null ? gap : Math.min(lookupMinGap, gap);
      }
    }
  }
  // Total DescribeFleets requests in the busiest second (coalesced or not).
  const ts = calls.filter((c) => c.operation === "DescribeFleets").map((c) => c.time);
  let busiest = 0;
  for (let i = 0, j = 0; i < ts.length; i++) {
    while (ts[i] - ts[j] >= 1000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  return { minGap, fast, lookupMinGap, busiest };
}

function scenario(name: string, part: Scenario["part"], transitionS: number, physicalMinMs: number, w: { t0: number; t1: number; harnessMs?: number; calls: Call[]; events: Ev[]; error?: unknown }, extra: Partial<Scenario> = {}): Scenario {
  const wallMs = w.t1 - w.t0;
  const det = detections(w.calls, w.events);
  const lat = det.map((d) => d.latencyMs).filter((x): x is number => x !== null);
  const sp = describeSpacing(w.calls);
  const opCalls = w.calls.filter((c) => c.operation !== "DescribeImages");
  const s: Scenario = {
    name, part, transitionS, wallMs, physicalMinMs, overheadMs: wallMs - physicalMinMs,
    apiCalls: countCalls(w.calls),
    detectionLatencyMs: lat.length > 0 ? Math.max(...lat) : null,
    detections: det,
    describeMinGapMs: sp.minGap,
    describeFastGaps: sp.fast,
    lookupMinGapMs: sp.lookupMinGap,
    describePerSecondMax: sp.busiest,
    ...extra,
  };
  if ((part === "engine" || part === "scale") && w.harnessMs !== undefined) s.automationMs = w.harnessMs;
  if (part === "engine" && opCalls.length > 0) s.providerOverheadMs = opCalls[opCalls.length - 1].time - opCalls[0].time - physicalMinMs;
  if (w.error !== undefined) s.error = String((w.error as Error)?.message ?? w.error).slice(0, 2000);
  return s;
}

// ---------------------------------------------------------------------------------------------
// A. The real engine

const ENV = (url: string) => ({ AWS_ENDPOINT_URL_APPSTREAM: url, AWS_ACCESS_KEY_ID: "AKIDBENCH", AWS_SECRET_ACCESS_KEY: "bench-secret", AWS_REGION: "us-east-1" });

interface Spec { name: string; args: Record<string, unknown> }

async function engineStack(inst: Installed, emu: Emu, stackName: string, specs: () => Spec[]): Promise<TestStack> {
  const program = async () => {
    const { Fleet } = inst.pkg;
    const out: Record<string, unknown> = {};
    for (const s of specs()) out[s.name] = new Fleet(s.name, s.args).state;
    return out;
  };
  return createStack(inst, stackName, program, ENV(emu.url));
}

const baseArgs = (name: string) => ({ name, imageName: IMAGE, instanceType: "stream.standard.medium", computeCapacity: { desiredInstances: 1 }, displayName: "bench", desiredState: "RUNNING" });

/** Engine runs are `pulumi up`s; a no-change up measures the engine's fixed cost per run. */
async function lifecycleEngine(cli: CliTimer, emu: Emu, D: number, results: Scenario[], sizes: { providerBytes?: number; stateEntryBytes?: number }, timelines: Record<string, unknown>) {
  await emu.delays(D);
  const fleetName = `bench-life-${D}s-${Date.now() % 100000}`;
  let args: Record<string, unknown> = baseArgs(fleetName);
  const stack = await engineStack(cli.inst, emu, `life-${D}-${Date.now()}`, () => [{ name: "f", args }]);
  const ms = D * 1000;
  const up = () => stack.up();
  try {
    results.push(scenario(`create+start (${D}s)`, "engine", D, ms, await emu.window(up, cli)));
    const noop = await emu.window(up, cli);
    results.push(scenario(`no-change up (${D}s)`, "engine", D, 0, noop, { note: "the engine's fixed cost of one pulumi up" }));
    if (sizes.providerBytes === undefined) {
      const dep = await stack.exportState();
      const entry = (dep.resources ?? []).find((r: any) => r.type === FLEET_TYPE);
      if (entry) {
        sizes.providerBytes = Buffer.byteLength(String(entry.inputs?.__provider ?? entry.outputs?.__provider ?? ""));
        sizes.stateEntryBytes = Buffer.byteLength(JSON.stringify(entry));
      }
    }
    args = { ...args, displayName: "bench v2" };
    results.push(scenario(`live update (${D}s)`, "engine", D, 0, await emu.window(up, cli)));
    args = { ...args, instanceType: "stream.standard.large" };
    const sus = await emu.window(up, cli);
    results.push(scenario(`stop-update-start (${D}s)`, "engine", D, 2 * ms, sus));
    timelines[`${D}`] = { t0: sus.t0, t1: sus.t1, calls: sus.calls, events: sus.events, transitionS: D };
    args = { ...args, desiredState: "STOPPED" };
    results.push(scenario(`desiredState stop (${D}s)`, "engine", D, ms, await emu.window(up, cli)));
    args = { ...args, desiredState: "RUNNING" };
    results.push(scenario(`desiredState start (${D}s)`, "engine", D, ms, await emu.window(up, cli)));
    results.push(scenario(`delete (${D}s)`, "engine", D, ms, await emu.window(() => stack.destroy(), cli), { note: "destroy of a RUNNING fleet: stop, then delete" }));
  } finally {
    await stack.remove().catch(() => undefined);
  }
}

/**
 * N fleets in one program, created RUNNING, then one `pulumi up` changes all instance types
 * (stop-update-start), then destroy. Full mode measures all three, throttled. Quick mode measures
 * the update only: the fleets are created with 1 s transitions and no throttling, and the stack
 * is dropped afterwards with the emulator (that saves about 40 s for 50 fleets).
 */
async function scaleEngine(cli: CliTimer, emu: Emu, N: number, D: number, parallel: number, results: Scenario[], measureAll: boolean, ready?: () => void) {
  const tag = `${Date.now() % 100000}`;
  let instanceType = "stream.standard.medium";
  const specs = () => Array.from({ length: N }, (_, i) => ({ name: `s${i}`, args: { ...baseArgs(`bench-scale${N}-${tag}-${i}`), instanceType } }));
  const stack = await engineStack(cli.inst, emu, `scale-${N}-${Date.now()}`, specs);
  // Failures: resources the engine reports an error diagnostic for.
  let failed = new Set<string>();
  const onEvent = (e: any) => {
    const d = e.diagnosticEvent;
    if (d && d.severity === "error" && d.urn && !String(d.urn).includes("pulumi:pulumi:Stack")) failed.add(d.urn);
  };
  const upP = async () => { failed = new Set(); return stack.stack.up({ parallel, color: "never", onEvent }); };
  const failuresOf = (w: { error?: unknown }) => (w.error === undefined ? failed.size : Math.max(1, failed.size));
  const throttled = (w: { calls: Call[] }) => w.calls.filter((c) => c.errorCode === "ThrottlingException").length;
  try {
    if (measureAll) {
      await emu.delays(D);
      await emu.config({ throttle: THROTTLE });
      const create = await emu.window(upP, cli);
      results.push(scenario(`scale create ${N} (${D}s)`, "scale", D, D * 1000, create, { fleets: N, throttled: throttled(create), failures: failuresOf(create) }));
      if (create.error) {
        // Bring every fleet up before the measured update, so that it measures the update only.
        await emu.config({ throttle: null });
        await upP();
        await emu.config({ throttle: THROTTLE });
      }
    } else {
      await emu.delays(1);
      await emu.config({ throttle: null });
      await upP();
      await emu.delays(D);
      await emu.config({ throttle: THROTTLE });
    }
    instanceType = "stream.standard.large";
    ready?.();
    const w = await emu.window(upP, cli);
    if (process.env.BENCH_DUMP) fs.writeFileSync(path.join(process.env.BENCH_DUMP, `scale-${N}-${D}s.json`), JSON.stringify(w));
    results.push(scenario(`scale stop-update-start ${N} (${D}s)`, "scale", D, 2 * D * 1000, w, { fleets: N, throttled: throttled(w), failures: failuresOf(w), note: `pulumi up --parallel ${parallel}`,
      throttleFloorMs: Math.round((Math.max(0, N - MUTATING_RATE.burst) / MUTATING_RATE.ratePerSecond) * 1000) }));
    if (measureAll) {
      failed = new Set();
      const d = await emu.window(() => stack.stack.destroy({ parallel, color: "never", onEvent }), cli);
      results.push(scenario(`scale delete ${N} (${D}s)`, "scale", D, D * 1000, d, { fleets: N, throttled: throttled(d), failures: failuresOf(d) }));
    }
  } finally {
    await stack.remove().catch(() => undefined);
    await emu.config({ throttle: null });
  }
}

// ---------------------------------------------------------------------------------------------
// B. Provider level (long transitions)

/**
 * The provider implementation in this process, as the engine's provider process runs it, with
 * a production client (appStreamClient: retry strategy, rate limiting, poller) per emulator.
 * Three chains run at once, each on its own emulator, so that 5-minute transitions fit in
 * ~10 minutes: create+start, live update, delete | stop-update-start | desiredState stop, start.
 * Chains 2 and 3 bring their fleet up with 1 s transitions first (not measured).
 */
async function lifecycleProvider(D: number, results: Scenario[]) {
  process.env.AWS_REGION = "us-east-1";
  process.env.AWS_ACCESS_KEY_ID = "AKIDBENCH";
  process.env.AWS_SECRET_ACCESS_KEY = "bench-secret";
  const { FleetProviderImpl, defaultDeps } = require(path.join(ROOT, "dist", "provider", "fleet", "provider"));
  const { appStreamClient } = require(path.join(ROOT, "dist", "provider", "aws", "client"));
  const ms = D * 1000;
  const chain = async (k: number, body: (emu: Emu, impl: any, name: string) => Promise<void>) => {
    const emu = new Emu(await emulatorProcess());
    try {
      const client = appStreamClient({ endpoint: emu.url, region: "us-east-1" });
      const impl = new FleetProviderImpl({ ...defaultDeps(), client: () => client });
      await body(emu, impl, `bench-prov-${D}s-${k}-${Date.now() % 100000}`);
    } finally {
      await emu.emu.close();
    }
  };
  const checked = async (impl: any, olds: any, news: any) => (await impl.check(olds, { ...news, __resourceName: "f" })).inputs;
  const step = async (emu: Emu, impl: any, name: string, st: { inputs: any; outs: any }, label: string, change: Record<string, unknown>, min: number) => {
    const news = await checked(impl, st.outs, { ...st.inputs, ...change });
    const w = await emu.window(() => impl.update(name, st.outs, news));
    results.push(scenario(`${label} (${D}s, provider)`, "provider", D, min, w));
    if (w.result) { st.outs = (w.result as any).outs; st.inputs = news; }
  };
  const setup = async (emu: Emu, impl: any, name: string) => {
    await emu.delays(1);
    const inputs = await checked(impl, {}, baseArgs(name));
    const outs = (await impl.create(inputs)).outs;
    await emu.delays(D);
    return { inputs, outs };
  };
  await Promise.all([
    chain(1, async (emu, impl, name) => {
      await emu.delays(D);
      const inputs = await checked(impl, {}, baseArgs(name));
      const c = await emu.window(() => impl.create(inputs));
      results.push(scenario(`create+start (${D}s, provider)`, "provider", D, ms, c));
      const st = { inputs, outs: (c.result as any)?.outs };
      await step(emu, impl, name, st, "live update", { displayName: "bench v2" }, 0);
      results.push(scenario(`delete (${D}s, provider)`, "provider", D, ms, await emu.window(() => impl.delete(name, st.outs))));
    }),
    chain(2, async (emu, impl, name) => {
      const st = await setup(emu, impl, name);
      await step(emu, impl, name, st, "stop-update-start", { instanceType: "stream.standard.large" }, 2 * ms);
    }),
    chain(3, async (emu, impl, name) => {
      const st = await setup(emu, impl, name);
      await step(emu, impl, name, st, "desiredState stop", { desiredState: "STOPPED" }, ms);
      await step(emu, impl, name, st, "desiredState start", { desiredState: "RUNNING" }, ms);
    }),
  ]);
}

// ---------------------------------------------------------------------------------------------
// C. Baseline: the SDK's waiters (defaults: minDelay 30 s, maxDelay 120 s) against our loop

async function baseline(emu: Emu, D: number, results: Scenario[]) {
  await emu.delays(D);
  // One client per wait: the provider's loop shares one DescribeFleets per tick among the waits of
  // a client, and a shared poll would name no fleet in the emulator's call log.
  const newClient = () => new AppStreamClient({ endpoint: emu.url, region: "us-east-1", credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" } });
  const { waitFleet } = require(path.join(ROOT, "dist", "provider", "aws", "fleets"));
  const tag = Date.now() % 100000;
  /** The start wait and the stop wait run at once, on two fleets (the second is started first, unmeasured). */
  const run = async (who: "ours" | "sdk", target: "RUNNING" | "STOPPED") => {
    const client = newClient();
    const name = `bench-base-${who}-${target === "RUNNING" ? "start" : "stop"}-${D}s-${tag}`;
    try {
      await client.send(new CreateFleetCommand({ Name: name, ImageName: IMAGE, InstanceType: "stream.standard.medium", ComputeCapacity: { DesiredInstances: 1 } }));
      if (target === "STOPPED") {
        await client.send(new StartFleetCommand({ Name: name }));
        await waitFleet(client, name, "RUNNING", { timeoutMs: 3600_000 });
      }
      const cmd = target === "RUNNING" ? StartFleetCommand : StopFleetCommand;
      const w = await emu.window(async () => {
        await client.send(new cmd({ Name: name }));
        if (who === "ours") await waitFleet(client, name, target, { timeoutMs: 3600_000 });
        else if (target === "RUNNING") await waitUntilFleetStarted({ client, maxWaitTime: 3600 }, { Names: [name] });
        else await waitUntilFleetStopped({ client, maxWaitTime: 3600 }, { Names: [name] });
      });
      return scenario(`${target === "RUNNING" ? "start" : "stop"} wait, ${who === "ours" ? "provider loop" : "SDK waiter"} (${D}s)`, "baseline", D, D * 1000, {
        ...w, calls: w.calls.filter((c) => c.fleetName === name), events: w.events.filter((e) => e.fleetName === name),
      });
    } finally {
      await client.send(new DeleteFleetCommand({ Name: name })).catch(() => undefined);
      client.destroy();
    }
  };
  results.push(...(await Promise.all([run("ours", "RUNNING"), run("ours", "STOPPED"), run("sdk", "RUNNING"), run("sdk", "STOPPED")])));
}

// ---------------------------------------------------------------------------------------------
// Output

function fmt(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "-";
  return Math.abs(ms) >= 10000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms)}ms`;
}

function table(rows: Scenario[]): string {
  const head = ["scenario", "wall", "phys.min", "overhead", "prov.ovh", "detect(max)", "poll gap", "DF/s max", "calls (by op)"];
  const lines = rows.map((r) => [
    r.name + (r.error ? " [FAILED]" : ""),
    fmt(r.wallMs), fmt(r.physicalMinMs), fmt(r.overheadMs), fmt(r.providerOverheadMs), fmt(r.detectionLatencyMs), fmt(r.describeMinGapMs), String(r.describePerSecondMax),
    Object.entries(r.apiCalls).filter(([k]) => k !== "total").map(([k, v]) => `${k.replace("Fleet", "F").replace("Describe", "Desc")}:${v}`).join(" ") + ` =${r.apiCalls.total}` +
      (r.throttled !== undefined ? ` throttled:${r.throttled} failures:${r.failures}` : ""),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (l: string[]) => l.map((c, i) => (i === l.length - 1 ? c : c.padEnd(w[i]))).join("  ");
  return [row(head), row(w.map((n) => "-".repeat(n))), ...lines.map(row)].join("\n");
}

/** `applicable: false`: the run cannot judge the target (the numbers are still given). */
interface TargetResult { target: string; met: boolean; applicable?: false; detail: string }

function targets(all: Scenario[], sizes: { providerBytes?: number; stateEntryBytes?: number }): TargetResult[] {
  const out: TargetResult[] = [];
  const waited = all.filter((s) => s.part !== "baseline" || s.name.includes("provider loop"));
  const misses = waited.flatMap((s) => s.detections.filter((d) => d.latencyMs === null || d.latencyMs > d.boundMs).map((d) => `${s.name}: ${d.transition} ${fmt(d.latencyMs)} > ${fmt(d.boundMs)}`));
  const nDet = waited.reduce((n, s) => n + s.detections.length, 0);
  const worst = waited.flatMap((s) => s.detections.map((d) => ({ s: s.name, r: (d.latencyMs ?? Infinity) / d.boundMs, d }))).sort((a, b) => b.r - a.r)[0];
  out.push({
    target: "each waited transition noticed within max(1 s, 10 % of its duration)",
    met: misses.length === 0 && nDet > 0,
    detail: `${nDet} transitions, ${misses.length} late` + (worst ? `; worst ${fmt(worst.d.latencyMs)} of ${fmt(worst.d.boundMs)} allowed (${worst.s})` : "") + (misses.length ? `; late: ${misses.slice(0, 5).join("; ")}` : ""),
  });
  const polled = waited.filter((s) => s.describeMinGapMs !== null);
  const lookupGaps = all.filter((s) => s.lookupMinGapMs !== null).map((s) => s.lookupMinGapMs as number);
  const fast = polled.filter((s) => s.describeFastGaps > 0);
  out.push({
    target: "at most one DescribeFleets per second per fleet",
    met: fast.length === 0,
    detail: (fast.length === 0 ? `no two consecutive polls of a fleet < ${POLL_GAP_TOLERANCE_MS} ms apart in ${polled.length} scenarios; ` : fast.map((s) => `${s.name}: ${s.describeFastGaps} gaps < ${POLL_GAP_TOLERANCE_MS} ms (min ${fmt(s.describeMinGapMs)})`).slice(0, 6).join("; ") + "; ") +
      `smallest gap between two polls of a wait ${fmt(Math.min(...polled.map((s) => s.describeMinGapMs as number)))}; ` +
      `coalesced (scale) runs: at most ${Math.max(0, ...all.filter((s) => s.part === "scale").map((s) => s.describePerSecondMax))} DescribeFleets requests in any second for all fleets together; ` +
      (lookupGaps.length > 0 ? `lookups outside waits (not polls) as close as ${fmt(Math.min(...lookupGaps))}` : "no two lookups of a fleet outside waits back to back"),
  });
  const ops = all.filter((s) => (s.part === "engine" || s.part === "provider") && !s.name.startsWith("no-change"));
  const allow = (s: Scenario) => Math.max(2000, 0.05 * s.physicalMinMs);
  const bad = ops.filter((s) => s.overheadMs > allow(s));
  out.push({
    target: "overhead of a lifecycle operation < max(2 s, 5 %) of its physical minimum (whole pulumi up / provider call)",
    met: bad.length === 0,
    detail: bad.length === 0 ? `all ${ops.length} within` : bad.map((s) => `${s.name}: ${fmt(s.overheadMs)} > ${fmt(allow(s))}`).join("; "),
  });
  const eng = ops.filter((s) => s.providerOverheadMs !== undefined);
  const badP = eng.filter((s) => (s.providerOverheadMs as number) > allow(s));
  out.push({
    target: "same, the provider's share only (first to last AWS call of the operation, engine's fixed cost excluded)",
    met: badP.length === 0,
    detail: badP.length === 0 ? `all ${eng.length} within; worst ${eng.map((s) => `${fmt(s.providerOverheadMs)} (${s.name})`).sort().pop()}` : badP.map((s) => `${s.name}: ${fmt(s.providerOverheadMs)} > ${fmt(allow(s))}`).join("; "),
  });
  const sc = all.filter((s) => s.name.startsWith("scale stop-update-start"));
  for (const D of [...new Set(sc.map((s) => s.transitionS))].sort((a, b) => a - b)) {
    const one = sc.find((s) => s.fleets === 1 && s.transitionS === D);
    const fifty = sc.find((s) => s.fleets === 50 && s.transitionS === D);
    if (!one || !fifty) continue;
    const ratio = fifty.wallMs / one.wallMs;
    const floor = fifty.throttleFloorMs ?? 0;
    const ratioFloor = fifty.wallMs / (one.wallMs + floor);
    // With short transitions the throttle alone (50 StopFleet at AWS-like rates) is more than a
    // quarter of one fleet's update: no provider can meet the ratio, so it is not judged there.
    const possible = one.wallMs + floor <= 1.25 * one.wallMs;
    out.push({
      target: `50 fleets: no failures, wall within 1.25x of one fleet's (${D} s transitions)`,
      met: (fifty.failures ?? 0) === 0 && !fifty.error && ratio <= 1.25,
      ...(possible ? {} : { applicable: false as const }),
      detail: `1 fleet ${fmt(one.wallMs)}, 50 fleets ${fmt(fifty.wallMs)} (x${ratio.toFixed(3)}), failures ${fifty.failures}, throttled calls ${fifty.throttled}; ` +
        `the throttle alone adds >= ${fmt(floor)} (40 StopFleet beyond the burst at ${MUTATING_RATE.ratePerSecond}/s): against one fleet + that floor x${ratioFloor.toFixed(3)}` +
        (possible ? "" : `; not judged: that floor is more than 25 % of one fleet's ${fmt(one.wallMs)}`),
    });
  }
  out.push({
    target: "serialized provider < 4 KB",
    met: (sizes.providerBytes ?? Infinity) < 4096,
    detail: `__provider ${sizes.providerBytes} bytes; one fleet's state entry ${sizes.stateEntryBytes} bytes`,
  });
  return out;
}

/** The stop-update-start timeline: AWS state (events) against provider actions (calls). */
function svg(tl: { t0: number; t1: number; calls: Call[]; events: Ev[]; transitionS: number }): string {
  const W = 960, left = 110, right = 20, H = 250;
  const span = Math.max(1, tl.t1 - tl.t0);
  const x = (t: number) => left + ((t - tl.t0) / span) * (W - left - right);
  const colors: Record<string, string> = { RUNNING: "#4caf50", STOPPING: "#ff9800", STOPPED: "#9e9e9e", STARTING: "#2196f3" };
  const fleet = tl.events[0]?.fleetName ?? tl.calls.find((c) => c.fleetName)?.fleetName;
  const evs = tl.events.filter((e) => e.fleetName === fleet);
  const segs: { from: number; to: number; state: string }[] = [];
  let state = evs.length > 0 ? (evs[0].from ?? "RUNNING") : "RUNNING";
  let at = tl.t0;
  for (const e of evs) {
    segs.push({ from: at, to: e.time, state });
    state = e.to ?? "GONE";
    at = e.time;
  }
  segs.push({ from: at, to: tl.t1, state });
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="10" y="18" font-size="13" font-weight="bold">${esc(`stop-update-start through pulumi up, transitions of ${tl.transitionS} s (emulator): AWS state vs provider calls`)}</text>`);
  parts.push(`<text x="10" y="60">AWS state</text><text x="10" y="118">provider calls</text>`);
  for (const s of segs) {
    parts.push(`<rect x="${x(s.from).toFixed(1)}" y="40" width="${Math.max(0.5, x(s.to) - x(s.from)).toFixed(1)}" height="30" fill="${colors[s.state] ?? "#eee"}"/>`);
    if (x(s.to) - x(s.from) > 50) parts.push(`<text x="${(x(s.from) + 4).toFixed(1)}" y="60" fill="white">${s.state}</text>`);
  }
  const mine = tl.calls.filter((c) => c.fleetName === fleet || (c.operation === "DescribeFleets" && !c.fleetName));
  let lastLabelX = -100;
  let row = 0;
  for (const c of mine) {
    const cx = x(c.time);
    const mut = c.operation !== "DescribeFleets" && !c.operation.startsWith("List") && !c.operation.startsWith("DescribeImages");
    parts.push(`<line x1="${cx.toFixed(1)}" y1="90" x2="${cx.toFixed(1)}" y2="${mut ? 140 : 125}" stroke="${mut ? "#d32f2f" : "#333"}" stroke-width="${mut ? 2 : 1}"/>`);
    if (mut) {
      row = cx - lastLabelX < 70 ? row + 1 : 0;
      parts.push(`<text x="${(cx + 2).toFixed(1)}" y="${152 + row * 12}" fill="#d32f2f">${esc(c.operation)}</text>`);
      lastLabelX = cx;
    }
  }
  for (const d of detections(tl.calls, tl.events)) {
    if (d.latencyMs === null) continue;
    parts.push(`<line x1="${x(d.atMs).toFixed(1)}" y1="75" x2="${x(d.atMs + d.latencyMs).toFixed(1)}" y2="75" stroke="black" stroke-width="3"/>`);
    parts.push(`<text x="${x(d.atMs).toFixed(1)}" y="86" font-size="10">noticed after ${d.latencyMs} ms</text>`);
  }
  const ticks = Math.ceil(span / 1000);
  const step = ticks > 40 ? Math.ceil(ticks / 20) : 1;
  for (let s = 0; s <= ticks; s += step) {
    const tx = x(tl.t0 + s * 1000);
    parts.push(`<line x1="${tx.toFixed(1)}" y1="195" x2="${tx.toFixed(1)}" y2="200" stroke="#666"/><text x="${(tx - 4).toFixed(1)}" y="212" fill="#666">${s}s</text>`);
  }
  parts.push(`<line x1="${left}" y1="195" x2="${W - right}" y2="195" stroke="#666"/>`);
  parts.push(`<text x="10" y="240" fill="#444">Bars: fleet state from the emulator's events log. Ticks: AWS calls as they arrived (thin: DescribeFleets / reads; red: mutating). Black bars: detection latency.</text>`);
  parts.push(`</svg>`);
  return parts.join("\n") + "\n";
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  const on = (p: string) => ONLY.includes(p);
  const lengths = !on("engine") ? [] : QUICK ? [2] : [2, 10, 60];
  const providerLengths = !on("provider") || QUICK ? [] : [300];
  const baselineLengths = !on("baseline") ? [] : QUICK ? [2] : [2, 10, 60, 300];
  // Quick mode measures the 1- and 50-fleet updates only (the 10-fleet run adds nothing a quick
  // check needs), on its own emulator at the same time as the lifecycle runs.
  // BENCH_SCALE_N=1,50 and BENCH_SCALE_S=30: other scale runs, while working on the provider.
  const scaleN = !on("scale") ? [] : process.env.BENCH_SCALE_N ? process.env.BENCH_SCALE_N.split(",").map(Number) : QUICK ? [1, 50] : [1, 10, 50];
  const scaleD = Number(process.env.BENCH_SCALE_S ?? (QUICK ? 2 : 30));
  const log = (m: string) => process.stderr.write(`[bench +${Math.round((Date.now() - started) / 1000)}s] ${m}\n`);

  const [eA, eC, eS] = await Promise.all([emulatorProcess(), emulatorProcess(), emulatorProcess()]);
  const A = new Emu(eA), C = new Emu(eC), S = new Emu(eS);
  const results: Scenario[] = [];
  const sizes: { providerBytes?: number; stateEntryBytes?: number } = {};
  const timelines: Record<string, any> = {};
  // A part that fails is reported and the others go on (its rows are missing from the table).
  const part = (what: string, f: () => Promise<void>) => f().catch((e) => log(`part failed (${what}): ${(e as Error)?.stack ?? e}`));
  const baselines = (ls: number[]) => part("baseline", async () => { for (const D of ls) { log(`baseline, ${D}s transitions`); await baseline(C, D, results); } });
  const providerLevel = () => part("provider", async () => { for (const D of providerLengths) { log(`provider-level lifecycle, ${D}s transitions`); await lifecycleProvider(D, results); } });
  try {
    const needEngine = lengths.length + scaleN.length > 0;
    if (needEngine) log("installing the package into a project (npm pack; reused while the build is unchanged), as tests/e2e do");
    const inst = needEngine ? await installPackage() : undefined;
    const lifecycle = () => part("engine", async () => {
      const cli = cliTimer(inst as Installed);
      for (const D of lengths) { log(`engine lifecycle, ${D}s transitions`); await lifecycleEngine(cli, A, D, results, sizes, timelines); }
    });
    const scale = () => part("scale", async () => {
      const cli = cliTimer(inst as Installed);
      for (const N of scaleN) { log(`engine scale, ${N} fleets, ${scaleD}s transitions, throttled${QUICK ? " (update only)" : ""}`); await scaleEngine(cli, QUICK ? S : A, N, scaleD, Math.max(8, N), results, !QUICK); }
    });
    if (QUICK) {
      // Everything at once: the lifecycle and the scale runs on their own emulators.
      await Promise.all([lifecycle(), scale(), baselines(baselineLengths)]);
    } else {
      // Phase 1: the lifecycle through the engine, alone but for the short baselines (light: one
      // fleet each), so that the engine's numbers are not those of a crowded machine.
      const short = baselineLengths.filter((D) => D < 300);
      await Promise.all([lifecycle(), baselines(short)]);
      // Phase 2, the long waits: 1 and 50 fleets updated with realistic 5-minute transitions
      // (update only, each on its own emulator, i.e. account) are set up first; then, while they
      // wait, the 30 s scale runs, the provider-level runs and the 5-minute baselines.
      const realistic = on("scale") && !process.env.BENCH_SCALE_N ? [1, 50] : [];
      let readyCount = 0;
      let allReady!: () => void;
      const ready = new Promise<void>((r) => (allReady = r));
      const arrived = () => { if (++readyCount === realistic.length) allReady(); };
      if (realistic.length === 0) allReady();
      const long = realistic.map((N) => part(`scale ${N} x 300s`, async () => {
        let once = false;
        const arrive = () => { if (!once) arrived(); once = true; };
        const emu = new Emu(await emulatorProcess());
        try {
          log(`engine scale, ${N} fleets, 300s transitions, throttled (update only)`);
          await scaleEngine(cliTimer(inst as Installed), emu, N, 300, Math.max(8, N), results, false, arrive);
        } finally {
          arrive(); // a setup that failed must not hold the rest back
          await emu.emu.close();
        }
      }));
      await ready;
      await Promise.all([...long, scale(), providerLevel(), baselines(baselineLengths.filter((D) => D >= 300))]);
    }
  } finally {
    await Promise.all([eA.close(), eC.close(), eS.close()]);
  }

  const order = { engine: 0, provider: 1, scale: 2, baseline: 3 };
  results.sort((a, b) => order[a.part] - order[b.part] || a.transitionS - b.transitionS || (a.fleets ?? 0) - (b.fleets ?? 0));
  // Baseline ratios: SDK waiter detection latency / ours, per transition length and target.
  const ratios = baselineLengths.flatMap((D) =>
    (["start", "stop"] as const).map((k) => {
      const ours = results.find((r) => r.name === `${k} wait, provider loop (${D}s)`);
      const sdk = results.find((r) => r.name === `${k} wait, SDK waiter (${D}s)`);
      return { transitionS: D, wait: k, oursWallMs: ours?.wallMs, sdkWallMs: sdk?.wallMs, oursDetectMs: ours?.detectionLatencyMs, sdkDetectMs: sdk?.detectionLatencyMs, oursCalls: ours?.apiCalls.total, sdkCalls: sdk?.apiCalls.total, wallRatio: ours && sdk ? +(sdk.wallMs / ours.wallMs).toFixed(2) : null };
    }),
  );
  const tgt = targets(results, sizes);
  const out = {
    mode: QUICK ? "quick" : "full",
    date: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine: { node: process.version, cpus: require("os").cpus().length },
    throttle: THROTTLE,
    providerBytes: sizes.providerBytes,
    stateEntryBytes: sizes.stateEntryBytes,
    targets: tgt,
    baseline: ratios,
    scenarios: results,
  };
  // results.json is the last run; results.<mode>.json keeps each mode's last run.
  const resultsFile = path.join(__dirname, "results.json");
  fs.writeFileSync(resultsFile, JSON.stringify(out, null, 2) + "\n");
  fs.writeFileSync(path.join(__dirname, `results.${out.mode}.json`), JSON.stringify(out, null, 2) + "\n");
  const longest = Object.keys(timelines).map(Number).sort((a, b) => a - b);
  const pick = timelines[String(longest.includes(10) ? 10 : longest[longest.length - 1])];
  // The README's chart comes from the full run (10 s transitions); a quick run writes its own.
  const svgFile = path.join(__dirname, QUICK ? "stop-update-start.quick.svg" : "stop-update-start.svg");
  if (pick) fs.writeFileSync(svgFile, svg(pick));

  console.log(`\nBenchmark (${out.mode}), ${out.durationS}s, node ${process.version}, ${out.machine.cpus} CPUs\n`);
  console.log(table(results));
  console.log(`\nBaseline: SDK waiters (defaults 30 s / 120 s) vs the provider's loop, same transitions, same time`);
  for (const r of ratios) console.log(`  ${r.wait} ${r.transitionS}s: provider loop ${fmt(r.oursWallMs ?? null)} (${r.oursCalls} calls, detect ${fmt(r.oursDetectMs)}), SDK waiter ${fmt(r.sdkWallMs ?? null)} (${r.sdkCalls} calls, detect ${fmt(r.sdkDetectMs)}), x${r.wallRatio}`);
  console.log(`\nSerialized provider: ${sizes.providerBytes} bytes; one fleet's state entry: ${sizes.stateEntryBytes} bytes`);
  console.log(`\nTargets:`);
  for (const t of tgt) console.log(`  [${t.applicable === false ? "n/a" : t.met ? "met" : "NOT met"}] ${t.target}: ${t.detail}`);
  console.log(`\nWritten: ${path.relative(ROOT, resultsFile)}, bench/results.${out.mode}.json${pick ? `, ${path.relative(ROOT, svgFile)}` : ""}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
