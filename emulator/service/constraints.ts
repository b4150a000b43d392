/**
 * Input checking in the two layers AWS applies:
 * - wire types (`checkShape`): a string where an integer belongs cannot be deserialized, and
 *   the service answers SerializationException before looking at values;
 * - member constraints (`Violations`): required, length, pattern, range, enum. AWS gathers
 *   every violation of a request into one ValidationException worded
 *   "N validation error(s) detected: Value 'x' at 'member' failed to satisfy constraint: ...".
 */
import { SerializationException, ValidationException } from "./errors";
import { isObject, type JsonObject } from "./json";

export type Shape =
  | "any"
  | "string"
  | "integer"
  | "boolean"
  | { readonly list: Shape }
  | { readonly map: Shape }
  | { readonly struct: { readonly [member: string]: Shape } };

export { isObject, type JsonObject } from "./json";

/**
 * Throws SerializationException when a member has the wrong JSON type. Unknown members are
 * ignored, as the service does. A null member counts as absent.
 */
export function checkShape(value: unknown, shape: Shape, path = "input"): void {
  if (value === null || value === undefined || shape === "any") return;
  const fail = (expected: string): never => {
    throw new SerializationException(
      `Cannot deserialize ${path}: expected ${expected}, got ${describeJsonType(value)}`,
    );
  };
  if (shape === "string") {
    if (typeof value !== "string") fail("a string");
  } else if (shape === "integer") {
    if (typeof value !== "number" || !Number.isInteger(value)) fail("an integer");
  } else if (shape === "boolean") {
    if (typeof value !== "boolean") fail("a boolean");
  } else if ("list" in shape) {
    if (!Array.isArray(value)) return fail("a list");
    value.forEach((item, i) => checkShape(item, shape.list, `${path}[${i}]`));
  } else if ("map" in shape) {
    if (!isObject(value)) return fail("a map");
    for (const [k, v] of Object.entries(value)) checkShape(v, shape.map, `${path}.${k}`);
  } else {
    if (!isObject(value)) return fail("a structure");
    for (const [member, memberShape] of Object.entries(shape.struct)) {
      checkShape(value[member], memberShape, `${path}.${member}`);
    }
  }
}

/**
 * Checks the wire types and returns a copy holding only the members the shape declares, so
 * unknown members a client sends are ignored rather than stored.
 */
export function readInput(value: unknown, shape: Shape): unknown {
  checkShape(value, shape);
  return pick(value, shape);
}

function pick(value: unknown, shape: Shape): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof shape === "string") return value;
  if ("list" in shape) return (value as unknown[]).map((item) => pick(item, shape.list));
  if ("map" in shape) {
    return Object.fromEntries(Object.entries(value as JsonObject).map(([k, v]) => [k, pick(v, shape.map)]));
  }
  const out: JsonObject = {};
  for (const [member, memberShape] of Object.entries(shape.struct)) {
    const picked = pick((value as JsonObject)[member], memberShape);
    if (picked !== undefined) out[member] = picked;
  }
  return out;
}

function describeJsonType(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "number" && !Number.isInteger(value)) return "a fractional number";
  return typeof value === "object" ? "an object" : `a ${typeof value}`;
}

/** AWS names members in lower camel case in validation messages: `computeCapacity.desiredInstances`. */
export function memberPath(...members: string[]): string {
  return members.map((m) => (/^\d/.test(m) ? m : m.charAt(0).toLowerCase() + m.slice(1))).join(".");
}

function render(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => String(v)).join(", ")}]`;
  if (isObject(value)) return JSON.stringify(value);
  return String(value);
}

/** Collects constraint violations; `throwIfAny` raises them as one ValidationException. */
export class Violations {
  private readonly items: string[] = [];

  add(path: string, value: unknown, constraint: string): void {
    const shown = value === undefined || value === null ? "null" : `'${render(value)}'`;
    this.items.push(`Value ${shown} at '${path}' failed to satisfy constraint: ${constraint}`);
  }

  required(path: string, value: unknown): boolean {
    if (value === undefined || value === null) {
      this.add(path, value, "Member must not be null");
      return false;
    }
    return true;
  }

  length(path: string, value: string | unknown[] | object | undefined, min?: number, max?: number): void {
    if (value === undefined) return;
    const size = typeof value === "string" || Array.isArray(value) ? value.length : Object.keys(value).length;
    if (min !== undefined && size < min) this.add(path, value, `Member must have length greater than or equal to ${min}`);
    if (max !== undefined && size > max) this.add(path, value, `Member must have length less than or equal to ${max}`);
  }

  range(path: string, value: number | undefined, min?: number, max?: number): void {
    if (value === undefined) return;
    if (min !== undefined && value < min) this.add(path, value, `Member must have value greater than or equal to ${min}`);
    if (max !== undefined && value > max) this.add(path, value, `Member must have value less than or equal to ${max}`);
  }

  pattern(path: string, value: string | undefined, re: RegExp): void {
    if (value === undefined || re.test(value)) return;
    this.add(path, value, `Member must satisfy regular expression pattern: ${re.source}`);
  }

  oneOf(path: string, value: string | undefined, allowed: readonly string[]): void {
    if (value === undefined || allowed.includes(value)) return;
    this.add(path, value, `Member must satisfy enum value set: [${allowed.join(", ")}]`);
  }

  get count(): number {
    return this.items.length;
  }

  throwIfAny(): void {
    if (this.items.length === 0) return;
    const n = this.items.length;
    throw new ValidationException(
      `${n} validation error${n === 1 ? "" : "s"} detected: ${this.items.join("; ")}`,
    );
  }
}

// Patterns from the AppStream model (botocore service-2.json).
export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$/;
export const ARN_PATTERN =
  /^arn:aws(?:\-cn|\-iso\-b|\-iso|\-us\-gov)?:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.\\-]{0,1023}$/;
export const TAG_KEY_PATTERN = /^(^(?!aws:).[\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
export const TAG_VALUE_PATTERN = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
export const S3_BUCKET_PATTERN = /^[0-9a-z\.\-]*(?<!\.)$/;
export const USB_FILTER_PATTERN =
  /^((\w*)\s*(\w*)\s*\,\s*(\w*)\s*\,\s*\*?(\w*)\s*\,\s*\*?(\w*)\s*\,\s*\*?\d*\s*\,\s*\*?\d*\s*\,\s*[0-1]\s*\,\s*[0-1]\s*)$/;

/** Tag rules (model: Tags 1..50 entries, TagKey 1..128 not starting with aws:, TagValue 0..256). */
export function checkTags(v: Violations, path: string, tags: Record<string, string> | undefined): void {
  if (tags === undefined) return;
  v.length(path, tags, 1, 50);
  for (const [key, value] of Object.entries(tags)) {
    v.length(`${path}.${key}.key`, key, 1, 128);
    v.pattern(`${path}.${key}.key`, key, TAG_KEY_PATTERN);
    v.length(`${path}.${key}.value`, value, 0, 256);
    v.pattern(`${path}.${key}.value`, value, TAG_VALUE_PATTERN);
  }
}
