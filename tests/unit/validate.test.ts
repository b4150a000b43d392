import { strict as assert } from "assert";
import { validateFleetInputs } from "../../provider/fleet/validate";
import { UNKNOWN } from "../../provider/fleet/values";
import { BAD_PROGRAMS, base, elastic } from "../support/bad-input";

/** The shared catalogue, less the rows that need DescribeImages (checked by the provider, not by pure validation). */
const invalid = BAD_PROGRAMS.filter(([, , , , opts]) => !opts?.needsImageLookup);

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
