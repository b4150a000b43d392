/**
 * The program of the upgrade fixtures (tests/upgrade/README.md): one RUNNING fleet with a VPC,
 * tags and capacity, on an image found by a lookup whose result is a stack output, and a secret
 * output (encrypted in the state with the stack's passphrase). Each fixture
 * keeps the copy it was made with; `instanceType` and `team` come from config so that the upgrade
 * test can change them without editing the program.
 */
import * as pulumi from "@pulumi/pulumi";
import { Fleet, getImageOutput } from "pulumi-appstream-fleet";

const config = new pulumi.Config();

const image = getImageOutput({ nameRegex: "^AppStream-WinServer2019-", mostRecent: true, imageBuilderSupported: true });

const fleet = new Fleet("upgraded", {
  name: "upgrade-fleet",
  imageName: image.name,
  instanceType: config.get("instanceType") ?? "stream.standard.medium",
  fleetType: "ON_DEMAND",
  computeCapacity: { desiredInstances: 2 },
  vpcConfig: { subnetIds: ["subnet-0123456789abcdef0"], securityGroupIds: ["sg-0123456789abcdef0"] },
  maxUserDurationInSeconds: 7200,
  displayName: "Upgrade fixture",
  description: "The fleet of a stack written by one version of pulumi-appstream-fleet and run by the next",
  tags: { project: "appstream-upgrade", team: config.get("team") ?? "platform" },
  desiredState: "RUNNING",
});

export const fleetName = fleet.name;
export const fleetArn = fleet.arn;
export const state = fleet.state;
export const instanceType = fleet.instanceType;
export const imageName = image.name;
/** A secret (config set --secret): the state holds it encrypted with the stack's passphrase. */
export const supportContact = config.getSecret("supportContact");
