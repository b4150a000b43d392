/**
 * Per-operation token buckets. The configuration maps an operation name, or "*" for every
 * operation without its own entry, to a rate and a burst; each operation always has its own
 * bucket ("*" sets the default for each, not one shared bucket). `null` turns throttling off.
 */
import { ControlError } from "../service/errors";
import { isObject } from "../service/constraints";

export interface BucketConfig {
  ratePerSecond: number;
  burst: number;
}
export type ThrottleConfig = Record<string, BucketConfig> | null;

interface Bucket {
  tokens: number;
  updated: number;
}

export class Throttle {
  private buckets = new Map<string, Bucket>();

  constructor(private config: ThrottleConfig) {}

  get current(): ThrottleConfig {
    return this.config === null ? null : structuredClone(this.config);
  }

  /** Replaces the configuration; buckets start full again. */
  configure(config: ThrottleConfig): void {
    this.config = config === null ? null : structuredClone(config);
    this.buckets.clear();
  }

  /** Takes a token for the operation; false when the call must be throttled. */
  allow(operation: string, now: number): boolean {
    const cfg = this.config?.[operation] ?? this.config?.["*"];
    if (!cfg) return true;
    const b = this.buckets.get(operation) ?? { tokens: cfg.burst, updated: now };
    b.tokens = Math.min(cfg.burst, b.tokens + ((now - b.updated) / 1000) * cfg.ratePerSecond);
    b.updated = now;
    this.buckets.set(operation, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

/** Reads a throttle configuration from the control API, refusing malformed entries. */
export function parseThrottleConfig(raw: unknown): ThrottleConfig {
  if (raw === null) return null;
  if (!isObject(raw)) throw new ControlError('throttle must be an object like {"*": {"ratePerSecond": 10, "burst": 20}} or null.');
  const out: Record<string, BucketConfig> = {};
  for (const [op, v] of Object.entries(raw)) {
    if (!isObject(v) || typeof v.ratePerSecond !== "number" || v.ratePerSecond < 0) {
      throw new ControlError(`throttle.${op} needs ratePerSecond >= 0.`);
    }
    const burst = v.burst === undefined ? Math.max(1, v.ratePerSecond) : v.burst;
    if (typeof burst !== "number" || burst < 0) throw new ControlError(`throttle.${op}.burst must be a number >= 0.`);
    out[op] = { ratePerSecond: v.ratePerSecond, burst };
  }
  return out;
}
