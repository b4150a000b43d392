/**
 * getImage's one answer, or the error that says what was searched: no match (with what the
 * filters removed and the suggestions), or several without mostRecent. No I/O.
 */
import { AmbiguousImageError, ImageNotFoundError } from "./errors";
import type { ImageQuery } from "./args";
import { chooseImage, describeImageQuery, filterMisses, newestFirst, type ImageSelection } from "./select";
import { formatChange, suggestImageChanges } from "./suggest";
import type { Image } from "./types";

/** How many images an error lists by name. */
const MAX_LISTED = 10;

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
  const chosen = chooseImage(q, matches);
  if (chosen !== undefined) return chosen;
  const sorted = newestFirst(matches);
  const shown = sorted.slice(0, MAX_LISTED).map((i) => `${i.name} (created ${i.createdTime ?? "unknown"})`);
  throw new AmbiguousImageError(
    `${q.fn}: ${matches.length} images match ${searched}: ${shown.join("; ")}${more(matches.length)}. ` +
      `Set mostRecent: true to take the newest, or narrow the selector or filters (type, platform, imageBuilderSupported, states).`,
    sorted.map((i) => i.name),
  );
}

function more(n: number): string {
  return n > MAX_LISTED ? ` and ${n - MAX_LISTED} more` : "";
}
