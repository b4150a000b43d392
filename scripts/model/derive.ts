/**
 * What this project takes from AWS's AppStream service model, derived and written as TypeScript:
 * one module for the provider (provider/generated/aws-model.ts), one for the emulator
 * (emulator/generated/aws-model.ts), so that the two never import each other and neither keeps
 * a copy by hand. Pure: model in, file texts out. scripts/model/generate.ts writes them,
 * tests/unit/aws-model.test.ts fails when a committed file differs from what the pinned model
 * gives (a stale file).
 *
 * Taken from the model:
 * - enums (PlatformType, FleetType, StreamView, ...): every enum shape the operations reach;
 * - the instance types: AWS lists them in the documentation of CreateFleetRequest's InstanceType
 *   (the model gives the member no enum), parsed from its <p>stream.*</p> items, with the
 *   ELASTIC fleets' list that follows "available for Elastic fleets";
 * - constraints (min, max, pattern, enum, required members), shape by shape: the provider's for
 *   CreateFleetRequest, the emulator's for the input of every operation it serves.
 */
import type { ServiceModel, ModelShape } from "../../tools/service-model";

/** The operations the emulator serves (emulator/http/operations; a test holds the two lists equal). */
export const EMULATED_OPERATIONS = [
  "CreateFleet",
  "DescribeFleets",
  "UpdateFleet",
  "DeleteFleet",
  "StartFleet",
  "StopFleet",
  "CreateStack",
  "DescribeStacks",
  "DeleteStack",
  "AssociateFleet",
  "DisassociateFleet",
  "ListAssociatedStacks",
  "ListAssociatedFleets",
  "TagResource",
  "UntagResource",
  "ListTagsForResource",
  "DescribeImages",
  "DescribeSessions",
] as const;

/** The operations the provider calls or mirrors (the fleet's and the lookups'). */
export const PROVIDER_OPERATIONS = ["CreateFleet", "UpdateFleet", "DescribeFleets", "DescribeImages", "DescribeSessions"] as const;

export const PROVIDER_FILE = "provider/generated/aws-model.ts";
export const EMULATOR_FILE = "emulator/generated/aws-model.ts";

export interface InstanceTypes {
  all: string[];
  elastic: string[];
}

/**
 * The instance types the documentation of CreateFleetRequest's InstanceType lists: the first
 * list (every fleet), and the one after "Elastic fleets". Throws when the text no longer has
 * that form (so a change of wording is noticed, not read as "no instance types").
 */
export function documentedInstanceTypes(model: ServiceModel): InstanceTypes {
  const doc = String(model.shapes.CreateFleetRequest?.members?.InstanceType?.documentation ?? "");
  const lists = [...doc.matchAll(/<ul>(.*?)<\/ul>/gs)].map((m) => [...m[1].matchAll(/<p>\s*(stream\.[a-z0-9.]+)\s*<\/p>/g)].map((x) => x[1]));
  const elasticAt = doc.search(/Elastic fleets/i);
  const firstUl = doc.indexOf("<ul>");
  if (lists.length === 0 || lists[0].length === 0 || firstUl < 0) {
    throw new Error("CreateFleetRequest.InstanceType's documentation lists no stream.* instance types: its form changed; update documentedInstanceTypes (scripts/model/derive.ts)");
  }
  const all = lists[0];
  let elastic: string[] = [];
  if (elasticAt >= 0) {
    const after = doc.slice(elasticAt);
    const m = /<ul>(.*?)<\/ul>/s.exec(after);
    elastic = m ? [...m[1].matchAll(/<p>\s*(stream\.[a-z0-9.]+)\s*<\/p>/g)].map((x) => x[1]) : [];
  }
  const unknown = elastic.filter((t) => !all.includes(t));
  if (unknown.length > 0) throw new Error(`InstanceType's documentation lists ${unknown.join(", ")} for Elastic fleets but not among all instance types`);
  return { all: [...new Set(all)], elastic: [...new Set(elastic)] };
}

