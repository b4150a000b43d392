/**
 * The input of every operation the emulator serves, built from AWS's service model: member types,
 * required members, lengths and sizes, patterns and enums come from emulator/generated/aws-model.ts
 * (generated from the pinned botocore, aws-model.env), so the emulator refuses what the model
 * refuses and takes what it takes. On top, the few limits only the API reference's prose states
 * (DOCUMENTED below). tests/emulator/service-model.test.ts checks the result against the model
 * itself, read at run time.
 */
import { bool, int, list, map, str, struct, type IntegerShape, type Rule, type Shape, type StringShape, type StructShape } from "./constraints";
import {
  INSTANCE_TYPES as MODEL_INSTANCE_TYPES,
  modelPattern,
  OPERATION_INPUTS,
  SHAPES,
  type OperationName,
} from "../generated/aws-model";

export type { OperationName } from "../generated/aws-model";

/** Instance types the service accepts: those the model's InstanceType documentation lists. */
export const INSTANCE_TYPES: ReadonlySet<string> = new Set(MODEL_INSTANCE_TYPES);

// Documented limits (API reference prose; the model states none of them).
const documentedRange = (min: number, max?: number): Rule<number> => (n) =>
  n < min
    ? `Member must have value greater than or equal to ${min}`
    : max !== undefined && n > max
      ? `Member must have value less than or equal to ${max}`
      : undefined;
const instanceType: Rule<string> = (s) =>
  INSTANCE_TYPES.has(s) ? undefined : "Member must be one of the supported instance types (stream.standard.small, ...)";
const idleTimeout: Rule<number> = (n) =>
  n === 0 ? undefined : documentedRange(60, 36000)(n) && "Member must be 0 (off) or a value from 60 to 36000";

/** CreateFleet's and UpdateFleet's members that the API reference limits beyond the model. */
const FLEET_LIMITS: Record<string, Rule<string> | Rule<number>> = {
  InstanceType: instanceType,
  "ComputeCapacity.DesiredInstances": documentedRange(0),
  "ComputeCapacity.DesiredSessions": documentedRange(0),
  MaxUserDurationInSeconds: documentedRange(600, 432000),
  DisconnectTimeoutInSeconds: documentedRange(60, 36000),
  IdleDisconnectTimeoutInSeconds: idleTimeout,
  MaxConcurrentSessions: documentedRange(1),
  MaxSessionsPerInstance: documentedRange(1),
  "RootVolumeConfig.VolumeSizeInGb": documentedRange(200, 500),
};

/** The documented limits, by operation and member path (list members share their list's path). */
const DOCUMENTED: Partial<Record<OperationName, Record<string, Rule<string> | Rule<number>>>> = {
  CreateFleet: FLEET_LIMITS,
  UpdateFleet: FLEET_LIMITS,
  DescribeSessions: { Limit: documentedRange(1, 50) },
};

/** The constraint tree of a model shape, with the documented rules of `op` placed by member path. */
function fromModel(op: OperationName, shapeName: string, path: string): Shape {
  const spec = SHAPES[shapeName];
  if (!spec) throw new Error(`emulator/generated/aws-model.ts has no shape ${shapeName}: regenerate it (npm run model:update)`);
  const rule = DOCUMENTED[op]?.[path];
  const bounds = { ...(spec.min !== undefined ? { min: spec.min } : {}), ...(spec.max !== undefined ? { max: spec.max } : {}) };
  switch (spec.type) {
    case "string":
      return str({
        ...bounds,
        ...(spec.pattern !== undefined ? { pattern: modelPattern(spec.pattern) } : {}),
        ...(spec.enum ? { enum: spec.enum } : {}),
        ...(rule ? { rule: rule as Rule<string> } : {}),
      });
    case "integer":
    case "long":
      return int({ ...bounds, ...(rule ? { rule: rule as Rule<number> } : {}) } as Omit<IntegerShape, "kind">);
    case "boolean":
      return bool();
    case "list":
      return list(fromModel(op, spec.member!, path), bounds);
    case "map":
      return map(fromModel(op, spec.key!, `${path}{key}`) as StringShape, fromModel(op, spec.value!, path), bounds);
    case "structure": {
      const members = Object.fromEntries(
        Object.entries(spec.members ?? {}).map(([member, shape]) => [member, fromModel(op, shape, path === "" ? member : `${path}.${member}`)]),
      );
      return struct(members, spec.required ?? []);
    }
    default:
      throw new Error(`${op}: the emulator reads no ${spec.type} input (${shapeName} at ${path})`);
  }
}

/** Each operation's input shape, by operation name. */
export const INPUT_SHAPES: Record<OperationName, StructShape> = Object.fromEntries(
  (Object.keys(OPERATION_INPUTS) as OperationName[]).map((op) => [op, fromModel(op, OPERATION_INPUTS[op], "") as StructShape]),
) as Record<OperationName, StructShape>;

/** The members CreateStack takes besides Name and Tags: the stack keeps and returns them. */
export const STACK_SETTINGS: { readonly [member: string]: Shape } = Object.fromEntries(
  Object.entries(INPUT_SHAPES.CreateStack.members).filter(([member]) => member !== "Name" && member !== "Tags"),
);
