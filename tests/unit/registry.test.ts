import { strict as assert } from "assert";
import type { Fleet as ApiFleet } from "@aws-sdk/client-appstream";
import { flattenFleet, toCreateFleetRequest, toUpdateFleetRequest, behaviourOf } from "../../provider/fleet/convert";
import { BEHAVIOUR_PROPERTIES } from "../../provider/fleet/diff";
import { diffFleet, planUpdate } from "../../provider/fleet/plan";
import { MANAGED_PROPERTIES, ManagedProperty, PROPERTIES, removalAttribute, runningChangeMode } from "../../provider/fleet/properties";
import { FleetSettings, FleetType, FLEET_TYPES } from "../../provider/fleet/types";
import { KNOWN_INPUTS } from "../../provider/fleet/validate";

/** A value per property (the compiler demands one for every registry entry) and its wire form. */
const SAMPLES: { [K in ManagedProperty]: { value: NonNullable<FleetSettings[K]>; wire: unknown } } = {
  name: { value: "f1", wire: "f1" },
  fleetType: { value: "ALWAYS_ON", wire: "ALWAYS_ON" },
  instanceType: { value: "stream.standard.large", wire: "stream.standard.large" },
  imageName: { value: "img-b", wire: "img-b" },
  imageArn: { value: "arn:aws:appstream:us-east-1:123456789012:image/img-b", wire: "arn:aws:appstream:us-east-1:123456789012:image/img-b" },
  computeCapacity: { value: { desiredInstances: 3 }, wire: { DesiredInstances: 3 } },
  vpcConfig: { value: { subnetIds: ["subnet-1"], securityGroupIds: ["sg-1"] }, wire: { SubnetIds: ["subnet-1"], SecurityGroupIds: ["sg-1"] } },
  maxUserDurationInSeconds: { value: 7200, wire: 7200 },
  disconnectTimeoutInSeconds: { value: 1200, wire: 1200 },
  idleDisconnectTimeoutInSeconds: { value: 600, wire: 600 },
  description: { value: "d", wire: "d" },
  displayName: { value: "D", wire: "D" },
  enableDefaultInternetAccess: { value: true, wire: true },
  domainJoinInfo: { value: { directoryName: "corp.example.com", organizationalUnitDistinguishedName: "OU=x" }, wire: { DirectoryName: "corp.example.com", OrganizationalUnitDistinguishedName: "OU=x" } },
  iamRoleArn: { value: "arn:aws:iam::123456789012:role/r", wire: "arn:aws:iam::123456789012:role/r" },
  streamView: { value: "DESKTOP", wire: "DESKTOP" },
  platform: { value: "AMAZON_LINUX2", wire: "AMAZON_LINUX2" },
  maxConcurrentSessions: { value: 9, wire: 9 },
  usbDeviceFilterStrings: { value: ["Wacom, 056a, *, *, *, *, 0, 0"], wire: ["Wacom, 056a, *, *, *, *, 0, 0"] },
  sessionScriptS3Location: { value: { s3Bucket: "bucket", s3Key: "k.zip" }, wire: { S3Bucket: "bucket", S3Key: "k.zip" } },
  maxSessionsPerInstance: { value: 4, wire: 4 },
  rootVolumeConfig: { value: { volumeSizeInGb: 300 }, wire: { VolumeSizeInGb: 300 } },
  disableImdsV1: { value: true, wire: true },
};

const stored = (fleetType: FleetType, state: "RUNNING" | "STOPPED") => ({
  name: "f1",
  instanceType: "stream.standard.medium",
  fleetType,
  state,
  desiredState: state,
  updateStrategy: "stopStart" as const,
  tags: {},
});

