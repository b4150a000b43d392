import { strict as assert } from "assert";
import { validateFleetInputs } from "../../provider/fleet/validate";
import { UNKNOWN } from "../../provider/fleet/values";

const base = {
  name: "fleet-1",
  imageName: "AppStream-WinServer2019-06-17-2024",
  instanceType: "stream.standard.medium",
  computeCapacity: { desiredInstances: 1 },
};
const elastic = {
  name: "elastic-1",
  imageName: "AppStream-AmazonLinux2-06-17-2024",
  instanceType: "stream.standard.small",
  fleetType: "ELASTIC",
  platform: "AMAZON_LINUX2",
  maxConcurrentSessions: 5,
  vpcConfig: { subnetIds: ["subnet-a", "subnet-b"] },
};

/** [case, inputs, property expected in a failure, words expected in its reason] */
const invalid: [string, Record<string, unknown>, string, RegExp][] = [
  ["name with a space", { ...base, name: "my fleet" }, "name", /must match/],
  ["name starting with a dash", { ...base, name: "-fleet" }, "name", /must match/],
  ["name too long", { ...base, name: "a".repeat(102) }, "name", /must match/],
  ["name not a string", { ...base, name: 42 }, "name", /must be a string/],
  ["both image name and arn", { ...base, imageArn: "arn:aws:appstream:us-east-1:123456789012:image/x" }, "imageName", /exactly one/],
  ["no image", { ...base, imageName: undefined }, "imageName", /required/],
  ["bad image arn", { ...base, imageName: undefined, imageArn: "image/x" }, "imageArn", /image ARN/],
  ["no instance type", { ...base, instanceType: undefined }, "instanceType", /required/],
  ["unknown instance type", { ...base, instanceType: "m5.large" }, "instanceType", /not an AppStream instance type/],
  ["bad fleet type", { ...base, fleetType: "SPOT" }, "fleetType", /one of ALWAYS_ON, ON_DEMAND, ELASTIC/],
  ["bad stream view", { ...base, streamView: "WINDOW" }, "streamView", /APP, DESKTOP/],
  ["bad platform", { ...base, platform: "WINDOWS_XP" }, "platform", /one of/],
  ["max duration too short", { ...base, maxUserDurationInSeconds: 599 }, "maxUserDurationInSeconds", /between 600 and 432000/],
  ["max duration too long", { ...base, maxUserDurationInSeconds: 432001 }, "maxUserDurationInSeconds", /between 600 and 432000/],
  ["max duration fractional", { ...base, maxUserDurationInSeconds: 900.5 }, "maxUserDurationInSeconds", /whole number/],
  ["disconnect too short", { ...base, disconnectTimeoutInSeconds: 59 }, "disconnectTimeoutInSeconds", /between 60 and 36000/],
  ["idle between 1 and 59", { ...base, idleDisconnectTimeoutInSeconds: 30 }, "idleDisconnectTimeoutInSeconds", /0 \(off\) or between 60/],
  ["idle not below disconnect", { ...base, idleDisconnectTimeoutInSeconds: 900, disconnectTimeoutInSeconds: 900 }, "idleDisconnectTimeoutInSeconds", /less than disconnectTimeoutInSeconds/],
  ["display name too long", { ...base, displayName: "d".repeat(101) }, "displayName", /at most 100/],
  ["description too long", { ...base, description: "d".repeat(257) }, "description", /at most 256/],
  ["internet access not boolean", { ...base, enableDefaultInternetAccess: "yes" }, "enableDefaultInternetAccess", /true or false/],
  ["both capacity members", { ...base, computeCapacity: { desiredInstances: 1, desiredSessions: 2 } }, "computeCapacity", /exactly one/],
  ["empty capacity", { ...base, computeCapacity: {} }, "computeCapacity", /one of desiredInstances or desiredSessions/],
  ["sessions without multi-session", { ...base, computeCapacity: { desiredSessions: 4 } }, "computeCapacity.desiredSessions", /maxSessionsPerInstance/],
  ["instances on multi-session", { ...base, maxSessionsPerInstance: 4 }, "computeCapacity.desiredInstances", /desiredSessions/],
  ["negative capacity", { ...base, computeCapacity: { desiredInstances: -1 } }, "computeCapacity.desiredInstances", /between 0/],
  ["capacity missing for ON_DEMAND", { ...base, computeCapacity: undefined }, "computeCapacity", /required for ON_DEMAND/],
  ["unknown capacity member", { ...base, computeCapacity: { desiredInstances: 1, instances: 2 } }, "computeCapacity.instances", /not a known member/],
  ["six security groups", { ...base, vpcConfig: { subnetIds: ["s"], securityGroupIds: ["1", "2", "3", "4", "5", "6"] } }, "vpcConfig.securityGroupIds", /at most 5/],
  ["subnets not a list", { ...base, vpcConfig: { subnetIds: "subnet-a" } }, "vpcConfig.subnetIds", /list of non-empty strings/],
  ["repeated subnet", { ...base, vpcConfig: { subnetIds: ["a", "a"] } }, "vpcConfig.subnetIds", /must not repeat/],
  ["domain join without directory", { ...base, domainJoinInfo: { organizationalUnitDistinguishedName: "OU=x" } }, "domainJoinInfo.directoryName", /required/],
  ["bad role arn", { ...base, iamRoleArn: "my-role" }, "iamRoleArn", /IAM role ARN/],
  ["root volume too small", { ...base, rootVolumeConfig: { volumeSizeInGb: 100 } }, "rootVolumeConfig.volumeSizeInGb", /between 200 and 500/],
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
  ["tag key with aws: prefix", { ...base, tags: { "aws:owner": "me" } }, "tags.aws:owner", /must not start with "aws:"/],
  ["tag key too long", { ...base, tags: { ["k".repeat(129)]: "v" } }, `tags.${"k".repeat(129)}`, /1 to 128/],
  ["tag value too long", { ...base, tags: { team: "v".repeat(257) } }, "tags.team", /at most 256/],
  ["tag value not a string", { ...base, tags: { team: 1 } }, "tags.team", /must be strings/],
  ["51 tags", { ...base, tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) }, "tags", /at most 50/],
  ["bad desired state", { ...base, desiredState: "PAUSED" }, "desiredState", /RUNNING, STOPPED/],
  ["bad update strategy", { ...base, updateStrategy: "recreate" }, "updateStrategy", /stopStart, replace, failIfRunning/],
  ["bad timeout", { ...base, timeouts: { create: "soon" } }, "timeouts.create", /duration/],
  ["unknown input", { ...base, instanceTyp: "stream.standard.small" }, "instanceTyp", /not a known Fleet input/],
  ["drain poll zero", { ...base, drain: { timeoutSeconds: 60, pollSeconds: 0 } }, "drain.pollSeconds", /between 1 and 3600/],
];

