/**
 * The input of every operation the emulator implements: member types and constraints as the
 * AppStream API reference states them (https://docs.aws.amazon.com/appstream2/latest/APIReference/),
 * which is also what AWS's published service model says, plus the few limits only the reference's
 * prose gives (marked "documented"). tests/emulator/service-model.test.ts checks this table
 * against the service model itself, read at run time.
 */
import { bool, int, list, map, str, struct, type Rule, type StringShape, type StructShape } from "./constraints";
import {
  ACCESS_ENDPOINT_TYPES,
  ACTIONS,
  AGENT_ACTIONS,
  AUTHENTICATION_TYPES,
  FLEET_ATTRIBUTES,
  FLEET_TYPES,
  PERMISSIONS,
  PLATFORMS,
  PREFERRED_PROTOCOLS,
  SCREEN_IMAGE_FORMATS,
  SCREEN_RESOLUTIONS,
  STORAGE_CONNECTOR_TYPES,
  STREAM_VIEWS,
  VISIBILITY_TYPES,
} from "./types";

// Patterns of the API reference (Java syntax, as published; these compile unchanged in JavaScript).
export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$/;
export const ARN_PATTERN =
  /^arn:aws(?:\-cn|\-iso\-b|\-iso|\-us\-gov)?:[A-Za-z0-9][A-Za-z0-9_/.-]{0,62}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9_/.-]{0,63}:[A-Za-z0-9][A-Za-z0-9:_/+=,@.\\-]{0,1023}$/;
