/**
 * The public contract of the read-only lookups: arguments, results and options. Results are plain
 * JSON (camelCase members, ISO-8601 times, absent members omitted) so they can be used as Pulumi
 * outputs, logged or compared without surprises (a Date becomes `{}` in Pulumi state, an
 * undefined member breaks it).
 */
import type * as pulumi from "@pulumi/pulumi";
// AWS's model's enums (generated: provider/generated/aws-model.ts), not the SDK's, whose lists
// can lag the model (WINDOWS_11 is in the model, not in @aws-sdk/client-appstream 3.1112.0).
import type {
  AuthenticationType,
  ImageState,
  PlatformType,
  SessionConnectionState,
  SessionState,
  VisibilityType,
} from "../generated/aws-model";

export type { AuthenticationType, ImageState, PlatformType, SessionConnectionState, SessionState, VisibilityType };

/**
 * Where a lookup sends its calls. Like `@pulumi/aws`'s InvokeOptions, but only the two settings
 * that matter for a direct AWS call. Both default to what the Fleet resource uses: the region
 * from the lookup's own `region` argument, the stack's `aws:region` (inside a Pulumi program),
 * then the AWS SDK's chain (AWS_REGION / AWS_DEFAULT_REGION, the shared config file's profile);
 * the endpoint from AWS_ENDPOINT_URL_APPSTREAM / AWS_ENDPOINT_URL, else the real AWS endpoint.
 * Credentials always come from the SDK's default chain, at call time.
 */
export interface LookupOptions {
  /** AWS region, for example "us-east-1". */
  region?: string;
  /** AppStream endpoint URL, for example a local emulator's "http://127.0.0.1:4566". */
  endpoint?: string;
}

// ---------------------------------------------------------------------------------------------
// Images

/** The filters getImage and getImages apply to what DescribeImages returns. */
export interface ImageFilterArgs {
  /**
   * Sent to DescribeImages as `Type`: PUBLIC (AWS base images), PRIVATE (owned by this
   * account) or SHARED (shared with this account). Absent: every type.
   */
  type?: VisibilityType;
  /** Keep only images of this platform, for example "WINDOWS_SERVER_2019" or "AMAZON_LINUX2". */
  platform?: PlatformType;
  /** Keep only images that can (true) or cannot (false) be used to launch an image builder. */
  imageBuilderSupported?: boolean;
  /**
   * Keep only images in one of these states. Default ["AVAILABLE"], the only state a fleet can
   * use; list other states (PENDING, FAILED, ...) to see images that are not ready.
   */
  states?: ImageState[];
}

/**
 * The selectors. getImage needs exactly one; getImages takes at most one (none: every image).
 */
export interface ImageSelectorArgs {
  /** The exact image name (DescribeImages `Names`). */
  name?: string;
  /** The exact image ARN (DescribeImages `Arns`). */
  arn?: string;
  /**
   * A JavaScript regular expression matched against image names with `RegExp.test`, i.e. search
   * semantics like Terraform's `name_regex`: "WinServer2019" matches any name containing it;
   * anchor it ("^...$") for a full match. Every image (of `type`, if given) is listed and
   * filtered here, in the client.
   */
  nameRegex?: string;
}

/** The region argument of every lookup, as in @pulumi/aws's functions (it wins over LookupOptions.region). */
export interface RegionArg {
  /** AWS region, for example "eu-west-1". Default: LookupOptions.region, then `aws:region`, then the SDK's chain. */
  region?: string;
}

export interface GetImagesArgs extends ImageSelectorArgs, ImageFilterArgs, RegionArg {}

export interface GetImageArgs extends GetImagesArgs {
  /**
   * When several images match, take the newest by CreatedTime (ties: the first by name)
   * instead of failing. Default false: an ambiguous lookup is an error listing the matches.
   */
  mostRecent?: boolean;
}

/** The Output form of GetImagesArgs: every member may be a pulumi.Input. */
export interface GetImagesOutputArgs {
  name?: pulumi.Input<string>;
  arn?: pulumi.Input<string>;
  nameRegex?: pulumi.Input<string>;
  type?: pulumi.Input<VisibilityType>;
  platform?: pulumi.Input<PlatformType>;
  imageBuilderSupported?: pulumi.Input<boolean>;
  states?: pulumi.Input<pulumi.Input<ImageState>[]>;
  region?: pulumi.Input<string>;
}

