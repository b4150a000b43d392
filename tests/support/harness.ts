/**
 * The emulator in this process, over real HTTP: one Harness for every suite that drives it, with
 * an SDK client, the typed control API and marks in the call log. `startHarness` also points the
 * environment the SDK reads (endpoint, region, dummy keys) at it, so that the provider under test,
 * which builds its own client, reaches it (tests/integration, tests/reliability, tests/e2e);
 * `useHarness` gives one per mocha suite, reset before each test (`useEmulator` in ./emulator.ts,
 * for tests/emulator, leaves the environment alone).
 */
import { strict as assert } from "assert";
import { AppStreamClient } from "@aws-sdk/client-appstream";
import { CallRecord, EmulatorControl, startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";

export type Call = CallRecord;

export const MUTATING = new Set([
  "CreateFleet", "UpdateFleet", "DeleteFleet", "StartFleet", "StopFleet", "TagResource", "UntagResource",
  "CreateStack", "DeleteStack", "AssociateFleet", "DisassociateFleet",
]);

export interface Harness {
  /** http://127.0.0.1:PORT */
  url: string;
  emulator: RunningEmulator;
  /** An SDK client against the emulator. */
  client: AppStreamClient;
  /** The control API: reset, calls, faults, sessions, images, config. */
  control: EmulatorControl;
  /** Operations received since the last mark(), in order, successful ones only unless `all`. */
  opsSinceMark(opts?: { all?: boolean; fleet?: string }): Promise<string[]>;
  mark(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions extends EmulatorOptions {
  /**
   * Point the environment the SDK reads at the emulator (AWS_ENDPOINT_URL_APPSTREAM, AWS_REGION,
   * dummy keys, APPSTREAM_PREVIEW_OVERVIEW_SECONDS=0), restored by close(). Default true.
   */
  env?: boolean;
  /** Attempts of the harness's own client (1: refusals surface unretried). Default 3, the SDK's. */
  maxAttempts?: number;
}

const ENV_KEYS = ["APPSTREAM_PREVIEW_OVERVIEW_SECONDS", "AWS_ENDPOINT_URL_APPSTREAM", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"] as const;

/** An SDK client against the emulator; one attempt unless told, so refusals surface unretried. */
export function sdkClient(
  url: string,
  opts: { region?: string; maxAttempts?: number; accessKeyId?: string; secretAccessKey?: string } = {},
): AppStreamClient {
  return new AppStreamClient({
    endpoint: url,
    region: opts.region ?? "us-east-1",
    credentials: { accessKeyId: opts.accessKeyId ?? "test", secretAccessKey: opts.secretAccessKey ?? "test" },
    maxAttempts: opts.maxAttempts ?? 1,
  });
}

export async function startHarness(opts: HarnessOptions = {}): Promise<Harness> {
  const { env = true, maxAttempts = 3, ...emulatorOptions } = opts;
  const emulator = await startEmulator({ port: 0, startDelaySeconds: 0.3, stopDelaySeconds: 0.2, ...emulatorOptions });
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  if (env) {
    process.env.AWS_ENDPOINT_URL_APPSTREAM = emulator.url;
    // One provider process serves every test here, and tests remake fleets behind its back within
    // seconds: each preview lookup asks for its own fleet (the overview has its own unit test).
    process.env.APPSTREAM_PREVIEW_OVERVIEW_SECONDS = "0";
    process.env.AWS_REGION = "us-east-1";
    process.env.AWS_ACCESS_KEY_ID = "AKIDTEST";
    process.env.AWS_SECRET_ACCESS_KEY = "test-secret";
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
  }
  const client = sdkClient(emulator.url, { maxAttempts, accessKeyId: "AKIDTEST", secretAccessKey: "test-secret" });
  const control = new EmulatorControl(emulator.url);
  let markSeq = 0;

  return {
    url: emulator.url,
    emulator,
    client,
    control,
    async mark() {
      const all = await control.calls();
      markSeq = all.length > 0 ? all[all.length - 1].seq : 0;
    },
    async opsSinceMark({ all = false, fleet } = {}) {
      return (await control.calls())
        .filter((c) => c.seq > markSeq && (all || c.errorCode === undefined) && (fleet === undefined || c.fleetName === fleet))
        .map((c) => c.operation);
    },
    async close() {
      client.destroy();
      await emulator.close();
      if (!env) return;
      for (const k of ENV_KEYS) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    },
  };
}

/**
 * One harness for the enclosing mocha `describe`: started before its tests, reset before each
 * (an empty emulator), closed after them. Its members are there from the `before` hook on.
 */
export function useHarness(opts: HarnessOptions = {}): Harness {
  const h = {} as Harness;
  before(async () => {
    Object.assign(h, await startHarness(opts));
  });
  beforeEach(async () => {
    await h.control.reset();
  });
  after(async () => {
    await h.close?.();
  });
  return h;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls until the fleet (of the region, default the emulator's) reaches the state (no timing assertions, just logic). */
export async function waitForState(control: EmulatorControl, name: string, state: string, timeoutMs = 5000, region?: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const fleet = (await control.fleets(region)).find((f) => f.Name === name);
    if (fleet?.State === state) return;
    await sleep(25);
  }
  assert.fail(`fleet ${name}${region ? ` in ${region}` : ""} did not reach ${state}`);
}

/** Only the operations that change something, in order. */
export const mutating = (ops: string[]) => ops.filter((o) => MUTATING.has(o));
