/** Every AWS operation the emulator implements, by name (the X-Amz-Target suffix). */
import { FLEET_OPERATIONS } from "./fleets";
import { LOOKUP_OPERATIONS } from "./lookups";
import type { Operation } from "./operation";
import { STACK_OPERATIONS } from "./stacks";

export type { Operation } from "./operation";

export const OPERATIONS: Readonly<Record<string, Operation>> = {
  ...FLEET_OPERATIONS,
  ...STACK_OPERATIONS,
  ...LOOKUP_OPERATIONS,
};

export function findOperation(name: string): Operation | undefined {
  return Object.prototype.hasOwnProperty.call(OPERATIONS, name) ? OPERATIONS[name] : undefined;
}
