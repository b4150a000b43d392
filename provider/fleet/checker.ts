/**
 * The value checker behind Fleet validation: reads a dotted path of the raw inputs, skips values
 * unknown during preview (they are checked again at apply), and records each failure with the
 * property path and the rule in words.
 */
import { CheckFailure } from "./types";
import { containsUnknown, isRecord, UNKNOWN } from "./values";

export type Input = Record<string, unknown>;

/** The bounds of the service model's `Integer` (32 bits): the wire type of every fleet number. */
export const INT32_MIN = -(2 ** 31);
export const INT32_MAX = 2 ** 31 - 1;

export class Checker {
  readonly failures: CheckFailure[] = [];
  constructor(private readonly inputs: Input) {}

  fail(property: string, reason: string): void {
    this.failures.push({ property, reason });
  }

  /** The value at a dotted path, or undefined when absent or unknown (unknowns are not checked). */
  get(path: string): unknown {
    let v: unknown = this.inputs;
    for (const p of path.split(".")) {
      if (!isRecord(v)) return undefined;
      v = v[p];
    }
    return containsUnknown(v) ? undefined : v;
  }

  isUnknown(path: string): boolean {
    let v: unknown = this.inputs;
    for (const p of path.split(".")) {
      if (!isRecord(v)) return false;
      v = v[p];
    }
    return v === UNKNOWN;
  }

  present(path: string): boolean {
    return this.get(path) !== undefined || this.isUnknown(path);
  }

  string(path: string, opts: { min?: number; max?: number; pattern?: RegExp; patternText?: string } = {}): string | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (typeof v !== "string") return this.fail(path, `must be a string, got ${describe(v)}`), undefined;
    if (opts.min !== undefined && v.length < opts.min) this.fail(path, `must be at least ${opts.min} characters long (got ${describe(v)})`);
    if (opts.max !== undefined && v.length > opts.max)
      this.fail(path, `must be at most ${opts.max} characters long (got ${v.length}: ${describe(v)})`);
    if (opts.pattern && !opts.pattern.test(v))
      this.fail(path, `"${v}" must match ${opts.patternText ?? opts.pattern.source}`);
    return v;
  }

  /**
   * A whole number within AWS's 32-bit Integer (the service model's type for every number of a
   * fleet) and within [min, max] where a bound is given (AWS's documented ranges). `what` says what
   * the number counts, for the message ("a number of instances").
   */
  integer(path: string, min?: number, max?: number, what?: string): number | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v))
      return this.fail(path, `must be a whole number, got ${describe(v)}`), undefined;
    const about = what ? `: ${what}` : "";
    if ((min !== undefined && v < min) || (max !== undefined && v > max))
      this.fail(path, `${max === undefined ? `must be ${min} or more` : min === undefined ? `must be ${max} or less` : `must be between ${min} and ${max}`}${about} (got ${v})`);
    else if (v < INT32_MIN || v > INT32_MAX)
      this.fail(path, `must be between ${INT32_MIN} and ${INT32_MAX}, AWS's 32-bit Integer (got ${v})`);
    return v;
  }

  boolean(path: string): boolean | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (typeof v !== "boolean") return this.fail(path, `must be true or false, got ${describe(v)}`), undefined;
    return v;
  }

  oneOf(path: string, allowed: readonly string[]): string | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !allowed.includes(v)) {
      this.fail(path, `must be one of ${allowed.join(", ")}, got ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  object(path: string, keys: readonly string[]): Record<string, unknown> | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (!isRecord(v)) return this.fail(path, `must be an object, got ${describe(v)}`), undefined;
    for (const k of Object.keys(v)) {
      if (!keys.includes(k)) this.fail(`${path}.${k}`, `is not a known member of ${path} (known: ${keys.join(", ")})`);
    }
    return v;
  }

  stringList(path: string, opts: { min?: number; max?: number } = {}): string[] | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string" || x.length === 0)) {
      this.fail(path, `must be a list of non-empty strings, got ${describe(v)}`);
      return undefined;
    }
    if (opts.min !== undefined && v.length < opts.min) this.fail(path, `must have at least ${opts.min} entries (got ${v.length})`);
    if (opts.max !== undefined && v.length > opts.max) this.fail(path, `must have at most ${opts.max} entries (got ${v.length})`);
    return v as string[];
  }
}

export function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return `"${v.length > 40 ? v.slice(0, 40) + "..." : v}"`;
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}

