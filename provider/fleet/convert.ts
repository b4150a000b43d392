/**
 * Expand (inputs -> AppStream API members) and flatten (API Fleet -> outputs). Pure functions.
 * Outputs are plain JSON: absent members are left out, times are ISO strings.
 */
import type { CreateFleetCommandInput, Fleet as ApiFleet, UpdateFleetCommandInput } from "@aws-sdk/client-appstream";
import { ManagedProperty } from "./rules";
import {
  ComputeCapacityStatus,
  DesiredState,
  FleetInputs,
  FleetOutputs,
  FleetSettings,
  FleetState,
  FleetType,
  UpdateStrategy,
} from "./types";
import { plainJson } from "./values";

type ApiMembers = Omit<CreateFleetCommandInput, "Name" | "InstanceType" | "FleetType" | "Tags">;

/** The API members for one managed property (undefined when the input is absent). */
export function expandProperty(p: ManagedProperty, s: FleetSettings): Partial<ApiMembers> {
  switch (p) {
    case "name":
    case "fleetType":
      return {};
    case "imageName":
      return s.imageName === undefined ? {} : { ImageName: s.imageName };
    case "imageArn":
      return s.imageArn === undefined ? {} : { ImageArn: s.imageArn };
    case "instanceType":
      return {};
    case "computeCapacity":
      return s.computeCapacity === undefined
        ? {}
        : {
            ComputeCapacity: {
              DesiredInstances: s.computeCapacity.desiredInstances,
              DesiredSessions: s.computeCapacity.desiredSessions,
            },
          };
    case "vpcConfig":
      return s.vpcConfig === undefined
        ? {}
        : { VpcConfig: { SubnetIds: s.vpcConfig.subnetIds, SecurityGroupIds: s.vpcConfig.securityGroupIds } };
    case "maxUserDurationInSeconds":
      return { MaxUserDurationInSeconds: s.maxUserDurationInSeconds };
    case "disconnectTimeoutInSeconds":
      return { DisconnectTimeoutInSeconds: s.disconnectTimeoutInSeconds };
    case "idleDisconnectTimeoutInSeconds":
      return { IdleDisconnectTimeoutInSeconds: s.idleDisconnectTimeoutInSeconds };
    case "description":
      return { Description: s.description };
    case "displayName":
      return { DisplayName: s.displayName };
    case "enableDefaultInternetAccess":
      return { EnableDefaultInternetAccess: s.enableDefaultInternetAccess };
    case "domainJoinInfo":
      return s.domainJoinInfo === undefined
        ? {}
        : {
            DomainJoinInfo: {
              DirectoryName: s.domainJoinInfo.directoryName,
              OrganizationalUnitDistinguishedName: s.domainJoinInfo.organizationalUnitDistinguishedName,
            },
          };
    case "iamRoleArn":
      return { IamRoleArn: s.iamRoleArn };
    case "streamView":
      return { StreamView: s.streamView as ApiMembers["StreamView"] };
    case "platform":
      return { Platform: s.platform as ApiMembers["Platform"] };
    case "maxConcurrentSessions":
      return { MaxConcurrentSessions: s.maxConcurrentSessions };
    case "usbDeviceFilterStrings":
      return { UsbDeviceFilterStrings: s.usbDeviceFilterStrings };
    case "sessionScriptS3Location":
      return s.sessionScriptS3Location === undefined
        ? {}
        : { SessionScriptS3Location: { S3Bucket: s.sessionScriptS3Location.s3Bucket, S3Key: s.sessionScriptS3Location.s3Key } };
    case "maxSessionsPerInstance":
      return { MaxSessionsPerInstance: s.maxSessionsPerInstance };
    case "rootVolumeConfig":
      return s.rootVolumeConfig === undefined ? {} : { RootVolumeConfig: { VolumeSizeInGb: s.rootVolumeConfig.volumeSizeInGb } };
    case "disableImdsV1":
      return { DisableIMDSV1: s.disableImdsV1 };
  }
}

function expand(props: readonly ManagedProperty[], s: FleetSettings): Partial<ApiMembers> {
  return plainJson(Object.assign({}, ...props.map((p) => expandProperty(p, s))) as Partial<ApiMembers>);
}

const CREATE_PROPERTIES: readonly ManagedProperty[] = [
  "imageName", "imageArn", "computeCapacity", "vpcConfig", "maxUserDurationInSeconds",
  "disconnectTimeoutInSeconds", "idleDisconnectTimeoutInSeconds", "description", "displayName",
  "enableDefaultInternetAccess", "domainJoinInfo", "iamRoleArn", "streamView", "platform",
  "maxConcurrentSessions", "usbDeviceFilterStrings", "sessionScriptS3Location",
  "maxSessionsPerInstance", "rootVolumeConfig", "disableImdsV1",
];

export function toCreateFleetRequest(inputs: FleetInputs & { name: string }): CreateFleetCommandInput {
  const tags = inputs.tags && Object.keys(inputs.tags).length > 0 ? inputs.tags : undefined;
  return plainJson({
    Name: inputs.name,
    InstanceType: inputs.instanceType as string,
    FleetType: inputs.fleetType,
    ...expand(CREATE_PROPERTIES, inputs),
    Tags: tags,
  });
}

