/**
 * Waiting for a fleet's state. What "done" means for each target:
 *  - RUNNING: DescribeFleets says RUNNING. A STOPPED answer right after StartFleet may be a
 *    DescribeFleets lagging behind (eventual consistency), so it is tolerated for a grace period
 *    unless it carries new FleetErrors: then the start failed and we fail at once with them
 *    (not hours later, as a blind poll would).
 *  - STOPPED: DescribeFleets says STOPPED (RUNNING/STARTING tolerated for the grace period).
 *  - STABLE: RUNNING or STOPPED, whichever comes (used before an update: no update while
 *    STARTING/STOPPING).
 *  - GONE: DescribeFleets no longer finds the fleet.
 *
 * Polling policy: the delay between polls grows with the time already waited,
 * clamp(elapsed * fraction, minDelay, maxDelay): a transition of length D is noticed within
 * max(minDelay, fraction * D) (and maxDelay), and a fleet is never polled more than once per
 * minDelay. The loop's default fraction is 10 %; the provider's fleet waits use FLEET_POLICY
 * (4 %, at most 12 s apart) so that a whole operation stays within 5 % of its transitions
 * (measured by `npm run bench`). The SDK's waiters use jittered exponential back-off between 30 s
 * and 120 s instead, and treat a lagging STOPPED after StartFleet as failure, which is why this
 * loop is our own.
 *
 * The loop takes its DescribeFleets call and its clock as arguments, so unit tests drive every
 * exit (success, failure, lag, timeout) with scripted answers and no real time.
 */

export type WaitTarget = "RUNNING" | "STOPPED" | "STABLE" | "GONE";

export interface ObservedFleet {
  state: string;
  fleetErrors: { errorCode: string; errorMessage: string }[];
}

export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
};

export interface PollPolicy {
  minDelayMs: number;
  maxDelayMs: number;
  /** How long a state that contradicts the call just made is taken for DescribeFleets lag. */
  lagGraceMs: number;
  /** How often progress is reported while the state does not change. */
  progressEveryMs: number;
  /** The delay as a fraction of the time already waited (default 0.1). */
  fraction?: number;
}

export const DEFAULT_POLICY: PollPolicy = { minDelayMs: 1000, maxDelayMs: 20000, lagGraceMs: 30000, progressEveryMs: 30000 };

/**
 * The policy of the provider's fleet waits: noticed within max(1 s, 4 %) of the wait, polls at
 * most 12 s apart (a 5-minute start is noticed within 12 s, 54 -> ~87 DescribeFleets; the poller
 * sends the polls of all fleets waiting at once in one call, so the count does not grow with N).
 */
export const FLEET_POLICY: PollPolicy = { ...DEFAULT_POLICY, maxDelayMs: 12000, fraction: 0.04 };

export interface WaitRequest<F extends ObservedFleet> {
  fleetName: string;
  target: WaitTarget;
  timeoutMs: number;
  describe: () => Promise<F | undefined>;
  clock?: Clock;
  policy?: PollPolicy;
  /** FleetErrors the fleet carried before the start: seeing only these again is not a new failure. */
  previousErrors?: ObservedFleet["fleetErrors"];
  onProgress?: (message: string) => void;
}

/** The outcome of a wait that did not reach its target, with the last fleet seen. */
export class FleetWaitError<F extends ObservedFleet = ObservedFleet> extends Error {
  constructor(
    message: string,
    readonly kind: "timeout" | "failed" | "gone" | "unexpected",
    readonly lastSeen: F | undefined,
  ) {
    super(message);
    this.name = "FleetWaitError";
  }
}

const sameErrors = (a: ObservedFleet["fleetErrors"], b: ObservedFleet["fleetErrors"]) =>
  JSON.stringify(a) === JSON.stringify(b);

export function formatFleetErrors(errors: ObservedFleet["fleetErrors"]): string {
  return errors.map((e) => `${e.errorCode}: ${e.errorMessage}`).join("; ");
}

export function nextDelay(elapsedMs: number, policy: PollPolicy): number {
  return Math.min(policy.maxDelayMs, Math.max(policy.minDelayMs, elapsedMs * (policy.fraction ?? 0.1)));
}

/** Polls until the target is reached; returns the last fleet seen (undefined for GONE). */
export async function waitForFleet<F extends ObservedFleet>(req: WaitRequest<F>): Promise<F | undefined> {
  const clock = req.clock ?? realClock;
  const policy = req.policy ?? DEFAULT_POLICY;
  const started = clock.now();
  const deadline = started + req.timeoutMs;
  const previous = req.previousErrors ?? [];
  let seenTransitional = false;
  let last: F | undefined;
  let lastReportedState: string | undefined;
  let lastReportAt = started;
  const secs = () => Math.round((clock.now() - started) / 1000);

  for (let attempt = 0; ; attempt++) {
    const pollAt = clock.now();
    const fleet = await req.describe();
    last = fleet ?? last;
    const elapsed = clock.now() - started;

    if (fleet === undefined) {
      if (req.target === "GONE") return undefined;
      throw new FleetWaitError(`fleet ${req.fleetName} no longer exists (it was deleted while waiting for ${req.target})`, "gone", last);
    }
    const state = fleet.state;
    if (req.onProgress && (state !== lastReportedState || clock.now() - lastReportAt >= policy.progressEveryMs)) {
      if (attempt > 0 || state !== req.target) req.onProgress(`fleet ${req.fleetName}: ${state} (${secs()}s elapsed, waiting for ${req.target})`);
      lastReportedState = state;
      lastReportAt = clock.now();
    }

    const withinGrace = !seenTransitional && elapsed < policy.lagGraceMs;
    switch (req.target) {
      case "STABLE":
        if (state === "RUNNING" || state === "STOPPED") return fleet;
        break;
      case "GONE":
        break;
      case "RUNNING":
        if (state === "RUNNING") return fleet;
        if (state === "STARTING") seenTransitional = true;
        else if (state === "STOPPED") {
          const errors = fleet.fleetErrors ?? [];
          if (errors.length > 0 && !sameErrors(errors, previous))
            throw new FleetWaitError(`fleet ${req.fleetName} failed to start: ${formatFleetErrors(errors)}`, "failed", fleet);
          if (!withinGrace)
            throw new FleetWaitError(
              `fleet ${req.fleetName} is STOPPED instead of starting` + (errors.length > 0 ? ` (${formatFleetErrors(errors)})` : ""),
              "failed",
              fleet,
            );
        } else if (state === "STOPPING" && !withinGrace) {
          throw new FleetWaitError(`fleet ${req.fleetName} is being stopped by someone else while waiting for RUNNING`, "unexpected", fleet);
        }
        break;
      case "STOPPED":
        if (state === "STOPPED") return fleet;
        if (state === "STOPPING") seenTransitional = true;
        else if (!withinGrace)
          throw new FleetWaitError(`fleet ${req.fleetName} is ${state} instead of stopping (someone else started it?)`, "unexpected", fleet);
        break;
    }

    const now = clock.now();
    const delay = nextDelay(now - started, policy);
    // Polls are spaced from the start of the previous poll, so the request's own time does not add up.
    const wake = Math.min(deadline, Math.max(now, pollAt + delay));
    if (now >= deadline) {
      throw new FleetWaitError(
        `timed out after ${secs()}s waiting for fleet ${req.fleetName} to be ${req.target} (last state ${state}). ` +
          `The fleet may still get there: run \`pulumi refresh\` to record its real state, or raise the Fleet's \`timeouts\`.`,
        "timeout",
        fleet,
      );
    }
    await clock.sleep(wake - now);
  }
}
