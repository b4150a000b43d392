/**
 * Small helpers for the plain JSON values the engine hands the provider: the unknown-value
 * sentinel of previews, absent/empty normalisation and order-insensitive comparison.
 */
import { isDeepStrictEqual } from "util";

/** The string the engine puts in place of a value that is unknown during preview. */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when `v` is, or contains, a value unknown during preview. */
export function containsUnknown(v: unknown): boolean {
  if (v === UNKNOWN) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isRecord(v)) return Object.values(v).some(containsUnknown);
  return false;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Normalises a value for comparison: empty strings, arrays and objects and null become
 * undefined (AWS omits empty members), object keys are sorted, and lists named in
 * `unorderedKeys` are sorted (AWS may return ids in another order).
 */
export function normalise(v: unknown, unordered = UNORDERED_KEYS, key?: string): unknown {
  if (v === null || v === undefined || v === "") return undefined;
  if (Array.isArray(v)) {
    if (v.length === 0) return undefined;
    const items = v.map((x) => normalise(x, unordered));
    return key !== undefined && unordered.has(key) ? [...items].sort(compareJson) : items;
  }
  if (isRecord(v)) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const n = normalise(v[k], unordered, k);
      if (n !== undefined) out[k] = n;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return v;
}

/** Lists whose order carries no meaning for AWS. */
export const UNORDERED_KEYS: ReadonlySet<string> = new Set(["subnetIds", "securityGroupIds"]);

function compareJson(a: unknown, b: unknown): number {
  const x = JSON.stringify(a);
  const y = JSON.stringify(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/**
 * Deep equality after normalisation, by Node's own `util.isDeepStrictEqual` (no dependency to
 * install; normalisation has already sorted keys, dropped empties and ordered unordered lists).
 */
export function sameValue(a: unknown, b: unknown, key?: string): boolean {
  return isDeepStrictEqual(normalise(a, UNORDERED_KEYS, key), normalise(b, UNORDERED_KEYS, key));
}

/** Removes undefined members recursively so the result is plain JSON the engine accepts. */
export function plainJson<T>(v: T): T {
  return JSON.parse(JSON.stringify(v)) as T;
}

/** Parses "90s", "15m", "1h", "1h30m" or a number of seconds into milliseconds; undefined when invalid. */
export function parseDurationMs(v: unknown): number | undefined {
  if (typeof v === "number") return Number.isFinite(v) && v > 0 ? v * 1000 : undefined;
  if (typeof v !== "string") return undefined;
  const s = v.trim();
  if (/^\d+(\.\d+)?$/.test(s)) return parseDurationMs(Number(s));
  const re = /(\d+(?:\.\d+)?)(h|m|s)/g;
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m !== null; m = re.exec(s)) {
    const n = Number(m[1]);
    total += m[2] === "h" ? n * 3600 : m[2] === "m" ? n * 60 : n;
    consumed += m[0].length;
  }
  return consumed === s.length && total > 0 ? total * 1000 : undefined;
}
