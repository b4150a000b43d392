/**
 * The plugin's schema against the sources it is generated from (scripts/gen-schema.ts): the
 * property registry, the core's types, the dynamic door's FleetArgs, the defaults, the lookups'
 * argument rules; and the file the build wrote (dist/provider/plugin/schema.json) against a fresh
 * generation, so a schema can never drift from the code by being stale.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { buildSchema, changeSentence, PackageSchema, schemaText, Spec } from "../../scripts/gen-schema";
import { DEFAULT_DRAIN_POLL_SECONDS, DEFAULT_DRAIN_TIMEOUT_SECONDS, DEFAULTS } from "../../provider/fleet/defaults";
import { BEHAVIOUR_PROPERTIES } from "../../provider/fleet/diff";
import { COMPUTED_OUTPUTS, MANAGED_PROPERTIES, PROPERTIES } from "../../provider/fleet/properties";
import { OUTPUTS } from "../../provider/fleet/resource";
import { FLEET_TYPES } from "../../provider/fleet/types";
import { validateFleetInputs } from "../../provider/fleet/validate";
import { parseGetImageArgs, parseGetImagesArgs, parseGetSessionsArgs } from "../../provider/lookups/args";
import { loadServiceModel, ServiceModel } from "../../tools/service-model";

const ROOT = path.resolve(__dirname, "..", "..");
const FLEET = "appstream-fleet:index:Fleet";

describe("plugin schema: generated from the registry", function () {
  this.timeout(120_000);
  let schema: PackageSchema;
  before(() => {
    schema = buildSchema();
  });
  const fleet = () => schema.resources[FLEET];

  it("is the package appstream-fleet at package.json's version, with one resource and the three functions", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.equal(schema.name, "appstream-fleet");
    assert.equal(schema.version, pkg.version);
    assert.deepEqual(Object.keys(schema.resources), [FLEET]);
    assert.deepEqual(Object.keys(schema.functions).sort(), ["appstream-fleet:index:getImage", "appstream-fleet:index:getImages", "appstream-fleet:index:getSessions"]);
    assert.deepEqual(Object.keys(schema.config.variables), ["region"]);
  });

  it("Fleet's inputs are the registry's properties, tags and the behaviour inputs; its outputs those the dynamic Fleet registers", () => {
    assert.deepEqual(Object.keys(fleet().inputProperties).sort(), [...MANAGED_PROPERTIES, "tags", ...BEHAVIOUR_PROPERTIES].sort());
    assert.deepEqual(Object.keys(fleet().properties).sort(), [...new Set([...OUTPUTS, "timeouts", "drain", "adoptExisting"])].sort());
    for (const c of COMPUTED_OUTPUTS) {
      assert.ok(fleet().properties[c], `computed output ${c}`);
      assert.ok(!(c in fleet().inputProperties), `${c} is not an input`);
      assert.ok((fleet().required ?? []).includes(c), `${c} is always reported`);
    }
    assert.deepEqual(fleet().requiredInputs, ["instanceType"]);
  });

  for (const p of MANAGED_PROPERTIES) {
    it(`${p}: described (types.ts) with its change mode (the registry); replaceOnChanges only if every fleet type replaces`, () => {
      const spec = PROPERTIES[p];
      for (const side of [fleet().inputProperties[p], fleet().properties[p]]) {
        assert.ok((side.description ?? "").length > changeSentence(p).length + 5, `${p}: a description of its own`);
        assert.ok(side.description?.includes(changeSentence(p)), `${p}: description says how a change is made`);
      }
      const everyTypeReplaces = FLEET_TYPES.every((t) => spec.running[t] === "replace");
      // SDK codegen reads the flag from the outputs; the inputs carry it for docs.
      assert.equal(fleet().inputProperties[p].replaceOnChanges === true, everyTypeReplaces, `${p}: replaceOnChanges (input)`);
      assert.equal(fleet().properties[p].replaceOnChanges === true, everyTypeReplaces, `${p}: replaceOnChanges (output)`);
    });
  }

  it("replaceOnChanges is on name and fleetType only (instanceType and the image change in place or by stop-update-start)", () => {
    for (const side of [fleet().inputProperties, fleet().properties]) {
      const flagged = Object.entries(side).filter(([, s]) => s.replaceOnChanges).map(([k]) => k);
      assert.deepEqual(flagged.sort(), ["fleetType", "name"]);
    }
  });

  it("defaults: desiredState and updateStrategy as defaults.ts; drain's members; fleetType's AWS default only in words (a sent default would replace an adopted ALWAYS_ON fleet)", () => {
    assert.equal(fleet().inputProperties.desiredState.default, DEFAULTS.desiredState);
    assert.equal(fleet().inputProperties.updateStrategy.default, DEFAULTS.updateStrategy);
    assert.equal(fleet().inputProperties.fleetType.default, undefined);
    assert.match(fleet().inputProperties.fleetType.description ?? "", new RegExp(`Default: ${DEFAULTS.fleetType}`));
    const drain = schema.types["appstream-fleet:index:DrainOptions"].properties;
    assert.equal(drain.timeoutSeconds.default, DEFAULT_DRAIN_TIMEOUT_SECONDS);
    assert.equal(drain.pollSeconds.default, DEFAULT_DRAIN_POLL_SECONDS);
    assert.equal(drain.onTimeout.default, "stop");
  });

  it("every Fleet input and output and every function argument has a description; region names the plugin's config key", () => {
    const described = (where: string, props: Record<string, Spec>) => {
      for (const [k, s] of Object.entries(props)) assert.ok((s.description ?? "").length > 0, `${where}.${k} has no description`);
    };
    described("Fleet inputs", fleet().inputProperties);
    described("Fleet outputs", fleet().properties);
    for (const [tok, f] of Object.entries(schema.functions)) {
      assert.ok(f.description.length > 0, `${tok} has a description`);
      described(tok, f.inputs.properties);
      assert.match(f.inputs.properties.region.description ?? "", /appstream-fleet:region/);
      assert.doesNotMatch(f.inputs.properties.region.description ?? "", /aws:region/);
    }
    assert.match(fleet().inputProperties.region.description ?? "", /appstream-fleet:region/);
  });

  it("function arguments are exactly what the lookups accept (each is taken, another name is refused) and the required ones are required", () => {
    const cases = [
      ["getImage", parseGetImageArgs],
      ["getImages", parseGetImagesArgs],
      ["getSessions", parseGetSessionsArgs],
    ] as const;
    for (const [name, parse] of cases) {
      const f = schema.functions[`appstream-fleet:index:${name}`];
      for (const k of Object.keys(f.inputs.properties)) {
        try {
          parse({ [k]: undefined });
        } catch (e) {
          assert.doesNotMatch(String(e), /is not an argument of/, `${name} refuses the schema's argument ${k}`);
        }
      }
      assert.throws(() => parse({ notAnArgument: 1 }), /is not an argument of/);
      if (name === "getSessions") assert.deepEqual([...(f.inputs.required ?? [])].sort(), ["fleetName", "stackName"]);
      else assert.equal(f.inputs.required, undefined);
    }
    assert.equal(schema.functions["appstream-fleet:index:getImage"].outputs.properties.name.type, "string");
    assert.deepEqual(schema.functions["appstream-fleet:index:getImages"].outputs.properties.images.items, { $ref: "#/types/appstream-fleet:index:Image" });
    assert.deepEqual(schema.functions["appstream-fleet:index:getSessions"].outputs.properties.sessions.items, { $ref: "#/types/appstream-fleet:index:Session" });
  });

  it("every $ref names a type of the schema", () => {
    const refs = JSON.stringify(schema).match(/"#\/types\/[^"]+"/g) ?? [];
    for (const r of refs) assert.ok(schema.types[JSON.parse(r).slice("#/types/".length)], `${r} is defined`);
  });

  it("the build wrote this schema (dist/provider/plugin/schema.json equals a fresh generation)", () => {
    const file = path.join(ROOT, "dist", "provider", "plugin", "schema.json");
    assert.ok(fs.existsSync(file), `${file} is missing: run \`npm run build\``);
    assert.equal(fs.readFileSync(file, "utf8"), schemaText(), "dist's schema is stale: run `npm run build`");
  });
});

/** A number of the schema (`integer` or `number`) and the model's shape of the same member, if AWS has one. */
interface NumberLeaf {
  where: string;
  type: "integer" | "number";
  /** The model's type of the member (integer, long, double...); undefined: not an AWS member. */
  model?: string;
}