describe("property registry", () => {
  it("the known inputs are the registry's properties, tags and the behaviour inputs", () => {
    assert.deepEqual([...KNOWN_INPUTS].sort(), [...MANAGED_PROPERTIES, "tags", ...BEHAVIOUR_PROPERTIES].sort());
  });

  for (const p of MANAGED_PROPERTIES) {
    const spec = PROPERTIES[p];
    const sample = SAMPLES[p];

    it(`${p}: CreateFleet sends it as ${spec.aws}`, () => {
      const req = toCreateFleetRequest({ name: "f1", instanceType: "stream.standard.medium", [p]: sample.value } as never) as unknown as Record<string, unknown>;
      assert.deepEqual(req[spec.aws], sample.wire);
    });

    it(`${p}: flattens from DescribeFleets' ${spec.aws} back to the input value`, () => {
      if (p === "computeCapacity") return assertCapacityFlatten();
      const fleet = { Name: "f1", Arn: "arn", InstanceType: "stream.standard.medium", State: "RUNNING", [spec.aws]: sample.wire } as unknown as ApiFleet;
      const outs = flattenFleet(fleet, {}, behaviourOf({})) as unknown as Record<string, unknown>;
      assert.deepEqual(outs[p], sample.value);
    });

    for (const fleetType of FLEET_TYPES) {
      const mode = runningChangeMode(p, fleetType);
      it(`${p} on a RUNNING ${fleetType} fleet: ${mode}`, () => {
        const olds = stored(fleetType, "RUNNING");
        const news = { ...olds, [p]: sample.value, ...(p === "name" ? { name: "f2" } : {}), ...(p === "fleetType" ? { fleetType: fleetType === "ALWAYS_ON" ? "ON_DEMAND" : "ALWAYS_ON" } : {}) } as never;
        const result = diffFleet(olds, news);
        assert.equal(result.changes, true);
        const plan = planUpdate(olds, news, "RUNNING");
        const updates = plan.steps.filter((s) => s.op === "update");
        if (mode === "replace") {
          assert.ok(result.replaces.includes(p), `diff must replace for ${p}`);
          assert.equal(updates.length, 0, `${p} must never reach UpdateFleet`);
        } else {
          assert.deepEqual(result.replaces, []);
          assert.equal(updates.length, 1);
          const req = (updates[0] as unknown as { request: Record<string, unknown> }).request;
          assert.deepEqual(req[spec.aws], sample.wire, `UpdateFleet must carry ${spec.aws}`);
          assert.equal(plan.steps.some((s) => s.op === "stop"), mode === "stopped");
        }
      });
    }

    const attribute = removalAttribute(p);
    it(`${p} removed from the program: ${attribute ?? "AWS keeps its value"}`, () => {
      const olds = { ...stored("ON_DEMAND", "STOPPED"), [p]: sample.value };
      const news = { ...stored("ON_DEMAND", "STOPPED"), [p]: undefined, ...(p === "name" ? { name: "f1" } : {}), ...(p === "instanceType" || p === "fleetType" ? { [p]: olds[p as "instanceType"] } : {}) } as never;
      const req = toUpdateFleetRequest("f1", [p], attribute ? [attribute] : [], news) as unknown as Record<string, unknown>;
      if (attribute === undefined) {
        const plan = planUpdate(olds, news, "STOPPED");
        assert.ok(!plan.steps.some((s) => s.op === "update" && s.properties.includes(p)), `${p}: nothing is sent when it is removed`);
      } else {
        const plan = planUpdate(olds, news, "STOPPED");
        const update = plan.steps.find((s) => s.op === "update") as unknown as { request: Record<string, unknown> } | undefined;
        assert.deepEqual(update?.request.AttributesToDelete, [attribute]);
        assert.equal(req[spec.aws], undefined);
      }
    });
  }
});

function assertCapacityFlatten(): void {
  const base = { Name: "f1", Arn: "arn", InstanceType: "stream.standard.medium", State: "RUNNING", FleetType: "ON_DEMAND" } as ApiFleet;
  const single = flattenFleet({ ...base, ComputeCapacityStatus: { Desired: 3 } }, {}, behaviourOf({}));
  assert.deepEqual(single.computeCapacity, { desiredInstances: 3 });
  const multi = flattenFleet({ ...base, MaxSessionsPerInstance: 4, ComputeCapacityStatus: { Desired: 1, DesiredUserSessions: 8 } }, {}, behaviourOf({}));
  assert.deepEqual(multi.computeCapacity, { desiredSessions: 8 });
  const elastic = flattenFleet({ ...base, FleetType: "ELASTIC", ComputeCapacityStatus: { Desired: 0 } }, {}, behaviourOf({}));
  assert.equal(elastic.computeCapacity, undefined);
}

