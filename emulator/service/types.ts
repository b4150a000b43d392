/**
 * AppStream shapes as they travel on the wire (awsJson1_1): PascalCase members, timestamps as
 * epoch seconds. Kept independent of the SDK's types, which model timestamps as Date.
 */

import {
  ACCESS_ENDPOINT_TYPE,
  ACTION,
  AGENT_ACTION,
  AUTHENTICATION_TYPE,
  DYNAMIC_APP_PROVIDERS_ENABLED,
  FLEET_ATTRIBUTE,
  FLEET_STATE,
  FLEET_TYPE,
  IMAGE_SHARED_WITH_OTHERS,
  IMAGE_STATE,
  IMAGE_TYPE,
  INSTANCE_DRAIN_STATUS,
  PERMISSION,
  PLATFORM_TYPE,
  PREFERRED_PROTOCOL,
  SCREEN_IMAGE_FORMAT,
  SCREEN_RESOLUTION,
  SESSION_CONNECTION_STATE,
  STORAGE_CONNECTOR_TYPE,
  STREAM_VIEW,
  VISIBILITY_TYPE,
} from "../generated/aws-model";

// AWS's model's enums (generated: emulator/generated/aws-model.ts).
export const FLEET_STATES = FLEET_STATE;
export type FleetState = (typeof FLEET_STATES)[number];

export const FLEET_TYPES = FLEET_TYPE;
export type FleetType = (typeof FLEET_TYPES)[number];

export const STREAM_VIEWS = STREAM_VIEW;
export type StreamView = (typeof STREAM_VIEWS)[number];

export const PLATFORMS = PLATFORM_TYPE;
export type Platform = (typeof PLATFORMS)[number];

export const FLEET_ATTRIBUTES = FLEET_ATTRIBUTE;
export type FleetAttribute = (typeof FLEET_ATTRIBUTES)[number];

export const AUTHENTICATION_TYPES = AUTHENTICATION_TYPE;
export type AuthenticationType = (typeof AUTHENTICATION_TYPES)[number];

export const VISIBILITY_TYPES = VISIBILITY_TYPE;
export type Visibility = (typeof VISIBILITY_TYPES)[number];

export const CONNECTION_STATES = SESSION_CONNECTION_STATE;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export type InstanceDrainStatus = (typeof INSTANCE_DRAIN_STATUS)[number];
export type ImageType = (typeof IMAGE_TYPE)[number];
export type ImageState = (typeof IMAGE_STATE)[number];

export const STORAGE_CONNECTOR_TYPES = STORAGE_CONNECTOR_TYPE;
export const ACTIONS = ACTION;
export const PERMISSIONS = PERMISSION;
export const ACCESS_ENDPOINT_TYPES = ACCESS_ENDPOINT_TYPE;
export const PREFERRED_PROTOCOLS = PREFERRED_PROTOCOL;
export const AGENT_ACTIONS = AGENT_ACTION;
export const SCREEN_RESOLUTIONS = SCREEN_RESOLUTION;
export const SCREEN_IMAGE_FORMATS = SCREEN_IMAGE_FORMAT;

export type Tags = Record<string, string>;

export interface FleetError {
  ErrorCode: string;
  ErrorMessage: string;
}
export interface ComputeCapacity {
  DesiredInstances?: number;
  DesiredSessions?: number;
}
export interface VpcConfig {
  SubnetIds?: string[];
  SecurityGroupIds?: string[];
}
export interface DomainJoinInfo {
  DirectoryName?: string;
  OrganizationalUnitDistinguishedName?: string;
}
export interface S3Location {
  S3Bucket: string;
  S3Key?: string;
}
export interface VolumeConfig {
  VolumeSizeInGb?: number;
}

/** The members a fleet keeps: what CreateFleet takes, minus Tags (stored apart). */
export interface FleetSettings {
  Name: string;
  InstanceType: string;
  FleetType: FleetType;
  ImageName?: string;
  ImageArn?: string;
  ComputeCapacity?: ComputeCapacity;
  VpcConfig?: VpcConfig;
  MaxUserDurationInSeconds?: number;
  DisconnectTimeoutInSeconds?: number;
  IdleDisconnectTimeoutInSeconds?: number;
  Description?: string;
  DisplayName?: string;
  EnableDefaultInternetAccess?: boolean;
  DomainJoinInfo?: DomainJoinInfo;
  IamRoleArn?: string;
  StreamView?: StreamView;
  Platform?: Platform;
  MaxConcurrentSessions?: number;
  UsbDeviceFilterStrings?: string[];
  SessionScriptS3Location?: S3Location;
  MaxSessionsPerInstance?: number;
  RootVolumeConfig?: VolumeConfig;
  DisableIMDSV1?: boolean;
}