/**
 * Every number of a schema property, walked beside the model's shape of the same member (members
 * matched by name, case aside: `disableImdsV1` is `DisableIMDSV1`, `iconUrl` is `IconURL`).
 */
function numberLeaves(schema: PackageSchema, model: ServiceModel, spec: Spec, shapeName: string | undefined, where: string, out: NumberLeaf[]): void {
  const shape = shapeName === undefined ? undefined : model.shapes[shapeName];
  if (spec.$ref !== undefined) {
    const t = schema.types[spec.$ref.replace(/^#\/types\//, "")];
    for (const [k, v] of Object.entries(t.properties)) numberLeaves(schema, model, v, memberShape(model, shapeName, k), `${where}.${k}`, out);
  } else if (spec.type === "array") numberLeaves(schema, model, spec.items as Spec, shape?.type === "list" ? shape.member?.shape : undefined, `${where}[]`, out);
  else if (spec.type === "object" && spec.additionalProperties) numberLeaves(schema, model, spec.additionalProperties, shape?.type === "map" ? shape.value?.shape : undefined, `${where}{}`, out);
  else if (spec.oneOf) for (const [i, o] of spec.oneOf.entries()) numberLeaves(schema, model, o, shapeName, `${where}|${i}`, out);
  else if (spec.type === "integer" || spec.type === "number") out.push({ where, type: spec.type, model: shape?.type });
}

/** The shape of the member of a structure shape named like a schema property (case aside). */
function memberShape(model: ServiceModel, structure: string | undefined, property: string): string | undefined {
  const members = structure === undefined ? undefined : model.shapes[structure]?.members;
  const found = Object.entries(members ?? {}).find(([m]) => m.toLowerCase() === property.toLowerCase());
  return found?.[1].shape;
}

describe("plugin schema: integer exactly where AWS's model has an Integer", function () {
  this.timeout(120_000);
  const { model, via } = loadServiceModel();
  const schema = buildSchema();
  const fleet = schema.resources[FLEET];
  const leaves: NumberLeaf[] = [];
  const walk = (props: Record<string, Spec>, shapesOf: (k: string) => string | undefined, where: string) => {
    for (const [k, v] of Object.entries(props)) numberLeaves(schema, model, v, shapesOf(k), `${where}.${k}`, leaves);
  };
  const createFleet = model.operations.CreateFleet.input!.shape;
  // Fleet inputs are CreateFleet's members; outputs DescribeFleets' Fleet's (computeCapacity: CreateFleet's).
  walk(fleet.inputProperties, (k) => memberShape(model, createFleet, k), "Fleet inputs");
  walk(fleet.properties, (k) => memberShape(model, "Fleet", k) ?? memberShape(model, createFleet, k), "Fleet outputs");
  // Function arguments and results are the members of the operation each one calls.
  const ops: Record<string, [string, string]> = { getImage: ["DescribeImages", "Image"], getImages: ["DescribeImages", ""], getSessions: ["DescribeSessions", ""] };
  for (const [name, [op, resultShape]] of Object.entries(ops)) {
    const f = schema.functions[`appstream-fleet:index:${name}`];
    walk(f.inputs.properties, (k) => memberShape(model, model.operations[op].input!.shape, k), `${name} arguments`);
    walk(f.outputs.properties, (k) => memberShape(model, resultShape || model.operations[op].output!.shape, k), `${name} result`);
  }

  it(`walks the schema beside the model (${via})`, () => {
    assert.ok(leaves.filter((l) => l.model !== undefined).length >= 20, `only ${leaves.length} numbers matched with the model: ${JSON.stringify(leaves)}`);
    assert.ok(leaves.some((l) => l.where === "Fleet inputs.computeCapacity.desiredInstances" && l.model === "integer"));
  });

  it("every number that is an AWS member is `integer` if and only if the model's member is an Integer (or Long)", () => {
    const wrong = leaves
      .filter((l) => l.model !== undefined)
      .filter((l) => (l.type === "integer") !== (l.model === "integer" || l.model === "long"))
      .map((l) => `${l.where}: schema ${l.type}, model ${l.model}`);
    assert.deepEqual(wrong, []);
  });

  it("the provider's own numbers (no AWS member) are `integer` if and only if check refuses a fraction there", () => {
    const own = leaves.filter((l) => l.model === undefined);
    assert.ok(own.length > 0);
    const base = { name: "f1", imageName: "img", instanceType: "stream.standard.medium", computeCapacity: { desiredInstances: 1 } };
    const wrong: string[] = [];
    for (const l of own) {
      const m = /^Fleet (inputs|outputs)\.(\w+)\.(\w+)(\|\d+)?$/.exec(l.where);
      assert.ok(m, `${l.where}: a number outside the Fleet's nested inputs, with no AWS member to judge it by`);
      if (m[1] === "outputs") {
        assert.ok(own.some((o) => o.where === `Fleet inputs.${m[2]}.${m[3]}${m[4] ?? ""}` && o.type === l.type), `${l.where}: as the input`);
        continue;
      }
      const failures = validateFleetInputs({ ...base, [m[2]]: { [m[3]]: 1.5 } } as never).filter((f) => f.property === `${m[2]}.${m[3]}`);
      if ((l.type === "integer") !== (failures.length > 0)) wrong.push(`${l.where}: schema ${l.type}, check ${failures.length > 0 ? "refuses" : "accepts"} 1.5`);
    }
    assert.deepEqual(wrong, []);
  });
});
