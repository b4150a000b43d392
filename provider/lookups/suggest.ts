/**
 * Suggestions for a getImage that found nothing: changes of its arguments, each checked to find
 * an image among those the account sees. No I/O.
 */
import { DEFAULT_IMAGE_STATES, definedOnly, parseGetImageArgs, type ImageQuery } from "./args";
import type { ImageSuggestion } from "./errors";
import { chooseImage, selectImages } from "./select";
import type { Image } from "./types";

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
  return chooseImage(q, selectImages(q, served).matches);
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
