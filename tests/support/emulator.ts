/** Shared helpers for the emulator fidelity tests: an emulator per suite, SDK clients, raw calls. */
import { strict as assert } from "node:assert";
import { AppStreamClient, type CreateFleetCommandInput, CreateFleetCommand } from "@aws-sdk/client-appstream";
import { EmulatorControl, startEmulator, type EmulatorOptions, type RunningEmulator } from "../../emulator";

/**
 * Short, but long enough that a test can still see STARTING / STOPPING right after the call on
 * a loaded machine. Waiting past a delay is never racy: state is computed from timestamps.
 */
export const START_DELAY = 0.5;
export const STOP_DELAY = 0.4;
export const WS2019 = "AppStream-WinServer2019-06-17-2024";
export const AL2 = "AppStream-AmazonLinux2-06-17-2024";

export interface Harness {
  emulator: RunningEmulator;
  control: EmulatorControl;
  client: AppStreamClient;
}

/**
 * Starts one emulator for the enclosing `describe` and resets it before each test, so every
 * test starts from an empty emulator with the short test delays.
 */
export function useEmulator(options: EmulatorOptions = {}): Harness {
  const h = {} as Harness;
  before(async () => {
    h.emulator = await startEmulator({ startDelaySeconds: START_DELAY, stopDelaySeconds: STOP_DELAY, ...options });
    h.control = new EmulatorControl(h.emulator.url);
    h.client = sdkClient(h.emulator.url);
  });
  beforeEach(async () => {
    await h.control.reset();
  });
  after(async () => {
    h.client?.destroy();
    await h.emulator?.close();
  });
  return h;
}

/** An SDK client against the emulator; one attempt so refusals surface unretried. */
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

/** Asserts the promise rejects with this AWS error code (and message pattern). */
export async function expectAwsError(p: Promise<unknown>, code: string, message?: RegExp): Promise<Error> {
  try {
    await p;
  } catch (e) {
    const err = e as Error;
    assert.equal(err.name, code, `expected ${code}, got ${err.name}: ${err.message}`);
    if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected ${code}, but the call succeeded`);
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A valid ALWAYS_ON fleet request, overridable member by member. */
export function fleetInput(name: string, overrides: Partial<CreateFleetCommandInput> = {}): CreateFleetCommandInput {
  return {
    Name: name,
    InstanceType: "stream.standard.medium",
    ImageName: WS2019,
    FleetType: "ALWAYS_ON",
    ComputeCapacity: { DesiredInstances: 2 },
    ...overrides,
  };
}

/** A valid ELASTIC fleet request. */
export function elasticInput(name: string, overrides: Partial<CreateFleetCommandInput> = {}): CreateFleetCommandInput {
  return {
    Name: name,
    InstanceType: "stream.standard.small",
    FleetType: "ELASTIC",
    Platform: "WINDOWS_SERVER_2019",
    MaxConcurrentSessions: 5,
    VpcConfig: { SubnetIds: ["subnet-a", "subnet-b"] },
    ...overrides,
  };
}

export async function createFleet(client: AppStreamClient, input: CreateFleetCommandInput): Promise<void> {
  await client.send(new CreateFleetCommand(input));
}

export interface RawResponse {
  status: number;
  headers: Headers;
  json: Record<string, unknown>;
  text: string;
}

/** A hand-made awsJson call (unsigned unless headers say otherwise). */
export async function rawCall(
  url: string,
  operation: string,
  body: string | object,
  headers: Record<string, string> = {},
  method = "POST",
): Promise<RawResponse> {
  const res = await fetch(`${url}/`, {
    method,
    headers: {
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": `PhotonAdminProxyService.${operation}`,
      ...headers,
    },
    body: method === "GET" || method === "HEAD" ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: Record<string, unknown> = {};
  try {
    json = text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    // not JSON: tests look at text
  }
  return { status: res.status, headers: res.headers, json, text };
}

/** Polls until the fleet reaches the state (no timing assertions, just logic). */
export async function waitForState(control: EmulatorControl, name: string, state: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const fleet = (await control.fleets()).find((f) => f.Name === name);
    if (fleet?.State === state) return;
    await sleep(25);
  }
  assert.fail(`fleet ${name} did not reach ${state}`);
}
