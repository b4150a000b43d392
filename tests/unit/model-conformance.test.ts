/**
 * Provider validation against AWS's own service model (botocore's, read at run time), in both
 * directions, property by property of the registry:
 *  - every value the model refuses in the CreateFleet request the provider would send is refused
 *    by check, naming the property;
 *  - no value the model accepts is refused, unless the property's registry entry cites the API
 *    reference page that states the extra limit (`documented`).
 * The values are derived from the model's shapes: enums, patterns, lengths and list sizes at the
 * bound and past it, wrong JSON types, and integers around the documented ranges.
 */
import { strict as assert } from "assert";
import { toCreateFleetRequest } from "../../provider/fleet/convert";
import { MANAGED_PROPERTIES, ManagedProperty, PROPERTIES } from "../../provider/fleet/properties";
import { validateFleetInputs } from "../../provider/fleet/validate";
import { inputViolations, loadServiceModel, ModelShape, patternBreaker, patternSample, ServiceModel } from "../support/service-model";

const IMAGE = "AppStream-WinServer2019-06-17-2024";
const onDemand = { name: "f1", imageName: IMAGE, instanceType: "stream.standard.medium", computeCapacity: { desiredInstances: 1 } };
const elastic = {
  name: "f1",
  instanceType: "stream.standard.small",
  fleetType: "ELASTIC",
  platform: "AMAZON_LINUX2",
  maxConcurrentSessions: 5,
  vpcConfig: { subnetIds: ["subnet-a", "subnet-b"] },
};

/** A program in which `p` can be set alone without breaking a cross-property rule. */
function baseFor(p: ManagedProperty, wire: unknown): Record<string, unknown> {
  if (p === "maxConcurrentSessions" || p === "sessionScriptS3Location") return { ...elastic };
  if (p === "maxSessionsPerInstance") return { ...onDemand, computeCapacity: { desiredSessions: 2 } };
  if (p === "computeCapacity" && typeof wire === "object" && wire !== null && "DesiredSessions" in wire) return { ...onDemand, maxSessionsPerInstance: 2 };
  if (p === "imageArn") return { ...onDemand, imageName: undefined };
  if (p === "fleetType") return { ...elastic, fleetType: undefined, computeCapacity: undefined };
  return { ...onDemand };
}

const INTEGERS = [-1, 0, 1, 59, 60, 199, 200, 500, 501, 599, 600, 36000, 36001, 432000, 432001, 1_000_000];
const BAD_TYPES: Record<string, unknown[]> = { string: [5, true], integer: [1.5, "5", true], boolean: ["yes", 1], list: ["a", 5], structure: ["x", 5] };

/** Wire-level values for a member shape: valid samples, values at and past each bound, wrong types. */
function candidates(model: ServiceModel, shapeName: string, depth = 0): unknown[] {
  const shape = model.shapes[shapeName] as ModelShape;
  const out: unknown[] = [...(BAD_TYPES[shape.type] ?? [])];
  switch (shape.type) {
    case "string": {
      if (shape.enum) return [...out, ...shape.enum, "NOT_A_VALUE", ""];
      const min = shape.min ?? 0;
      const max = shape.max;
      if (shape.pattern) {
        const ok = patternSample(shape.pattern, undefined, min, max ?? 4096);
        if (ok !== undefined) out.push(ok);
        if (max !== undefined) {
          const longest = patternSample(shape.pattern, max, min, max);
          if (longest !== undefined) out.push(longest, longest + longest.slice(-1));
        }
        const broken = patternBreaker(shape.pattern, min, max ?? Infinity);
        if (broken !== undefined) out.push(broken);
      } else {
        out.push("a".repeat(Math.max(1, min)));
        if (max !== undefined) out.push("a".repeat(max), "a".repeat(max + 1));
      }
      if (min > 0) out.push("a".repeat(min - 1));
      return out;
    }
    case "integer":
    case "long":
      return [...out, ...INTEGERS];
    case "boolean":
      return [...out, true, false];
    case "list": {
      const members = candidates(model, shape.member!.shape, depth + 1).filter((v) => typeof v === "string");
      const good = members.find((m) => inputViolations(model, shape.member!.shape, m).length === 0);
      out.push([], ...members.map((m) => [m]));
      if (good !== undefined) {
        out.push([good, good]); // a repeated member: the model has no uniqueness rule
        if (shape.max !== undefined) out.push(Array(shape.max).fill(good), Array(shape.max + 1).fill(good));
      }
      return out;
    }
    case "structure": {
      if (depth > 2) return out;
      const required = Object.fromEntries(
        (shape.required ?? []).map((r) => [r, candidates(model, shape.members![r].shape, depth + 1).find((v) => inputViolations(model, shape.members![r].shape, v).length === 0)]),
      );
      out.push({ ...required });
      for (const [m, ref] of Object.entries(shape.members ?? {})) {
        for (const v of candidates(model, ref.shape, depth + 1)) out.push({ ...required, [m]: v });
      }
      return out;
    }
    default:
      return out;
  }
}

