/**
 * One reliability scenario's result, as tests/reliability/lib.ts records it (a JSON line in
 * RELIABILITY_RESULTS) and scripts/reliability.ts reads it for its table and its closing
 * `reliability:` line: the one declaration both sides use.
 */

export interface ScenarioResult {
  suite: string;
  scenario: string;
  /** What the scenario inflicted, one label per fault (or per kind of bad input). */
  faults: string[];
  /**
   * Faults that FIRED: for emulator faults, what the emulator counted (GET
   * /_emulator/faults/history: calls faulted, starts failed, DescribeFleets answers made stale);
   * for the others (throttling by configuration, a slow transition, SIGKILL, a wrong secret),
   * what the test saw happen (throttled calls in the call log, the wait timing out, the process
   * tree killed, the emulator refusing the signature).
   */
  faultsFired: number;
  /** Invalid or random inputs tried (bad-input scenarios): counted apart, they are not faults. */
  badInputs: number;
  /**
   * Needless interruptions: a fleet stopped by an operation that applied no change (its settings
   * and tags the same before and after). Any fails the run.
   */
  needless?: number;
  /**
   * Preview mismatches: a program whose preview announced other mutating calls than `up` then made
   * (or refused what `up` did not, or passed what `up` refused). Any fails the run.
   */
  previewMismatches?: number;
  /** Faults that never fired (their labels). */
  unfired?: string[];
  /** Why a fault may not fire in this scenario; without it, an unfired fault fails the scenario. */
  unfiredExpected?: string;
  /** Per fault, what fired (e.g. "UpdateFleet 500 x20: fired 4/20"). */
  firedDetail?: string[];
  outcome: string;
  lost: number;
  orphaned: number;
  wrong: number;
  details?: string[];
  ms?: number;
}

/** A scenario whose faults did not all fire, with no reason given why that is expected. */
export const unexpectedlyUnfired = (r: Pick<ScenarioResult, "unfired" | "unfiredExpected">): boolean => (r.unfired ?? []).length > 0 && !r.unfiredExpected;
