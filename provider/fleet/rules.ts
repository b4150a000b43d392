/**
 * How each fleet property may change, per fleet type. One line per property, each citing the
 * UpdateFleet API reference ("The fleet must be stopped to complete this action"): see
 * ../shared/appstream-api.md, section "UpdateFleet by state".
 *
 *  - "live":    UpdateFleet accepts the change while the fleet is RUNNING.
 *  - "stopped": UpdateFleet accepts it only on a STOPPED fleet.
 *  - "replace": UpdateFleet cannot change it at all (Name; FleetType is not an UpdateFleet member).
 */
import { FleetSettings, FleetType } from "./types";

export type ChangeMode = "live" | "stopped" | "replace";

/** FleetAttribute values of UpdateFleet's AttributesToDelete. */
export type FleetAttribute =
  | "VPC_CONFIGURATION"
  | "VPC_CONFIGURATION_SECURITY_GROUP_IDS"
  | "DOMAIN_JOIN_INFO"
  | "IAM_ROLE_ARN"
  | "USB_DEVICE_FILTER_STRINGS"
  | "SESSION_SCRIPT_S3_LOCATION"
  | "MAX_SESSIONS_PER_INSTANCE"
  | "VOLUME_CONFIGURATION";

export interface PropertyRule {
  /** How a change is made on a RUNNING fleet, per fleet type. */
  running: Record<FleetType, ChangeMode>;
  /**
   * Removing the property from the program: with an attribute, UpdateFleet's AttributesToDelete
   * clears it; "unmanaged" means the service keeps a value of its own (a default) that cannot be
   * deleted, so an absent input leaves whatever AWS has.
   */
  removal: FleetAttribute | "unmanaged";
}

const all = (mode: ChangeMode): Record<FleetType, ChangeMode> => ({
  ALWAYS_ON: mode,
  ON_DEMAND: mode,
  ELASTIC: mode,
});
/** Live for ALWAYS_ON/ON_DEMAND only (API reference: ComputeCapacity, ImageName, ImageArn). */
const liveUnlessElastic: Record<FleetType, ChangeMode> = { ALWAYS_ON: "live", ON_DEMAND: "live", ELASTIC: "stopped" };
/** Live for ELASTIC only (MaxConcurrentSessions, SessionScriptS3Location, UsbDeviceFilterStrings). */
const liveIfElastic: Record<FleetType, ChangeMode> = { ALWAYS_ON: "stopped", ON_DEMAND: "stopped", ELASTIC: "live" };

/** The AppStream settings that UpdateFleet manages (tags have their own API). */
export type ManagedProperty = Exclude<keyof FleetSettings, "tags">;

export const PROPERTY_RULES: Record<ManagedProperty, PropertyRule> = {
  name: { running: all("replace"), removal: "unmanaged" },
  fleetType: { running: all("replace"), removal: "unmanaged" },
  displayName: { running: all("live"), removal: "unmanaged" },
  disconnectTimeoutInSeconds: { running: all("live"), removal: "unmanaged" },
  idleDisconnectTimeoutInSeconds: { running: all("live"), removal: "unmanaged" },
  computeCapacity: { running: liveUnlessElastic, removal: "unmanaged" },
  imageName: { running: liveUnlessElastic, removal: "unmanaged" },
  imageArn: { running: liveUnlessElastic, removal: "unmanaged" },
  maxConcurrentSessions: { running: liveIfElastic, removal: "unmanaged" },
  sessionScriptS3Location: { running: liveIfElastic, removal: "SESSION_SCRIPT_S3_LOCATION" },
  usbDeviceFilterStrings: { running: liveIfElastic, removal: "USB_DEVICE_FILTER_STRINGS" },
  instanceType: { running: all("stopped"), removal: "unmanaged" },
  enableDefaultInternetAccess: { running: all("stopped"), removal: "unmanaged" },
  vpcConfig: { running: all("stopped"), removal: "VPC_CONFIGURATION" },
  description: { running: all("stopped"), removal: "unmanaged" },
  domainJoinInfo: { running: all("stopped"), removal: "DOMAIN_JOIN_INFO" },
  iamRoleArn: { running: all("stopped"), removal: "IAM_ROLE_ARN" },
  streamView: { running: all("stopped"), removal: "unmanaged" },
  maxUserDurationInSeconds: { running: all("stopped"), removal: "unmanaged" },
  maxSessionsPerInstance: { running: all("stopped"), removal: "MAX_SESSIONS_PER_INSTANCE" },
  platform: { running: all("stopped"), removal: "unmanaged" },
  rootVolumeConfig: { running: all("stopped"), removal: "VOLUME_CONFIGURATION" },
  disableImdsV1: { running: all("stopped"), removal: "unmanaged" },
};

export const MANAGED_PROPERTIES = Object.keys(PROPERTY_RULES) as ManagedProperty[];

/** How a change of `property` is made on a RUNNING fleet of `fleetType`. */
export function runningChangeMode(property: ManagedProperty, fleetType: FleetType): ChangeMode {
  return PROPERTY_RULES[property].running[fleetType];
}