/** Every shape an operation's input (and, with outputs, its output) reaches, by name. */
export function reachableShapes(model: ServiceModel, operations: readonly string[], withOutputs: boolean): string[] {
  const seen = new Set<string>();
  const walk = (name: string): void => {
    if (seen.has(name)) return;
    const shape = model.shapes[name];
    if (!shape) throw new Error(`the model has no shape ${name}`);
    seen.add(name);
    for (const ref of Object.values(shape.members ?? {})) walk(ref.shape);
    for (const ref of [shape.member, shape.key, shape.value]) if (ref) walk(ref.shape);
  };
  for (const op of operations) {
    const o = model.operations[op];
    if (!o) throw new Error(`the model has no operation ${op}`);
    if (o.input) walk(o.input.shape);
    if (withOutputs && o.output) walk(o.output.shape);
  }
  return [...seen].sort();
}

/** A shape as the generated modules carry it: the constraints, no documentation. */
export interface ShapeSpec {
  type: "string" | "integer" | "long" | "boolean" | "list" | "map" | "structure" | "timestamp";
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  member?: string;
  key?: string;
  value?: string;
  members?: Record<string, string>;
  required?: string[];
  deprecated?: string[];
}

function specOf(name: string, shape: ModelShape): ShapeSpec {
  const supported = ["string", "integer", "long", "boolean", "list", "map", "structure", "timestamp"];
  if (!supported.includes(shape.type)) throw new Error(`shape ${name}: type ${shape.type} is not supported by scripts/model/derive.ts`);
  const spec: ShapeSpec = { type: shape.type as ShapeSpec["type"] };
  if (shape.min !== undefined) spec.min = shape.min;
  if (shape.max !== undefined) spec.max = shape.max;
  if (shape.pattern !== undefined) spec.pattern = shape.pattern;
  if (shape.enum) spec.enum = [...shape.enum];
  if (shape.member) spec.member = shape.member.shape;
  if (shape.key) spec.key = shape.key.shape;
  if (shape.value) spec.value = shape.value.shape;
  if (shape.members) {
    spec.members = Object.fromEntries(Object.entries(shape.members).map(([m, ref]) => [m, ref.shape]));
    const deprecated = Object.entries(shape.members).filter(([, ref]) => ref.deprecated).map(([m]) => m);
    if (deprecated.length) spec.deprecated = deprecated;
  }
  if (shape.required?.length) spec.required = [...shape.required];
  return spec;
}

/** The enum shapes among `names`, name -> values in the model's order. */
function enumsOf(model: ServiceModel, names: readonly string[]): Record<string, string[]> {
  return Object.fromEntries(names.filter((n) => model.shapes[n].enum).map((n) => [n, [...model.shapes[n].enum!]]));
}

