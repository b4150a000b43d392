/**
 * An AWS operation as the server sees it: the wire shape of its input, whether it mutates
 * state (the state file is saved after those), what its `Name` member names (for the call
 * log), and a handler that parses nothing itself: it calls one backend method.
 */
import type { Backend, CallContext } from "../../service";
import type { Shape } from "../../service/constraints";

export interface Operation {
  readonly shape: Shape;
  readonly mutating: boolean;
  /** What the request's `Name` / `Names` members name, if anything. */
  readonly names?: "fleet" | "stack";
  readonly run: (backend: Backend, ctx: CallContext, input: unknown) => object;
}

export function op<I>(spec: {
  shape: Shape;
  mutating: boolean;
  names?: "fleet" | "stack";
  run: (backend: Backend, ctx: CallContext, input: I) => object;
}): Operation {
  // The server checks the input against `shape` before `run`, which is what makes the cast sound.
  return { ...spec, run: (b, ctx, input) => spec.run(b, ctx, input as I) };
}

export const STRING_LIST: Shape = { list: "string" };
export const TAGS: Shape = { map: "string" };
export const NAME_ONLY: Shape = { struct: { Name: "string" } };
export const NAMES_PAGE: Shape = { struct: { Names: STRING_LIST, NextToken: "string" } };
