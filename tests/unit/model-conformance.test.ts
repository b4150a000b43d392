/**
 * Provider validation against AWS's own service model (botocore's, read at run time), in both
 * directions, property by property of the registry:
 *  - every value the model refuses in the CreateFleet request the provider would send is refused
 *    by check, naming the property;
 *  - no value the model accepts is refused, unless the property's registry entry cites the API
 *    reference page that states the extra limit (`documented`).
 * The values are derived from the model's shapes: enums, patterns, lengths and list sizes at the
 * bound and past it, wrong JSON types, and integers around the documented ranges.
 * Besides, per property:
 *  - every constraint the model states on its member (min/max length and size, enum, pattern,
 *    required member, the 32-bit Integer), each broken alone, is refused by check naming the path;
 *  - the emulator (its input shapes and the service's rules, in process) refuses exactly the
 *    values check refuses, so tests against the emulator meet what AWS would refuse.
 */
import { strict as assert } from "assert";
import { toCreateFleetRequest } from "../../provider/fleet/convert";
import { MANAGED_PROPERTIES, ManagedProperty, PROPERTIES } from "../../provider/fleet/properties";
import { validateFleetInputs } from "../../provider/fleet/validate";
import { inputViolations, loadServiceModel, ModelShape, patternBreaker, patternSample, ServiceModel } from "../../tools/service-model";
import { Backend } from "../../emulator/service";
import { readInput } from "../../emulator/service/constraints";
import { DEFAULT_IMAGES } from "../../emulator/service/images/catalogue";
import { INPUT_SHAPES } from "../../emulator/service/shapes";

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

/** Values the model accepts for members it leaves unconstrained but the API reference limits. */
const VALID_INTEGER: Record<string, number> = { VolumeSizeInGb: 200, MaxUserDurationInSeconds: 600, DisconnectTimeoutInSeconds: 900 };
const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

/** A value the model accepts for a shape (structures: their required members only). */
function validValue(model: ServiceModel, shapeName: string, member = ""): unknown {
  const shape = model.shapes[shapeName] as ModelShape;
  switch (shape.type) {
    case "string":
      if (shape.enum) return shape.enum[0];
      return shape.pattern ? patternSample(shape.pattern, undefined, shape.min ?? 0, shape.max ?? 4096) : "a".repeat(Math.max(1, shape.min ?? 0));
    case "integer":
    case "long":
      return VALID_INTEGER[member] ?? 1;
    case "boolean":
      return true;
    case "list":
      return Array.from({ length: shape.min ?? 0 }, () => validValue(model, shape.member!.shape));
    case "structure":
      return Object.fromEntries((shape.required ?? []).map((r) => [r, validValue(model, shape.members![r].shape, r)]));
    default:
      return undefined;
  }
}

/** One constraint of the model on a registry property's member, and a value breaking it alone. */
interface Constraint {
  /** The wire path inside the property's value, e.g. ["SecurityGroupIds"] or [0]. */
  at: (string | number)[];
  rule: string;
  value: unknown;
}

/** Every constraint the model puts on a shape (and its members), each with a value breaking only it. */
function modelConstraints(model: ServiceModel, shapeName: string, at: (string | number)[] = [], member = ""): Constraint[] {
  const shape = model.shapes[shapeName] as ModelShape;
  const out: Constraint[] = [];
  const add = (rule: string, value: unknown) => value !== undefined && out.push({ at, rule: `${shapeName} ${rule}`, value });
  switch (shape.type) {
    case "string": {
      if (shape.enum) add(`enum ${shape.enum.join("|")}`, "NOT_A_VALUE");
      const p = shape.pattern;
      if (shape.min !== undefined && shape.min > 0) add(`min length ${shape.min}`, (p && patternSample(p, shape.min - 1)) ?? "a".repeat(shape.min - 1));
      if (shape.max !== undefined) add(`max length ${shape.max}`, (p && patternSample(p, shape.max + 1)) ?? "a".repeat(shape.max + 1));
      if (p) add(`pattern ${p}`, patternBreaker(p, shape.min ?? 0, shape.max ?? Infinity));
      break;
    }
    case "integer":
      add("32-bit integer (above)", INT32.max + 1);
      add("32-bit integer (below)", INT32.min - 1);
      if (shape.min !== undefined) add(`min ${shape.min}`, shape.min - 1);
      if (shape.max !== undefined) add(`max ${shape.max}`, shape.max + 1);
      break;
    case "list": {
      const good = validValue(model, shape.member!.shape);
      if (shape.min !== undefined && shape.min > 0) add(`min size ${shape.min}`, Array(shape.min - 1).fill(good));
      if (shape.max !== undefined) add(`max size ${shape.max}`, Array(shape.max + 1).fill(good));
      for (const c of modelConstraints(model, shape.member!.shape, [0])) out.push({ at: [...at, ...c.at], rule: c.rule, value: c.value });
      break;
    }
    case "structure": {
      const skeleton = validValue(model, shapeName, member) as Record<string, unknown>;
      for (const r of shape.required ?? []) {
        const { [r]: _dropped, ...rest } = skeleton;
        out.push({ at, rule: `${shapeName} requires ${r}`, value: rest });
      }
      for (const [m, ref] of Object.entries(shape.members ?? {}))
        for (const c of modelConstraints(model, ref.shape, [], m)) out.push({ at: [...at, m, ...c.at], rule: c.rule, value: c.value });
      break;
    }
  }
  return out;
}