export const TAG_KEY_PATTERN = /^(^(?!aws:).[\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
export const TAG_VALUE_PATTERN = /^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$/u;
export const S3_BUCKET_PATTERN = /^[0-9a-z\.\-]*(?<!\.)$/;
export const USB_FILTER_PATTERN =
  /^((\w*)\s*(\w*)\s*\,\s*(\w*)\s*\,\s*\*?(\w*)\s*\,\s*\*?(\w*)\s*\,\s*\*?\d*\s*\,\s*\*?\d*\s*\,\s*[0-1]\s*\,\s*[0-1]\s*)$/;
/** Not anchored in the reference: a value containing a host name matches. */
export const EMBED_HOST_DOMAIN_PATTERN = /(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9][a-z0-9-]{0,61}[a-z0-9]/;
export const URL_PATTERN = /^(\*|https?:\/\/[^\s,;]+)$/;
export const S3_BUCKET_ARN_PATTERN = /^arn:aws(?:\-cn|\-iso\-b|\-iso|\-us\-gov)?:s3:::[a-z0-9][a-z0-9.\-]{1,61}[a-z0-9]$/;

const sizes = (prefix: string, names: string[]): string[] => names.map((s) => `${prefix}.${s}`);
/** Instance types the service accepts (CreateFleet API reference, InstanceType). */
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

// Documented limits (API reference prose; the model states none of them).
const documentedRange = (min: number, max?: number): Rule<number> => (n) =>
  n < min
    ? `Member must have value greater than or equal to ${min}`
    : max !== undefined && n > max
      ? `Member must have value less than or equal to ${max}`
      : undefined;
const instanceType: Rule<string> = (s) =>
  INSTANCE_TYPES.has(s) ? undefined : "Member must be one of the supported instance types (stream.standard.small, ...)";
const idleTimeout: Rule<number> = (n) =>
  n === 0 ? undefined : documentedRange(60, 36000)(n) && "Member must be 0 (off) or a value from 60 to 36000";

const NAME = str({ pattern: NAME_PATTERN });
const STRING = str({ min: 1 });
const ARN = str({ pattern: ARN_PATTERN });
const INTEGER = int();
const BOOLEAN = bool();
const STRING_LIST = list(STRING);
const TAG_KEY = str({ min: 1, max: 128, pattern: TAG_KEY_PATTERN });
const TAGS = map(TAG_KEY, str({ min: 0, max: 256, pattern: TAG_VALUE_PATTERN }), { min: 1, max: 50 });
const enumOf = (values: readonly string[]): StringShape => str({ enum: values });

const S3_LOCATION = struct({ S3Bucket: str({ min: 3, max: 63, pattern: S3_BUCKET_PATTERN }), S3Key: str({ min: 1, max: 1024 }) }, [
  "S3Bucket",
]);

/** Members CreateFleet and UpdateFleet share, with the same constraints. */
const FLEET_MEMBERS = {
  Name: NAME,
  ImageArn: ARN,
  InstanceType: str({ min: 1, rule: instanceType }),
  ComputeCapacity: struct({
    DesiredInstances: int({ rule: documentedRange(0) }),
    DesiredSessions: int({ rule: documentedRange(0) }),
  }),
  VpcConfig: struct({ SubnetIds: STRING_LIST, SecurityGroupIds: list(STRING, { max: 5 }) }),
  MaxUserDurationInSeconds: int({ rule: documentedRange(600, 432000) }),
  DisconnectTimeoutInSeconds: int({ rule: documentedRange(60, 36000) }),
  Description: str({ max: 256 }),
  DisplayName: str({ max: 100 }),
  EnableDefaultInternetAccess: BOOLEAN,
  DomainJoinInfo: struct({ DirectoryName: str(), OrganizationalUnitDistinguishedName: str({ max: 2000 }) }),
  IdleDisconnectTimeoutInSeconds: int({ rule: idleTimeout }),
  IamRoleArn: ARN,
  StreamView: enumOf(STREAM_VIEWS),
  Platform: enumOf(PLATFORMS),
  MaxConcurrentSessions: int({ rule: documentedRange(1) }),
  UsbDeviceFilterStrings: list(str({ min: 0, max: 100, pattern: USB_FILTER_PATTERN })),
  SessionScriptS3Location: S3_LOCATION,
  MaxSessionsPerInstance: int({ rule: documentedRange(1) }),
  RootVolumeConfig: struct({ VolumeSizeInGb: int({ rule: documentedRange(200, 500) }) }),
  DisableIMDSV1: BOOLEAN,
};

const URL_PATTERNS = list(str({ min: 1, max: 2048, pattern: URL_PATTERN }), { min: 0, max: 100 });
const DOMAINS = list(str({ min: 1, max: 64 }), { max: 50 });

/** The members CreateStack takes besides Name and Tags; the stack keeps and returns them. */
export const STACK_SETTINGS = {
  Description: str({ max: 256 }),
  DisplayName: str({ max: 100 }),
  StorageConnectors: list(
    struct(
      {
        ConnectorType: enumOf(STORAGE_CONNECTOR_TYPES),
        ResourceIdentifier: str({ min: 1, max: 2048 }),
        Domains: DOMAINS,
        DomainsRequireAdminConsent: DOMAINS,
      },
      ["ConnectorType"],
    ),
  ),
  RedirectURL: str({ max: 1000 }),
  FeedbackURL: str({ max: 1000 }),
  UserSettings: list(
    struct({ Action: enumOf(ACTIONS), Permission: enumOf(PERMISSIONS), MaximumLength: INTEGER }, ["Action", "Permission"]),
    { min: 1 },
  ),
  ApplicationSettings: struct({ Enabled: BOOLEAN, SettingsGroup: str({ max: 100 }) }, ["Enabled"]),
  AccessEndpoints: list(struct({ EndpointType: enumOf(ACCESS_ENDPOINT_TYPES), VpceId: STRING }, ["EndpointType"]), {
    min: 1,
    max: 4,
  }),
  EmbedHostDomains: list(str({ max: 128, pattern: EMBED_HOST_DOMAIN_PATTERN }), { min: 1, max: 20 }),
  StreamingExperienceSettings: struct({ PreferredProtocol: enumOf(PREFERRED_PROTOCOLS) }),
  ContentRedirection: struct({
    HostToClient: struct({ Enabled: BOOLEAN, AllowedUrls: URL_PATTERNS, DeniedUrls: URL_PATTERNS }, ["Enabled"]),
  }),
  AgentAccessConfig: struct(
    {
      Settings: list(struct({ AgentAction: enumOf(AGENT_ACTIONS), Permission: enumOf(PERMISSIONS) }, ["AgentAction", "Permission"]), {
        min: 1,
      }),
      S3BucketArn: str({ pattern: S3_BUCKET_ARN_PATTERN }),
      ScreenshotsUploadEnabled: BOOLEAN,
      ScreenResolution: enumOf(SCREEN_RESOLUTIONS),
      ScreenImageFormat: enumOf(SCREEN_IMAGE_FORMATS),
    },
    ["Settings", "ScreenResolution", "ScreenImageFormat"],
  ),
} as const;

const NAME_ONLY = struct({ Name: STRING }, ["Name"]);
const NAMES_PAGE = struct({ Names: STRING_LIST, NextToken: STRING });
const PAIR = struct({ FleetName: STRING, StackName: STRING }, ["FleetName", "StackName"]);

/** Each operation's input shape, by operation name. */
export const INPUT_SHAPES = {
  CreateFleet: struct({ ...FLEET_MEMBERS, ImageName: NAME, FleetType: enumOf(FLEET_TYPES), Tags: TAGS }, ["Name", "InstanceType"]),
  DescribeFleets: NAMES_PAGE,
  // UpdateFleet names no member required and its ImageName is a plain string (API reference).
  UpdateFleet: struct({
    ...FLEET_MEMBERS,
    ImageName: STRING,
    AttributesToDelete: list(enumOf(FLEET_ATTRIBUTES)),
    DeleteVpcConfig: BOOLEAN,
  }),
  DeleteFleet: NAME_ONLY,
  StartFleet: NAME_ONLY,
  StopFleet: NAME_ONLY,
  CreateStack: struct({ Name: NAME, ...STACK_SETTINGS, Tags: TAGS }, ["Name"]),
  DescribeStacks: NAMES_PAGE,
  DeleteStack: NAME_ONLY,
  AssociateFleet: PAIR,
  DisassociateFleet: PAIR,
  ListAssociatedStacks: struct({ FleetName: STRING, NextToken: STRING }, ["FleetName"]),
  ListAssociatedFleets: struct({ StackName: STRING, NextToken: STRING }, ["StackName"]),
  TagResource: struct({ ResourceArn: ARN, Tags: TAGS }, ["ResourceArn", "Tags"]),
  UntagResource: struct({ ResourceArn: ARN, TagKeys: list(TAG_KEY, { min: 1, max: 50 }) }, ["ResourceArn", "TagKeys"]),
  ListTagsForResource: struct({ ResourceArn: ARN }, ["ResourceArn"]),
  DescribeImages: struct({
    Names: STRING_LIST,
    Arns: list(ARN),
    Type: enumOf(VISIBILITY_TYPES),
    NextToken: STRING,
    MaxResults: int({ min: 0, max: 25 }),
  }),
  DescribeSessions: struct(
    {
      StackName: NAME,
      FleetName: NAME,
      UserId: str({ min: 2, max: 128 }),
      NextToken: STRING,
      Limit: int({ rule: documentedRange(1, 50) }),
      AuthenticationType: enumOf(AUTHENTICATION_TYPES),
      InstanceId: STRING,
    },
    ["StackName", "FleetName"],
  ),
} satisfies Record<string, StructShape>;

export type OperationName = keyof typeof INPUT_SHAPES;
