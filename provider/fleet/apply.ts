/**
 * Carrying out an update plan on a live fleet: wait out a transition, plan (pure, plan.ts), run
 * each step, and on a failure after the provider stopped the fleet, start it again before the
 * error is reported. Also the per-operation timeouts and the plan in words.
 */
import type { AppStreamClient } from "@aws-sdk/client-appstream";
import { activeSessions, drainSessions } from "../aws/drain";
import { classifyAwsError, errorMessage, errorName, explainError } from "../aws/errors";
import { ensureRunning, ensureStopped, findFleet, LiveFleet, tagFleet, untagFleet, updateFleet, waitStable, WaitContext } from "../aws/fleets";
import { Clock, FleetWaitError } from "../aws/wait";
import { Reporter } from "../log";
import { resolveDefaults, resolveDrain } from "./defaults";
import { computeChanges } from "./diff";
import { liveView, planUpdate, stableState, Step, stepDoing } from "./plan";
import { initError, RawInputs, Stored } from "./state";
import { FleetInputs } from "./types";
import { parseDurationMs } from "./values";

export const DEFAULT_TIMEOUTS = { create: "30m", update: "30m", delete: "20m" } as const;

export function timeoutMs(inputs: FleetInputs, kind: keyof typeof DEFAULT_TIMEOUTS): number {
  return parseDurationMs(inputs.timeouts?.[kind]) ?? (parseDurationMs(DEFAULT_TIMEOUTS[kind]) as number);
}

export function waitContext(timeout: number, reporter: Reporter): WaitContext {
  return { timeoutMs: timeout, onProgress: (m) => reporter.info(m) };
}

/**
 * DescribeFleets can lag behind a recent transition (it may still say STOPPED seconds after a
 * start). A stable state that contradicts the one recorded at the end of the last operation is
 * confirmed by re-reading for up to this long before a plan is made on it; a real change made
 * outside Pulumi costs only this delay.
 */
const LAG_CONFIRM_MS = 5000;
const STABLE_STATES = ["RUNNING", "STOPPED"];

/** The live fleet, re-read while it contradicts the recorded state (see LAG_CONFIRM_MS). */
export async function confirmLive(client: AppStreamClient, clock: Clock, name: string, live: LiveFleet, recorded: string | undefined): Promise<LiveFleet> {
  if (recorded === undefined || recorded === live.state || !STABLE_STATES.includes(recorded) || !STABLE_STATES.includes(live.state)) return live;
  const until = clock.now() + LAG_CONFIRM_MS;
  while (clock.now() < until) {
    await clock.sleep(1000);
    const again = await findFleet(client, name);
    if (again === undefined || again.state !== live.state) return again ?? live;
  }
  return live;
}

/** How often an update plans again after AWS refused a step because of the fleet's state. */
const MAX_REPLANS = 3;

/**
 * Brings the live fleet to the program: waits out STARTING/STOPPING, plans (pure), runs the
 * steps. A failure after the fleet was stopped starts it again before the error is reported,
 * and the error carries the live properties so the stack's state matches AWS.
 *
 * The plan is made on an answer that may be a second old (the poller reuses it) or lag behind AWS.
 * When AWS refuses a step because of the fleet's state (someone started or stopped it meanwhile),
 * the fleet is read again from AWS, waited out to a stable state, and the update planned again
 * from there: a stale read never becomes a failed update.
 */
export async function converge(
  client: AppStreamClient,
  clock: Clock,
  name: string,
  olds: Stored,
  news: RawInputs,
  live: LiveFleet,
  ctx: WaitContext,
  reporter: Reporter,
): Promise<void> {
  live = await confirmLive(client, clock, name, live, olds.state);
  let stoppedByUs = false;
  /** Whether a step has changed the fleet's settings or tags on AWS. */
  let changed = false;
  for (let replans = 0; ; replans++) {
    if (live.state === "STARTING" || live.state === "STOPPING") live = await waitStable(client, name, ctx);
    const program = { ...news, name };
    const plan = planUpdate(olds, program, stableState(live.state), computeChanges(olds, program, liveView(live).settings));
    if (plan.refusal) throw new Error(`updating AppStream fleet ${name}: ${plan.refusal}`);
    if (plan.forcingStop.length > 0) reporter.info(`fleet ${name}: stopping to change ${plan.forcingStop.join(", ")} (stop, update, start)`);
    let refused: { step: Step; error: unknown } | undefined;
    for (const step of plan.steps) {
      try {
        const r = await runStep(client, step, live, news, ctx, reporter);
        live = r.fleet;
        if (step.op === "stop" && r.stopped) stoppedByUs = true;
        if (step.op === "update" || step.op === "tag" || step.op === "untag") changed = true;
      } catch (e) {
        if (isStateConflict(e) && replans < MAX_REPLANS) {
          refused = { step, error: e };
          break;
        }
        throw await stepFailure(client, name, olds, news, step, e, stoppedByUs, changed, ctx, reporter);
      }
    }
    if (refused === undefined) return ensureDesiredState(client, live, news, ctx);
    reporter.info(`fleet ${name}: AWS refused ${stepDoing(refused.step)} the fleet (${errorMessage(refused.error)}); reading it again to plan from its current state`);
    live = await readPast(client, clock, name, live.state);
  }
}

