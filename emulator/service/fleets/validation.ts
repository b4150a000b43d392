/**
 * The checks CreateFleet and UpdateFleet run before changing anything (API reference:
 * https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateFleet.html and
 * https://docs.aws.amazon.com/appstream2/latest/APIReference/API_UpdateFleet.html):
 * - `checkFleetMembers`: one value at a time -> ValidationException, all violations at once;
 * - `checkFleetCombination`: rules across members, on the fleet as it would be after the call
 *   -> InvalidParameterCombinationException, first broken rule.
 */
import { InvalidParameterCombinationException } from "../errors";
import {
  ARN_PATTERN,
  NAME_PATTERN,
  S3_BUCKET_PATTERN,
  USB_FILTER_PATTERN,
  Violations,
  memberPath,
} from "../constraints";
import { FLEET_ATTRIBUTES, FLEET_TYPES, PLATFORMS, STREAM_VIEWS } from "../types";
import type { CreateFleetInput, FleetSettings, UpdateFleetInput } from "../types";

const sizes = (prefix: string, list: string[]): string[] => list.map((s) => `${prefix}.${s}`);
/** Instance types the service accepts (CreateFleet API reference). */
export const INSTANCE_TYPES: ReadonlySet<string> = new Set([
  ...sizes("stream.standard", ["small", "medium", "large", "xlarge", "2xlarge"]),
  ...sizes("stream.compute", ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"]),
  ...sizes("stream.memory", ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"]),
  ...sizes("stream.memory.z1d", ["large", "xlarge", "2xlarge", "3xlarge", "6xlarge", "12xlarge"]),
  ...sizes("stream.graphics.g4dn", ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"]),
  ...sizes("stream.graphics.g5", ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"]),
  ...sizes("stream.graphics.g6", ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"]),
  ...sizes("stream.graphics.gr6", ["4xlarge", "8xlarge"]),
  ...sizes("stream.graphics.g6f", ["large", "xlarge", "2xlarge", "4xlarge"]),
  "stream.graphics.gr6f.4xlarge",
]);

/** Platforms an ELASTIC fleet may use (CreateFleet API reference, Platform). */
export const ELASTIC_PLATFORMS: readonly string[] = ["WINDOWS_SERVER_2019", "AMAZON_LINUX2", "UBUNTU_PRO_2404"];

/** Value constraints shared by CreateFleet and UpdateFleet. */
export function checkFleetMembers(v: Violations, input: CreateFleetInput | UpdateFleetInput): void {
  const p = memberPath;
  v.pattern(p("Name"), input.Name, NAME_PATTERN);
  if (input.InstanceType !== undefined) {
    v.length(p("InstanceType"), input.InstanceType, 1);
    if (!INSTANCE_TYPES.has(input.InstanceType)) {
      v.add(p("InstanceType"), input.InstanceType, "Member must be one of the supported instance types (stream.standard.small, ...)");
    }
  }
  v.pattern(p("ImageName"), input.ImageName, NAME_PATTERN);
  v.pattern(p("ImageArn"), input.ImageArn, ARN_PATTERN);
  v.pattern(p("IamRoleArn"), input.IamRoleArn, ARN_PATTERN);
  v.length(p("DisplayName"), input.DisplayName, 0, 100);
  v.length(p("Description"), input.Description, 0, 256);
  v.oneOf(p("StreamView"), input.StreamView, STREAM_VIEWS);
  v.oneOf(p("Platform"), input.Platform, PLATFORMS);
  v.range(p("MaxUserDurationInSeconds"), input.MaxUserDurationInSeconds, 600, 432000);
  v.range(p("DisconnectTimeoutInSeconds"), input.DisconnectTimeoutInSeconds, 60, 36000);
  const idle = input.IdleDisconnectTimeoutInSeconds;
  if (idle !== undefined && idle !== 0) v.range(p("IdleDisconnectTimeoutInSeconds"), idle, 60, 36000);
  v.range(p("ComputeCapacity", "DesiredInstances"), input.ComputeCapacity?.DesiredInstances, 0);
  v.range(p("ComputeCapacity", "DesiredSessions"), input.ComputeCapacity?.DesiredSessions, 0);
  v.range(p("MaxConcurrentSessions"), input.MaxConcurrentSessions, 1);
  v.range(p("MaxSessionsPerInstance"), input.MaxSessionsPerInstance, 1);
  v.length(p("VpcConfig", "SecurityGroupIds"), input.VpcConfig?.SecurityGroupIds, 0, 5);
  input.VpcConfig?.SubnetIds?.forEach((s, i) => v.length(p("VpcConfig", "SubnetIds", `${i + 1}`, "member"), s, 1));
  v.length(p("DomainJoinInfo", "OrganizationalUnitDistinguishedName"), input.DomainJoinInfo?.OrganizationalUnitDistinguishedName, 0, 2000);
  const s3 = input.SessionScriptS3Location;
  if (s3) {
    if (v.required(p("SessionScriptS3Location", "S3Bucket"), s3.S3Bucket)) {
      v.length(p("SessionScriptS3Location", "S3Bucket"), s3.S3Bucket, 3, 63);
      v.pattern(p("SessionScriptS3Location", "S3Bucket"), s3.S3Bucket, S3_BUCKET_PATTERN);
    }
    v.length(p("SessionScriptS3Location", "S3Key"), s3.S3Key, 1, 1024);
  }
  v.range(p("RootVolumeConfig", "VolumeSizeInGb"), input.RootVolumeConfig?.VolumeSizeInGb, 200, 500);
  input.UsbDeviceFilterStrings?.forEach((f, i) => {
    const path = p("UsbDeviceFilterStrings", `${i + 1}`, "member");
    v.length(path, f, 0, 100);
    v.pattern(path, f, USB_FILTER_PATTERN);
  });
}

export function checkCreateMembers(v: Violations, input: CreateFleetInput): void {
  v.required(memberPath("Name"), input.Name);
  v.required(memberPath("InstanceType"), input.InstanceType);
  v.oneOf(memberPath("FleetType"), input.FleetType, FLEET_TYPES);
  checkFleetMembers(v, input);
}

export function checkUpdateMembers(v: Violations, input: UpdateFleetInput): void {
  // UpdateFleet's model marks nothing required, but a fleet must be named.
  v.required(memberPath("Name"), input.Name);
  checkFleetMembers(v, input);
  input.AttributesToDelete?.forEach((a, i) =>
    v.oneOf(memberPath("AttributesToDelete", `${i + 1}`, "member"), a, FLEET_ATTRIBUTES),
  );
}

const combination = (message: string): never => {
  throw new InvalidParameterCombinationException(message);
};

/**
 * ImageName / ImageArn in a request: never both; CreateFleet needs one for ALWAYS_ON and
 * ON_DEMAND. ELASTIC fleets stream app blocks on a managed base and name no image (choice:
 * the image stays optional for them).
 */
export function checkImageChoice(input: { ImageName?: string; ImageArn?: string }, mustName: boolean): void {
  if (input.ImageName !== undefined && input.ImageArn !== undefined) {
    combination("Specify either ImageName or ImageArn, not both.");
  }
  if (mustName && input.ImageName === undefined && input.ImageArn === undefined) {
    combination("Either ImageName or ImageArn must be specified.");
  }
}

/** Cross-member rules on the complete fleet settings (as created, or as an update leaves them). */
export function checkFleetCombination(s: FleetSettings): void {
  const elastic = s.FleetType === "ELASTIC";
  if (elastic) checkElastic(s);
  else checkInstanceFleet(s);
  if (s.SessionScriptS3Location && !elastic) {
    combination("SessionScriptS3Location is only supported for Elastic fleets.");
  }
  const idle = s.IdleDisconnectTimeoutInSeconds ?? 0;
  const disconnect = s.DisconnectTimeoutInSeconds;
  if (idle > 0 && disconnect !== undefined && idle >= disconnect) {
    combination("IdleDisconnectTimeoutInSeconds must be less than DisconnectTimeoutInSeconds.");
  }
}

function checkElastic(s: FleetSettings): void {
  if (s.ComputeCapacity) combination("ComputeCapacity is not allowed for Elastic fleets. Specify MaxConcurrentSessions instead.");
  if (s.MaxConcurrentSessions === undefined) combination("MaxConcurrentSessions is required for Elastic fleets.");
  if ((s.VpcConfig?.SubnetIds?.length ?? 0) < 2) {
    combination("Elastic fleets require a VpcConfig with at least two subnets in different Availability Zones.");
  }
  if (s.Platform === undefined || !ELASTIC_PLATFORMS.includes(s.Platform)) {
    combination(`Elastic fleets support the platforms ${ELASTIC_PLATFORMS.join(", ")}; got ${s.Platform ?? "none"}.`);
  }
  if (!s.InstanceType.startsWith("stream.standard.")) {
    combination(`Instance type ${s.InstanceType} is not supported for Elastic fleets; use a stream.standard instance type.`);
  }
  if (s.DomainJoinInfo) combination("DomainJoinInfo is not allowed for Elastic fleets.");
  if (s.MaxSessionsPerInstance !== undefined) combination("MaxSessionsPerInstance is not allowed for Elastic fleets.");
}

function checkInstanceFleet(s: FleetSettings): void {
  if (s.MaxConcurrentSessions !== undefined) {
    combination("MaxConcurrentSessions is only allowed for Elastic fleets.");
  }
  const cc = s.ComputeCapacity;
  if (!cc) return combination(`ComputeCapacity is required for ${s.FleetType} fleets.`);
  const both = cc.DesiredInstances !== undefined && cc.DesiredSessions !== undefined;
  const neither = cc.DesiredInstances === undefined && cc.DesiredSessions === undefined;
  if (both || neither) combination("ComputeCapacity must specify exactly one of DesiredInstances or DesiredSessions.");
  if (cc.DesiredSessions !== undefined && s.MaxSessionsPerInstance === undefined) {
    combination("DesiredSessions is only allowed for multi-session fleets (set MaxSessionsPerInstance).");
  }
}