/** The whole property value (wire) with `value` placed at `at` inside a valid skeleton. */
function placed(model: ServiceModel, shapeName: string, at: (string | number)[], value: unknown): unknown {
  if (at.length === 0) return value;
  const shape = model.shapes[shapeName] as ModelShape;
  const [head, ...rest] = at;
  if (shape.type === "list") return [placed(model, shape.member!.shape, rest, value)];
  const skeleton = validValue(model, shapeName) as Record<string, unknown>;
  return { ...skeleton, [head]: placed(model, shape.members![head as string].shape, rest, value) };
}

/** The input path (as check names it) of a wire path inside property p. */
function inputPath(p: string, at: (string | number)[]): string {
  const renamed: Record<string, string> = { S3Bucket: "s3Bucket", S3Key: "s3Key", VolumeSizeInGb: "volumeSizeInGb" };
  return at.reduce<string>((path, a) => (typeof a === "number" ? `${path}[${a}]` : `${path}.${renamed[a] ?? a.charAt(0).toLowerCase() + a.slice(1)}`), p);
}

/** The emulator's verdict on a CreateFleet request: its input shape, then the service's own rules. */
function emulatorRefusal(request: unknown): string | undefined {
  const backend = new Backend(DEFAULT_IMAGES, { progress: { delayMs: () => 60_000 }, takeStartFailure: () => undefined, describeLagMs: () => 0, recordTransition: () => undefined });
  try {
    const input = readInput(JSON.parse(JSON.stringify(request)), INPUT_SHAPES.CreateFleet);
    backend.fleets.createFleet({ now: Date.now(), region: "us-east-1" }, input as never);
    return undefined;
  } catch (e) {
    return `${(e as Error).name}: ${(e as Error).message}`;
  }
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

  for (const p of MANAGED_PROPERTIES) {
    const spec = PROPERTIES[p];
    it(`${p}: every constraint the model puts on ${spec.aws} is enforced by the registry, naming the path and the value`, () => {
      const shapeName = members[spec.aws].shape;
      const constraints = modelConstraints(model, shapeName);
      const missed: string[] = [];
      for (const c of constraints) {
        const wire = placed(model, shapeName, c.at, c.value);
        assert.ok(inputViolations(model, shapeName, wire).length > 0 || c.rule.includes("32-bit"), `${p}: the model does not refuse ${JSON.stringify(wire)} (${c.rule})`);
        const path = inputPath(p, c.at);
        const failures = validateFleetInputs({ ...baseFor(p, wire), [p]: toInput(p, wire) });
        // The failure names the member's path (or, for a list member, the list), and shows the value
        // (or, for a length, the length): the rule's words are checked by validate.test.ts.
        const hit = failures.find((f) => f.property === path || (path.startsWith(`${f.property}[`) && f.property.startsWith(p)) || (c.rule.includes("requires") && f.property.startsWith(`${path}.`)));
        if (!hit) missed.push(`${c.rule} at ${path}: ${JSON.stringify(c.value)?.slice(0, 60)} accepted (${JSON.stringify(failures)})`);
      }
      assert.deepEqual(missed, []);
    });
  }

  it("every registry property has a model constraint or a documented limit, or is a boolean", () => {
    const bare = MANAGED_PROPERTIES.filter((p) => modelConstraints(model, members[PROPERTIES[p].aws].shape).length === 0 && !PROPERTIES[p].documented);
    assert.deepEqual(bare.filter((p) => model.shapes[members[PROPERTIES[p].aws].shape].type !== "boolean"), []);
  });

  for (const p of MANAGED_PROPERTIES) {
    const spec = PROPERTIES[p];
    it(`${p}: the emulator refuses exactly what check refuses (so provider and emulator agree with AWS)`, () => {
      const shapeName = members[spec.aws].shape;
      const values = [...candidates(model, shapeName), ...modelConstraints(model, shapeName).map((c) => placed(model, shapeName, c.at, c.value))];
      const mismatches: string[] = [];
      for (const wire of values) {
        // The idle timeout against AWS's default disconnect timeout is check's live rule
        // (check-live.ts); with the disconnect timeout set, pure validation decides.
        const extra = p === "idleDisconnectTimeoutInSeconds" ? { disconnectTimeoutInSeconds: 36000 } : {};
        const inputs = { ...baseFor(p, wire), ...extra, [p]: toInput(p, wire) };
        const ours = validateFleetInputs(inputs);
        // What the provider would send: the value as it is (the request of a refused program is never sent).
        const request = { ...(toCreateFleetRequest({ ...inputs, [p]: undefined } as never) as unknown as Record<string, unknown>), [spec.aws]: wire };
        // An image that does not exist is refused by check's DescribeImages (aws/images.ts), not by pure validation.
        const theirs = [emulatorRefusal(request)].find((r) => r === undefined || !/The image .* does not exist/.test(r));
        const show = JSON.stringify(wire)?.slice(0, 70);
        if (ours.length > 0 && theirs === undefined) mismatches.push(`check refuses ${show} (${ours.map((f) => `${f.property}: ${f.reason}`).join("; ").slice(0, 120)}), the emulator accepts it`);
        if (ours.length === 0 && theirs !== undefined) mismatches.push(`check accepts ${show}, the emulator refuses it: ${theirs.slice(0, 160)}`);
      }
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
