/**
 * What each scenario measures, from the emulator's call and events logs (not the provider's own
 * view): detection latency, polling spacing, call counts, overhead against the physical minimum.
 */
import type { Call, Ev } from "./shared";

export interface Scenario {
  name: string;
  part: "engine" | "cli" | "provider" | "baseline" | "scale" | "preview";
  transitionS: number;
  /** Engine runs: the `pulumi up` / `pulumi destroy` process; provider and baseline runs: the call. */
  wallMs: number;
  /** Engine runs: the Automation API's whole round trip (the process, then `stack output` x2 and `stack history`). */
  automationMs?: number;
  physicalMinMs: number;
  overheadMs: number;
  /** Engine runs: the provider's share of the wall time (first to last AWS call of the operation) minus the physical minimum. */
  providerOverheadMs?: number;
  apiCalls: Record<string, number>;
  detectionLatencyMs: number | null;
  detections: { fleet: string; transition: string; atMs: number; latencyMs: number | null; boundMs: number }[];
  /** Polls of one wait: the smallest gap between two, and how many gaps were < 950 ms. */
  describeMinGapMs: number | null;
  describeFastGaps: number;
  /** Back-to-back lookups outside waits (e.g. diff's, then update's): the smallest gap. */
  lookupMinGapMs: number | null;
  /** DescribeFleets requests (all fleets, coalesced or not) in the busiest second. */
  describePerSecondMax: number;
  fleets?: number;
  /**
   * Scale runs: the least time the throttle itself adds, (N - burst) / rate of the mutating
   * operations' bucket (N StopFleet calls cannot all be accepted sooner).
   */
  throttleFloorMs?: number;
  throttled?: number;
  failures?: number;
  /** Preview runs: AppStream stacks (one per fleet, each with an open session). */
  stacks?: number;
  /** Preview runs: the wall of each timed preview (the scenario's is the median). */
  runsMs?: number[];
  /** Preview runs: session warnings the preview printed (one per fleet when the sessions were counted). */
  sessionWarnings?: number;
  /** Preview runs: the same preview of N no-op dynamic resources registered like fleets (median, and each run): the engine's and the SDK's floor. */
  controlMs?: number;
  controlRunsMs?: number[];
  /** Preview runs: the fleets in the account (the emulator) during the preview. */
  accountFleets?: number;
  /** Preview runs: DescribeFleets that named one fleet (the others named several, coalesced). */
  describeFleetsSingle?: number;
  error?: string;
  note?: string;
}

export function countCalls(calls: Call[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of calls) out[c.operation] = (out[c.operation] ?? 0) + 1;
  out.total = calls.length;
  return out;
}

/** Transitions that end after a delay (the waited ones), with the first call that could act on each. */
export function detections(calls: Call[], events: Ev[]) {
  const ok = calls.filter((c) => c.errorCode === undefined);
  return events
    .filter((e) => (e.from === "STARTING" && e.to === "RUNNING") || (e.from === "STOPPING" && e.to === "STOPPED"))
    .map((e) => {
      const begin = events.filter((b) => b.fleetName === e.fleetName && b.to === e.from && b.time <= e.time).pop();
      const durationMs = begin ? e.time - begin.time : 0;
      const next = ok.find((c) => c.time >= e.time && (c.fleetName === e.fleetName || (c.operation === "DescribeFleets" && c.fleetName === undefined)));
      return {
        fleet: e.fleetName,
        transition: `${e.from}->${e.to}`,
        atMs: e.time,
        latencyMs: next ? next.time - e.time : null,
        boundMs: Math.max(1000, durationMs / 10),
      };
    });
}

/**
 * Polling rate, from the call log: a wait's polls are the DescribeFleets naming the fleet from
 * its StartFleet / StopFleet to the first DescribeFleets that finds the target state (the log
 * records the real state on arrival). Gaps between consecutive polls of one wait under 950 ms
 * count as faster than one per second (real timers and the network add a few ms of jitter).
 * Refused calls are not polls (the SDK's retries of a throttled call are attempts of one poll).
 * Coalesced polls name several fleets, so none in the log: for those the total rate is shown.
 * Lookups outside waits (diff, then update, then outputs) are counted apart: `lookupMinGapMs`.
 */
export const POLL_GAP_TOLERANCE_MS = 950;
export function describeSpacing(calls: Call[]) {
  const byFleet = new Map<string, Call[]>();
  for (const c of calls) if (c.fleetName && c.errorCode === undefined) (byFleet.get(c.fleetName) ?? byFleet.set(c.fleetName, []).get(c.fleetName)!).push(c);
  let minGap: number | null = null;
  let fast = 0;
  let lookupMinGap: number | null = null;
  for (const cs of byFleet.values()) {
    let target: string | undefined;
    let last: number | undefined;
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      if (c.operation === "StartFleet" || c.operation === "StopFleet") {
        target = c.operation === "StartFleet" ? "RUNNING" : "STOPPED";
        last = undefined;
        continue;
      }
      if (c.operation !== "DescribeFleets") continue;
      if (target !== undefined) {
        if (last !== undefined) {
          const gap = c.time - last;
          minGap = minGap === null ? gap : Math.min(minGap, gap);
          if (gap < POLL_GAP_TOLERANCE_MS) fast++;
        }
        last = c.time;
        if (c.fleetState === target) target = undefined;
      } else if (i > 0 && cs[i - 1].operation === "DescribeFleets") {
        const gap = c.time - cs[i - 1].time;
        lookupMinGap = lookupMinGap === null ? gap : Math.min(lookupMinGap, gap);
      }
    }
  }
  // Total DescribeFleets requests in the busiest second (coalesced or not).
  const ts = calls.filter((c) => c.operation === "DescribeFleets").map((c) => c.time);
  let busiest = 0;
  for (let i = 0, j = 0; i < ts.length; i++) {
    while (ts[i] - ts[j] >= 1000) j++;
    busiest = Math.max(busiest, i - j + 1);
  }
  return { minGap, fast, lookupMinGap, busiest };
}

export function scenario(name: string, part: Scenario["part"], transitionS: number, physicalMinMs: number, w: { t0: number; t1: number; harnessMs?: number; calls: Call[]; events: Ev[]; error?: unknown }, extra: Partial<Scenario> = {}): Scenario {
  const wallMs = w.t1 - w.t0;
  const det = detections(w.calls, w.events);
  const lat = det.map((d) => d.latencyMs).filter((x): x is number => x !== null);
  const sp = describeSpacing(w.calls);
  const opCalls = w.calls.filter((c) => c.operation !== "DescribeImages");
  const s: Scenario = {
    name, part, transitionS, wallMs, physicalMinMs, overheadMs: wallMs - physicalMinMs,
    apiCalls: countCalls(w.calls),
    detectionLatencyMs: lat.length > 0 ? Math.max(...lat) : null,
    detections: det,
    describeMinGapMs: sp.minGap,
    describeFastGaps: sp.fast,
    lookupMinGapMs: sp.lookupMinGap,
    describePerSecondMax: sp.busiest,
    ...extra,
  };
  if ((part === "engine" || part === "scale") && w.harnessMs !== undefined) s.automationMs = w.harnessMs;
  if ((part === "engine" || part === "cli") && opCalls.length > 0) s.providerOverheadMs = opCalls[opCalls.length - 1].time - opCalls[0].time - physicalMinMs;
  if (w.error !== undefined) s.error = String((w.error as Error)?.message ?? w.error).slice(0, 2000);
  return s;
}