/** The Output form of GetImageArgs: every member may be a pulumi.Input. */
export interface GetImageOutputArgs extends GetImagesOutputArgs {
  mostRecent?: pulumi.Input<boolean>;
}

export interface ImageStateChangeReason {
  code?: string;
  message?: string;
}

export interface ImagePermissions {
  allowFleet?: boolean;
  allowImageBuilder?: boolean;
}

export interface ApplicationS3Location {
  s3Bucket?: string;
  s3Key?: string;
}

/** One application of an image. `IconURL` becomes `iconUrl` (acronyms are words, as in `arn`). */
export interface ImageApplication {
  name?: string;
  displayName?: string;
  iconUrl?: string;
  launchPath?: string;
  launchParameters?: string;
  enabled?: boolean;
  /** Copied as is: its keys are the publisher's, not API member names. */
  metadata?: Record<string, string>;
  workingDirectory?: string;
  description?: string;
  arn?: string;
  appBlockArn?: string;
  iconS3Location?: ApplicationS3Location;
  platforms?: string[];
  instanceFamilies?: string[];
  createdTime?: string;
}

export interface ImageError {
  errorCode?: string;
  errorMessage?: string;
  errorTimestamp?: string;
}

/** An AppStream image, every member of the API's Image in camelCase. Times are ISO-8601. */
export interface Image {
  name: string;
  arn?: string;
  baseImageArn?: string;
  displayName?: string;
  description?: string;
  state?: ImageState;
  visibility?: VisibilityType;
  imageBuilderSupported?: boolean;
  imageBuilderName?: string;
  platform?: PlatformType;
  stateChangeReason?: ImageStateChangeReason;
  applications?: ImageApplication[];
  createdTime?: string;
  publicBaseImageReleasedDate?: string;
  appstreamAgentVersion?: string;
  imagePermissions?: ImagePermissions;
  imageErrors?: ImageError[];
  /** "TRUE" when the image runs the latest AppStream agent ("FALSE" otherwise). */
  latestAppstreamAgentVersion?: string;
  supportedInstanceFamilies?: string[];
  dynamicAppProvidersEnabled?: string;
  imageSharedWithOthers?: string;
  managedSoftwareIncluded?: boolean;
  imageType?: string;
}

export type GetImageResult = Image;

export interface GetImagesResult {
  /** The matching images, in the order DescribeImages returned them. */
  images: Image[];
}

// ---------------------------------------------------------------------------------------------
// Sessions

export interface GetSessionsArgs extends RegionArg {
  /** The stack the sessions stream from. */
  stackName: string;
  /** The fleet the sessions run on. */
  fleetName: string;
  /** Only this user's sessions (2-128 characters). */
  userId?: string;
  /**
   * How the users authenticated: API | SAML | USERPOOL | AWS_AD. When absent nothing is sent and
   * AppStream applies its own default, API: sessions of SAML, user-pool or AD users are then NOT
   * returned. Call once per type to see them all.
   */
  authenticationType?: AuthenticationType;
}

/** The Output form of GetSessionsArgs: every member may be a pulumi.Input. */
export interface GetSessionsOutputArgs {
  stackName: pulumi.Input<string>;
  fleetName: pulumi.Input<string>;
  userId?: pulumi.Input<string>;
  authenticationType?: pulumi.Input<AuthenticationType>;
  region?: pulumi.Input<string>;
}

export interface NetworkAccessConfiguration {
  eniPrivateIpAddress?: string;
  eniIpv6Addresses?: string[];
  eniId?: string;
}

/**
 * A streaming session. `id`, `userId`, `stackName`, `fleetName` and `state` are required by the
 * API model; should a server omit one, it reads as "" rather than breaking the plain-JSON contract.
 */
export interface Session {
  id: string;
  userId: string;
  stackName: string;
  fleetName: string;
  state: SessionState | "";
  connectionState?: SessionConnectionState;
  authenticationType?: AuthenticationType;
  startTime?: string;
  maxExpirationTime?: string;
  instanceId?: string;
  instanceDrainStatus?: string;
  networkAccessConfiguration?: NetworkAccessConfiguration;
}

export interface GetSessionsResult {
  /** Every page of DescribeSessions, in the order the service returned them. */
  sessions: Session[];
}
