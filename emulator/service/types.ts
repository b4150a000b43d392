/**
 * AppStream shapes as they travel on the wire (awsJson1_1): PascalCase members, timestamps as
 * epoch seconds. Kept independent of the SDK's types, which model timestamps as Date.
 */

export const FLEET_STATES = ["STARTING", "RUNNING", "STOPPING", "STOPPED"] as const;
export type FleetState = (typeof FLEET_STATES)[number];

export const FLEET_TYPES = ["ALWAYS_ON", "ON_DEMAND", "ELASTIC"] as const;
export type FleetType = (typeof FLEET_TYPES)[number];

export const STREAM_VIEWS = ["APP", "DESKTOP"] as const;
export type StreamView = (typeof STREAM_VIEWS)[number];

export const PLATFORMS = [
  "WINDOWS",
  "WINDOWS_SERVER_2016",
  "WINDOWS_SERVER_2019",
  "WINDOWS_SERVER_2022",
  "WINDOWS_SERVER_2025",
  "AMAZON_LINUX2",
  "RHEL8",
  "ROCKY_LINUX8",
  "UBUNTU_PRO_2404",
] as const;
export type Platform = (typeof PLATFORMS)[number];

export const FLEET_ATTRIBUTES = [
  "VPC_CONFIGURATION",
  "VPC_CONFIGURATION_SECURITY_GROUP_IDS",
  "DOMAIN_JOIN_INFO",
  "IAM_ROLE_ARN",
  "USB_DEVICE_FILTER_STRINGS",
  "SESSION_SCRIPT_S3_LOCATION",
  "MAX_SESSIONS_PER_INSTANCE",
  "VOLUME_CONFIGURATION",
] as const;
export type FleetAttribute = (typeof FLEET_ATTRIBUTES)[number];

export const AUTHENTICATION_TYPES = ["API", "SAML", "USERPOOL", "AWS_AD"] as const;
export type AuthenticationType = (typeof AUTHENTICATION_TYPES)[number];

export const VISIBILITY_TYPES = ["PUBLIC", "PRIVATE", "SHARED"] as const;
export type Visibility = (typeof VISIBILITY_TYPES)[number];

export const CONNECTION_STATES = ["CONNECTED", "NOT_CONNECTED"] as const;
export type ConnectionState = (typeof CONNECTION_STATES)[number];

export const STORAGE_CONNECTOR_TYPES = ["HOMEFOLDERS", "GOOGLE_DRIVE", "ONE_DRIVE"] as const;
export const ACTIONS = [
  "CLIPBOARD_COPY_FROM_LOCAL_DEVICE",
  "CLIPBOARD_COPY_TO_LOCAL_DEVICE",
  "FILE_UPLOAD",
  "FILE_DOWNLOAD",
  "PRINTING_TO_LOCAL_DEVICE",
  "DOMAIN_PASSWORD_SIGNIN",
  "DOMAIN_SMART_CARD_SIGNIN",
  "AUTO_TIME_ZONE_REDIRECTION",
] as const;
export const PERMISSIONS = ["ENABLED", "DISABLED"] as const;
export const ACCESS_ENDPOINT_TYPES = ["STREAMING"] as const;
export const PREFERRED_PROTOCOLS = ["TCP", "UDP"] as const;
export const AGENT_ACTIONS = ["COMPUTER_VISION", "COMPUTER_INPUT"] as const;
export const SCREEN_RESOLUTIONS = ["W_1280xH_720"] as const;
export const SCREEN_IMAGE_FORMATS = ["PNG", "JPEG"] as const;

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
  InstanceId?: string;
}

export interface StackJson {
  Arn: string;
  Name: string;
  Description?: string;
  DisplayName?: string;
  CreatedTime: number;
  [extra: string]: unknown;
}
