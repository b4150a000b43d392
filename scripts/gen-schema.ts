/**
 * Generates the Pulumi package schema of the resource plugin `appstream-fleet` from the sources
 * that already define the Fleet and the lookups, so that no schema is written by hand:
 *
 *  - the TypeScript types the core works with, the single declaration of a Fleet's shape
 *    (provider/fleet/types.ts: FleetInputs, FleetOutputs and their nested types, REQUIRED_INPUTS;
 *    provider/lookups/types.ts: the lookups' arguments and results), read with the TypeScript
 *    compiler: property names, types, optionality, doc comments (a `{@link NAME}` of a list the
 *    code declares, such as ELASTIC_PLATFORMS, becomes its values);
 *  - the property registry (provider/fleet/properties.ts): how a change of each managed property
 *    is made per fleet type, and `replaceOnChanges` (only where every fleet type replaces the
 *    fleet: a generated SDK turns the flag into a resource option that would override the
 *    provider's per-type decision); COMPUTED_OUTPUTS;
 *  - defaults (provider/fleet/defaults.ts) and package.json (version, license, and `repository`,
 *    from which scripts/release/repository.ts derives the pluginDownloadURL every SDK carries
 *    and the Go SDK's module path).
 *
 * Members declared with the alias `Integer` (types.ts: `number` to TypeScript) are `integer`, every
 * other number `number`: AWS's model has those members as Integers (tests/unit/schema.test.ts
 * compares them with the model, member by member).
 *
 * String unions stay `string` in the schema (their values are listed in the description): the
 * provider's check() refuses a bad value with the same message through both doors, and a language
 * host never refuses first with another.
 *
 * `npm run build` runs it: `ts-node --transpile-only scripts/gen-schema.ts [OUT]` writes OUT
 * (default dist/provider/plugin/schema.json, which the plugin serves and the npm package carries).
 */
import * as fs from "fs";
import * as path from "path";
import ts from "typescript";
import { DEFAULT_DRAIN_POLL_SECONDS, DEFAULT_DRAIN_TIMEOUT_SECONDS, DEFAULTS } from "../provider/fleet/defaults";
import { ChangeMode, COMPUTED_OUTPUTS, MANAGED_PROPERTIES, ManagedProperty, PROPERTIES } from "../provider/fleet/properties";
import { FLEET_TYPES, REQUIRED_INPUTS } from "../provider/fleet/types";
import { ELASTIC_PLATFORMS } from "../provider/fleet/validate";
import { FLEET_TOKEN, PACKAGE, pluginToken } from "../provider/fleet/tokens";
import { repository } from "./release/repository";

const ROOT = path.resolve(__dirname, "..");
const FLEET_TYPES_FILE = path.join(ROOT, "provider", "fleet", "types.ts");
const LOOKUP_TYPES_FILE = path.join(ROOT, "provider", "lookups", "types.ts");
/** The alias (provider/fleet/types.ts) that marks a whole number: the schema's `integer`. */
const INTEGER_ALIAS = "Integer";
const LOOKUP_FILES = { getImage: "images.ts", getImages: "images.ts", getSessions: "sessions.ts" } as const;

export type Spec = {
  type?: "string" | "number" | "integer" | "boolean" | "array" | "object";
  items?: Spec;
  additionalProperties?: Spec;
  $ref?: string;
  oneOf?: Spec[];
  description?: string;
  default?: unknown;
  replaceOnChanges?: boolean;
};
export interface ObjectSpec {
  type: "object";
  description?: string;
  properties: Record<string, Spec>;
  required?: string[];
}
export interface PackageSchema {
  name: string;
  displayName: string;
  version: string;
  description: string;
  license: string;
  repository: string;
  pluginDownloadURL: string;
  keywords: string[];
  meta: { moduleFormat: string };
  config: { variables: Record<string, Spec> };
  provider: { description: string };
  resources: Record<string, ObjectSpec & { inputProperties: Record<string, Spec>; requiredInputs: string[] }>;
  functions: Record<string, { description: string; inputs: ObjectSpec; outputs: ObjectSpec }>;
  types: Record<string, ObjectSpec>;
  language: Record<string, unknown>;
}