export function toUpdateFleetRequest(
  name: string,
  changed: readonly ManagedProperty[],
  removals: readonly string[],
  inputs: FleetInputs,
): UpdateFleetCommandInput {
  const members = expand(
    changed.filter((p) => p !== "instanceType"),
    inputs,
  );
  return plainJson({
    Name: name,
    ...(changed.includes("instanceType") ? { InstanceType: inputs.instanceType } : {}),
    ...members,
    AttributesToDelete: removals.length > 0 ? [...removals] : undefined,
  } as UpdateFleetCommandInput);
}

/** Behaviour inputs stored beside the fleet's own values in the outputs. */
export interface Behaviour {
  desiredState: DesiredState;
  updateStrategy: UpdateStrategy;
  timeouts?: FleetInputs["timeouts"];
  drain?: FleetInputs["drain"];
  adoptExisting?: boolean;
  __resourceName?: string;
}

export function behaviourOf(inputs: FleetInputs & { __resourceName?: string }): Behaviour {
  return plainJson({
    desiredState: inputs.desiredState ?? "RUNNING",
    updateStrategy: inputs.updateStrategy ?? "stopStart",
    timeouts: inputs.timeouts,
    drain: inputs.drain,
    adoptExisting: inputs.adoptExisting,
    __resourceName: inputs.__resourceName,
  });
}

/** Seconds (SDK Date or epoch number) to an ISO string. */
function iso(t: Date | number | undefined): string | undefined {
  if (t === undefined) return undefined;
  const d = t instanceof Date ? t : new Date(t * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The fleet as AWS reports it, in the provider's output shape. */
export function flattenFleet(f: ApiFleet, tags: Record<string, string>, behaviour: Behaviour): FleetOutputs {
  const status = f.ComputeCapacityStatus;
  const multiSession = f.MaxSessionsPerInstance !== undefined;
  const capacityStatus: ComputeCapacityStatus = {
    desired: status?.Desired ?? 0,
    running: status?.Running,
    inUse: status?.InUse,
    available: status?.Available,
    desiredUserSessions: status?.DesiredUserSessions,
    availableUserSessions: status?.AvailableUserSessions,
    activeUserSessions: status?.ActiveUserSessions,
    actualUserSessions: status?.ActualUserSessions,
    draining: status?.Draining,
  };
  const fleetType = (f.FleetType ?? "ON_DEMAND") as FleetType;
  return plainJson({
    ...behaviour,
    name: f.Name as string,
    arn: f.Arn as string,
    imageName: f.ImageName,
    imageArn: f.ImageArn,
    instanceType: f.InstanceType as string,
    fleetType,
    computeCapacity:
      fleetType === "ELASTIC" || status === undefined
        ? undefined
        : multiSession
          ? { desiredSessions: status.DesiredUserSessions ?? 0 }
          : { desiredInstances: status.Desired ?? 0 },
    vpcConfig: f.VpcConfig ? { subnetIds: f.VpcConfig.SubnetIds, securityGroupIds: f.VpcConfig.SecurityGroupIds } : undefined,
    maxUserDurationInSeconds: f.MaxUserDurationInSeconds,
    disconnectTimeoutInSeconds: f.DisconnectTimeoutInSeconds,
    idleDisconnectTimeoutInSeconds: f.IdleDisconnectTimeoutInSeconds,
    description: f.Description,
    displayName: f.DisplayName,
    enableDefaultInternetAccess: f.EnableDefaultInternetAccess,
    domainJoinInfo: f.DomainJoinInfo
      ? {
          directoryName: f.DomainJoinInfo.DirectoryName,
          organizationalUnitDistinguishedName: f.DomainJoinInfo.OrganizationalUnitDistinguishedName,
        }
      : undefined,
    iamRoleArn: f.IamRoleArn,
    streamView: f.StreamView,
    platform: f.Platform,
    maxConcurrentSessions: f.MaxConcurrentSessions,
    usbDeviceFilterStrings: f.UsbDeviceFilterStrings,
    sessionScriptS3Location: f.SessionScriptS3Location
      ? { s3Bucket: f.SessionScriptS3Location.S3Bucket as string, s3Key: f.SessionScriptS3Location.S3Key }
      : undefined,
    maxSessionsPerInstance: f.MaxSessionsPerInstance,
    rootVolumeConfig: f.RootVolumeConfig ? { volumeSizeInGb: f.RootVolumeConfig.VolumeSizeInGb } : undefined,
    disableImdsV1: f.DisableIMDSV1,
    tags,
    state: f.State as FleetState,
    computeCapacityStatus: capacityStatus,
    createdTime: iso(f.CreatedTime as Date | number | undefined) ?? "",
    fleetErrors: (f.FleetErrors ?? []).map((e) => ({ errorCode: e.ErrorCode ?? "UNKNOWN", errorMessage: e.ErrorMessage ?? "" })),
  });
}
