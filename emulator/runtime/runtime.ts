/**
 * One running emulator's state and policies: the backend, the logs, faults, throttling, delay
 * configuration and persistence. The HTTP layer (`http/`: server, AWS API, control API) drives it.
 */
import { Backend, type StoreSnapshot } from "../service";
import { SequencedLog, type CallRecord, type FleetEvent } from "./call-log";
import { ControlError } from "../service/errors";
import { FaultQueue } from "./faults";
import { findOperation } from "../http/operations";
import { timedProgress, type TransitionTiming } from "../service/fleets/lifecycle";
import { Throttle, parseThrottleConfig, type ThrottleConfig } from "../http/throttle";
import type { Credentials } from "../http/sigv4";
import type { ImageJson } from "../service/types";
import { isObject } from "../service/constraints";

export interface EmulatorConfig extends TransitionTiming {
  throttle: ThrottleConfig;
}

export interface RuntimeOptions {
  /** The configuration at start, which reset restores. */
  config: EmulatorConfig;
  images: readonly ImageJson[];
  verify?: Credentials;
  log: (line: string) => void;
  clock?: () => number;
  /** Draws transition jitter, uniform in [0, 1); default Math.random. */
  random?: () => number;
}

export class Runtime {
  readonly backend: Backend;
  readonly calls = new SequencedLog<CallRecord>();
  readonly events = new SequencedLog<FleetEvent>();
  readonly faults = new FaultQueue((name) => findOperation(name) !== undefined);
  readonly throttle: Throttle;
  readonly verify?: Credentials;
  readonly log: (line: string) => void;
  readonly clock: () => number;
  private timing: TransitionTiming;
  /** Called after every change worth persisting (set by the state file owner). */
  onDirty: () => void = () => {};

  constructor(private readonly options: RuntimeOptions) {
    this.verify = options.verify;
    this.log = options.log;
    this.clock = options.clock ?? Date.now;
    this.timing = timingOf(options.config);
    this.throttle = new Throttle(options.config.throttle);
    this.backend = new Backend(options.images, {
      progress: timedProgress(() => this.timing, options.random),
      takeStartFailure: (fleet) => this.faults.takeStartFailure(fleet),
      describeLagMs: (fleet) => this.faults.describeLagMs(fleet),
      describeLagShown: (fleet) => this.faults.describeLagShown(fleet),
      recordTransition: (fleetName, t) => this.events.append({ time: t.at, fleetName, from: t.from, to: t.to }),
    });
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
    if (this.backend.fleets.settleAll(now) > 0) this.onDirty();
  }

  /** Back to a fresh emulator with the start configuration. */
  reset(): void {
    this.backend.store.reset();
    this.calls.reset();
    this.events.reset();
    this.faults.clear();
    this.timing = timingOf(this.options.config);
    this.throttle.configure(this.options.config.throttle);
    this.onDirty();
  }

  snapshot(): StoreSnapshot {
    return this.backend.store.snapshot();
  }

  restore(snapshot: StoreSnapshot): void {
    this.backend.store.restore(snapshot);
  }
}

function timingOf(c: TransitionTiming): TransitionTiming {
  return {
    startDelaySeconds: c.startDelaySeconds,
    stopDelaySeconds: c.stopDelaySeconds,
    transitionJitterSeconds: c.transitionJitterSeconds,
  };
}
