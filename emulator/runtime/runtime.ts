/**
 * One running emulator's state and policies: the regional backends, the logs, faults, throttling,
 * delay configuration and persistence. The HTTP layer (`http/`: server, AWS API, control API)
 * drives it.
 */
import type { Backend, BackendEnv } from "../service";
import { SequencedLog, type CallRecord, type FleetEvent } from "./call-log";
import { ControlError } from "../service/errors";
import { FaultQueue } from "./faults";
import { findOperation } from "../http/operations";
import { timedProgress, type TransitionTiming } from "../service/fleets/lifecycle";
import { Throttle, parseThrottleConfig, type ThrottleConfig } from "../http/throttle";
import type { Credentials } from "../http/sigv4";
import type { ImageJson } from "../service/types";
import { isObject } from "../service/constraints";
import { DEFAULT_REGION } from "../service/constants";
import { RegionalBackends, type RegionalSnapshot } from "./regions";

export interface EmulatorConfig extends TransitionTiming {
  throttle: ThrottleConfig;
}

export interface RuntimeOptions {
  /** The configuration at start, which reset restores. */
  config: EmulatorConfig;
  images: readonly ImageJson[];
  /** Where unsigned requests and control calls without a region go; default us-east-1. */
  defaultRegion?: string;
  verify?: Credentials;
  log: (line: string) => void;
  clock?: () => number;
  /** Draws transition jitter, uniform in [0, 1); default Math.random. */
  random?: () => number;
}

export class Runtime {
  readonly backends: RegionalBackends;
  readonly defaultRegion: string;
  readonly calls = new SequencedLog<CallRecord>();
  readonly events = new SequencedLog<FleetEvent>();
  readonly faults = new FaultQueue((name) => findOperation(name) !== undefined);
  readonly throttle: Throttle;
  readonly verify?: Credentials;
  readonly log: (line: string) => void;
  readonly clock: () => number;
  private timing: TransitionTiming;
  /** Transitions settled by settle() so far, appended to the event log once all regions are done. */
  private settling: Omit<FleetEvent, "seq">[] | undefined;
  /** Called after every change worth persisting (set by the state file owner). */
  onDirty: () => void = () => {};

  constructor(private readonly options: RuntimeOptions) {
    this.verify = options.verify;
    this.log = options.log;
    this.clock = options.clock ?? Date.now;
    this.timing = timingOf(options.config);
    this.throttle = new Throttle(options.config.throttle);
    this.defaultRegion = options.defaultRegion ?? DEFAULT_REGION;
    const progress = timedProgress(() => this.timing, options.random);
    const envOf = (region: string): BackendEnv => ({
      progress,
      takeStartFailure: (fleet) => this.faults.takeStartFailure(fleet, region),
      describeLagMs: (fleet) => this.faults.describeLagMs(fleet, region),
      describeLagShown: (fleet) => this.faults.describeLagShown(fleet, region),
      recordTransition: (fleetName, t) => {
        const event = { time: t.at, region, fleetName, from: t.from, to: t.to };
        if (this.settling) this.settling.push(event);
        else this.events.append(event);
      },
    });
    this.backends = new RegionalBackends(options.images, envOf);
  }

  /** The backend of a region (created on first use). */
  backendIn(region: string): Backend {
    return this.backends.in(region);
  }

  /** The default region's backend. */
  get backend(): Backend {
    return this.backends.in(this.defaultRegion);
  }

  get config(): EmulatorConfig {
    return { ...this.timing, throttle: this.throttle.current };
  }

  /** Applies a partial configuration from the control API; returns the resulting one. */
  configure(raw: unknown): EmulatorConfig {
    if (!isObject(raw)) throw new ControlError("config must be a JSON object.");
    const next = { ...this.timing };
    for (const key of ["startDelaySeconds", "stopDelaySeconds", "transitionJitterSeconds"] as const) {
      const v = raw[key];
      if (v === undefined) continue;
      if (typeof v !== "number" || !(v >= 0) || v > 86400) throw new ControlError(`${key} must be a number from 0 to 86400.`);
      next[key] = v;
    }
    const throttle = raw.throttle === undefined ? undefined : parseThrottleConfig(raw.throttle);
    this.timing = next;
    if (throttle !== undefined) this.throttle.configure(throttle);
    return this.config;
  }

  /** Completes every transition due by `now` (lazy lifecycle). */
  settle(now: number): void {
    // Each region settles in time order; the event log gets all regions' transitions in time order.
    this.settling = [];
    try {
      for (const [, backend] of this.backends.entries()) backend.fleets.settleAll(now);
    } finally {
      const due = this.settling.sort((a, b) => a.time - b.time);
      this.settling = undefined;
      for (const event of due) this.events.append(event);
      if (due.length > 0) this.onDirty();
    }
  }

  /** Back to a fresh emulator with the start configuration. */
  reset(): void {
    this.backends.clear();
    this.calls.reset();
    this.events.reset();
    this.faults.clear();
    this.timing = timingOf(this.options.config);
    this.throttle.configure(this.options.config.throttle);
    this.onDirty();
  }

  snapshot(): RegionalSnapshot {
    return this.backends.snapshot();
  }

  restore(snapshot: RegionalSnapshot): void {
    this.backends.restore(snapshot);
  }
}

function timingOf(c: TransitionTiming): TransitionTiming {
  return {
    startDelaySeconds: c.startDelaySeconds,
    stopDelaySeconds: c.stopDelaySeconds,
    transitionJitterSeconds: c.transitionJitterSeconds,
  };
}
