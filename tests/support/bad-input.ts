/**
 * The one catalogue of invalid programs: [case, inputs, property named in the failure, the rule's
 * words, options]. Used by the unit test of validation (pure; rows that need DescribeImages are left
 * to the others), the provider-level check test and the real engine's preview test (reliability).
 */
import { IMAGE } from "./engine-stand-in";

export const base = {
  name: "bad-1",
  imageName: IMAGE,
  instanceType: "stream.standard.medium",
  computeCapacity: { desiredInstances: 1 },
};
export const elastic = {
  name: "bad-elastic",
  imageName: "AppStream-AmazonLinux2-06-17-2024",
  instanceType: "stream.standard.small",
  fleetType: "ELASTIC",
  platform: "AMAZON_LINUX2",
  maxConcurrentSessions: 5,
  vpcConfig: { subnetIds: ["subnet-a", "subnet-b"] },
};

/** needsImageLookup: the rule is checked against the emulator's images (DescribeImages), not by pure validation. */
export type BadCase = [string, Record<string, unknown>, string, RegExp, { needsImageLookup?: boolean }?];

export const BAD_PROGRAMS: BadCase[] = [
  ["name with a space", { ...base, name: "my fleet" }, "name", /must match/],
  ["name starting with a dash", { ...base, name: "-fleet" }, "name", /must match/],
  ["name too long", { ...base, name: "a".repeat(102) }, "name", /must match/],
  ["name a number", { ...base, name: 42 }, "name", /must be a string/],
  ["both imageName and imageArn", { ...base, imageArn: "arn:aws:appstream:us-east-1:123456789012:image/x" }, "imageName", /exactly one/],
  ["no image", { ...base, imageName: undefined }, "imageName", /required/],
  ["malformed image ARN", { ...base, imageName: undefined, imageArn: "image/x" }, "imageArn", /image ARN/],
  ["non-existent image", { ...base, imageName: "No-Such-Image-2099" }, "imageName", /No-Such-Image-2099.*(not found|does not exist|no image)/i, { needsImageLookup: true }],
  ["image not AVAILABLE (PENDING)", { ...base, imageName: "company-apps-2025-04" }, "imageName", /PENDING, not AVAILABLE/, { needsImageLookup: true }],
  ["image not AVAILABLE (FAILED)", { ...base, imageName: "company-apps-2025-02" }, "imageName", /FAILED, not AVAILABLE/, { needsImageLookup: true }],
  ["no instance type", { ...base, instanceType: undefined }, "instanceType", /required/],
  ["EC2 instance type", { ...base, instanceType: "m5.large" }, "instanceType", /not an AppStream instance type/],
  ["instance type a number", { ...base, instanceType: 5 }, "instanceType", /string|not an AppStream/],
  ["unknown fleet type", { ...base, fleetType: "SPOT" }, "fleetType", /one of ALWAYS_ON, ON_DEMAND, ELASTIC/],
  ["unknown stream view", { ...base, streamView: "WINDOW" }, "streamView", /APP, DESKTOP/],
  ["unknown platform", { ...base, platform: "WINDOWS_XP" }, "platform", /one of/],
  ["max duration 599", { ...base, maxUserDurationInSeconds: 599 }, "maxUserDurationInSeconds", /between 600 and 432000/],
  ["max duration 432001", { ...base, maxUserDurationInSeconds: 432001 }, "maxUserDurationInSeconds", /between 600 and 432000/],
  ["max duration fractional", { ...base, maxUserDurationInSeconds: 900.5 }, "maxUserDurationInSeconds", /whole number/],
  ["max duration a string", { ...base, maxUserDurationInSeconds: "900" }, "maxUserDurationInSeconds", /number|whole/],
  ["disconnect timeout 59", { ...base, disconnectTimeoutInSeconds: 59 }, "disconnectTimeoutInSeconds", /between 60 and 36000/],
  ["disconnect timeout 36001", { ...base, disconnectTimeoutInSeconds: 36001 }, "disconnectTimeoutInSeconds", /between 60 and 36000/],
  ["idle timeout 30", { ...base, idleDisconnectTimeoutInSeconds: 30 }, "idleDisconnectTimeoutInSeconds", /0 \(off\) or between 60/],
  ["idle not below disconnect", { ...base, idleDisconnectTimeoutInSeconds: 900, disconnectTimeoutInSeconds: 900 }, "idleDisconnectTimeoutInSeconds", /less than disconnectTimeoutInSeconds/],
  ["display name 101 chars", { ...base, displayName: "d".repeat(101) }, "displayName", /at most 100/],
  ["description 257 chars", { ...base, description: "d".repeat(257) }, "description", /at most 256/],
  ["internet access a string", { ...base, enableDefaultInternetAccess: "yes" }, "enableDefaultInternetAccess", /true or false/],
  ["both capacity members", { ...base, computeCapacity: { desiredInstances: 1, desiredSessions: 2 } }, "computeCapacity", /exactly one/],
  ["empty capacity", { ...base, computeCapacity: {} }, "computeCapacity", /one of desiredInstances or desiredSessions/],
  ["sessions without multi-session", { ...base, computeCapacity: { desiredSessions: 4 } }, "computeCapacity.desiredSessions", /maxSessionsPerInstance/],
  ["negative capacity", { ...base, computeCapacity: { desiredInstances: -1 } }, "computeCapacity.desiredInstances", /between 0/],
  ["capacity missing for ON_DEMAND", { ...base, computeCapacity: undefined }, "computeCapacity", /required for ON_DEMAND/],
  ["capacity a string", { ...base, computeCapacity: "two" }, "computeCapacity", /.+/],
  ["instances on multi-session", { ...base, maxSessionsPerInstance: 4 }, "computeCapacity.desiredInstances", /desiredSessions/],
  ["unknown capacity member", { ...base, computeCapacity: { desiredInstances: 1, instances: 2 } }, "computeCapacity.instances", /not a known member/],
  ["six security groups", { ...base, vpcConfig: { subnetIds: ["s"], securityGroupIds: ["1", "2", "3", "4", "5", "6"] } }, "vpcConfig.securityGroupIds", /at most 5/],
  ["subnets not a list", { ...base, vpcConfig: { subnetIds: "subnet-a" } }, "vpcConfig.subnetIds", /list of non-empty strings/],
  ["repeated subnet", { ...base, vpcConfig: { subnetIds: ["a", "a"] } }, "vpcConfig.subnetIds", /must not repeat/],
  ["domain join without directory", { ...base, domainJoinInfo: { organizationalUnitDistinguishedName: "OU=x" } }, "domainJoinInfo.directoryName", /required/],
  ["malformed role ARN", { ...base, iamRoleArn: "my-role" }, "iamRoleArn", /IAM role ARN/],
  ["root volume 100 GB", { ...base, rootVolumeConfig: { volumeSizeInGb: 100 } }, "rootVolumeConfig.volumeSizeInGb", /between 200 and 500/],
  ["root volume 501 GB", { ...base, rootVolumeConfig: { volumeSizeInGb: 501 } }, "rootVolumeConfig.volumeSizeInGb", /between 200 and 500/],
  ["session script on ON_DEMAND", { ...base, sessionScriptS3Location: { s3Bucket: "bucket" } }, "sessionScriptS3Location", /only supported for ELASTIC/],
  ["max concurrent sessions on ON_DEMAND", { ...base, maxConcurrentSessions: 3 }, "maxConcurrentSessions", /only supported for ELASTIC/],
  ["ELASTIC without subnets", { ...elastic, vpcConfig: undefined }, "vpcConfig.subnetIds", /at least 2 subnets/],
  ["ELASTIC with one subnet", { ...elastic, vpcConfig: { subnetIds: ["subnet-a"] } }, "vpcConfig.subnetIds", /at least 2 subnets/],
  ["ELASTIC with capacity", { ...elastic, computeCapacity: { desiredInstances: 1 } }, "computeCapacity", /not allowed for ELASTIC/],
  ["ELASTIC without max sessions", { ...elastic, maxConcurrentSessions: undefined }, "maxConcurrentSessions", /required for ELASTIC/],
  ["ELASTIC without platform", { ...elastic, platform: undefined }, "platform", /required for ELASTIC/],
  ["ELASTIC on Windows Server 2022", { ...elastic, platform: "WINDOWS_SERVER_2022" }, "platform", /ELASTIC fleets support only/],
  ["ELASTIC with compute instance", { ...elastic, instanceType: "stream.compute.large" }, "instanceType", /stream.standard/],
  ["ELASTIC with domain join", { ...elastic, domainJoinInfo: { directoryName: "corp.example.com" } }, "domainJoinInfo", /not supported for ELASTIC/],
  ["tag key aws:owner", { ...base, tags: { "aws:owner": "me" } }, "tags.aws:owner", /must not start with "aws:"/],
  ["tag key 129 chars", { ...base, tags: { ["k".repeat(129)]: "v" } }, `tags.${"k".repeat(129)}`, /1 to 128/],
  ["tag value 257 chars", { ...base, tags: { team: "v".repeat(257) } }, "tags.team", /at most 256/],
  ["tag value a number", { ...base, tags: { team: 1 } }, "tags.team", /must be strings/],
  ["51 tags", { ...base, tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) }, "tags", /at most 50/],
  ["desiredState PAUSED", { ...base, desiredState: "PAUSED" }, "desiredState", /RUNNING, STOPPED/],
  ["updateStrategy recreate", { ...base, updateStrategy: "recreate" }, "updateStrategy", /stopStart, replace, failIfRunning/],
  ["timeout 'soon'", { ...base, timeouts: { create: "soon" } }, "timeouts.create", /duration/],
  ["misspelt input", { ...base, instanceTyp: "stream.standard.small" }, "instanceTyp", /not a known Fleet input/],
  ["drain poll 0", { ...base, drain: { timeoutSeconds: 60, pollSeconds: 0 } }, "drain.pollSeconds", /between 1 and 3600/],
];

/** The subset that also goes through the real engine's preview. */
export const ENGINE_BAD = [
  "both imageName and imageArn",
  "ELASTIC without subnets",
  "tag key aws:owner",
  "max duration 432001",
  "non-existent image",
  "name a number",
];
