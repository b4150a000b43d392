/**
 * Input checking in the two layers AWS applies, driven by the input shapes of `shapes.ts`:
 * - wire types: a string where an integer belongs cannot be deserialized, and the service
 *   answers SerializationException before looking at values;
 * - member constraints: required, length, pattern, range, enum, plus the rules only the API
 *   reference states. AWS gathers every violation of a request into one ValidationException
 *   worded "N validation error(s) detected: Value 'x' at 'member' failed to satisfy
 *   constraint: ...".
 */
import { SerializationException, ValidationException } from "./errors";
import { isObject, type JsonObject } from "./json";

export { isObject, type JsonObject } from "./json";

/** A rule the API reference documents beyond the model: returns the constraint text when broken. */
export type Rule<T> = (value: T) => string | undefined;

export interface StringShape {
  readonly kind: "string";
  readonly min?: number;
  readonly max?: number;
  readonly pattern?: RegExp;
  readonly enum?: readonly string[];
  readonly rule?: Rule<string>;
}
export interface IntegerShape {
  readonly kind: "integer";
  readonly min?: number;
  readonly max?: number;
  readonly rule?: Rule<number>;
}
export interface BooleanShape {
  readonly kind: "boolean";
}
export interface ListShape {
  readonly kind: "list";
  readonly member: Shape;
  readonly min?: number;
  readonly max?: number;
}
export interface MapShape {
  readonly kind: "map";
  readonly key: StringShape;
  readonly value: Shape;
  readonly min?: number;
  readonly max?: number;
}
export interface StructShape {
  readonly kind: "structure";
  readonly members: { readonly [member: string]: Shape };
  readonly required?: readonly string[];
}
export type Shape = StringShape | IntegerShape | BooleanShape | ListShape | MapShape | StructShape;

type Bounds = { min?: number; max?: number };
export const str = (c: Omit<StringShape, "kind"> = {}): StringShape => ({ kind: "string", ...c });
export const int = (c: Omit<IntegerShape, "kind"> = {}): IntegerShape => ({ kind: "integer", ...c });
export const bool = (): BooleanShape => ({ kind: "boolean" });
export const list = (member: Shape, c: Bounds = {}): ListShape => ({ kind: "list", member, ...c });
export const map = (key: StringShape, value: Shape, c: Bounds = {}): MapShape => ({ kind: "map", key, value, ...c });
export const struct = (members: StructShape["members"], required: readonly string[] = []): StructShape => ({
  kind: "structure",
  members,
  required,
});

const INT_MIN = -(2 ** 31);
const INT_MAX = 2 ** 31 - 1;

/**
 * Checks a request body against its operation's input shape and returns a copy holding only the
 * members the shape declares (unknown members are ignored, as the service does). Wrong JSON
 * types -> SerializationException (the first one); broken constraints -> one
 * ValidationException listing them all. A null member counts as absent.
 */
export function readInput(value: unknown, shape: StructShape): JsonObject {
  checkTypes(value, shape, "input");
  const v = new Violations();
  checkConstraints(v, value, shape, "");
  v.throwIfAny();
  return (pick(value, shape) ?? {}) as JsonObject;
}

function checkTypes(value: unknown, shape: Shape, path: string): void {
  if (value === null || value === undefined) return;
  const fail = (expected: string, got = sentJson(value)): never => {
    throw new SerializationException(`Cannot deserialize ${path}: expected ${expected}, got ${got}`);
  };
  switch (shape.kind) {
    case "string":
      if (typeof value !== "string") fail("a string");
      return;
    case "integer":
      if (typeof value !== "number") fail("a 32-bit integer");
      else if (!Number.isInteger(value)) fail("a 32-bit integer", `a fractional number (${value})`);
      else if (value < INT_MIN || value > INT_MAX) fail("a 32-bit integer", `${value}, out of the 32-bit range`);
      return;
    case "boolean":
      if (typeof value !== "boolean") fail("a boolean");
      return;
    case "list":
      if (!Array.isArray(value)) return fail("a list");
      value.forEach((item, i) => checkTypes(item, shape.member, `${path}[${i}]`));
      return;
    case "map":
      if (!isObject(value)) return fail("a map");
      for (const [k, item] of Object.entries(value)) checkTypes(item, shape.value, `${path}.${k}`);
      return;
    case "structure":
      if (!isObject(value)) return fail("a structure");
      for (const [member, memberShape] of Object.entries(shape.members)) {
        checkTypes(value[member], memberShape, `${path}.${member}`);
      }
  }
}

/** Collects every broken constraint; types have been checked already. */
function checkConstraints(v: Violations, value: unknown, shape: Shape, path: string): void {
  if (value === null || value === undefined) return;
  switch (shape.kind) {
    case "string": {
      const s = value as string;
      v.length(path, s, shape.min, shape.max);
      if (shape.pattern) v.pattern(path, s, shape.pattern);
      if (shape.enum) v.oneOf(path, s, shape.enum);
      const broken = shape.rule?.(s);
      if (broken) v.add(path, s, broken);
      return;
    }
    case "integer": {
      const n = value as number;
      v.range(path, n, shape.min, shape.max);
      const broken = shape.rule?.(n);
      if (broken) v.add(path, n, broken);
      return;
    }
    case "boolean":
      return;
    case "list": {
      const items = value as unknown[];
      v.length(path, items, shape.min, shape.max);
      items.forEach((item, i) => {
        const itemPath = `${path}.${i + 1}.member`;
        if (v.required(itemPath, item)) checkConstraints(v, item, shape.member, itemPath);
      });
      return;
    }
    case "map": {
      const entries = Object.entries(value as JsonObject);
      v.length(path, value as JsonObject, shape.min, shape.max);
      for (const [key, item] of entries) {
        checkConstraints(v, key, shape.key, `${path}.${key}.key`);
        if (v.required(`${path}.${key}.value`, item)) checkConstraints(v, item, shape.value, `${path}.${key}.value`);
      }
      return;
    }
    case "structure": {
      const obj = value as JsonObject;
      for (const member of shape.required ?? []) v.required(join(path, member), obj[member]);
      for (const [member, memberShape] of Object.entries(shape.members)) {
        checkConstraints(v, obj[member], memberShape, join(path, member));
      }
    }
  }
}

function pick(value: unknown, shape: Shape): unknown {
  if (value === null || value === undefined) return undefined;
  switch (shape.kind) {
    case "list":
      return (value as unknown[]).map((item) => pick(item, shape.member));
    case "map":
      return Object.fromEntries(Object.entries(value as JsonObject).map(([k, v]) => [k, pick(v, shape.value)]));
    case "structure": {
      const out: JsonObject = {};
      for (const [member, memberShape] of Object.entries(shape.members)) {
        const picked = pick((value as JsonObject)[member], memberShape);
        if (picked !== undefined) out[member] = picked;
      }
      return out;
    }
    default:
      return value;
  }
}

function join(path: string, member: string): string {
  return path === "" ? memberPath(member) : `${path}.${memberPath(member)}`;
}

/** What was sent, in words: its JSON type and, for a scalar, the value ("a number (1)"). */
function sentJson(value: unknown): string {
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "an object";
  const shown = JSON.stringify(value);
  const type = typeof value === "boolean" ? "a boolean" : typeof value === "number" ? "a number" : `a ${typeof value}`;
  return `${type} (${shown.length > 40 ? `${shown.slice(0, 40)}...` : shown})`;
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
    throw new ValidationException(`${n} validation error${n === 1 ? "" : "s"} detected: ${this.items.join("; ")}`);
  }
}
