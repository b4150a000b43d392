/**
 * Shared set-up for tests that drive the provider against the emulator over real HTTP: an
 * emulator on an ephemeral port, the environment the SDK reads (endpoint, region, dummy keys),
 * and readers for the emulator's call log.
 */
import { AppStreamClient } from "@aws-sdk/client-appstream";
import { CallRecord, startEmulator } from "../../emulator";

export type Call = CallRecord;

export const MUTATING = new Set([
  "CreateFleet", "UpdateFleet", "DeleteFleet", "StartFleet", "StopFleet", "TagResource", "UntagResource",
  "CreateStack", "DeleteStack", "AssociateFleet", "DisassociateFleet",
]);

export interface Harness {
  url: string;
  client: AppStreamClient;
  control<T = unknown>(method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T>;
  calls(): Promise<Call[]>;
  /** Operations received since the last mark(), in order, successful ones only unless `all`. */
  opsSinceMark(opts?: { all?: boolean; fleet?: string }): Promise<string[]>;
  mark(): Promise<void>;
  close(): Promise<void>;
}

const ENV_KEYS = ["APPSTREAM_PREVIEW_OVERVIEW_SECONDS", "AWS_ENDPOINT_URL_APPSTREAM", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"] as const;

export async function startHarness(opts: { startDelaySeconds?: number; stopDelaySeconds?: number } = {}): Promise<Harness> {
  const emu = await startEmulator({ port: 0, startDelaySeconds: opts.startDelaySeconds ?? 0.3, stopDelaySeconds: opts.stopDelaySeconds ?? 0.2 });
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  process.env.AWS_ENDPOINT_URL_APPSTREAM = emu.url;
  // One provider process serves every test here, and tests remake fleets behind its back within
  // seconds: each preview lookup asks for its own fleet (the overview has its own unit test).
  process.env.APPSTREAM_PREVIEW_OVERVIEW_SECONDS = "0";
  process.env.AWS_REGION = "us-east-1";
  process.env.AWS_ACCESS_KEY_ID = "AKIDTEST";
  process.env.AWS_SECRET_ACCESS_KEY = "test-secret";
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_PROFILE;
  const client = new AppStreamClient({ endpoint: emu.url, region: "us-east-1", credentials: { accessKeyId: "AKIDTEST", secretAccessKey: "test-secret" } });
  let markSeq = 0;

  const control = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${emu.url}/_emulator/${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`emulator control ${method} ${path}: ${res.status} ${text}`);
    return (text ? JSON.parse(text) : {}) as T;
  };
  const calls = async () => (await control<{ calls: Call[] }>("GET", "calls")).calls;

  return {
    url: emu.url,
    client,
    control,
    calls,
    async mark() {
      const all = await calls();
      markSeq = all.length > 0 ? all[all.length - 1].seq : 0;
    },
    async opsSinceMark({ all = false, fleet } = {}) {
      return (await calls())
        .filter((c) => c.seq > markSeq && (all || c.errorCode === undefined) && (fleet === undefined || c.fleetName === fleet))
        .map((c) => c.operation);
    },
    async close() {
      client.destroy();
      await emu.close();
      for (const k of ENV_KEYS) {
        if (saved[k] === undefined) delete process.env[k];
        else process.env[k] = saved[k];
      }
    },
  };
}

/** Only the operations that change something, in order. */
export const mutating = (ops: string[]) => ops.filter((o) => MUTATING.has(o));
