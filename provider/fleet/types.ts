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
export type StreamView = (typeof STREAM_VIEWS)[number];
export const PLATFORMS = PLATFORM_TYPE;

/**
 * A whole number: a member AWS's model has as an Integer, or one of this provider's own inputs that
 * validation holds to whole numbers (drain's). An alias of `number`, so TypeScript programs see no
 * difference; scripts/gen-schema.ts reads the alias by its name and writes the
 * plugin schema's `integer` (a Go SDK takes an int, not a float64).
 */
export type Integer = number;

/** Exactly one of desiredInstances (single-session fleets) and desiredSessions (multi-session fleets). */
export interface ComputeCapacity {
  /** The number of instances to keep. */
  desiredInstances?: Integer;
  /** The number of user sessions to keep (multi-session fleets: maxSessionsPerInstance set). */
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

/**
 * The AppStream settings of a fleet, camelCase as in @pulumi/aws's appstream.Fleet: THE
 * declaration of a Fleet's shape. The dynamic Fleet's arguments and outputs (resource.ts) and the
 * plugin's schema (scripts/gen-schema.ts) are derived from these types and their doc comments; the
 * property registry (properties.ts) has an entry per member but tags.
 */
export interface FleetSettings {
  /** The fleet's name. Default: `<resource name>-<7 characters>`, kept across updates. */
  name?: string;
  /** The image, by name. One of imageName / imageArn (ELASTIC fleets take neither). */
  imageName?: string;
  /** The image, by ARN. */
  imageArn?: string;
  /** The instance type, e.g. stream.standard.medium. */
  instanceType?: string;
  /** ALWAYS_ON, ON_DEMAND (AWS's default) or ELASTIC. */
  fleetType?: FleetType;
  /** Instances (or, on multi-session fleets, sessions) to keep: desiredInstances or desiredSessions. ALWAYS_ON and ON_DEMAND only. */
  computeCapacity?: ComputeCapacity;
  /** Subnets and security groups of the fleet's network interfaces. */
  vpcConfig?: VpcConfig;
  /** The longest a streaming session may last. */
  maxUserDurationInSeconds?: Integer;
  /** How long a disconnected session stays open for the user to reconnect. */
  disconnectTimeoutInSeconds?: Integer;
  /** Idle time before a user is disconnected (0: off); less than disconnectTimeoutInSeconds. */
  idleDisconnectTimeoutInSeconds?: Integer;
  /** A description. */
  description?: string;
  /** The name users see. */
  displayName?: string;
  /** Internet access through AWS's network, without a VPC of your own. */
  enableDefaultInternetAccess?: boolean;
  /** The Active Directory domain the fleet's instances join. Empty or absent members mean "no domain join", as in Terraform / @pulumi/aws. */
  domainJoinInfo?: DomainJoinInfo;
  /** The IAM role the fleet's instances assume. */
  iamRoleArn?: string;
  /** What users see: the application windows (APP) or the desktop. */
  streamView?: StreamView;
  /** The operating system. ELASTIC fleets take one of {@link ELASTIC_PLATFORMS}. */
  platform?: string;
  /** ELASTIC fleets: the most sessions at once. */
  maxConcurrentSessions?: Integer;
  /** USB devices users may redirect to the session. */
  usbDeviceFilterStrings?: string[];
  /** ELASTIC fleets: the session scripts' zip file in S3. */
  sessionScriptS3Location?: S3Location;
  /** Multi-session fleets: sessions per instance. */
  maxSessionsPerInstance?: Integer;
  /** The size of the instances' root volume. */
  rootVolumeConfig?: RootVolumeConfig;
  /** Refuse the instance metadata service v1 (IMDSv2 only). */
  disableImdsV1?: boolean;
  /** The fleet's tags (at most 50; keys may not start with aws:). */
  tags?: Record<string, string>;
}

/** This provider's own behaviour inputs: they steer how changes are made, AWS never sees them. */
export interface FleetBehaviour {
  /** The AWS region of the fleet (default: `aws:region`, then the AWS SDK's chain). Changing it replaces the fleet. */
  region?: string;
  /** RUNNING (default) or STOPPED: the state the fleet is kept in. A stopped fleet costs nothing. */
  desiredState?: DesiredState;
  /** How a change that needs a stopped fleet is made on a running one: stopStart (default), replace, failIfRunning. */
  updateStrategy?: UpdateStrategy;
  /** Limits for create / update / delete, e.g. { create: "30m" } (defaults 30m / 30m / 20m). */
  timeouts?: FleetTimeouts;
  /** Wait for streaming sessions to end before a stop. */
  drain?: DrainOptions;
  /** Take over an existing fleet of the same name instead of failing. */
  adoptExisting?: boolean;
}

/** The inputs a program must set (the others are optional, as in @pulumi/aws's appstream.Fleet). */
export const REQUIRED_INPUTS = ["instanceType"] as const;
export type RequiredInput = (typeof REQUIRED_INPUTS)[number];

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
  region: string;
}

/** A check failure in the shape the engine expects. */
export interface CheckFailure {
  property: string;
  reason: string;
}