/** The input-level value (camelCase) for a wire value of property p. */
function toInput(p: ManagedProperty, wire: unknown): unknown {
  if (typeof wire !== "object" || wire === null || Array.isArray(wire)) return wire;
  const w = wire as Record<string, unknown>;
  const camel = (k: string) => k.charAt(0).toLowerCase() + k.slice(1);
  if (p === "computeCapacity") return Object.fromEntries(Object.entries(w).map(([k, v]) => [camel(k), v]));
  const renamed: Record<string, string> = { S3Bucket: "s3Bucket", S3Key: "s3Key", VolumeSizeInGb: "volumeSizeInGb" };
  return Object.fromEntries(Object.entries(w).map(([k, v]) => [renamed[k] ?? camel(k), v]));
}

describe("provider validation equals AWS's service model (both directions)", function () {
  const { model, via } = loadServiceModel();
  const createShape = model.operations.CreateFleet.input!.shape;
  const members = model.shapes[createShape].members!;

  it(`reads the model (${via})`, () => {
    assert.ok(members.Name && members.InstanceType);
  });

  it("every registry property is a CreateFleet member of the model", () => {
    for (const p of MANAGED_PROPERTIES) assert.ok(members[PROPERTIES[p].aws], `${p}: the model's CreateFleet has no member ${PROPERTIES[p].aws}`);
  });

  it("the enums the provider offers are the model's", () => {
    const { FLEET_TYPES, PLATFORMS, STREAM_VIEWS } = require("../../provider/fleet/types") as typeof import("../../provider/fleet/types");
    assert.deepEqual([...FLEET_TYPES].sort(), [...model.shapes.FleetType.enum!].sort());
    assert.deepEqual([...PLATFORMS].sort(), [...model.shapes.PlatformType.enum!].sort());
    assert.deepEqual([...STREAM_VIEWS].sort(), [...model.shapes.StreamView.enum!].sort());
  });

  for (const p of MANAGED_PROPERTIES) {
    const spec = PROPERTIES[p];
    it(`${p} (${spec.aws}): refused by check exactly when the model refuses it${spec.documented ? `, or past the documented limit (${spec.documented.limit})` : ""}`, () => {
      const shapeName = members[spec.aws].shape;
      const mismatches: string[] = [];
      let tried = 0;
      for (const wire of candidates(model, shapeName)) {
        const value = toInput(p, wire);
        const inputs = { ...baseFor(p, wire), [p]: value };
        const ours = validateFleetInputs(inputs).filter((f) => f.property === p || f.property.startsWith(`${p}.`) || f.property.startsWith(`${p}[`));
        // The model judges the wire value; for a valid one, the request the provider builds carries it unchanged.
        const theirs = inputViolations(model, shapeName, wire);
        if (theirs.length === 0 && ours.length === 0) {
          const request = toCreateFleetRequest(inputs as never) as unknown as Record<string, unknown>;
          if (JSON.stringify(request[spec.aws]) !== JSON.stringify(JSON.parse(JSON.stringify(wire)))) mismatches.push(`${JSON.stringify(value)} is sent as ${JSON.stringify(request[spec.aws])}, not ${JSON.stringify(wire)}`);
        }
        tried++;
        const show = JSON.stringify(value)?.slice(0, 80);
        if (theirs.length > 0 && ours.length === 0) mismatches.push(`model refuses ${show} (${theirs.map((t) => t.message).join("; ")}), check accepts it`);
        if (theirs.length === 0 && ours.length > 0 && !spec.documented) mismatches.push(`model accepts ${show}, check refuses it: ${ours.map((f) => f.reason).join("; ")}`);
      }
      assert.ok(tried >= 3, `only ${tried} values derived for ${p}`);
      assert.deepEqual(mismatches, []);
    });
  }

  it("tags: the model's map, key and value rules", () => {
    const keys = ["a", "k".repeat(128), "k".repeat(129), "aws:x", "AWS:x", "team#1", "ключ", "a b", "x=y"];
    const values = ["", "v".repeat(256), "v".repeat(257), "a!b", "日本", "a/b"];
    const mismatches: string[] = [];
    for (const k of keys)
      for (const v of values) {
        const inputs = { ...onDemand, tags: { [k]: v } };
        const ours = validateFleetInputs(inputs).filter((f) => f.property.startsWith("tags"));
        const theirs = inputViolations(model, createShape, toCreateFleetRequest(inputs as never) as never).filter((x) => x.path.startsWith("Tags"));
        if ((theirs.length > 0) !== (ours.length > 0)) mismatches.push(`${JSON.stringify([k.slice(0, 12), v.slice(0, 12)])}: model ${theirs.length ? "refuses" : "accepts"}, check ${ours.length ? "refuses" : "accepts"}`);
      }
    const many = { ...onDemand, tags: Object.fromEntries(Array.from({ length: 51 }, (_, i) => [`k${i}`, "v"])) };
    assert.ok(inputViolations(model, createShape, toCreateFleetRequest(many as never) as never).length > 0);
    assert.ok(validateFleetInputs(many).some((f) => f.property === "tags"));
    assert.deepEqual(mismatches, []);
  });
});
