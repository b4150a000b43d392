/**
 * The lookups' errors: a bad argument (before any API call), getImage's no-match and ambiguous
 * answers, and how a lookup's error fails a Pulumi program (the *Output forms).
 */
import { debugErrors, programRunError } from "../host-errors";

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

/** A change of getImage's arguments (undefined: remove the argument) and the image it finds. */
export interface ImageSuggestion {
  change: Record<string, unknown>;
  finds: string;
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
