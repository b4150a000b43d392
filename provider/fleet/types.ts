/**
 * The plain (resolved) shapes the Fleet provider works with. Inputs arrive from the engine as
 * plain JSON; outputs must be plain JSON too (no undefined, no Date: see docs/architecture.md), so every
 * optional member is either present with a value or absent.
 */

import { FLEET_STATE, FLEET_TYPE, PLATFORM_TYPE, STREAM_VIEW } from "../generated/aws-model";

/** AWS's model's FleetType, FleetState, StreamView and PlatformType (generated: provider/generated/aws-model.ts). */
export const FLEET_TYPES = FLEET_TYPE;
export type FleetType = (typeof FLEET_TYPES)[number];

export const FLEET_STATES = FLEET_STATE;
export type FleetState = (typeof FLEET_STATES)[number];

export const DESIRED_STATES = ["RUNNING", "STOPPED"] as const;
export type DesiredState = (typeof DESIRED_STATES)[number];

export const UPDATE_STRATEGIES = ["stopStart", "replace", "failIfRunning"] as const;
export type UpdateStrategy = (typeof UPDATE_STRATEGIES)[number];

export const STREAM_VIEWS = STREAM_VIEW;
export const PLATFORMS = PLATFORM_TYPE;

/**
 * A whole number: a member AWS's model has as an Integer, or one of this provider's own inputs that
 * validation holds to whole numbers (drain's). An alias of `number`, so TypeScript programs see no
 * difference; scripts/gen-schema.ts reads the alias by its name and writes the
 * plugin schema's `integer` (a Go SDK takes an int, not a float64).
 */
export type Integer = number;

export interface ComputeCapacity {
  desiredInstances?: Integer;
  desiredSessions?: Integer;
}
export interface VpcConfig {
  subnetIds?: string[];
  securityGroupIds?: string[];
}
export interface DomainJoinInfo {
  directoryName?: string;
  organizationalUnitDistinguishedName?: string;
}
export interface S3Location {
  s3Bucket: string;
  s3Key?: string;
}
export interface RootVolumeConfig {
  volumeSizeInGb?: Integer;
}
/** Durations as "90s", "15m", "1h" or a number of seconds. */
export interface FleetTimeouts {
  create?: string | number;
  update?: string | number;
  delete?: string | number;
}
/** How long to wait for streaming sessions to end before a stop (issue: interruption-aware updates). */
export interface DrainOptions {
  timeoutSeconds?: Integer;
  pollSeconds?: Integer;
  /** What to do when sessions are still active at the timeout: stop anyway (default) or fail. */
  onTimeout?: "stop" | "fail";
}

/** The AppStream settings of a fleet, camelCase as in @pulumi/aws's appstream.Fleet. */
export interface FleetSettings {
  name?: string;
  imageName?: string;
  imageArn?: string;
  instanceType?: string;
  fleetType?: FleetType;
  computeCapacity?: ComputeCapacity;
  vpcConfig?: VpcConfig;
  maxUserDurationInSeconds?: Integer;
  disconnectTimeoutInSeconds?: Integer;
  idleDisconnectTimeoutInSeconds?: Integer;
  description?: string;
  displayName?: string;
  enableDefaultInternetAccess?: boolean;
  domainJoinInfo?: DomainJoinInfo;
  iamRoleArn?: string;
  streamView?: string;
  platform?: string;
  maxConcurrentSessions?: Integer;
  usbDeviceFilterStrings?: string[];
  sessionScriptS3Location?: S3Location;
  maxSessionsPerInstance?: Integer;
  rootVolumeConfig?: RootVolumeConfig;
  disableImdsV1?: boolean;
  /** The fleet's tags (at most 50; keys may not start with aws:). */
  tags?: Record<string, string>;
}

/** This provider's own behaviour inputs: they steer how changes are made, AWS never sees them. */
export interface FleetBehaviour {
  /** The AWS region of the fleet (default: aws:region, then the SDK's chain), as @pulumi/aws's `region`. */
  region?: string;
  desiredState?: DesiredState;
  updateStrategy?: UpdateStrategy;
  timeouts?: FleetTimeouts;
  drain?: DrainOptions;
  adoptExisting?: boolean;
}

export type FleetInputs = FleetSettings & FleetBehaviour;

export interface FleetError {
  errorCode: string;
  errorMessage: string;
}

export interface ComputeCapacityStatus {
  desired: Integer;
  running?: Integer;
  inUse?: Integer;
  available?: Integer;
  desiredUserSessions?: Integer;
  availableUserSessions?: Integer;
  activeUserSessions?: Integer;
  actualUserSessions?: Integer;
  draining?: Integer;
  /** Multi-session fleets: active user sessions on instances in drain mode (they end with their sessions). */
  drainModeActiveUserSessions?: Integer;
  /** Multi-session fleets: unused session slots on instances in drain mode. */
  drainModeUnusedUserSessions?: Integer;
}

/** What the provider stores as the resource's outputs: the fleet as AWS reports it, plus behaviour. */
export interface FleetOutputs extends FleetInputs {
  name: string;
  instanceType: string;
  fleetType: FleetType;
  /** The fleet's ARN. */
  arn: string;
  /** The fleet's state as AWS reports it. */
  state: FleetState;
  /** Instances (and, on multi-session fleets, sessions): desired, running, in use, available. */
  computeCapacityStatus: ComputeCapacityStatus;
  /** When the fleet was created (ISO-8601). */
  createdTime: string;
  /** The errors AWS reports for the fleet (e.g. a failed start). */
  fleetErrors: FleetError[];
  desiredState: DesiredState;
  updateStrategy: UpdateStrategy;
  /** The fleet's tags (those this provider adds for itself excluded). */
  tags: Record<string, string>;
  /** Every tag on the fleet (@pulumi/aws's tagsAll; this provider adds no default tags). */
  tagsAll: Record<string, string>;
  /** The region the fleet lives in, as resolved when it was created. */
  region?: string;
}

/** A check failure in the shape the engine expects. */
export interface CheckFailure {
  property: string;
  reason: string;
}
