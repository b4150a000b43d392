import * as pulumi from "@pulumi/pulumi";
import { quickstart } from "./program";

const config = new pulumi.Config();

const out = quickstart({
  name: config.get("name"),
  instanceType: config.get("instanceType"),
  desiredState: config.get("desiredState", { allowedValues: ["RUNNING", "STOPPED"] as const }),
  region: new pulumi.Config("aws").get("region"),
});

export const fleetName = out.fleetName;
export const fleetArn = out.fleetArn;
export const state = out.state;
export const instanceType = out.instanceType;
export const imageName = out.imageName;
