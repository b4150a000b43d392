/**
 * The HTTP server: routes /_emulator/... to the control API and everything else to the AWS API,
 * and owns start-up (state file, listening) and shutdown (connections closed, state flushed).
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  DEFAULT_HOST,
  DEFAULT_START_DELAY_SECONDS,
  DEFAULT_STOP_DELAY_SECONDS,
  DEFAULT_TRANSITION_JITTER_SECONDS,
} from "../runtime/defaults";
import { Runtime } from "../runtime/runtime";
import { StateFile } from "../runtime/state-file";
import { DEFAULT_IMAGES } from "../service/images/catalogue";
import { DEFAULT_REGION } from "../service/constants";
import { isRegionName } from "../runtime/regions";
import { handleAwsCall } from "./aws-api";
import { CONTROL_PREFIX, DEFAULT_THROTTLE } from "./constants";
import { handleControl } from "./control";
import { readBody, sendJson } from "./http-util";
import type { Credentials } from "./sigv4";

export interface EmulatorOptions {
  /** Interface to listen on; default 127.0.0.1 (never other interfaces unless asked). */
  host?: string;
  /** 0 picks a free port; default 0 for the library (the CLI defaults to 4599). */
  port?: number;
  /** STARTING -> RUNNING delay, seconds (fractions allowed); default 2. */
  startDelaySeconds?: number;
  /** STOPPING -> STOPPED delay, seconds; default 1. */
  stopDelaySeconds?: number;
  /**
   * Each STARTING -> RUNNING / STOPPING -> STOPPED transition lasts its delay plus a uniformly
   * random extra in [0, jitter) seconds, drawn when it begins; default 0 (fixed lengths).
   */
  transitionJitterSeconds?: number;
  /**
   * The region of unsigned requests (no SigV4 credential scope) and of control calls that name
   * none; default us-east-1. Signed requests go to their credential scope's region.
   */
  region?: string;
  /** Persist every region's fleets, stacks, sessions and images to this JSON file and load it at start. */
  stateFile?: string;
  /** Reject requests whose SigV4 signature does not verify with these credentials. */
  verifySigv4?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** Receives one line per AWS call and internal errors; default: silent. */
  log?: (line: string) => void;
}

export interface RunningEmulator {
  /** e.g. http://127.0.0.1:4599 */
  url: string;
  host: string;
  port: number;
  close(): Promise<void>;
}

export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const host = options.host ?? DEFAULT_HOST;
  const port = options.port ?? 0;
  const startDelaySeconds = delay("startDelaySeconds", options.startDelaySeconds, DEFAULT_START_DELAY_SECONDS);
  const stopDelaySeconds = delay("stopDelaySeconds", options.stopDelaySeconds, DEFAULT_STOP_DELAY_SECONDS);
  const transitionJitterSeconds = delay("transitionJitterSeconds", options.transitionJitterSeconds, DEFAULT_TRANSITION_JITTER_SECONDS);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`port must be an integer from 0 to 65535, got ${port}`);
  const defaultRegion = options.region ?? DEFAULT_REGION;
  if (!isRegionName(defaultRegion)) throw new Error(`region must be a region name such as us-east-1, got ${JSON.stringify(defaultRegion)}`);
  const rt = new Runtime({
    defaultRegion,
    config: { startDelaySeconds, stopDelaySeconds, transitionJitterSeconds, throttle: structuredClone(DEFAULT_THROTTLE) },
    images: DEFAULT_IMAGES,
    verify: verification(options),
    log: options.log ?? (() => {}),
  });
  const stateFile = options.stateFile ? openStateFile(rt, options.stateFile) : undefined;
  const server = createServer((req, res) => void onRequest(rt, req, res));
  await listen(server, port, host);
  const actualPort = (server.address() as AddressInfo).port;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${actualPort}`,
    host,
    port: actualPort,
    close: () => (closing ??= shutdown(server, stateFile)),
  };
}

function delay(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (typeof v !== "number" || !(v >= 0)) throw new Error(`${name} must be a number >= 0, got ${value}`);
  return v;
}

function verification(options: EmulatorOptions): Credentials | undefined {
  if (!options.verifySigv4) return undefined;
  if (!options.accessKeyId || !options.secretAccessKey) {
    throw new Error("verifySigv4 needs accessKeyId and secretAccessKey");
  }
  return { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
}

function openStateFile(rt: Runtime, path: string): StateFile {
  const file = new StateFile(path, () => rt.snapshot(), rt.defaultRegion);
  const saved = file.load();
  if (saved) rt.restore(saved);
  file.save(); // fails fast on an unwritable path
  rt.onDirty = () => file.scheduleSave();
  return file;
}

async function onRequest(rt: Runtime, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    const body = await readBody(req);
    const path = new URL(req.url ?? "/", "http://emulator.invalid").pathname;
    if (path === CONTROL_PREFIX.slice(0, -1) || path.startsWith(CONTROL_PREFIX)) handleControl(rt, req, res, body);
    else await handleAwsCall(rt, req, res, body);
  } catch (e) {
    // Never let one request take the server down.
    rt.log(`request failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    sendJson(res, 500, { __type: "InternalFailure", message: "The emulator failed to handle the request." });
  }
}

function listen(server: Server, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (e: Error): void => reject(new Error(`Cannot listen on ${host}:${port}: ${e.message}`));
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve();
    });
  });
}

async function shutdown(server: Server, stateFile: StateFile | undefined): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
  stateFile?.flush();
}
