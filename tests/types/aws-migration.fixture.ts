/**
 * A program written for @pulumi/aws's appstream.Fleet, moved to this package's Fleet by renaming
 * the class (plus `name` and `adoptExisting` to take the existing fleet over). Compiled by
 * tests/unit/migration-types.test.ts: it must type-check unchanged.
 */
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { Fleet } from "../../provider";

const config = new pulumi.Config();
const subnetIds: pulumi.Input<string>[] = ["subnet-a", "subnet-b"];

// Arguments typed as @pulumi/aws's, including its Input<T | undefined> members.
const args: aws.appstream.FleetArgs = {
  name: config.get("fleetName"),
  computeCapacity: { desiredInstances: 1 },
  description: config.get("description"),
  disconnectTimeoutInSeconds: 900,
  displayName: "Office",
  domainJoinInfo: { directoryName: config.get("directory"), organizationalUnitDistinguishedName: undefined },
  enableDefaultInternetAccess: false,
  fleetType: config.get("fleetType") ?? "ON_DEMAND",
  iamRoleArn: config.get("roleArn"),
  idleDisconnectTimeoutInSeconds: 600,
  imageName: "AppStream-WinServer2022-01-01-2026",
  instanceType: "stream.standard.medium",
  maxSessionsPerInstance: undefined,
  maxUserDurationInSeconds: 57600,
  region: config.get("region"),
  streamView: "APP",
  tags: { team: "vdi" },
  vpcConfig: { subnetIds, securityGroupIds: undefined },
};

const fleet = new Fleet("office", {
  ...args,
  name: "office",
  adoptExisting: true,
  // Plain strings read from config are accepted (checked at preview), as @pulumi/aws's enums are.
  desiredState: config.get("desiredState") ?? "RUNNING",
  updateStrategy: config.get("updateStrategy"),
});

// Outputs a program for aws.appstream.Fleet reads.
export const arn: pulumi.Output<string> = fleet.arn;
export const state: pulumi.Output<string> = fleet.state;
export const region: pulumi.Output<string> = fleet.region;
export const tagsAll: pulumi.Output<Record<string, string>> = fleet.tagsAll;
export const createdTime: pulumi.Output<string> = fleet.createdTime;
export const running = fleet.computeCapacityStatus.apply((c) => c.running);