describe("validateFleetInputs", () => {
  it("accepts a minimal ON_DEMAND fleet and a complete ELASTIC fleet", () => {
    assert.deepEqual(validateFleetInputs(base), []);
    assert.deepEqual(validateFleetInputs({ ...elastic, sessionScriptS3Location: { s3Bucket: "scripts", s3Key: "a.zip" }, usbDeviceFilterStrings: ["*"] }), []);
  });

  it("accepts every optional setting with valid values", () => {
    const full = {
      ...base,
      fleetType: "ALWAYS_ON",
      vpcConfig: { subnetIds: ["subnet-a"], securityGroupIds: ["sg-1"] },
      maxUserDurationInSeconds: 3600,
      disconnectTimeoutInSeconds: 900,
      idleDisconnectTimeoutInSeconds: 600,
      description: "d",
      displayName: "D",
      enableDefaultInternetAccess: true,
      domainJoinInfo: { directoryName: "corp.example.com", organizationalUnitDistinguishedName: "OU=x" },
      iamRoleArn: "arn:aws:iam::123456789012:role/appstream",
      streamView: "DESKTOP",
      platform: "WINDOWS_SERVER_2022",
      rootVolumeConfig: { volumeSizeInGb: 250 },
      disableImdsV1: true,
      tags: { team: "vdi" },
      desiredState: "STOPPED",
      updateStrategy: "failIfRunning",
      timeouts: { create: "45m", update: 600, delete: "1h30m" },
      drain: { timeoutSeconds: 1800, pollSeconds: 30, onTimeout: "fail" },
      adoptExisting: false,
    };
    assert.deepEqual(validateFleetInputs(full), []);
  });

  for (const [title, inputs, property, reason] of invalid) {
    it(`rejects ${title}`, () => {
      const failures = validateFleetInputs(inputs);
      const hit = failures.find((f) => f.property === property && reason.test(f.reason));
      assert.ok(hit, `expected a failure on ${property} matching ${reason}, got ${JSON.stringify(failures)}`);
    });
  }

  it("has at least 40 distinct invalid cases", () => {
    assert.ok(invalid.length >= 40);
  });

  it("skips values unknown during preview", () => {
    assert.deepEqual(validateFleetInputs({ ...base, name: UNKNOWN, imageName: UNKNOWN, vpcConfig: { subnetIds: [UNKNOWN] } }), []);
    assert.deepEqual(validateFleetInputs({ ...elastic, vpcConfig: { subnetIds: UNKNOWN } }), []);
  });

  it("never throws on garbage", () => {
    const garbage: unknown[] = [null, 1, "x", [], [1, "a"], { a: { b: null } }, true, { desiredInstances: "1" }];
    for (const g of garbage) {
      for (const key of ["name", "computeCapacity", "vpcConfig", "tags", "timeouts", "drain", "domainJoinInfo", "usbDeviceFilterStrings"]) {
        const failures = validateFleetInputs({ ...base, [key]: g });
        assert.ok(Array.isArray(failures));
      }
    }
  });
});
