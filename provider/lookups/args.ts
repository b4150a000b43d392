/**
 * The lookups' arguments: validated, and turned into the query a lookup runs, before any API
 * call. No I/O, so every rule is unit-tested without a server.
 *
 * Arguments are treated as `unknown`: JavaScript callers and Pulumi Outputs can hand over
 * anything, and a typo'd member name would otherwise be silently ignored (a getImage that ignores
 * `nameregex` would happily match the wrong image).
 */
import { AUTHENTICATION_TYPE, IMAGE_STATE, PLATFORM_TYPE, VISIBILITY_TYPE, type AuthenticationType, type ImageState, type PlatformType, type VisibilityType } from "../generated/aws-model";
import type { SessionRequest } from "../aws/sessions";
import { LookupArgumentError, type LookupFunction } from "./errors";

/** The usual shape: `getImage: argument "states" must be ...`. */
function bad(fn: LookupFunction, key: string, detail: string): LookupArgumentError {
  return new LookupArgumentError(fn, key, `argument "${key}" ${detail}`);
}

// AWS's model's enums (generated from the pinned model), not the SDK's: an SDK list can lag the
// model (@aws-sdk/client-appstream 3.1112.0 has no WINDOWS_11) and must not refuse what AWS takes.
const MODEL_ENUMS = { VisibilityType: VISIBILITY_TYPE, PlatformType: PLATFORM_TYPE, ImageState: IMAGE_STATE, AuthenticationType: AUTHENTICATION_TYPE } as const;
const modelEnum = (name: keyof typeof MODEL_ENUMS): readonly string[] => [...MODEL_ENUMS[name]].sort();

/** The default `states`: a fleet can only use an AVAILABLE image. */
export const DEFAULT_IMAGE_STATES: readonly ImageState[] = ["AVAILABLE"];

// ---------------------------------------------------------------------------------------------
// Generic argument readers. undefined and null both mean "not set" (Pulumi's convention).

type Args = Record<string, unknown>;

function readArgs(fn: LookupFunction, args: unknown, allowed: readonly string[]): Args {
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    throw new LookupArgumentError(fn, "args", `the arguments must be an object, got ${describeValue(args)}`);
  }
  for (const key of Object.keys(args)) {
    if (!allowed.includes(key)) {
      throw bad(fn, key, `is not an argument of ${fn}; expected one of: ${allowed.join(", ")}`);
    }
  }
  return args as Args;
}

function isSet(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function optionalString(fn: LookupFunction, args: Args, key: string): string | undefined {
  const v = args[key];
  if (!isSet(v)) return undefined;
  if (typeof v !== "string" || v.length === 0) {
    throw bad(fn, key, `must be a non-empty string, got ${describeValue(v)}`);
  }
  return v;
}

function requiredString(fn: LookupFunction, args: Args, key: string): string {
  const v = optionalString(fn, args, key);
  if (v === undefined) throw bad(fn, key, "is required");
  return v;
}

function optionalBoolean(fn: LookupFunction, args: Args, key: string): boolean | undefined {
  const v = args[key];
  if (!isSet(v)) return undefined;
  if (typeof v !== "boolean") throw bad(fn, key, `must be true or false, got ${describeValue(v)}`);
  return v;
}

function optionalEnum<T extends string>(fn: LookupFunction, args: Args, key: string, values: readonly string[]): T | undefined {
  const v = args[key];
  if (!isSet(v)) return undefined;
  if (typeof v !== "string" || !values.includes(v)) {
    throw bad(fn, key, `must be one of ${values.join(" | ")}, got ${describeValue(v)}`);
  }
  return v as T;
}

function describeValue(v: unknown): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return "an array";
  if (v === null || v === undefined) return String(v);
  return typeof v === "object" ? "an object" : `${typeof v} ${String(v)}`;
}

// ---------------------------------------------------------------------------------------------
// Images

export type ImageSelector =
  | { kind: "name"; name: string }
  | { kind: "arn"; arn: string }
  | { kind: "nameRegex"; source: string; regex: RegExp }
  | { kind: "all" };

/** A validated image lookup. */
export interface ImageQuery {
  fn: "getImage" | "getImages";
  selector: ImageSelector;
  type?: VisibilityType;
  platform?: PlatformType;
  imageBuilderSupported?: boolean;
  states: readonly ImageState[];
  mostRecent: boolean;
}

const SELECTOR_KEYS = ["name", "arn", "nameRegex"] as const;
const IMAGES_KEYS = [...SELECTOR_KEYS, "type", "platform", "imageBuilderSupported", "states", "region"] as const;
const IMAGE_KEYS = [...IMAGES_KEYS, "mostRecent"] as const;