describe("empty means absent (as Terraform's expand)", () => {
  it("drops empty members and nested settings left empty; keeps computeCapacity's empty object for its own rule", () => {
    const { dropEmptyNested } = require("../../provider/fleet/properties") as typeof import("../../provider/fleet/properties");
    assert.deepEqual(dropEmptyNested({ name: "f", domainJoinInfo: { directoryName: "", organizationalUnitDistinguishedName: "" } }), { name: "f" });
    assert.deepEqual(dropEmptyNested({ domainJoinInfo: {} }), {});
    assert.deepEqual(dropEmptyNested({ domainJoinInfo: { directoryName: "corp", organizationalUnitDistinguishedName: "" } }), { domainJoinInfo: { directoryName: "corp" } });
    assert.deepEqual(dropEmptyNested({ vpcConfig: { subnetIds: ["s"], securityGroupIds: [] } }), { vpcConfig: { subnetIds: ["s"] } });
    assert.deepEqual(dropEmptyNested({ computeCapacity: {} }), { computeCapacity: {} });
  });
});

describe("region", () => {
  const olds = { ...stored("ON_DEMAND", "RUNNING"), region: "us-east-1" };
  it("another region replaces the fleet; the same or an absent one changes nothing", () => {
    const other = diffFleet(olds, { ...olds, region: "eu-west-1" } as never);
    assert.deepEqual(other.replaces, ["region"]);
    assert.equal(diffFleet(olds, { ...olds, region: "us-east-1" } as never).changes, false);
    assert.equal(diffFleet(olds, { ...olds, region: undefined } as never).changes, false);
  });
});