const tokenOf = pluginToken;

/** Reads TypeScript declarations into schema specs, collecting named object types. */
class TypeReader {
  readonly types: Record<string, ObjectSpec> = {};
  private readonly checker: ts.TypeChecker;
  private readonly program: ts.Program;

  constructor(files: string[]) {
    this.program = ts.createProgram(files, { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, skipLibCheck: true, noEmit: true, types: [] });
    this.checker = this.program.getTypeChecker();
  }

  /** The declared type of an exported interface or type alias. */
  declared(file: string, name: string): ts.Type {
    const sf = this.program.getSourceFile(file);
    if (!sf) throw new Error(`gen-schema: cannot read ${file}`);
    for (const st of sf.statements) {
      if ((ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) && st.name.text === name) return this.checker.getTypeAtLocation(st.name);
    }
    throw new Error(`gen-schema: ${name} is not declared in ${path.relative(ROOT, file)}`);
  }

  /** Members of an object type: name, spec (described by its doc comment), optional. */
  members(t: ts.Type, owner: string): Member[] {
    return this.checker.getPropertiesOfType(t).map((sym) => {
      const decl = sym.valueDeclaration ?? sym.declarations?.[0];
      const mt = decl ? this.checker.getTypeOfSymbolAtLocation(sym, decl) : this.checker.getDeclaredTypeOfSymbol(sym);
      const spec = decl && this.isInteger(decl) ? { type: "integer" as const } : this.spec(mt, `${owner}${sym.name[0].toUpperCase()}${sym.name.slice(1)}`);
      const doc = decl ? leadingDoc(decl.getSourceFile(), decl) : "";
      const literals = this.literals(mt);
      return { name: sym.name, spec: withDoc(spec, describe(doc, literals)), doc, literals, optional: (sym.flags & ts.SymbolFlags.Optional) !== 0 };
    });
  }

  /**
   * Whether a member is declared with the alias `Integer` (provider/fleet/types.ts). The alias is
   * `number` to the compiler, which keeps no alias on a primitive type: the declaration's type
   * node says it.
   */
  isInteger(decl: ts.Declaration): boolean {
    if (!ts.isPropertySignature(decl) || decl.type === undefined || !ts.isTypeReferenceNode(decl.type)) return false;
    const name = decl.type.typeName;
    if (!ts.isIdentifier(name) || name.text !== INTEGER_ALIAS) return false;
    if (!(this.checker.getTypeFromTypeNode(decl.type).flags & ts.TypeFlags.Number)) throw new Error(`gen-schema: ${INTEGER_ALIAS} is not an alias of number`);
    return true;
  }

  /** The string literal values of a union such as "APP" | "DESKTOP" (empty for other types). */
  literals(t: ts.Type): string[] {
    const parts = t.isUnion() ? t.types : [t];
    const values = parts.filter((p) => p.isStringLiteral()).map((p) => (p as ts.StringLiteralType).value).filter((v) => v !== "");
    const onlyLiterals = parts.every((p) => p.isStringLiteral() || (p.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)) !== 0);
    return onlyLiterals ? values : [];
  }

  spec(t0: ts.Type, hint: string): Spec {
    const t = this.checker.getNonNullableType(t0);
    const f = t.flags;
    if (t.isUnion()) {
      const parts = t.types;
      if (parts.every((p) => p.flags & ts.TypeFlags.BooleanLiteral)) return { type: "boolean" };
      if (parts.every((p) => p.flags & ts.TypeFlags.StringLike)) return { type: "string" };
      if (parts.every((p) => p.flags & ts.TypeFlags.NumberLike)) return { type: "number" };
      return { oneOf: parts.map((p) => this.spec(p, hint)) };
    }
    if (f & ts.TypeFlags.StringLike) return { type: "string" };
    if (f & ts.TypeFlags.NumberLike) return { type: "number" };
    if (f & ts.TypeFlags.BooleanLike) return { type: "boolean" };
    if (this.checker.isArrayType(t)) {
      const [item] = this.checker.getTypeArguments(t as ts.TypeReference);
      return { type: "array", items: this.spec(item, hint.replace(/s$/, "")) };
    }
    if (f & ts.TypeFlags.Object) {
      const index = this.checker.getIndexInfoOfType(t, ts.IndexKind.String);
      if (index && this.checker.getPropertiesOfType(t).length === 0) return { type: "object", additionalProperties: this.spec(index.type, hint) };
      const symName = t.aliasSymbol?.name ?? t.getSymbol()?.name;
      const name = symName === undefined || symName.startsWith("__") ? hint : symName;
      return { $ref: `#/types/${this.objectType(name, t)}` };
    }
    throw new Error(`gen-schema: no schema type for ${this.checker.typeToString(t)} (${hint})`);
  }

  /** Registers a named object type (once) and returns its token. */
  objectType(name: string, t: ts.Type): string {
    const token = tokenOf(name);
    if (this.types[token] === undefined) {
      this.types[token] = { type: "object", properties: {} }; // placeholder against recursion
      const decl = (t.aliasSymbol ?? t.getSymbol())?.declarations?.[0];
      const doc = decl ? leadingDoc(decl.getSourceFile(), decl) : "";
      this.types[token] = objectSpec(this.members(t, name), doc);
    }
    return token;
  }
}