/** Validates getImage's arguments: exactly one selector. */
export function parseGetImageArgs(args: unknown): ImageQuery {
  return parseImageArgs("getImage", readArgs("getImage", args, IMAGE_KEYS), true);
}

/** Validates getImages' arguments: at most one selector (none lists every image). */
export function parseGetImagesArgs(args: unknown): ImageQuery {
  return parseImageArgs("getImages", readArgs("getImages", args, IMAGES_KEYS), false);
}

function parseImageArgs(fn: "getImage" | "getImages", args: Args, selectorRequired: boolean): ImageQuery {
  const given = SELECTOR_KEYS.filter((k) => isSet(args[k]));
  if (given.length > 1 || (selectorRequired && given.length === 0)) {
    const rule = selectorRequired ? "exactly one" : "at most one";
    const got = given.length === 0 ? "none" : given.join(" and ");
    const argument = given.length > 1 ? given.join(", ") : "name, arn, nameRegex";
    throw new LookupArgumentError(fn, argument, `set ${rule} of the arguments "name", "arn", "nameRegex" (got ${got})`);
  }
  const selector = parseSelector(fn, args);
  const states = parseStates(fn, args.states);
  return {
    fn,
    selector,
    ...definedOnly({
      type: optionalEnum<VisibilityType>(fn, args, "type", modelEnum("VisibilityType")),
      platform: optionalEnum<PlatformType>(fn, args, "platform", modelEnum("PlatformType")),
      imageBuilderSupported: optionalBoolean(fn, args, "imageBuilderSupported"),
    }),
    states,
    mostRecent: optionalBoolean(fn, args, "mostRecent") ?? false,
  };
}

function parseSelector(fn: "getImage" | "getImages", args: Args): ImageSelector {
  const name = optionalString(fn, args, "name");
  if (name !== undefined) return { kind: "name", name };
  const arn = optionalString(fn, args, "arn");
  if (arn !== undefined) return { kind: "arn", arn };
  const source = optionalString(fn, args, "nameRegex");
  if (source !== undefined) {
    try {
      // No flags: a /g regex keeps lastIndex between test() calls and would skip matches.
      return { kind: "nameRegex", source, regex: new RegExp(source) };
    } catch (e) {
      throw bad(fn, "nameRegex", `is not a valid regular expression: ${(e as Error).message}`);
    }
  }
  return { kind: "all" };
}

function parseStates(fn: LookupFunction, v: unknown): readonly ImageState[] {
  if (!isSet(v)) return DEFAULT_IMAGE_STATES;
  const IMAGE_STATES = modelEnum("ImageState");
  if (!Array.isArray(v) || v.length === 0) {
    // An empty list would match nothing at all; say so instead of returning "not found".
    throw bad(fn, "states", `must be a non-empty list of ${IMAGE_STATES.join(" | ")}, got ${describeValue(v)}`);
  }
  for (const s of v) {
    if (typeof s !== "string" || !IMAGE_STATES.includes(s)) {
      throw bad(fn, "states", `contains ${describeValue(s)}; each must be one of ${IMAGE_STATES.join(" | ")}`);
    }
  }
  return [...new Set(v as ImageState[])];
}

export function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

// ---------------------------------------------------------------------------------------------
// Sessions

const SESSIONS_KEYS = ["stackName", "fleetName", "userId", "authenticationType", "region"] as const;

/**
 * Validates getSessions' arguments. AuthenticationType is sent only when given: AppStream then
 * applies its default (API), which is its documented behaviour, not ours to second-guess.
 */
export function parseGetSessionsArgs(args: unknown): SessionRequest {
  const fn = "getSessions";
  const a = readArgs(fn, args, SESSIONS_KEYS);
  const userId = optionalString(fn, a, "userId");
  // DescribeSessions' UserId is 2-128 characters; a shorter one fails server-side with a less
  // helpful ValidationException.
  if (userId !== undefined && (userId.length < 2 || userId.length > 128)) {
    throw bad(fn, "userId", `must be 2 to 128 characters long, got ${userId.length}`);
  }
  const authenticationType = optionalEnum<AuthenticationType>(fn, a, "authenticationType", modelEnum("AuthenticationType"));
  return {
    StackName: requiredString(fn, a, "stackName"),
    FleetName: requiredString(fn, a, "fleetName"),
    ...(userId !== undefined ? { UserId: userId } : {}),
    ...(authenticationType !== undefined ? { AuthenticationType: authenticationType } : {}),
  };
}

/** The lookup's `region` argument, checked (a non-empty string), or undefined. */
export function regionArg(fn: LookupFunction, args: unknown): string | undefined {
  if (typeof args !== "object" || args === null) return undefined;
  const v = (args as Record<string, unknown>).region;
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || v.trim() === "") throw bad(fn, "region", `must be a region name such as "us-east-1", got ${describeValue(v)}`);
  return v;
}
