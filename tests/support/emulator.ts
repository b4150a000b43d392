/**
 * Helpers of the emulator fidelity tests (tests/emulator): an emulator per suite (useEmulator,
 * the one Harness of ./harness.ts), valid requests, raw calls.
 */
import { strict as assert } from "node:assert";
import { AppStreamClient, type CreateFleetCommandInput, CreateFleetCommand } from "@aws-sdk/client-appstream";
import type { EmulatorOptions } from "../../emulator";
import { Harness, useHarness } from "./harness";

/**
 * Short, but long enough that a test can still see STARTING / STOPPING right after the call on
 * a loaded machine. Waiting past a delay is never racy: state is computed from timestamps.
 */
export const START_DELAY = 0.5;
export const STOP_DELAY = 0.4;
export const WS2019 = "AppStream-WinServer2019-06-17-2024";
export const AL2 = "AppStream-AmazonLinux2-06-17-2024";

/**
 * Starts one emulator for the enclosing `describe` and resets it before each test, so every
 * test starts from an empty emulator with the short test delays. Its client makes one attempt,
 * so refusals surface unretried; the environment is left alone.
 */
export function useEmulator(options: EmulatorOptions = {}): Harness {
  return useHarness({ startDelaySeconds: START_DELAY, stopDelaySeconds: STOP_DELAY, ...options, env: false, maxAttempts: 1 });
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
