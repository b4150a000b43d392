/**
 * UpdateFleet's rules by fleet state and type (API reference, UpdateFleet):
 * - STOPPED: every member may change;
 * - RUNNING: only the members in LIVE_UPDATABLE for the fleet's type;
 * - STARTING / STOPPING: no update at all.
 * A member sent with its current value is not a change; an entry of AttributesToDelete (or the
 * deprecated DeleteVpcConfig) is a change of the member it removes.
 */
import type { FleetAttribute, FleetField, FleetSettings, FleetState, FleetType, UpdateFleetInput } from "../types";

export const LIVE_UPDATABLE: Record<FleetType, ReadonlySet<FleetField>> = {
  ALWAYS_ON: new Set<FleetField>([
    "DisplayName",
    "ComputeCapacity",
    "ImageName",
    "ImageArn",
    "IdleDisconnectTimeoutInSeconds",
    "DisconnectTimeoutInSeconds",
  ]),
  ON_DEMAND: new Set<FleetField>([
    "DisplayName",
    "ComputeCapacity",
    "ImageName",
    "ImageArn",
    "IdleDisconnectTimeoutInSeconds",
    "DisconnectTimeoutInSeconds",
  ]),
  ELASTIC: new Set<FleetField>([
    "DisplayName",
    "IdleDisconnectTimeoutInSeconds",
    "DisconnectTimeoutInSeconds",
    "MaxConcurrentSessions",
    "SessionScriptS3Location",
    "UsbDeviceFilterStrings",
  ]),
};

/** The fleet member each AttributesToDelete entry removes. */
export const ATTRIBUTE_FIELD: Record<FleetAttribute, FleetField> = {
  VPC_CONFIGURATION: "VpcConfig",
  VPC_CONFIGURATION_SECURITY_GROUP_IDS: "VpcConfig",
  DOMAIN_JOIN_INFO: "DomainJoinInfo",
  IAM_ROLE_ARN: "IamRoleArn",
  USB_DEVICE_FILTER_STRINGS: "UsbDeviceFilterStrings",
  SESSION_SCRIPT_S3_LOCATION: "SessionScriptS3Location",
  MAX_SESSIONS_PER_INSTANCE: "MaxSessionsPerInstance",
  VOLUME_CONFIGURATION: "RootVolumeConfig",
};

/** Members of UpdateFleetInput that are settings (not Name or the deletion switches). */
const SETTING_FIELDS: readonly FleetField[] = [
  "ImageName",
  "ImageArn",
  "InstanceType",
  "ComputeCapacity",
  "VpcConfig",
  "MaxUserDurationInSeconds",
  "DisconnectTimeoutInSeconds",
  "Description",
  "DisplayName",
  "EnableDefaultInternetAccess",
  "DomainJoinInfo",
  "IdleDisconnectTimeoutInSeconds",
  "IamRoleArn",
  "StreamView",
  "Platform",
  "MaxConcurrentSessions",
  "UsbDeviceFilterStrings",
  "SessionScriptS3Location",
  "MaxSessionsPerInstance",
  "RootVolumeConfig",
  "DisableIMDSV1",
];

export function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}
function canonical(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(canonical);
  if (v && typeof v === "object") {
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined && x !== null)
      .sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries.map(([k, x]) => [k, canonical(x)]));
  }
  return v;
}

/**
 * Members the update would change. The fleet keeps both ImageName and ImageArn of its image,
 * so naming the current image either way compares equal.
 */
export function changedFields(current: FleetSettings, input: UpdateFleetInput): FleetField[] {
  const changed = new Set<FleetField>();
  for (const field of SETTING_FIELDS) {
    const next = input[field];
    if (next === undefined || next === null) continue;
    if (field === "VpcConfig") {
      const vpc = input.VpcConfig ?? {};
      const cur = current.VpcConfig ?? {};
      if ((vpc.SubnetIds && !sameValue(vpc.SubnetIds, cur.SubnetIds)) ||
          (vpc.SecurityGroupIds && !sameValue(vpc.SecurityGroupIds, cur.SecurityGroupIds))) {
        changed.add(field);
      }
    } else if (!sameValue(next, current[field])) {
      changed.add(field);
    }
  }
  for (const attr of input.AttributesToDelete ?? []) {
    const field = ATTRIBUTE_FIELD[attr as FleetAttribute];
    if (field) changed.add(field);
  }
  if (input.DeleteVpcConfig) changed.add("VpcConfig");
  return [...changed];
}

export type UpdateVerdict =
  | { allowed: true }
  | { allowed: false; reason: "in-transition" }
  | { allowed: false; reason: "needs-stop"; fields: FleetField[] };

export function updateVerdict(state: FleetState, type: FleetType, changed: readonly FleetField[]): UpdateVerdict {
  if (state === "STARTING" || state === "STOPPING") return { allowed: false, reason: "in-transition" };
  if (state === "STOPPED") return { allowed: true };
  const blocked = changed.filter((f) => !LIVE_UPDATABLE[type].has(f));
  return blocked.length ? { allowed: false, reason: "needs-stop", fields: blocked } : { allowed: true };
}

/**
 * The settings after the update: deletions first, then the members sent. VpcConfig merges per
 * sub-member (SubnetIds and SecurityGroupIds replace independently), which is why AWS needs
 * VPC_CONFIGURATION_SECURITY_GROUP_IDS to drop the groups alone.
 */
export function applyUpdate(current: FleetSettings, input: UpdateFleetInput): FleetSettings {
  const next: FleetSettings = structuredClone(current);
  const attrs = new Set(input.AttributesToDelete ?? []);
  if (attrs.has("VPC_CONFIGURATION") || input.DeleteVpcConfig) delete next.VpcConfig;
  if (attrs.has("VPC_CONFIGURATION_SECURITY_GROUP_IDS") && next.VpcConfig) delete next.VpcConfig.SecurityGroupIds;
  if (attrs.has("DOMAIN_JOIN_INFO")) delete next.DomainJoinInfo;
  if (attrs.has("IAM_ROLE_ARN")) delete next.IamRoleArn;
  if (attrs.has("USB_DEVICE_FILTER_STRINGS")) delete next.UsbDeviceFilterStrings;
  if (attrs.has("SESSION_SCRIPT_S3_LOCATION")) delete next.SessionScriptS3Location;
  if (attrs.has("MAX_SESSIONS_PER_INSTANCE")) delete next.MaxSessionsPerInstance;
  if (attrs.has("VOLUME_CONFIGURATION")) delete next.RootVolumeConfig;
  const target = next as unknown as Record<string, unknown>;
  for (const field of SETTING_FIELDS) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    if (field === "VpcConfig") {
      next.VpcConfig = { ...(next.VpcConfig ?? {}), ...stripUndefined(structuredClone(input.VpcConfig ?? {})) };
    } else {
      target[field] = structuredClone(value);
    }
  }
  return next;
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined && v !== null)) as T;
}
