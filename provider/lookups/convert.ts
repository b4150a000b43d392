/**
 * AppStream API shapes -> the lookups' plain JSON (pure). Each shape is mapped member by member
 * rather than by a generic key-renaming walk: `Metadata` keys belong to the publisher and must
 * not be renamed, and an explicit mapping keeps the result types honest.
 */
import type {
  Application as ApiApplication,
  Image as ApiImage,
  NetworkAccessConfiguration as ApiNetworkAccessConfiguration,
  ResourceError as ApiResourceError,
  S3Location as ApiS3Location,
  Session as ApiSession,
} from "@aws-sdk/client-appstream";
import type { ApplicationS3Location, Image, ImageApplication, ImageError, NetworkAccessConfiguration, Session } from "./types";

/** Drops undefined members (Pulumi state rejects them) and returns undefined for an empty object. */
export function compact<T extends object>(o: T): T | undefined {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
  return Object.keys(out).length === 0 ? undefined : (out as T);
}

/** Compact, but keeps the object even when empty (for shapes with required members). */
function compactKeep<T extends object>(o: T): T {
  return compact(o) ?? ({} as T);
}

/**
 * A time as an ISO-8601 string. The SDK gives Dates; a server sending garbage yields an Invalid
 * Date, which is left out rather than thrown on (toISOString throws RangeError).
 */
export function isoTime(d: Date | undefined): string | undefined {
  if (!(d instanceof Date) || Number.isNaN(d.getTime())) return undefined;
  return d.toISOString();
}

/** A copy of a list, or undefined (copied so callers cannot mutate the SDK's objects). */
function list<T, U = T>(xs: T[] | undefined, f?: (x: T) => U): U[] | undefined {
  return xs === undefined ? undefined : xs.map((x) => (f ? f(x) : (x as unknown as U)));
}

function s3Location(l: ApiS3Location | undefined): ApplicationS3Location | undefined {
  return l === undefined ? undefined : compact({ s3Bucket: l.S3Bucket, s3Key: l.S3Key });
}

function application(a: ApiApplication): ImageApplication {
  return compactKeep<ImageApplication>({
    name: a.Name,
    displayName: a.DisplayName,
    iconUrl: a.IconURL,
    launchPath: a.LaunchPath,
    launchParameters: a.LaunchParameters,
    enabled: a.Enabled,
    metadata: a.Metadata === undefined ? undefined : { ...a.Metadata },
    workingDirectory: a.WorkingDirectory,
    description: a.Description,
    arn: a.Arn,
    appBlockArn: a.AppBlockArn,
    iconS3Location: s3Location(a.IconS3Location),
    platforms: list(a.Platforms),
    instanceFamilies: list(a.InstanceFamilies),
    createdTime: isoTime(a.CreatedTime),
  });
}

function imageError(e: ApiResourceError): ImageError {
  return compactKeep<ImageError>({
    errorCode: e.ErrorCode,
    errorMessage: e.ErrorMessage,
    errorTimestamp: isoTime(e.ErrorTimestamp),
  });
}

export function toImage(i: ApiImage): Image {
  return compactKeep<Image>({
    name: i.Name ?? "",
    arn: i.Arn,
    baseImageArn: i.BaseImageArn,
    displayName: i.DisplayName,
    description: i.Description,
    state: i.State,
    visibility: i.Visibility,
    imageBuilderSupported: i.ImageBuilderSupported,
    imageBuilderName: i.ImageBuilderName,
    platform: i.Platform,
    stateChangeReason:
      i.StateChangeReason === undefined
        ? undefined
        : compact({ code: i.StateChangeReason.Code, message: i.StateChangeReason.Message }),
    applications: list(i.Applications, application),
    createdTime: isoTime(i.CreatedTime),
    publicBaseImageReleasedDate: isoTime(i.PublicBaseImageReleasedDate),
    appstreamAgentVersion: i.AppstreamAgentVersion,
    imagePermissions:
      i.ImagePermissions === undefined
        ? undefined
        : compact({ allowFleet: i.ImagePermissions.allowFleet, allowImageBuilder: i.ImagePermissions.allowImageBuilder }),
    imageErrors: list(i.ImageErrors, imageError),
    latestAppstreamAgentVersion: i.LatestAppstreamAgentVersion,
    supportedInstanceFamilies: list(i.SupportedInstanceFamilies),
    dynamicAppProvidersEnabled: i.DynamicAppProvidersEnabled,
    imageSharedWithOthers: i.ImageSharedWithOthers,
    managedSoftwareIncluded: i.ManagedSoftwareIncluded,
    imageType: i.ImageType,
  });
}

function networkAccess(n: ApiNetworkAccessConfiguration | undefined): NetworkAccessConfiguration | undefined {
  return n === undefined
    ? undefined
    : compact({ eniPrivateIpAddress: n.EniPrivateIpAddress, eniIpv6Addresses: list(n.EniIpv6Addresses), eniId: n.EniId });
}

export function toSession(s: ApiSession): Session {
  return compactKeep<Session>({
    id: s.Id ?? "",
    userId: s.UserId ?? "",
    stackName: s.StackName ?? "",
    fleetName: s.FleetName ?? "",
    state: s.State ?? "",
    connectionState: s.ConnectionState,
    authenticationType: s.AuthenticationType,
    startTime: isoTime(s.StartTime),
    maxExpirationTime: isoTime(s.MaxExpirationTime),
    instanceId: s.InstanceId,
    instanceDrainStatus: s.InstanceDrainStatus,
    networkAccessConfiguration: networkAccess(s.NetworkAccessConfiguration),
  });
}
