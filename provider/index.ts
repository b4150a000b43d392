/**
 * pulumi-appstream-fleet: Amazon WorkSpaces Applications (formerly AppStream 2.0) fleets for Pulumi.
 *
 *  - Fleet: a dynamic resource with a safe stop-update-start.
 *  - getImage / getImages / getSessions (and their *Output forms): read-only lookups.
 */
// First: refuses an unsupported Node.js or @pulumi/pulumi with one line, before anything loads them.
import "./support-check";

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

/**
 * Internal: the implementation the serialized provider shim calls (fleet/host.ts). The shims
 * that states written by 0.1.0 hold load it from here, the package's root; today's shim loads
 * `pulumi-appstream-fleet/fleet/host` itself.
 */
export { fleetProviderImpl } from "./fleet/host";