interface Member {
  name: string;
  spec: Spec;
  /** The doc comment alone, and the values of a string union. */
  doc: string;
  literals: string[];
  optional: boolean;
}

/** A description: the doc comment, and the values of a string union unless it names them all. */
function describe(doc: string, literals: string[]): string {
  const oneOf = literals.length > 0 && !literals.every((v) => doc.includes(v)) ? `One of: ${literals.join(", ")}.` : "";
  return [doc, oneOf].filter((x) => x !== "").join(" ");
}

function withDoc(spec: Spec, description: string): Spec {
  return description === "" ? spec : { ...spec, description };
}

function objectSpec(members: { name: string; spec: Spec; optional: boolean }[], description: string): ObjectSpec {
  const required = members.filter((m) => !m.optional).map((m) => m.name);
  return {
    type: "object",
    ...(description !== "" ? { description } : {}),
    properties: Object.fromEntries(members.map((m) => [m.name, m.spec])),
    ...(required.length > 0 ? { required } : {}),
  };
}

/** The lists a doc comment may name with `{@link NAME}`: the schema says their values. */
const LINKED_LISTS: Readonly<Record<string, readonly string[]>> = { ELASTIC_PLATFORMS };

/** The leading doc comment of a declaration, as plain text (JSDoc tags such as @example dropped). */
function leadingDoc(sf: ts.SourceFile, node: ts.Node): string {
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
  const last = ranges.filter((r) => sf.text.slice(r.pos, r.pos + 3) === "/**").pop();
  if (!last) return "";
  const body = sf.text.slice(last.pos + 3, last.end - 2);
  const lines = body.split("\n").map((l) => l.replace(/^\s*\* ?/, ""));
  const cut = lines.findIndex((l) => l.trimStart().startsWith("@"));
  const text = (cut < 0 ? lines : lines.slice(0, cut)).join("\n").trim().replace(/\s*\n\s*/g, " ");
  return text.replace(/\{@link (\w+)\}/g, (link, name: string) => {
    const values = LINKED_LISTS[name];
    if (values === undefined) throw new Error(`gen-schema: ${link} in a doc comment names no list gen-schema knows (LINKED_LISTS)`);
    return values.join(", ");
  });
}

/** The doc comment of an exported function of a lookups file. */
function functionDoc(file: string, name: string): string {
  const full = path.join(ROOT, "provider", "lookups", file);
  const sf = ts.createSourceFile(full, fs.readFileSync(full, "utf8"), ts.ScriptTarget.ES2022, true);
  const fn = sf.statements.find((s) => ts.isFunctionDeclaration(s) && s.name?.text === name);
  if (!fn) throw new Error(`gen-schema: ${name} is not declared in provider/lookups/${file}`);
  return leadingDoc(sf, fn);
}

const MODE_TEXT: Record<ChangeMode, string> = { live: "live", stopped: "stop–update–start", replace: "replaces the fleet" };

