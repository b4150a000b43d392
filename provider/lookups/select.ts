/**
 * The pure half of the lookups: argument validation, the DescribeImages / DescribeSessions
 * request an argument set means, client-side filtering, mostRecent, and the no-match /
 * ambiguous errors. No I/O, so every rule is unit-tested without a server.
 *
 * Arguments are checked before any API call, and treated as `unknown`: JavaScript callers and
 * Pulumi Outputs can hand over anything, and a typo'd member name would otherwise be silently
 * ignored (a getImage that ignores `nameregex` would happily match the wrong image).
 */
import type {
  AuthenticationType,
  DescribeImagesCommandInput,
  DescribeSessionsCommandInput,
  ImageState,
  PlatformType,
  VisibilityType,
} from "@aws-sdk/client-appstream";
import { appStreamSdk } from "../aws/sdk";
import { debugErrors, programRunError } from "../host-errors";
import type { Image } from "./types";

export type LookupFunction = "getImage" | "getImages" | "getSessions";

/** A bad argument, found before any API call. `argument` names it. */
export class LookupArgumentError extends Error {
  override readonly name = "LookupArgumentError";
  constructor(
    readonly fn: LookupFunction,
    readonly argument: string,
    message: string,
  ) {
    super(`${fn}: ${message}`);
  }
}

/**
 * Rethrows a lookup's error for a Pulumi program (the *Output forms), so the program's failure
 * shows the message once, without JavaScript stack frames: its stack is its first line (the
 * Node.js SDK prints the stack of an error that fails a resource's inputs), and it is marked as
 * @pulumi/pulumi's RunError (the `__pulumiRunError` member the SDK checks instead of the class),
 * whose stack the SDK never prints. With PULUMI_DEBUG set the frames stay.
 */
export function programError(e: unknown): never {
  throw programRunError(e, debugErrors());
}

/** The usual shape: `getImage: argument "states" must be ...`. */
function bad(fn: LookupFunction, key: string, detail: string): LookupArgumentError {
  return new LookupArgumentError(fn, key, `argument "${key}" ${detail}`);
}

/**
 * getImage found nothing. The message says what was searched, what the filters removed, and the
 * changes of the arguments that would find an image (`suggestions`, each checked against the
 * images the account has).
 */
export class ImageNotFoundError extends Error {
  override readonly name = "ImageNotFoundError";
  constructor(
    message: string,
    readonly suggestions: ImageSuggestion[] = [],
  ) {
    super(message);
  }
}

/** getImage found several images and mostRecent was not set. `matches` lists their names. */
export class AmbiguousImageError extends Error {
  override readonly name = "AmbiguousImageError";
  constructor(
    message: string,
    readonly matches: string[],
  ) {
    super(message);
  }
}

