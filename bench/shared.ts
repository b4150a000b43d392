/**
 * Shared set-up of the benchmark's parts: the run's options, the AWS-like throttle, emulators in
 * their own processes with the calls and events of a time window, and the timer of the Pulumi
 * CLI processes the Automation API runs.
 */
import * as path from "path";
import type { Installed } from "../tools/automation";
import type { EmulatorProcess } from "../tools/emulator-process";

export const ROOT = path.resolve(__dirname, "..");
export const QUICK = process.argv.includes("--quick");
/** The parts of the benchmark, in the order they are listed (`--only=` takes any of them). */
export const PARTS = ["import", "engine", "cli", "scale", "preview", "detection", "provider", "baseline", "plugin"] as const;
const onlyArg = process.argv.find((a) => a.startsWith("--only="))?.slice(7).split(",");
/** --only=import,engine,cli,scale,preview,detection,provider,baseline: run some parts only (while iterating on the provider). */
export const ONLY: string[] = onlyArg ?? [...PARTS];
/** Whether --only= was given (such a run writes results.json only, not results.<mode>.json). */
export const ONLY_GIVEN = onlyArg !== undefined;
for (const p of ONLY) if (!(PARTS as readonly string[]).includes(p)) throw new Error(`--only: unknown part "${p}" (parts: ${PARTS.join(", ")})`);
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = "true";
export const IMAGE = "AppStream-WinServer2019-06-17-2024";
export const FLEET_TYPE = "pulumi-nodejs:dynamic/appstream:Fleet";

/**
 * AWS-like throttling for the scale runs. AppStream does not publish its API rate limits; these
 * are the middle of the ranges observed/quoted for AppStream accounts (DescribeFleets 5-10/s with a
 * burst of 20, mutating operations 2-5/s), per operation and shared by the whole account, which
 * is how the emulator models them (one token bucket per operation).
 */
export const MUTATING_RATE = { ratePerSecond: 3, burst: 10 };
export const THROTTLE = {
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

export interface Call { seq: number; time: number; operation: string; fleetName?: string; fleetState?: string; errorCode?: string; httpStatus: number }
export interface Ev { seq: number; time: number; fleetName: string; from: string | null; to: string | null }

/**
 * An emulator of the benchmark, in its own process (tools/emulator-process.ts, the built CLI) as
 * AWS is remote: its call log stamps each request when it arrives, whatever this process is busy
 * with (an emulator inside a busy bench process stamped some polls late, which made the next one
 * look early).
 */
export class Emu {
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
export interface CliTimer { inst: Installed; reset(): void; span(): { t0: number; t1: number } | undefined }
export function cliTimer(inst: Installed): CliTimer {
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

export const ENV = (url: string) => ({ AWS_ENDPOINT_URL_APPSTREAM: url, AWS_ACCESS_KEY_ID: "AKIDBENCH", AWS_SECRET_ACCESS_KEY: "bench-secret", AWS_REGION: "us-east-1" });

export const baseArgs = (name: string) => ({ name, imageName: IMAGE, instanceType: "stream.standard.medium", computeCapacity: { desiredInstances: 1 }, displayName: "bench", desiredState: "RUNNING" });