/** The flags a model pattern needs in JavaScript: `u` for \p{..} (see tools/service-model.ts modelRegExp). */
export function patternFlags(pattern: string): string {
  return /\\p\{/.test(pattern) ? "u" : "";
}

const json = (v: unknown): string => JSON.stringify(v);

function constName(shape: string): string {
  return shape.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
}

function header(model: ServiceModel, botocore: string, what: string): string[] {
  return [
    "/**",
    ` * GENERATED by scripts/model/generate.ts from AWS's AppStream service model (botocore ${botocore},`,
    ` * data/appstream/${model.metadata.apiVersion}/service-2.json.gz): do not edit. ${what}`,
    " * Regenerate with `npm run model:update -- <botocore version>` (docs/architecture.md, \"AWS's model\");",
    " * tests/unit/aws-model.test.ts fails when this file is stale against the pinned model (aws-model.env).",
    " */",
    "/* eslint-disable */",
    "",
  ];
}

function enumLines(enums: Record<string, string[]>): string[] {
  const out: string[] = [];
  for (const [name, values] of Object.entries(enums)) {
    out.push(`export const ${constName(name)} = ${json(values)} as const;`);
    out.push(`export type ${name} = (typeof ${constName(name)})[number];`);
  }
  return out;
}

function shapeTable(model: ServiceModel, names: readonly string[]): string[] {
  const out = ["export const SHAPES: { readonly [shape: string]: ShapeSpec } = {"];
  for (const n of names) out.push(`  ${n}: ${json(specOf(n, model.shapes[n]))},`);
  out.push("};");
  return out;
}

const SHAPE_SPEC_TYPE = [
  "/** A shape of the model: its type and constraints (patterns as the model writes them, not anchored by JavaScript). */",
  "export interface ShapeSpec {",
  '  readonly type: "string" | "integer" | "long" | "boolean" | "list" | "map" | "structure" | "timestamp";',
  "  readonly min?: number;",
  "  readonly max?: number;",
  "  readonly pattern?: string;",
  "  readonly enum?: readonly string[];",
  "  /** list: the member's shape; map: the key's and the value's */",
  "  readonly member?: string;",
  "  readonly key?: string;",
  "  readonly value?: string;",
  "  /** structure: member -> shape */",
  "  readonly members?: { readonly [member: string]: string };",
  "  readonly required?: readonly string[];",
  "  readonly deprecated?: readonly string[];",
  "}",
  "",
  "/** A model pattern as a JavaScript RegExp (\\p{..} classes need the u flag). */",
  "export function modelPattern(pattern: string): RegExp {",
  '  return new RegExp(pattern, /\\\\p\\{/.test(pattern) ? "u" : "");',
  "}",
];

function instanceTypeLines(types: InstanceTypes): string[] {
  return [
    "/** The instance types CreateFleetRequest's InstanceType documentation lists (the model has no enum for it). */",
    `export const INSTANCE_TYPES = ${json(types.all)} as const;`,
    "/** The instance types the same documentation lists for ELASTIC fleets. */",
    `export const ELASTIC_INSTANCE_TYPES = ${json(types.elastic)} as const;`,
  ];
}

export interface Derived {
  path: string;
  text: string;
}

/** The provider's module: enums, instance types, and the shapes CreateFleet's request reaches. */
export function providerModule(model: ServiceModel, botocore: string): Derived {
  const enumShapes = reachableShapes(model, PROVIDER_OPERATIONS, true);
  const shapes = reachableShapes(model, ["CreateFleet"], false);
  const lines = [
    ...header(model, botocore, "The provider's copy (the emulator has its own: the two never import each other)."),
    `/** The model these lists come from. */`,
    `export const MODEL_SOURCE = { botocore: ${json(botocore)}, apiVersion: ${json(model.metadata.apiVersion)} } as const;`,
    "",
    "// Enums of the shapes that CreateFleet, UpdateFleet, DescribeFleets, DescribeImages and DescribeSessions reach.",
    ...enumLines(enumsOf(model, enumShapes)),
    "",
    ...instanceTypeLines(documentedInstanceTypes(model)),
    "",
    ...SHAPE_SPEC_TYPE,
    "",
    "/** CreateFleet's request and every shape it reaches. */",
    ...shapeTable(model, shapes),
    "",
  ];
  return { path: PROVIDER_FILE, text: lines.join("\n") };
}

/** The emulator's module: enums, instance types, the input shapes of every operation it serves. */
export function emulatorModule(model: ServiceModel, botocore: string): Derived {
  const enumShapes = reachableShapes(model, EMULATED_OPERATIONS, true);
  const shapes = reachableShapes(model, EMULATED_OPERATIONS, false);
  const inputs = Object.fromEntries(EMULATED_OPERATIONS.map((op) => [op, model.operations[op].input!.shape]));
  const lines = [
    ...header(model, botocore, "The emulator's copy (the provider has its own: the two never import each other)."),
    `/** The model these lists come from. */`,
    `export const MODEL_SOURCE = { botocore: ${json(botocore)}, apiVersion: ${json(model.metadata.apiVersion)} } as const;`,
    "",
    "/** The operations the emulator serves, each with its input shape. */",
    `export const OPERATION_INPUTS = ${json(inputs)} as const;`,
    "export type OperationName = keyof typeof OPERATION_INPUTS;",
    "",
    "// Enums of the shapes those operations reach (inputs and outputs).",
    ...enumLines(enumsOf(model, enumShapes)),
    "",
    ...instanceTypeLines(documentedInstanceTypes(model)),
    "",
    ...SHAPE_SPEC_TYPE,
    "",
    "/** The input shapes of the operations served, and every shape they reach. */",
    ...shapeTable(model, shapes),
    "",
  ];
  return { path: EMULATOR_FILE, text: lines.join("\n") };
}

export function derivedModules(model: ServiceModel, botocore: string): Derived[] {
  return [providerModule(model, botocore), emulatorModule(model, botocore)];
}
