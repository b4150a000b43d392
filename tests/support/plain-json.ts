/** Assertions on what the lookups return. */
import { strict as assert } from "assert";

/** Fails unless `v` is plain JSON: no undefined, no Date, no NaN, no class instances. */
export function assertPlainJson(v: unknown, path = "$"): void {
  if (v === null || typeof v === "string" || typeof v === "boolean") return;
  if (typeof v === "number") return assert.ok(Number.isFinite(v), `${path} is ${v}`);
  if (Array.isArray(v)) return v.forEach((x, i) => assertPlainJson(x, `${path}[${i}]`));
  assert.equal(typeof v, "object", `${path} is ${typeof v}`);
  assert.equal(Object.getPrototypeOf(v), Object.prototype, `${path} is not a plain object`);
  for (const [k, x] of Object.entries(v as object)) assertPlainJson(x, `${path}.${k}`);
}