describe("documented limits: each lives in the registry with its source and is enforced at check", () => {
  const { validateFleetInputs } = require("../../provider/fleet/validate") as typeof import("../../provider/fleet/validate");
  const { BAD_PROGRAMS, base, elastic } = require("../support/bad-input") as typeof import("../support/bad-input");
  const multi = { ...base, maxSessionsPerInstance: 2, computeCapacity: { desiredSessions: 4 } };
  /**
   * Per property with a `documented` limit: a value just past it (refused at the path, the message
   * showing the value) and the value at it (accepted). The compiler cannot demand an entry, so a
   * test below does.
   */
  const EDGES: Partial<Record<ManagedProperty, { path: string; past: Record<string, unknown>; at: Record<string, unknown>; shows: string }[]>> = {
    instanceType: [{ path: "instanceType", past: { ...base, instanceType: "stream.standard.huge" }, at: { ...base, instanceType: "stream.standard.2xlarge" }, shows: '"stream.standard.huge"' }],
    computeCapacity: [
      { path: "computeCapacity.desiredInstances", past: { ...base, computeCapacity: { desiredInstances: -1 } }, at: { ...base, computeCapacity: { desiredInstances: 0 } }, shows: "-1" },
      { path: "computeCapacity.desiredSessions", past: { ...multi, computeCapacity: { desiredSessions: -1 } }, at: { ...multi, computeCapacity: { desiredSessions: 0 } }, shows: "-1" },
      { path: "computeCapacity", past: { ...base, computeCapacity: { desiredInstances: 1, desiredSessions: 1 } }, at: { ...base, computeCapacity: { desiredInstances: 1 } }, shows: "not both" },
    ],
    maxUserDurationInSeconds: [
      { path: "maxUserDurationInSeconds", past: { ...base, maxUserDurationInSeconds: 599 }, at: { ...base, maxUserDurationInSeconds: 600 }, shows: "599" },
      { path: "maxUserDurationInSeconds", past: { ...base, maxUserDurationInSeconds: 432001 }, at: { ...base, maxUserDurationInSeconds: 432000 }, shows: "432001" },
    ],
    disconnectTimeoutInSeconds: [
      { path: "disconnectTimeoutInSeconds", past: { ...base, disconnectTimeoutInSeconds: 59 }, at: { ...base, disconnectTimeoutInSeconds: 60 }, shows: "59" },
      { path: "disconnectTimeoutInSeconds", past: { ...base, disconnectTimeoutInSeconds: 36001 }, at: { ...base, disconnectTimeoutInSeconds: 36000 }, shows: "36001" },
    ],
    idleDisconnectTimeoutInSeconds: [
      { path: "idleDisconnectTimeoutInSeconds", past: { ...base, idleDisconnectTimeoutInSeconds: 1 }, at: { ...base, idleDisconnectTimeoutInSeconds: 0 }, shows: "1" },
      { path: "idleDisconnectTimeoutInSeconds", past: { ...base, idleDisconnectTimeoutInSeconds: 59 }, at: { ...base, idleDisconnectTimeoutInSeconds: 60 }, shows: "59" },
      { path: "idleDisconnectTimeoutInSeconds", past: { ...base, idleDisconnectTimeoutInSeconds: 36001 }, at: { ...base, idleDisconnectTimeoutInSeconds: 36000 }, shows: "36001" },
    ],
    maxConcurrentSessions: [{ path: "maxConcurrentSessions", past: { ...elastic, maxConcurrentSessions: 0 }, at: { ...elastic, maxConcurrentSessions: 1 }, shows: "0" }],
    maxSessionsPerInstance: [{ path: "maxSessionsPerInstance", past: { ...multi, maxSessionsPerInstance: 0 }, at: { ...multi, maxSessionsPerInstance: 1 }, shows: "0" }],
    rootVolumeConfig: [
      { path: "rootVolumeConfig.volumeSizeInGb", past: { ...base, rootVolumeConfig: { volumeSizeInGb: 199 } }, at: { ...base, rootVolumeConfig: { volumeSizeInGb: 200 } }, shows: "199" },
      { path: "rootVolumeConfig.volumeSizeInGb", past: { ...base, rootVolumeConfig: { volumeSizeInGb: 501 } }, at: { ...base, rootVolumeConfig: { volumeSizeInGb: 500 } }, shows: "501" },
    ],
  };

  it("every property with a documented limit cites an AppStream API reference page and has its edges tested here", () => {
    const documented = MANAGED_PROPERTIES.filter((p) => PROPERTIES[p].documented !== undefined);
    for (const p of documented) assert.match(PROPERTIES[p].documented!.source, /^https:\/\/docs\.aws\.amazon\.com\/appstream2\/latest\/APIReference\/API_\w+\.html/, p);
    assert.deepEqual(documented.filter((p) => EDGES[p] === undefined), []);
    assert.deepEqual((Object.keys(EDGES) as ManagedProperty[]).filter((p) => !documented.includes(p)), [], "an edge for a property with no documented limit");
  });

  for (const [p, edges] of Object.entries(EDGES))
    for (const e of edges!)
      it(`${p}: ${e.path} past the limit (${PROPERTIES[p as ManagedProperty].documented?.limit}) refused with the value shown; at the limit accepted`, () => {
        const failures = validateFleetInputs(e.past);
        const hit = failures.find((f) => f.property === e.path);
        assert.ok(hit, `no failure at ${e.path}: ${JSON.stringify(failures)}`);
        assert.ok(hit.reason.includes(e.shows), `${hit.reason} shows ${e.shows}`);
        assert.deepEqual(validateFleetInputs(e.at), []);
      });

  it("the shared bad-input catalogue has the issue's cases: negative capacity, maxSessionsPerInstance 0", () => {
    for (const t of ["desiredInstances -1", "desiredSessions -4 on a multi-session fleet", "maxSessionsPerInstance 0", "ELASTIC maxConcurrentSessions 0"])
      assert.ok(BAD_PROGRAMS.some((b) => b[0] === t), t);
  });
});
