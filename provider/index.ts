/**
 * pulumi-appstream-fleet: AWS AppStream 2.0 fleets for Pulumi.
 *
 *  - Fleet: a dynamic resource with a safe stop-update-start.
 *  - getImage / getImages / getSessions (and their *Output forms): read-only lookups.
 */
// First: refuses an unsupported Node.js or @pulumi/pulumi with one line, before anything loads them.
import "./support-check";
import type { FleetProviderImpl } from "./fleet/provider";

export { Fleet, FleetArgs, FleetProvider } from "./fleet/resource";
export type {
  ComputeCapacity,
  DesiredState,
  DomainJoinInfo,
  DrainOptions,
  FleetBehaviour,
  FleetError,
  FleetOutputs,
  FleetSettings,
  FleetTimeouts,
  FleetType,
  RootVolumeConfig,
  S3Location,
  StreamView,
  UpdateStrategy,
  VpcConfig,
} from "./fleet/types";
export * from "./lookups";

let impl: FleetProviderImpl | undefined;

/**
 * The implementation behind FleetProvider's serialized shim (one per process, so the AppStream
 * client and its retry budget are shared by all fleets of an update), its errors made to reach
 * the user once and without stack frames (fleet/host-errors.ts). Internal. Loaded on the first
 * call: only the engine's provider process needs it (with the AWS SDK), not the program that
 * imports the package.
 */
export function fleetProviderImpl(): FleetProviderImpl {
  impl ??= (require("./fleet/host-errors") as typeof import("./fleet/host-errors")).hostFacing(
    new (require("./fleet/provider") as typeof import("./fleet/provider")).FleetProviderImpl(),
  );
  return impl;
}