/**
 * The fleet as AWS has it after a refusal that proves the last answer wrong: read afresh until it
 * shows another state than `assumed` (a lagging DescribeFleets may repeat it for a few seconds),
 * for up to LAG_CONFIRM_MS.
 */
async function readPast(client: AppStreamClient, clock: Clock, name: string, assumed: string): Promise<LiveFleet> {
  const until = clock.now() + LAG_CONFIRM_MS;
  for (;;) {
    const again = await findFleet(client, name, { fresh: true });
    if (again === undefined) throw new Error(`updating AppStream fleet ${name}: the fleet no longer exists (deleted outside Pulumi?)`);
    if (again.state !== assumed || clock.now() >= until) return again;
    await clock.sleep(1000);
  }
}

/**
 * The plan was made for the state the fleet was seen in; if it was started or stopped outside
 * Pulumi meanwhile (an update accepted on a fleet that had stopped), bring it to desiredState.
 */
async function ensureDesiredState(client: AppStreamClient, live: LiveFleet, news: RawInputs, ctx: WaitContext): Promise<void> {
  const { desiredState } = resolveDefaults(news);
  if (desiredState === "RUNNING" && (live.state === "STOPPED" || live.state === "STOPPING")) await ensureRunning(client, live, ctx);
  else if (desiredState === "STOPPED" && (live.state === "RUNNING" || live.state === "STARTING")) await ensureStopped(client, live, ctx);
}

/** AWS refused a call because of the fleet's state, or another change in flight outlasted the retries. */
export function isStateConflict(e: unknown): boolean {
  return classifyAwsError(e) === "state" || errorName(e) === "ConcurrentModificationException";
}

/**
 * The error for a failed step, after starting the fleet again when the provider had stopped it.
 * When the fleet is as it was (nothing changed, or the stop undone), a plain error: the engine
 * keeps the stack's state as it was, so once the program is corrected the next preview shows
 * only what really differs. Otherwise the error carries the fleet's live properties (the engine
 * records them, and retries the update on the next `up`).
 */
async function stepFailure(
  client: AppStreamClient,
  name: string,
  olds: Stored,
  news: RawInputs,
  step: Step,
  e: unknown,
  stoppedByUs: boolean,
  changed: boolean,
  ctx: WaitContext,
  reporter: Reporter,
): Promise<Error> {
  let restartError: unknown;
  if (step.op === "update" && stoppedByUs) {
    // Never leave a fleet stopped by mistake: bring it back before reporting the failure.
    reporter.warn(`fleet ${name}: UpdateFleet failed after the stop; starting the fleet again`);
    try {
      const now = await findFleet(client, name);
      if (now) await ensureRunning(client, now, ctx);
    } catch (re) {
      restartError = re;
    }
  }
  const what = `${stepDoing(step)} AppStream fleet ${name}`;
  const asBefore = !changed && restartError === undefined && (!stoppedByUs || step.op === "update") && step.op !== "stop" && step.op !== "start";
  if (asBefore) {
    const reason = e instanceof FleetWaitError ? e.message : explainError(e);
    const restarted = step.op === "update" && stoppedByUs ? "; the fleet was started again with its previous configuration" : "";
    return new Error(`${what}: ${reason}${restarted}; nothing was changed`);
  }
  const err = await initError(client, what, e, name, { ...olds, ...news, name } as RawInputs, olds);
  if (restartError !== undefined) err.message += `; starting it again also failed: ${errorMessage(restartError)}`;
  else if (step.op === "update" && stoppedByUs) err.message += "; the fleet was started again with its previous configuration";
  return err;
}

async function runStep(client: AppStreamClient, step: Step, live: LiveFleet, news: RawInputs, ctx: WaitContext, reporter: Reporter): Promise<{ fleet: LiveFleet; stopped?: boolean }> {
  const name = live.Name as string;
  switch (step.op) {
    case "untag":
      await untagFleet(client, live.Arn as string, step.keys);
      return { fleet: live };
    case "tag":
      await tagFleet(client, live.Arn as string, step.tags);
      return { fleet: live };
    case "drain": {
      const d = resolveDrain(news.drain ?? {})!; // a drain step exists only when the program sets drain
      await drainSessions({
        fleetName: name,
        timeoutSeconds: d.timeoutSeconds,
        pollSeconds: d.pollSeconds,
        onTimeout: d.onTimeout,
        countActive: async () => (await activeSessions(client, name)).total,
        onProgress: (m) => reporter.info(m),
      });
      return { fleet: live };
    }
    case "stop": {
      const r = await ensureStopped(client, live, ctx);
      return { fleet: r.fleet, stopped: r.wasRunning };
    }
    case "update":
      return { fleet: (await updateFleet(client, step.request)) ?? (await findFleet(client, name)) ?? live };
    case "start":
      return { fleet: await ensureRunning(client, live, ctx) };
    case "create":
    case "delete":
      // A create or a delete is the engine's create() / delete() (provider.ts), never part of an update.
      throw new Error(`${step.op} is not a step of an update`);
  }
}
