/**
 * Session drain: before a stop, wait until nobody streams from the fleet, or the time limit
 * passes. "Done" means zero ACTIVE sessions on every stack the fleet is associated with
 * (activeSessions, asked with the fleet's own client). The loop takes its session counter and
 * clock as arguments so tests script every exit.
 */
import type { AppStreamClient } from "@aws-sdk/client-appstream";
import { errorMessage } from "./errors";
import { associatedStacks } from "./fleets";
import { describeSessions } from "./sessions";
import { Clock, realClock } from "./wait";

/**
 * DescribeSessions returns one authentication type per call (API when none is sent), so each
 * type is asked for: a SAML user counts as much as an API one.
 */
export const AUTHENTICATION_TYPES = ["API", "SAML", "USERPOOL", "AWS_AD"] as const;

export interface ActiveSessions {
  total: number;
  stacks: string[];
}

/**
 * Who is streaming from a fleet: the ACTIVE sessions on every stack it is associated with, read
 * with `client`, the fleet's own (its region and endpoint), never one of the lookups' making.
 */
export async function activeSessions(client: AppStreamClient, fleetName: string): Promise<ActiveSessions> {
  const stacks = await associatedStacks(client, fleetName);
  let total = 0;
  for (const stackName of stacks) {
    for (const authenticationType of AUTHENTICATION_TYPES) {
      let sessions;
      try {
        sessions = await describeSessions(client, { StackName: stackName, FleetName: fleetName, AuthenticationType: authenticationType });
      } catch (e) {
        throw new Error(`counting the sessions of fleet ${fleetName}: DescribeSessions failed for stack ${stackName}: ${errorMessage(e)}`, { cause: e });
      }
      total += sessions.filter((s) => s.State === "ACTIVE").length;
    }
  }
  return { total, stacks };
}

export interface DrainRequest {
  fleetName: string;
  timeoutSeconds: number;
  pollSeconds: number;
  onTimeout: "stop" | "fail";
  countActive: () => Promise<number>;
  clock?: Clock;
  onProgress?: (message: string) => void;
}

export interface DrainResult {
  /** Sessions still active when the stop goes ahead (0 when drained). */
  remaining: number;
  waitedMs: number;
}

export class DrainTimeoutError extends Error {
  constructor(message: string, readonly remaining: number) {
    super(message);
    this.name = "DrainTimeoutError";
  }
}

export async function drainSessions(req: DrainRequest): Promise<DrainResult> {
  const clock = req.clock ?? realClock;
  const started = clock.now();
  const deadline = started + req.timeoutSeconds * 1000;
  for (;;) {
    const active = await req.countActive();
    const waited = clock.now() - started;
    if (active === 0) {
      if (waited > 0) req.onProgress?.(`fleet ${req.fleetName}: no sessions left after ${Math.round(waited / 1000)}s; stopping`);
      return { remaining: 0, waitedMs: waited };
    }
    if (clock.now() >= deadline) {
      const msg = `fleet ${req.fleetName}: ${active} session(s) still active after waiting ${req.timeoutSeconds}s`;
      if (req.onTimeout === "fail")
        throw new DrainTimeoutError(`${msg}; drain.onTimeout is "fail", so the fleet was not stopped and nothing was changed. Try again later or raise drain.timeoutSeconds.`, active);
      req.onProgress?.(`${msg}; stopping anyway (drain.onTimeout "stop")`);
      return { remaining: active, waitedMs: waited };
    }
    req.onProgress?.(
      `fleet ${req.fleetName}: waiting for ${active} streaming session(s) to end before stopping (${Math.round(waited / 1000)}s of up to ${req.timeoutSeconds}s)`,
    );
    await clock.sleep(Math.min(req.pollSeconds * 1000, deadline - clock.now()));
  }
}