/** Members of FleetSettings an UpdateFleet call can name. */
export type FleetField = Exclude<keyof FleetSettings, "Name" | "FleetType">;

export interface CreateFleetInput extends Partial<Omit<FleetSettings, "FleetType">> {
  FleetType?: string;
  Tags?: Tags;
}
export interface UpdateFleetInput extends Partial<Omit<FleetSettings, "FleetType">> {
  AttributesToDelete?: string[];
  DeleteVpcConfig?: boolean;
}

export interface ComputeCapacityStatus {
  Desired: number;
  Running?: number;
  InUse?: number;
  Available?: number;
  Draining?: number;
  DesiredUserSessions?: number;
  AvailableUserSessions?: number;
  ActiveUserSessions?: number;
  ActualUserSessions?: number;
  DrainModeActiveUserSessions?: number;
  DrainModeUnusedUserSessions?: number;
}

/** A Fleet as DescribeFleets returns it (the API's Fleet shape has no ComputeCapacity). */
export interface FleetJson extends Omit<FleetSettings, "ComputeCapacity"> {
  Arn: string;
  State: FleetState;
  ComputeCapacityStatus: ComputeCapacityStatus;
  CreatedTime: number;
  FleetErrors?: FleetError[];
}

export interface ImageJson {
  Name: string;
  Arn?: string;
  BaseImageArn?: string;
  DisplayName?: string;
  State?: string;
  Visibility?: Visibility;
  ImageBuilderSupported?: boolean;
  ImageBuilderName?: string;
  Platform?: Platform;
  Description?: string;
  StateChangeReason?: { Code?: string; Message?: string };
  Applications?: ApplicationJson[];
  CreatedTime?: number;
  PublicBaseImageReleasedDate?: number;
  AppstreamAgentVersion?: string;
  ImagePermissions?: { allowFleet?: boolean; allowImageBuilder?: boolean };
  LatestAppstreamAgentVersion?: "TRUE" | "FALSE";
  SupportedInstanceFamilies?: string[];
  DynamicAppProvidersEnabled?: (typeof DYNAMIC_APP_PROVIDERS_ENABLED)[number];
  ImageSharedWithOthers?: (typeof IMAGE_SHARED_WITH_OTHERS)[number];
  ManagedSoftwareIncluded?: boolean;
  ImageType?: ImageType;
  ImageErrors?: { ErrorCode?: string; ErrorMessage?: string; ErrorTimestamp?: number }[];
  ImageSoftwareMetadata?: { nvidiaGridDriverVersion?: string };
  [extra: string]: unknown;
}

export interface ApplicationJson {
  Name?: string;
  DisplayName?: string;
  IconURL?: string;
  LaunchPath?: string;
  LaunchParameters?: string;
  WorkingDirectory?: string;
  Enabled?: boolean;
  Metadata?: Record<string, string>;
  Platforms?: string[];
  InstanceFamilies?: string[];
  Description?: string;
  Arn?: string;
  AppBlockArn?: string;
  IconS3Location?: S3Location;
  CreatedTime?: number;
}

export interface SessionJson {
  Id: string;
  UserId: string;
  StackName: string;
  FleetName: string;
  State: "ACTIVE" | "PENDING" | "EXPIRED";
  ConnectionState?: ConnectionState;
  StartTime?: number;
  MaxExpirationTime?: number;
  AuthenticationType?: AuthenticationType;
  NetworkAccessConfiguration?: { EniPrivateIpAddress?: string; EniIpv6Addresses?: string[]; EniId?: string };
  InstanceId?: string;
  InstanceDrainStatus?: InstanceDrainStatus;
}

export interface StackJson {
  Arn: string;
  Name: string;
  Description?: string;
  DisplayName?: string;
  CreatedTime: number;
  [extra: string]: unknown;
}
