import * as pulumi from "@pulumi/pulumi";
import { awsVpcExample } from "./program";

const config = new pulumi.Config();

const out = awsVpcExample({
  namePrefix: config.get("namePrefix"),
  vpcCidr: config.get("vpcCidr"),
  availabilityZones: config.getObject<string[]>("availabilityZones"),
  imageName: config.get("imageName"),
  fleetType: config.get("fleetType", { allowedValues: ["ON_DEMAND", "ALWAYS_ON"] as const }),
  desiredInstances: config.getNumber("desiredInstances"),
  maxInstances: config.getNumber("maxInstances"),
  maxConcurrentSessions: config.getNumber("maxConcurrentSessions"),
  desiredState: config.get("desiredState", { allowedValues: ["RUNNING", "STOPPED"] as const }),
  instancePolicyArn: config.get("instancePolicyArn"),
  region: new pulumi.Config("aws").get("region"),
});

export const vpcId = out.vpcId;
export const subnetIds = out.subnetIds;
export const securityGroupId = out.securityGroupId;
export const roleArn = out.roleArn;
export const stackName = out.stackName;
export const fleetName = out.fleetName;
export const fleetArn = out.fleetArn;
export const fleetState = out.fleetState;
export const imageName = out.imageName;
export const elasticFleetName = out.elasticFleetName;
export const elasticFleetArn = out.elasticFleetArn;