// The SDK's enum objects, so the accepted values follow the SDK version in use. Read when an
// argument is checked: the SDK is loaded by the first lookup, not by importing the package.
const sdkEnum = (name: "VisibilityType" | "PlatformType" | "ImageState" | "AuthenticationType"): readonly string[] =>
  Object.values(appStreamSdk()[name]);

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
      type: optionalEnum<VisibilityType>(fn, args, "type", sdkEnum("VisibilityType")),
      platform: optionalEnum<PlatformType>(fn, args, "platform", sdkEnum("PlatformType")),
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
  const IMAGE_STATES = sdkEnum("ImageState");
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

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * The DescribeImages request (without paging members) for a query. Name and ARN go to the
 * server; a regex cannot, so it lists every image (of `type`) and the client filters. Type is
 * always sent when given (as Terraform's aws_appstream_image does) and trusted: the results are
 * not re-filtered on Visibility.
 */
export function describeImagesRequest(q: ImageQuery): Pick<DescribeImagesCommandInput, "Names" | "Arns" | "Type"> {
  return {
    ...(q.selector.kind === "name" ? { Names: [q.selector.name] } : {}),
    ...(q.selector.kind === "arn" ? { Arns: [q.selector.arn] } : {}),
    ...(q.type !== undefined ? { Type: q.type } : {}),
  };
}

/** True when the image passes the selector part that is applied client-side (nameRegex). */
export function matchesSelector(q: ImageQuery, image: Image): boolean {
  return q.selector.kind !== "nameRegex" || q.selector.regex.test(image.name);
}

/** Why the filters exclude an image (empty: it passes). */
export function filterMisses(q: ImageQuery, image: Image): string[] {
  const misses: string[] = [];
  if (image.state === undefined || !q.states.includes(image.state)) misses.push(`state ${image.state ?? "unknown"}`);
  if (q.platform !== undefined && image.platform !== q.platform) misses.push(`platform ${image.platform ?? "unknown"}`);
  if (q.imageBuilderSupported !== undefined && (image.imageBuilderSupported ?? false) !== q.imageBuilderSupported) {
    misses.push(`imageBuilderSupported ${image.imageBuilderSupported ?? false}`);
  }
  return misses;
}

export interface ImageSelection {
  /** Pass both the selector and the filters, in input order. */
  matches: Image[];
  /** Pass the selector but not the filters (reported when nothing matches). */
  excluded: Image[];
}

/** Applies the client-side selector and the filters to what DescribeImages returned. */
export function selectImages(q: ImageQuery, images: readonly Image[]): ImageSelection {
  const candidates = images.filter((i) => matchesSelector(q, i));
  return {
    matches: candidates.filter((i) => filterMisses(q, i).length === 0),
    excluded: candidates.filter((i) => filterMisses(q, i).length > 0),
  };
}

/** Milliseconds since the epoch, or -Infinity for an image without a (valid) CreatedTime. */
function createdMs(i: Image): number {
  const ms = i.createdTime === undefined ? NaN : Date.parse(i.createdTime);
  return Number.isNaN(ms) ? -Infinity : ms;
}

/** Newest first by CreatedTime (as numbers); ties by name so the choice is deterministic. */
export function newestFirst(images: readonly Image[]): Image[] {
  return [...images].sort((a, b) => createdMs(b) - createdMs(a) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/**
 * getImage's single answer: the only match, or the newest with mostRecent. Throws
 * ImageNotFoundError / AmbiguousImageError with messages that say what was searched.
 * `where` (for example "in us-east-1") completes the messages. `pool`, every image the account
 * sees (DescribeImages without Names, Arns or Type), is where a no-match error finds its
 * suggestions (suggestImageChanges); without it, it suggests from the images it was given.
 */
export function pickImage(q: ImageQuery, selection: ImageSelection, where = "", pool?: readonly Image[]): Image {
  const { matches, excluded } = selection;
  const searched = `${describeImageQuery(q)}${where ? ` ${where}` : ""}`;
  if (matches.length === 0) {
    let message = `${q.fn}: no image matches ${searched}.`;
    if (excluded.length > 0) {
      const shown = excluded.slice(0, MAX_LISTED).map((i) => `${i.name} (${filterMisses(q, i).join(", ")})`);
      message += ` ${excluded.length} image(s) matched the selector but not the filters: ${shown.join("; ")}${more(excluded.length)}.`;
    }
    const suggestions = suggestImageChanges(q, pool ?? [...matches, ...excluded]);
    if (suggestions.length > 0) {
      message += ` Changes that find an image here: ${suggestions.map((x) => `${formatChange(x.change)} finds ${x.finds}`).join("; ")}.`;
    } else if (pool !== undefined) {
      message += pool.length === 0 ? " No image is visible to this account here." : ` None of the ${pool.length} images visible here is near it (getImages lists them).`;
    }
    throw new ImageNotFoundError(message, suggestions);
  }
  const sorted = newestFirst(matches);
  if (matches.length === 1 || q.mostRecent) return sorted[0];
  const shown = sorted.slice(0, MAX_LISTED).map((i) => `${i.name} (created ${i.createdTime ?? "unknown"})`);
  throw new AmbiguousImageError(
    `${q.fn}: ${matches.length} images match ${searched}: ${shown.join("; ")}${more(matches.length)}. ` +
      `Set mostRecent: true to take the newest, or narrow the selector or filters (type, platform, imageBuilderSupported, states).`,
    sorted.map((i) => i.name),
  );
}

const MAX_LISTED = 10;

// ---------------------------------------------------------------------------------------------
// Suggestions for a getImage that found nothing

/** A change of getImage's arguments (undefined: remove the argument) and the image it finds. */
export interface ImageSuggestion {
  change: Record<string, unknown>;
  finds: string;
}

/** How many suggestions an error lists. */
export const MAX_SUGGESTIONS = 3;

/** The arguments a query was parsed from, in their canonical form (defaults left out). */
export function queryArgs(q: ImageQuery): Record<string, unknown> {
  const s = q.selector;
  return {
    ...(s.kind === "name" ? { name: s.name } : s.kind === "arn" ? { arn: s.arn } : s.kind === "nameRegex" ? { nameRegex: s.source } : {}),
    ...definedOnly({ type: q.type, platform: q.platform, imageBuilderSupported: q.imageBuilderSupported }),
    ...(q.states.join() !== DEFAULT_IMAGE_STATES.join() ? { states: [...q.states] } : {}),
    ...(q.mostRecent ? { mostRecent: true } : {}),
  };
}

/** `args` with `change` applied: a key set to undefined is removed. */
export function applyChange(args: Record<string, unknown>, change: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...args };
  for (const [k, v] of Object.entries(change)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/**
 * What getImage would return for `args` if DescribeImages answered from `pool` (the server's
 * Names / Arns / Type, then the client's selector and filters): the image, or undefined when it
 * would fail.
 */
export function simulateGetImage(args: Record<string, unknown>, pool: readonly Image[]): Image | undefined {
  let q: ImageQuery;
  try {
    q = parseGetImageArgs(args);
  } catch {
    return undefined;
  }
  const served = pool.filter(
    (i) =>
      (q.selector.kind !== "name" || i.name === q.selector.name) &&
      (q.selector.kind !== "arn" || i.arn === q.selector.arn) &&
      (q.type === undefined || i.visibility === q.type),
  );
  try {
    return pickImage(q, selectImages(q, served), "", served);
  } catch {
    return undefined;
  }
}

/**
 * Levenshtein distance (case-insensitive) from `pattern` to `text`, or, with `within`, the fewest
 * edits that make `pattern` a substring of `text` (an edit may then start and end anywhere in it).
 */
function editDistance(pattern: string, text: string, within = false): number {
  pattern = pattern.toLowerCase();
  text = text.toLowerCase();
  let prev = Array.from({ length: text.length + 1 }, (_, j) => (within ? 0 : j));
  for (let i = 1; i <= pattern.length; i++) {
    const cur = [i];
    for (let j = 1; j <= text.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (pattern[i - 1] === text[j - 1] ? 0 : 1));
    prev = cur;
  }
  return within ? Math.min(...prev) : prev[text.length];
}

/**
 * The farthest a name may be from the selector to be suggested in its place: a third of the
 * selector's text (at least 2 edits), so that a typo finds its image and an unrelated name does
 * not.
 */
function nearEnough(q: ImageQuery, distance: number): boolean {
  const s = q.selector;
  const text = s.kind === "name" ? s.name : s.kind === "arn" ? s.arn : s.kind === "nameRegex" ? regexLiteral(s.source) : "";
  return distance <= Math.max(2, Math.floor(text.length / 3));
}

/** How far an image's name is from the selector (0 when it passes it). */
function selectorDistance(q: ImageQuery, image: Image): number {
  const s = q.selector;
  if (s.kind === "name") return image.name === s.name ? 0 : editDistance(s.name, image.name);
  if (s.kind === "arn") return image.arn === s.arn ? 0 : editDistance(s.arn, image.arn ?? image.name);
  if (s.kind === "nameRegex") return s.regex.test(image.name) ? 0 : editDistance(regexLiteral(s.source), image.name, true);
  return 0;
}

/** The literal text of a regular expression, roughly: wildcards and anchors out, escapes resolved. */
function regexLiteral(source: string): string {
  return source
    .replace(/(?<!\\)\.[*+?]?/g, "")
    .replace(/(?<!\\)[\^$*+?()[\]{}|]/g, "")
    .replace(/\\(.)/g, "$1");
}

/** The change of the arguments that lets `image` through, or undefined when none can (an ARN selector and no ARN). */
function changeFor(q: ImageQuery, image: Image): Record<string, unknown> | undefined {
  const change: Record<string, unknown> = {};
  const s = q.selector;
  if (selectorDistance(q, image) !== 0) {
    if (s.kind === "arn") {
      if (image.arn === undefined) return undefined;
      change.arn = image.arn;
    } else {
      change.name = image.name;
      if (s.kind === "nameRegex") change.nameRegex = undefined;
    }
  }
  if (q.type !== undefined && image.visibility !== q.type) change.type = image.visibility;
  if (q.platform !== undefined && image.platform !== q.platform) change.platform = image.platform;
  if (q.imageBuilderSupported !== undefined && (image.imageBuilderSupported ?? false) !== q.imageBuilderSupported) change.imageBuilderSupported = image.imageBuilderSupported ?? false;
  if (image.state === undefined) return undefined;
  if (!q.states.includes(image.state)) change.states = [...q.states, image.state];
  return change;
}

/**
 * Changes of a getImage query that found nothing, each of which finds an image among `pool` (the
 * images the account sees): images nearest the selector first (those it matches, then the names
 * fewest edits away, none farther than nearEnough allows), then the fewest changed arguments.
 * Each is checked by running the changed query on `pool` (simulateGetImage); one that would find
 * several images gets `mostRecent: true`.
 */
export function suggestImageChanges(q: ImageQuery, pool: readonly Image[], max = MAX_SUGGESTIONS): ImageSuggestion[] {
  const args = queryArgs(q);
  const candidates = pool
    .map((image) => ({ image, change: changeFor(q, image), distance: selectorDistance(q, image) }))
    .filter((c): c is { image: Image; change: Record<string, unknown>; distance: number } => c.change !== undefined && Object.keys(c.change).length > 0 && nearEnough(q, c.distance))
    .sort((a, b) => a.distance - b.distance || Object.keys(a.change).length - Object.keys(b.change).length || (a.image.name < b.image.name ? -1 : a.image.name > b.image.name ? 1 : 0));
  const out: ImageSuggestion[] = [];
  const seen = new Set<string>();
  for (const c of candidates) {
    if (out.length >= max) break;
    const key = JSON.stringify(Object.entries(c.change));
    if (seen.has(key)) continue;
    seen.add(key);
    let change = c.change;
    let found = simulateGetImage(applyChange(args, change), pool);
    if (found === undefined && !q.mostRecent) {
      change = { ...change, mostRecent: true };
      found = simulateGetImage(applyChange(args, change), pool);
    }
    if (found !== undefined) out.push({ change, finds: found.name });
  }
  return out;
}

/** A change as the object literal to merge into the arguments: `{ platform: "WINDOWS_SERVER_2016", nameRegex: undefined }`. */
export function formatChange(change: Record<string, unknown>): string {
  return `{ ${Object.entries(change).map(([k, v]) => `${k}: ${v === undefined ? "undefined" : JSON.stringify(v)}`).join(", ")} }`;
}

function more(n: number): string {
  return n > MAX_LISTED ? ` and ${n - MAX_LISTED} more` : "";
}

/** A one-line description of a query, for error messages. */
export function describeImageQuery(q: ImageQuery): string {
  const s = q.selector;
  const selector =
    s.kind === "name"
      ? `name ${JSON.stringify(s.name)}`
      : s.kind === "arn"
        ? `arn ${JSON.stringify(s.arn)}`
        : s.kind === "nameRegex"
          ? `nameRegex /${s.source}/`
          : "any name";
  const parts = [
    q.type !== undefined ? `type ${q.type}` : "any type",
    q.platform !== undefined ? `platform ${q.platform}` : undefined,
    q.imageBuilderSupported !== undefined ? `imageBuilderSupported ${q.imageBuilderSupported}` : undefined,
    `states [${q.states.join(", ")}]`,
  ].filter((p): p is string => p !== undefined);
  return `${selector} (${parts.join(", ")})`;
}

// ---------------------------------------------------------------------------------------------
// Sessions

/** A validated session lookup: exactly the DescribeSessions members it sends, paging aside. */
export type SessionQuery = Pick<DescribeSessionsCommandInput, "StackName" | "FleetName" | "UserId" | "AuthenticationType">;

const SESSIONS_KEYS = ["stackName", "fleetName", "userId", "authenticationType", "region"] as const;

/**
 * Validates getSessions' arguments. AuthenticationType is sent only when given: AppStream then
 * applies its default (API), which is its documented behaviour, not ours to second-guess.
 */
export function parseGetSessionsArgs(args: unknown): SessionQuery {
  const fn = "getSessions";
  const a = readArgs(fn, args, SESSIONS_KEYS);
  const userId = optionalString(fn, a, "userId");
  // DescribeSessions' UserId is 2-128 characters; a shorter one fails server-side with a less
  // helpful ValidationException.
  if (userId !== undefined && (userId.length < 2 || userId.length > 128)) {
    throw bad(fn, "userId", `must be 2 to 128 characters long, got ${userId.length}`);
  }
  const authenticationType = optionalEnum<AuthenticationType>(fn, a, "authenticationType", sdkEnum("AuthenticationType"));
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
