import { strict as assert } from "assert";
import { forEngine } from "../../provider/fleet/engine-failure";
import { validateFleetInputs } from "../../provider/fleet/validate";
import { UNKNOWN } from "../../provider/fleet/values";
import { BAD_PROGRAMS, base, elastic } from "../support/bad-input";

/** The shared catalogue, less the rows that need DescribeImages (checked by the provider, not by pure validation). */
const invalid = BAD_PROGRAMS.filter(([, , , , opts]) => !opts?.needsImageLookup);

describe("validateFleetInputs", () => {
  it("accepts a minimal ON_DEMAND fleet and a complete ELASTIC fleet", () => {
    assert.deepEqual(validateFleetInputs(base), []);
    assert.deepEqual(validateFleetInputs({ ...elastic, sessionScriptS3Location: { s3Bucket: "scripts", s3Key: "a.zip" }, usbDeviceFilterStrings: ["Wacom, 056a, *, *, *, *, 0, 0"] }), []);
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

describe("every rule at preview: each failure names the property path, the value and the rule", () => {
  const multi = { ...base, maxSessionsPerInstance: 4, computeCapacity: { desiredSessions: 8 } };
  // [inputs, path, rule (words of the message), value as the message shows it]
  const cases: [Record<string, unknown>, string, RegExp, string][] = [
    [{ ...base, computeCapacity: { desiredInstances: -1 } }, "computeCapacity.desiredInstances", /must be 0 or more: a number of instances/, "-1"],
    [{ ...multi, computeCapacity: { desiredSessions: -4 } }, "computeCapacity.desiredSessions", /must be 0 or more: a number of user sessions/, "-4"],
    [{ ...multi, maxSessionsPerInstance: 0 }, "maxSessionsPerInstance", /must be 1 or more: the most user sessions on one instance/, "0"],
    [{ ...multi, maxSessionsPerInstance: -3 }, "maxSessionsPerInstance", /must be 1 or more/, "-3"],
    [{ ...elastic, maxConcurrentSessions: 0 }, "maxConcurrentSessions", /must be 1 or more: the most sessions at once/, "0"],
    [{ ...base, computeCapacity: { desiredInstances: 2 ** 31 } }, "computeCapacity.desiredInstances", /AWS's 32-bit Integer/, "2147483648"],
    [{ ...elastic, maxConcurrentSessions: 2 ** 40 }, "maxConcurrentSessions", /AWS's 32-bit Integer/, String(2 ** 40)],
    [{ ...base, maxUserDurationInSeconds: 599 }, "maxUserDurationInSeconds", /must be between 600 and 432000/, "599"],
    [{ ...base, disconnectTimeoutInSeconds: 36001 }, "disconnectTimeoutInSeconds", /must be between 60 and 36000/, "36001"],
    [{ ...base, idleDisconnectTimeoutInSeconds: 59 }, "idleDisconnectTimeoutInSeconds", /must be 0 \(off\) or between 60 and 36000/, "59"],
    [{ ...base, idleDisconnectTimeoutInSeconds: 36001 }, "idleDisconnectTimeoutInSeconds", /must be 0 \(off\) or between 60 and 36000/, "36001"],
    [{ ...base, idleDisconnectTimeoutInSeconds: 1000, disconnectTimeoutInSeconds: 900 }, "idleDisconnectTimeoutInSeconds", /must be less than disconnectTimeoutInSeconds/, "1000"],
    [{ ...base, rootVolumeConfig: { volumeSizeInGb: 199 } }, "rootVolumeConfig.volumeSizeInGb", /must be between 200 and 500/, "199"],
    [{ ...base, displayName: "d".repeat(101) }, "displayName", /at most 100 characters/, "101"],
    [{ ...elastic, sessionScriptS3Location: { s3Bucket: "ab" } }, "sessionScriptS3Location.s3Bucket", /at least 3 characters/, '"ab"'],
    [{ ...base, streamView: "WINDOW" }, "streamView", /must be one of APP, DESKTOP/, '"WINDOW"'],
    [{ ...base, name: "my fleet" }, "name", /must match/, '"my fleet"'],
  ];
  for (const [inputs, path, rule, value] of cases) {
    it(`${path} = ${value.slice(0, 20)}: ${rule.source.slice(0, 50)}`, () => {
      const failures = validateFleetInputs(inputs);
      const hit = failures.find((f) => f.property === path && rule.test(f.reason));
      assert.ok(hit, `expected a failure on ${path} matching ${rule}, got ${JSON.stringify(failures)}`);
      assert.ok(hit.reason.includes(value), `the failure shows the value ${value}: ${hit.reason}`);
    });
  }

  it("input AWS accepts stays accepted: the lowest counts, the 32-bit maximum, idle 0, the ends of each range", () => {
    const accepted: Record<string, unknown>[] = [
      { ...base, computeCapacity: { desiredInstances: 0 } },
      { ...base, computeCapacity: { desiredInstances: 2 ** 31 - 1 } },
      { ...multi, computeCapacity: { desiredSessions: 0 }, maxSessionsPerInstance: 1 },
      { ...multi, maxSessionsPerInstance: 2 ** 31 - 1 },
      { ...elastic, maxConcurrentSessions: 1 },
      { ...base, idleDisconnectTimeoutInSeconds: 0 },
      { ...base, idleDisconnectTimeoutInSeconds: 60, disconnectTimeoutInSeconds: 61 },
      { ...base, idleDisconnectTimeoutInSeconds: 35999, disconnectTimeoutInSeconds: 36000 },
      { ...base, maxUserDurationInSeconds: 600 },
      { ...base, maxUserDurationInSeconds: 432000 },
      { ...base, rootVolumeConfig: { volumeSizeInGb: 500 } },
    ];
    for (const inputs of accepted) assert.deepEqual(validateFleetInputs(inputs), [], JSON.stringify(inputs));
  });

  it("multi-session rules: desiredSessions only with maxSessionsPerInstance, desiredInstances only without", () => {
    assert.ok(validateFleetInputs({ ...base, computeCapacity: { desiredSessions: 4 } }).some((f) => f.property === "computeCapacity.desiredSessions" && /needs maxSessionsPerInstance/.test(f.reason)));
    assert.ok(validateFleetInputs({ ...base, maxSessionsPerInstance: 4 }).some((f) => f.property === "computeCapacity.desiredInstances" && /takes desiredSessions/.test(f.reason)));
    assert.ok(validateFleetInputs({ ...elastic, maxSessionsPerInstance: 4 }).some((f) => f.property === "maxSessionsPerInstance" && /not supported for ELASTIC/.test(f.reason)));
  });
});

describe("forEngine: a check failure as the pulumi CLI prints it", () => {
  const inputs = {
    name: "web",
    maxSessionsPerInstance: 0,
    computeCapacity: { desiredSessions: 4, desiredInstances: 1 },
    tags: { "a.b": "x!" },
    usbDeviceFilterStrings: ["ok", "*"],
  };

  it("keeps the property of a present scalar top-level input (the engine shows `value {0}`)", () => {
    const f = { property: "maxSessionsPerInstance", reason: "must be 1 or more (got 0)" };
    assert.deepEqual(forEngine(f, inputs), f);
  });

  it("a nested path: no property (the engine would print the object as {map[...]}); the full path and the value lead the reason", () => {
    assert.deepEqual(forEngine({ property: "computeCapacity.desiredSessions", reason: "needs maxSessionsPerInstance (multi-session fleets)" }, inputs), {
      property: "",
      reason: "computeCapacity.desiredSessions = 4: needs maxSessionsPerInstance (multi-session fleets)",
    });
    // A reason that shows the value already does not repeat it.
    assert.deepEqual(forEngine({ property: "computeCapacity.desiredInstances", reason: "must be 0 or more (got 1)" }, { computeCapacity: { desiredInstances: 1 } }), {
      property: "",
      reason: "computeCapacity.desiredInstances: must be 0 or more (got 1)",
    });
    assert.deepEqual(forEngine({ property: "usbDeviceFilterStrings[1]", reason: "is not a USB device filter string" }, inputs), {
      property: "",
      reason: 'usbDeviceFilterStrings[1] = "*": is not a USB device filter string',
    });
    assert.deepEqual(forEngine({ property: "tags.a.b", reason: "tag values may hold only ..." }, inputs), { property: "", reason: 'tags.a.b = "x!": tag values may hold only ...' });
  });

  it("an object input, and a missing one: no property, never a Go dump", () => {
    assert.deepEqual(forEngine({ property: "computeCapacity", reason: "set exactly one" }, inputs), {
      property: "",
      reason: 'computeCapacity = {"desiredSessions":4,"desiredInstances":1}: set exactly one',
    });
    assert.deepEqual(forEngine({ property: "imageName", reason: "one of imageName or imageArn is required" }, inputs), { property: "", reason: "imageName: one of imageName or imageArn is required" });
  });

  it("an input the program leaves out (check gave it: an auto-name): no property (the engine would show {<nil>}), the value check gave", () => {
    assert.deepEqual(forEngine({ property: "name", reason: "a fleet named web-abc1234 already exists" }, { name: "web-abc1234" }, {}), {
      property: "",
      reason: 'name: a fleet named web-abc1234 already exists',
    });
    assert.deepEqual(forEngine({ property: "name", reason: "is taken" }, { name: "web-abc1234" }, {}), { property: "", reason: 'name = "web-abc1234": is taken' });
    assert.deepEqual(forEngine({ property: "name", reason: "is taken" }, { name: "web" }, { name: "web" }), { property: "name", reason: "is taken" });
  });

  it("every failure of the bad-input catalogue reaches the engine as a path, a value and a rule, with no property the engine would dump", () => {
    for (const [, program] of invalid) {
      for (const raw of validateFleetInputs(program)) {
        const f = forEngine(raw, program);
        if (f.property !== "") {
          const v = (program as Record<string, unknown>)[f.property];
          assert.ok(v !== undefined && (v === null || typeof v !== "object"), `property ${f.property} kept for a non-scalar value: ${JSON.stringify(f)}`);
        } else assert.ok(f.reason.startsWith(raw.property), JSON.stringify(f));
      }
    }
  });
});
