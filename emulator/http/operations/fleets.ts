/** Fleet operations: parse (by shape) -> backend method -> reply. */
import type { CreateFleetInput, UpdateFleetInput } from "../../service/types";
import type { Shape } from "../../service/constraints";
import { NAMES_PAGE, NAME_ONLY, STRING_LIST, TAGS, op, type Operation } from "./operation";

const FLEET_MEMBERS: { [member: string]: Shape } = {
  Name: "string",
  ImageName: "string",
  ImageArn: "string",
  InstanceType: "string",
  ComputeCapacity: { struct: { DesiredInstances: "integer", DesiredSessions: "integer" } },
  VpcConfig: { struct: { SubnetIds: STRING_LIST, SecurityGroupIds: STRING_LIST } },
  MaxUserDurationInSeconds: "integer",
  DisconnectTimeoutInSeconds: "integer",
  IdleDisconnectTimeoutInSeconds: "integer",
  Description: "string",
  DisplayName: "string",
  EnableDefaultInternetAccess: "boolean",
  DomainJoinInfo: { struct: { DirectoryName: "string", OrganizationalUnitDistinguishedName: "string" } },
  IamRoleArn: "string",
  StreamView: "string",
  Platform: "string",
  MaxConcurrentSessions: "integer",
  UsbDeviceFilterStrings: STRING_LIST,
  SessionScriptS3Location: { struct: { S3Bucket: "string", S3Key: "string" } },
  MaxSessionsPerInstance: "integer",
  RootVolumeConfig: { struct: { VolumeSizeInGb: "integer" } },
  DisableIMDSV1: "boolean",
};

export const FLEET_OPERATIONS: Record<string, Operation> = {
  CreateFleet: op<CreateFleetInput>({
    shape: { struct: { ...FLEET_MEMBERS, FleetType: "string", Tags: TAGS } },
    mutating: true,
    names: "fleet",
    run: (b, ctx, input) => b.fleets.createFleet(ctx, input),
  }),
  DescribeFleets: op<{ Names?: string[]; NextToken?: string }>({
    shape: NAMES_PAGE,
    mutating: false,
    names: "fleet",
    run: (b, ctx, input) => b.fleets.describeFleets(ctx, input),
  }),
  UpdateFleet: op<UpdateFleetInput>({
    shape: { struct: { ...FLEET_MEMBERS, AttributesToDelete: STRING_LIST, DeleteVpcConfig: "boolean" } },
    mutating: true,
    names: "fleet",
    run: (b, ctx, input) => b.fleets.updateFleet(ctx, input),
  }),
  DeleteFleet: op<{ Name?: string }>({
    shape: NAME_ONLY,
    mutating: true,
    names: "fleet",
    run: (b, ctx, input) => b.fleets.deleteFleet(ctx, input),
  }),
  StartFleet: op<{ Name?: string }>({
    shape: NAME_ONLY,
    mutating: true,
    names: "fleet",
    run: (b, ctx, input) => b.fleets.startFleet(ctx, input),
  }),
  StopFleet: op<{ Name?: string }>({
    shape: NAME_ONLY,
    mutating: true,
    names: "fleet",
    run: (b, ctx, input) => b.fleets.stopFleet(ctx, input),
  }),
};
