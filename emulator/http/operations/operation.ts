/**
 * An AWS operation as the server sees it: its input shape (from `service/shapes.ts`), whether
 * it mutates state (the state file is saved after those), what its `Name` member names (for the
 * call log), and a handler that parses nothing itself: it calls one backend method.
 */
import type { Backend, CallContext } from "../../service";
import type { StructShape } from "../../service/constraints";
import { INPUT_SHAPES, type OperationName } from "../../service/shapes";

export interface Operation {
  readonly shape: StructShape;
  readonly mutating: boolean;
  /** What the request's `Name` / `Names` members name, if anything. */
  readonly names?: "fleet" | "stack";
  readonly run: (backend: Backend, ctx: CallContext, input: unknown) => object;
}

export function op<I>(
  name: OperationName,
  spec: {
    mutating: boolean;
    names?: "fleet" | "stack";
    run: (backend: Backend, ctx: CallContext, input: I) => object;
  },
): Operation {
  // The server checks the input against the shape before `run`, which is what makes the cast sound.
  return { ...spec, shape: INPUT_SHAPES[name], run: (b, ctx, input) => spec.run(b, ctx, input as I) };
}
