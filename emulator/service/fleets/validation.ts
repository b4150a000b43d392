/**
 * The cross-member rules CreateFleet and UpdateFleet apply before changing anything (API
 * reference: https://docs.aws.amazon.com/appstream2/latest/APIReference/API_CreateFleet.html and
 * https://docs.aws.amazon.com/appstream2/latest/APIReference/API_UpdateFleet.html), on the fleet
 * as it would be after the call -> InvalidParameterCombinationException, first broken rule.
 * Single values were checked earlier against the operation's input shape (`../shapes.ts`).
 */
import { InvalidParameterCombinationException } from "../errors";
import type { FleetSettings } from "../types";
import { ELASTIC_INSTANCE_TYPES } from "../../generated/aws-model";

/** Platforms an ELASTIC fleet may use (CreateFleet API reference, Platform). */
export const ELASTIC_PLATFORMS: readonly string[] = ["WINDOWS_SERVER_2019", "AMAZON_LINUX2", "UBUNTU_PRO_2404"];

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
  // The instance types InstanceType's documentation lists for Elastic fleets (AWS's model).
  if (!(ELASTIC_INSTANCE_TYPES as readonly string[]).includes(s.InstanceType)) {
    combination(`Instance type ${s.InstanceType} is not supported for Elastic fleets; use one of ${ELASTIC_INSTANCE_TYPES.join(", ")}.`);
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

/**
 * CreateFleet only (ComputeCapacity API reference: "When you create a fleet, you must set either
 * the DesiredSessions or DesiredInstances attribute, based on the type of fleet you create"): a
 * multi-session fleet is created with DesiredSessions. What UpdateFleet does with DesiredInstances
 * on a multi-session fleet the reference does not say, so updates are not held to it.
 */
export function checkCreateCapacity(s: FleetSettings): void {
  if (s.ComputeCapacity?.DesiredInstances !== undefined && s.MaxSessionsPerInstance !== undefined) {
    combination("DesiredInstances is only allowed for single-session fleets; a multi-session fleet (MaxSessionsPerInstance set) is created with DesiredSessions.");
  }
}