/** How a change of a managed property is made on a running fleet, in one sentence, from the registry. */
export function changeSentence(p: ManagedProperty): string {
  const running = PROPERTIES[p].running;
  const byMode = new Map<ChangeMode, string[]>();
  for (const t of FLEET_TYPES) byMode.set(running[t], [...(byMode.get(running[t]) ?? []), t]);
  if (byMode.size === 1) return `A change on a running fleet: ${MODE_TEXT[running.ALWAYS_ON]}.`;
  return `A change on a running fleet: ${[...byMode].map(([m, ts]) => `${MODE_TEXT[m]} (${ts.join(", ")})`).join("; ")}.`;
}

/** Properties a change of which replaces the fleet for every fleet type (name, fleetType). */
export function replacedForEveryType(): ManagedProperty[] {
  return MANAGED_PROPERTIES.filter((p) => FLEET_TYPES.every((t) => PROPERTIES[p].running[t] === "replace"));
}

/** The schema, from the sources named at the top of this file. */
export function buildSchema(): PackageSchema {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const repo = repository(pkg);
  const reader = new TypeReader([FLEET_TYPES_FILE, LOOKUP_TYPES_FILE]);
  const managed = new Set<string>(MANAGED_PROPERTIES);
  const replaced = new Set<string>(replacedForEveryType());
  const defaults: Record<string, unknown> = { desiredState: DEFAULTS.desiredState, updateStrategy: DEFAULTS.updateStrategy };

  const inputs = reader.members(reader.declared(FLEET_TYPES_FILE, "FleetInputs"), "Fleet");
  const outputs = reader.members(reader.declared(FLEET_TYPES_FILE, "FleetOutputs"), "Fleet");
  /** A member's doc comment: its own, else the input's it redeclares (FleetOutputs narrows some inputs). */
  const docOf = (m: Member) => (m.doc !== "" ? m.doc : (inputs.find((i) => i.name === m.name)?.doc ?? ""));

  /**
   * A Fleet member's spec: its doc comment (types.ts), and for a managed property how a change is
   * made (the registry). `region` is where the doors differ: the plugin's default is its own config
   * key (docs/languages.md).
   */
  const fleetMember = (m: Member, output: boolean): Spec => {
    let description: string;
    if (managed.has(m.name)) {
      const p = m.name as ManagedProperty;
      description = `${docOf(m)} ${changeSentence(p)}`;
    } else if (m.name === "region" && !output) {
      description = `The AWS region of the fleet (default: \`${PACKAGE}:region\`, then the AWS SDK's chain: AWS_REGION, AWS_DEFAULT_REGION, the profile's region). Changing it replaces the fleet.`;
    } else description = describe(docOf(m), m.literals);
    if (!output && m.name === "fleetType") description += ` Default: ${DEFAULTS.fleetType}.`;
    const spec: Spec = { ...m.spec, description };
    if (!output && m.name in defaults) spec.default = defaults[m.name];
    // On both sides: SDK codegen reads the flag from the outputs (`properties`), docs from the inputs.
    if (replaced.has(m.name)) spec.replaceOnChanges = true;
    return spec;
  };

  const requiredInputs: string[] = [...REQUIRED_INPUTS];

  // Drain's defaults (defaults.ts): the nested type reads them as documented defaults.
  const drain = reader.types[tokenOf("DrainOptions")];
  if (drain) {
    drain.properties.timeoutSeconds.default = DEFAULT_DRAIN_TIMEOUT_SECONDS;
    drain.properties.pollSeconds.default = DEFAULT_DRAIN_POLL_SECONDS;
    drain.properties.onTimeout.default = "stop";
  }

  /** A lookup's `region` argument: through the plugin, its default is the plugin's config key. */
  const pluginRegion = (m: Member): Member =>
    m.name !== "region" ? m : { ...m, spec: { ...m.spec, description: `AWS region, for example "eu-west-1". Default: \`${PACKAGE}:region\`, then the AWS SDK's chain.` } };
  const fn = (name: keyof typeof LOOKUP_FILES, argsType: string, resultType: string) => {
    const result = reader.members(reader.declared(LOOKUP_TYPES_FILE, resultType), resultType.replace(/Result$/, ""));
    const docOfResult = (reader.types[tokenOf(resultType)] ?? undefined)?.description ?? "";
    return {
      description: functionDoc(LOOKUP_FILES[name], name),
      inputs: objectSpec(reader.members(reader.declared(LOOKUP_TYPES_FILE, argsType), argsType.replace(/Args$/, "")).map(pluginRegion), ""),
      outputs: objectSpec(result, docOfResult),
    };
  };
  const functions = {
    [tokenOf("getImage")]: fn("getImage", "GetImageArgs", "GetImageResult"),
    [tokenOf("getImages")]: fn("getImages", "GetImagesArgs", "GetImagesResult"),
    [tokenOf("getSessions")]: fn("getSessions", "GetSessionsArgs", "GetSessionsResult"),
  };

  const computed = new Set<string>(COMPUTED_OUTPUTS);
  for (const c of computed) if (!outputs.some((o) => o.name === c)) throw new Error(`gen-schema: computed output ${c} is not a member of FleetOutputs`);

  return {
    name: PACKAGE,
    displayName: "AppStream 2.0 Fleet",
    version: String(pkg.version).replace(/^v/, ""),
    description:
      "Amazon WorkSpaces Applications (formerly AppStream 2.0) fleets changed the way AWS allows (live, or stop–update–start, replace or refuse), with previews that say whom a change interrupts; image and session lookups.",
    license: String(pkg.license),
    repository: repo.url,
    // Where the engine downloads the plugin a program's SDK asks for: the GitHub release of this
    // version (pulumi-resource-appstream-fleet-v<version>-<os>-<arch>.tar.gz, `npm run release`).
    pluginDownloadURL: repo.pluginDownloadURL,
    keywords: ["pulumi", "aws", "appstream", "category/cloud", "kind/native"],
    meta: { moduleFormat: "(.*)" },
    config: {
      variables: {
        region: {
          type: "string",
          description:
            "The AWS region of fleets and lookups that give no `region` of their own (`pulumi config set appstream-fleet:region us-east-1`). Default: the AWS SDK's chain (AWS_REGION, AWS_DEFAULT_REGION, the profile's region).",
        },
      },
    },
    provider: { description: `The ${PACKAGE} provider. It takes no arguments: the region comes from a resource's \`region\` input, \`${PACKAGE}:region\`, then the AWS environment.` },
    resources: {
      [FLEET_TOKEN]: {
        type: "object",
        description:
          "An AppStream 2.0 fleet, kept in `desiredState` and changed the way AWS allows: live where AppStream accepts the change on a running fleet, else stopped, updated and started again (or replaced, or refused: `updateStrategy`). Previews warn of every interruption.",
        inputProperties: Object.fromEntries(inputs.map((m) => [m.name, fleetMember(m, false)])),
        requiredInputs,
        properties: Object.fromEntries(outputs.map((m) => [m.name, fleetMember(m, true)])),
        required: outputs.filter((m) => !m.optional).map((m) => m.name),
      },
    },
    functions,
    types: reader.types,
    language: {
      python: { respectSchemaVersion: true },
      nodejs: { respectSchemaVersion: true },
      // The Go SDK is the module <repository>/sdk (sdk/go.mod; `npm run release` builds it, the
      // release workflow tags it sdk/v<version>), its package appstreamfleet in sdk/go/appstreamfleet.
      // Without an importBasePath, codegen's Go files import .../sdk/go/appstream-fleet but are
      // written to sdk/go/appstreamfleet: no module layout matches both.
      go: { importBasePath: `${repo.goModule}/go/appstreamfleet` },
      // The Java SDK: the package com.pulumi.appstreamfleet (where the Java SDK's bootstrap looks
      // for plugin.json), built with Maven from a pom `npm run release` writes, not Gradle.
      java: { buildFiles: "none" },
      csharp: { respectSchemaVersion: true },
    },
  };
}

/** The schema as the build writes it and the plugin serves it. */
export function schemaText(): string {
  return `${JSON.stringify(buildSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const out = path.resolve(process.argv[2] ?? path.join(ROOT, "dist", "provider", "plugin", "schema.json"));
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, schemaText());
  process.stdout.write(`wrote ${path.relative(process.cwd(), out)}\n`);
}
