/**
 * The fleet state machine, declared as transitions; how fast the automatic ones progress is a
 * separate `Progress` policy (moto's split between lifecycle and progression).
 *
 * State is computed lazily from timestamps: a fleet stores its current state and, while in
 * flight, the time at which the pending automatic transition completes. Reading a fleet settles
 * every transition whose time has passed, stamping it with that exact time (not the read time).
 * No timers run, so delays are exact, a restarted emulator resumes transitions from the state
 * file, and the event log carries the instant each change logically happened.
 */
import type { FleetError, FleetState } from "../types";

/** Triggers fired by API calls. */
export type CallTrigger = "CreateFleet" | "StartFleet" | "StopFleet";
/** Triggers fired by the passage of time. */
export type TimedTrigger = "startSucceeded" | "startFailed" | "stopCompleted";
export type Trigger = CallTrigger | TimedTrigger;

export interface Transition {
  readonly from: FleetState | null;
  readonly to: FleetState;
  readonly on: Trigger;
}

/**
 * API reference: StartFleet, StopFleet and Fleet.State
 * (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_Fleet.html).
 */
export const TRANSITIONS: readonly Transition[] = [
  { from: null, to: "STOPPED", on: "CreateFleet" },
  { from: "STOPPED", to: "STARTING", on: "StartFleet" },
  { from: "STARTING", to: "RUNNING", on: "startSucceeded" },
  // A start that fails (bad subnet, missing role...) falls back to STOPPED with FleetErrors.
  { from: "STARTING", to: "STOPPED", on: "startFailed" },
  { from: "RUNNING", to: "STOPPING", on: "StopFleet" },
  { from: "STOPPING", to: "STOPPED", on: "stopCompleted" },
];

/**
 * What StartFleet / StopFleet do in each state. Choices where AWS documents nothing:
 * - StartFleet on STARTING/RUNNING and StopFleet on STOPPING/STOPPED succeed without effect:
 *   the request already holds (Terraform and CloudFormation call
 *   StartFleet without checking first).
 * - The opposite command while a transition is in flight (StartFleet on STOPPING, StopFleet
 *   on STARTING) fails with ConcurrentModificationException, the only conflict code both
 *   operations declare; the caller waits for a stable state and retries.
 */
export type CommandOutcome = "transition" | "noop" | "conflict";
export const COMMAND_OUTCOME: Record<"StartFleet" | "StopFleet", Record<FleetState, CommandOutcome>> = {
  StartFleet: { STOPPED: "transition", STARTING: "noop", RUNNING: "noop", STOPPING: "conflict" },
  StopFleet: { RUNNING: "transition", STOPPING: "noop", STOPPED: "noop", STARTING: "conflict" },
};

export interface PendingTransition {
  on: TimedTrigger;
  /** ms epoch at which the transition completes. */
  at: number;
  /** Set on a start that is going to fail; becomes the fleet's FleetErrors. */
  fleetErrors?: FleetError[];
}

export interface Lifecycle {
  state: FleetState;
  /** ms epoch of the last transition. */
  since: number;
  pending?: PendingTransition;
}

export interface StateChange {
  from: FleetState | null;
  to: FleetState;
  /** ms epoch at which the change logically happened. */
  at: number;
  on: Trigger;
  fleetErrors?: FleetError[];
}

/** How long the timed transitions take; asked once, when the transition begins. */
export interface Progress {
  delayMs(on: TimedTrigger): number;
}

export interface TransitionTiming {
  startDelaySeconds: number;
  stopDelaySeconds: number;
  /** Each transition lasts its delay plus a uniform extra in [0, jitter) seconds. */
  transitionJitterSeconds: number;
}

/**
 * Delays from the configuration in force when the transition begins: the start delay for
 * STARTING -> RUNNING (or a failed start), the stop delay for STOPPING -> STOPPED, each plus an
 * extra drawn uniformly from [0, jitter) with `random` (Math.random unless a test injects one),
 * so transition lengths fall anywhere on a poller's grid, as a real fleet's do.
 */
export function timedProgress(timing: () => TransitionTiming, random: () => number = Math.random): Progress {
  return {
    delayMs(on) {
      const t = timing();
      const base = Math.round((on === "stopCompleted" ? t.stopDelaySeconds : t.startDelaySeconds) * 1000);
      const jitterMs = t.transitionJitterSeconds * 1000;
      // floor keeps the extra below the jitter: [0, jitter) in whole milliseconds.
      const extra = jitterMs > 0 ? Math.min(Math.floor(random() * jitterMs), Math.ceil(jitterMs) - 1) : 0;
      return base + Math.max(0, extra);
    },
  };
}

function transitionFor(from: FleetState | null, on: Trigger): Transition {
  const t = TRANSITIONS.find((x) => x.from === from && x.on === on);
  if (!t) throw new Error(`No transition from ${from} on ${on}`);
  return t;
}

/** The timed transition that follows each call-driven one. */
const FOLLOW_UP: Partial<Record<CallTrigger, TimedTrigger>> = {
  StartFleet: "startSucceeded",
  StopFleet: "stopCompleted",
};

export function createLifecycle(now: number): { lifecycle: Lifecycle; change: StateChange } {
  const t = transitionFor(null, "CreateFleet");
  return { lifecycle: { state: t.to, since: now }, change: { from: null, to: t.to, at: now, on: t.on } };
}

/**
 * Fires a call-driven transition (the caller has checked COMMAND_OUTCOME) and schedules its
 * timed follow-up. `failStart` turns the follow-up of a StartFleet into a failed start.
 */
export function fire(
  lc: Lifecycle,
  on: "StartFleet" | "StopFleet",
  now: number,
  progress: Progress,
  failStart?: FleetError[],
): StateChange {
  const t = transitionFor(lc.state, on);
  const followUp: TimedTrigger = failStart ? "startFailed" : (FOLLOW_UP[on] as TimedTrigger);
  transitionFor(t.to, followUp); // asserts the follow-up is declared
  lc.state = t.to;
  lc.since = now;
  lc.pending = { on: followUp, at: now + progress.delayMs(followUp), ...(failStart ? { fleetErrors: failStart } : {}) };
  return { from: t.from, to: t.to, at: now, on };
}

/** Applies every timed transition due at `now`, each stamped with its own completion time. */
export function settle(lc: Lifecycle, now: number): StateChange[] {
  const changes: StateChange[] = [];
  while (lc.pending && lc.pending.at <= now) {
    const p = lc.pending;
    const t = transitionFor(lc.state, p.on);
    changes.push({ from: t.from, to: t.to, at: p.at, on: p.on, ...(p.fleetErrors ? { fleetErrors: p.fleetErrors } : {}) });
    lc.state = t.to;
    lc.since = p.at;
    lc.pending = undefined;
  }
  return changes;
}

/** The state a fleet had at `time`, from its recorded history (oldest first). */
export function stateAt(history: readonly { at: number; state: FleetState }[], time: number): FleetState {
  let state = history[0]?.state ?? "STOPPED";
  for (const h of history) {
    if (h.at <= time) state = h.state;
    else break;
  }
  return state;
}
