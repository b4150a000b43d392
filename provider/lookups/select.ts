/**
 * The selection of the image lookups: the DescribeImages request a query means, the client-side
 * selector (nameRegex) and filters, newest first, and getImage's choice. No I/O.
 */
import type { DescribeImagesCommandInput } from "@aws-sdk/client-appstream";
import type { ImageQuery } from "./args";
import type { Image } from "./types";

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
 * getImage's choice among the matches: the only one, or the newest with mostRecent; undefined
 * when there is none, or several and mostRecent is not set.
 */
export function chooseImage(q: ImageQuery, matches: readonly Image[]): Image | undefined {
  if (matches.length === 0 || (matches.length > 1 && !q.mostRecent)) return undefined;
  return newestFirst(matches)[0];
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
