/**
 * Undefined in the npm package. The release bundle (scripts/release/bundle.ts) replaces this module
 * with the facts the executable carries (./embedded.ts says which and why).
 */
import type { Embedded } from "./embedded";

export const EMBEDDED: Embedded | undefined = undefined;
