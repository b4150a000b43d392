/**
 * AWS's own AppStream service model (botocore's `data/appstream/2016-12-01/service-2.json.gz`),
 * read at run time so tests compare the emulator and the provider with what AWS publishes, not
 * with a copy kept in this repository. The botocore is the pinned one (aws-model.env,
 * BOTOCORE_VERSION): a botocore of another version is never read in its place.
 *
 * Where it is looked for, in order:
 * 1. `APPSTREAM_SERVICE_MODEL`: a path to `service-2.json` or `service-2.json.gz` (taken as it is);
 * 2. the botocore of `APPSTREAM_BOTOCORE_PYTHON` (scripts/setup.sh --aws exports it);
 * 3. the botocore of the pinned AWS CLI that scripts/setup.sh --aws installs,
 *    `.cache/awscli-<AWSCLI_VERSION>-botocore-<BOTOCORE_VERSION>/bin/python3`;
 * 4. the botocore of the Python named in the shebang of `aws` on PATH;
 * 5. the botocore of `python3` on PATH.
 * Of 2 to 5, the first whose botocore is the pinned version. None found is an error naming what
 * was found instead (a test that needs the model fails; it is never skipped).
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { pinnedCliDir, readModelPin } from "../scripts/model/pin";

/** The API version the emulator and the provider implement. */
export const APPSTREAM_API_VERSION = "2016-12-01";

export interface MemberRef {
  shape: string;
  deprecated?: boolean;
  [key: string]: unknown;
}

/** One shape of the model (Smithy's JSON AST as botocore ships it). */
export interface ModelShape {
  type: "structure" | "list" | "map" | "string" | "integer" | "long" | "boolean" | "timestamp" | "blob" | "double" | "float";
  members?: Record<string, MemberRef>;
  required?: string[];
  member?: MemberRef;
  key?: MemberRef;
  value?: MemberRef;
  min?: number;
  max?: number;
  pattern?: string;
  enum?: string[];
  exception?: boolean;
  [key: string]: unknown;
}

export interface ModelOperation {
  name: string;
  input?: { shape: string };
  output?: { shape: string };
  errors?: { shape: string }[];
}

export interface ServiceModel {
  metadata: { apiVersion: string; targetPrefix?: string; protocol: string; protocols?: string[]; jsonVersion?: string; [key: string]: unknown };
  operations: Record<string, ModelOperation>;
  shapes: Record<string, ModelShape>;
}

export interface LocatedServiceModel {
  model: ServiceModel;
  /** The file read. */
  path: string;
  /** How it was found, e.g. "APPSTREAM_SERVICE_MODEL" or "botocore 1.44.18 of /usr/bin/python3". */
  via: string;
}

export class ServiceModelNotFoundError extends Error {}

const MODEL_RELATIVE = join("data", "appstream", APPSTREAM_API_VERSION);

/**
 * Finds the model file without reading it. Throws ServiceModelNotFoundError naming every place
 * tried, and the botocore version each had, when none holds the pinned one.
 */
export function locateServiceModel(env: NodeJS.ProcessEnv = process.env): { path: string; via: string } {
  const explicit = env.APPSTREAM_SERVICE_MODEL;
  if (explicit !== undefined && explicit !== "") {
    const path = resolve(explicit);
    if (!existsSync(path)) {
      throw new ServiceModelNotFoundError(`APPSTREAM_SERVICE_MODEL is set to ${explicit}, but no such file exists.`);
    }
    return { path, via: "APPSTREAM_SERVICE_MODEL" };
  }
  const pin = readModelPin();
  const tried: string[] = [];
  for (const python of pythonCandidates(env)) {
    const found = modelOfPython(python.command, env);
    if (found?.version === pin.botocore) return { path: found.path, via: `botocore ${found.version} of ${python.command} (${python.why})` };
    tried.push(`${python.command} (${python.why}): ${found ? `botocore ${found.version}` : "no botocore"}`);
  }
  throw new ServiceModelNotFoundError(
    `The AppStream service model of the pinned botocore ${pin.botocore} (aws-model.env; data/appstream/2016-12-01/service-2.json.gz) was not found. ` +
      `Run \`bash scripts/setup.sh --aws\` (it installs awscli ${pin.awscli} over botocore ${pin.botocore} into .cache), or install them yourself ` +
      `(\`python3 -m pip install --no-deps awscli==${pin.awscli}\` then \`python3 -m pip install botocore==${pin.botocore}\`), or set APPSTREAM_SERVICE_MODEL ` +
      `to the path of service-2.json(.gz). Tried: ${tried.length ? tried.join("; ") : "no Python interpreter"}.`,
  );
}

let cached: LocatedServiceModel | undefined;

/** Locates and parses the model (once per process). Throws ServiceModelNotFoundError. */
export function loadServiceModel(env: NodeJS.ProcessEnv = process.env): LocatedServiceModel {
  if (cached && env === process.env) return cached;
  const { path, via } = locateServiceModel(env);
  const raw = readFileSync(path);
  const text = path.endsWith(".gz") ? gunzipSync(raw).toString("utf8") : raw.toString("utf8");
  const model = JSON.parse(text) as ServiceModel;
  if (!model.operations || !model.shapes || model.metadata?.apiVersion !== APPSTREAM_API_VERSION) {
    throw new ServiceModelNotFoundError(`${path} is not the AppStream ${APPSTREAM_API_VERSION} service model.`);
  }
  const located = { model, path, via };
  if (env === process.env) cached = located;
  return located;
}

interface PythonCandidate {
  command: string;
  why: string;
}

function pythonCandidates(env: NodeJS.ProcessEnv): PythonCandidate[] {
  const out: PythonCandidate[] = [];
  if (env.APPSTREAM_BOTOCORE_PYTHON) out.push({ command: env.APPSTREAM_BOTOCORE_PYTHON, why: "APPSTREAM_BOTOCORE_PYTHON" });
  const venv = join(pinnedCliDir(), "bin", "python3");
  if (existsSync(venv)) out.push({ command: venv, why: "the pinned AWS CLI's virtualenv" });
  const aws = findOnPath("aws", env);
  const shebang = aws ? pythonOfShebang(aws, env) : undefined;
  if (shebang) out.push({ command: shebang, why: `the shebang of ${aws}` });
  out.push({ command: "python3", why: "python3 on PATH" });
  return out;
}

function findOnPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? "").split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

/**
 * The Python interpreter a script's `#!` line names, if it names one: `#!/path/python3` or
 * `#!/usr/bin/env python3`. Wrappers that are not Python scripts (a pyenv shim is a bash script)
 * name no interpreter here.
 */
function pythonOfShebang(script: string, env: NodeJS.ProcessEnv): string | undefined {
  let first: string;
  try {
    first = readFileSync(script, "utf8").split("\n", 1)[0] ?? "";
  } catch {
    return undefined;
  }
  if (!first.startsWith("#!")) return undefined;
  const words = first.slice(2).trim().split(/\s+/);
  let interpreter = words[0] ?? "";
  if (/(^|\/)env$/.test(interpreter)) interpreter = words.find((w, i) => i > 0 && !w.startsWith("-")) ?? "";
  const base = interpreter.split("/").pop() ?? "";
  if (!/^python[0-9.]*$/.test(base)) return undefined;
  if (isAbsolute(interpreter)) return interpreter;
  return findOnPath(interpreter, env) ?? interpreter;
}

/** service-2.json(.gz) under the botocore that this interpreter imports, and that botocore's version. */
function modelOfPython(python: string, env: NodeJS.ProcessEnv): { path: string; version: string } | undefined {
  let dir: string;
  let version: string;
  try {
    [dir, version] = execFileSync(python, ["-c", "import botocore, os; print(os.path.dirname(botocore.__file__)); print(botocore.__version__)"], {
      encoding: "utf8",
      env,
      stdio: ["ignore", "pipe", "ignore"],
      timeout: 30_000,
    })
      .trim()
      .split("\n");
  } catch {
    return undefined;
  }
  for (const file of ["service-2.json.gz", "service-2.json"]) {
    const path = join(dir, MODEL_RELATIVE, file);
    if (existsSync(path)) return { path, version };
  }
  return undefined;
}

/** The model's `pattern` as a JavaScript RegExp. Smithy patterns are not implicitly anchored. */
export function modelRegExp(pattern: string): RegExp {
  // \p{L} needs the u flag; Java-style identity escapes such as \- or \, outside a class are
  // syntax errors with it, and those patterns use no \p escapes.
  return /\\p\{/.test(pattern) ? new RegExp(pattern, "u") : new RegExp(pattern);
}

/** The error codes an operation declares. */
export function declaredErrors(model: ServiceModel, operation: string): string[] {
  return (model.operations[operation]?.errors ?? []).map((e) => e.shape);
}

// ---------------------------------------------------------------------------------------------
// Checking values against the model

const INT32 = { min: -(2 ** 31), max: 2 ** 31 - 1 };

export interface Violation {
  /** Dotted path of the member, e.g. `VpcConfig.SecurityGroupIds[0]`. */
  path: string;
  /** "type" (a JSON value the protocol cannot read as the member's type) or "constraint". */
  kind: "type" | "constraint";
  message: string;
}

/**
 * What the model refuses in a request value: wrong JSON types, missing required members,
 * lengths / sizes / ranges, patterns and enums. Unknown members are ignored (as services do);
 * null counts as absent.
 */
export function inputViolations(model: ServiceModel, shapeName: string, value: unknown, path = ""): Violation[] {
  const out: Violation[] = [];
  walkValue(model, shapeName, value, path, "input", out);
  return out;
}

/**
 * What the model refuses in an answer: unknown member names, wrong types, missing required
 * members, enum values and patterns it does not list, timestamps that are not epoch seconds.
 * (Lengths are left out: they constrain what clients send.)
 */
export function outputViolations(model: ServiceModel, shapeName: string, value: unknown, path = ""): Violation[] {
  const out: Violation[] = [];
  walkValue(model, shapeName, value, path, "output", out);
  return out;
}

function walkValue(model: ServiceModel, shapeName: string, value: unknown, path: string, mode: "input" | "output", out: Violation[]): void {
  const shape = model.shapes[shapeName];
  if (!shape) throw new Error(`The model has no shape ${shapeName}`);
  if (value === null || value === undefined) {
    if (mode === "output" && value === null) out.push({ path, kind: "type", message: "null (absent members are omitted)" });
    return;
  }
  const typeError = (expected: string): void => {
    out.push({ path, kind: "type", message: `expected ${expected} (${shapeName}), got ${JSON.stringify(value)}` });
  };
  const constraint = (message: string): void => {
    out.push({ path, kind: "constraint", message: `${message} (${shapeName})` });
  };
  const size = (n: number): void => {
    if (mode === "output") return;
    if (shape.min !== undefined && n < shape.min) constraint(`length ${n} < min ${shape.min}`);
    if (shape.max !== undefined && n > shape.max) constraint(`length ${n} > max ${shape.max}`);
  };
  switch (shape.type) {
    case "string":
      if (typeof value !== "string") return typeError("a string");
      size(value.length);
      if (shape.enum && !shape.enum.includes(value)) constraint(`${JSON.stringify(value)} is not one of ${shape.enum.join(", ")}`);
      if (shape.pattern && !modelRegExp(shape.pattern).test(value)) constraint(`${JSON.stringify(value)} does not match ${shape.pattern}`);
      return;
    case "integer":
    case "long":
      if (typeof value !== "number" || !Number.isInteger(value)) return typeError("an integer");
      if (shape.type === "integer" && (value < INT32.min || value > INT32.max)) return typeError("a 32-bit integer");
      if (mode === "input" && shape.min !== undefined && value < shape.min) constraint(`${value} < min ${shape.min}`);
      if (mode === "input" && shape.max !== undefined && value > shape.max) constraint(`${value} > max ${shape.max}`);
      return;
    case "double":
    case "float":
      if (typeof value !== "number") typeError("a number");
      return;
    case "boolean":
      if (typeof value !== "boolean") typeError("a boolean");
      return;
    case "timestamp":
      // awsJson1_1 sends timestamps as epoch seconds (fractions allowed).
      if (typeof value !== "number" || !Number.isFinite(value)) return typeError("epoch seconds (a number)");
      if (value < 946_684_800 || value > 4_102_444_800) typeError("epoch seconds between 2000 and 2100 (milliseconds?)");
      return;
    case "blob":
      if (typeof value !== "string") typeError("base64 text");
      return;
    case "list": {
      if (!Array.isArray(value)) return typeError("a list");
      size(value.length);
      value.forEach((item, i) => {
        if (item === null) out.push({ path: `${path}[${i}]`, kind: "constraint", message: "null list member" });
        else walkValue(model, shape.member!.shape, item, `${path}[${i}]`, mode, out);
      });
      return;
    }
    case "map": {
      if (!isPlainObject(value)) return typeError("a map (JSON object)");
      const entries = Object.entries(value);
      size(entries.length);
      for (const [k, v] of entries) {
        walkValue(model, shape.key!.shape, k, `${path}{key ${k}}`, mode, out);
        if (v === null) out.push({ path: `${path}.${k}`, kind: "constraint", message: "null map value" });
        else walkValue(model, shape.value!.shape, v, `${path}.${k}`, mode, out);
      }
      return;
    }
    case "structure": {
      if (!isPlainObject(value)) return typeError("a structure (JSON object)");
      const members = shape.members ?? {};
      for (const name of shape.required ?? []) {
        if (value[name] === undefined || value[name] === null) {
          out.push({ path: joinPath(path, name), kind: "constraint", message: `required member missing (${shapeName})` });
        }
      }
      for (const [name, v] of Object.entries(value)) {
        const ref = members[name];
        if (!ref) {
          if (mode === "output") out.push({ path: joinPath(path, name), kind: "type", message: `not a member of ${shapeName}` });
          continue;
        }
        walkValue(model, ref.shape, v, joinPath(path, name), mode, out);
      }
    }
  }
}

const joinPath = (path: string, member: string): string => (path ? `${path}.${member}` : member);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

// ---------------------------------------------------------------------------------------------
// Values that satisfy (or break) a string pattern of the AppStream model

/**
 * Ways to build a string of a given length, one per kind of pattern the AppStream model uses
 * (names, tag keys and values, S3 buckets, USB filter strings, host names, URLs, ARNs, KMS key
 * ARNs, process file names). A
 * candidate counts only if the model's own RegExp accepts it.
 */
const FILLERS: ((n: number) => string)[] = [
  (n) => "a".repeat(n),
  (n) => `${"a".repeat(Math.max(0, n - 9))},,,,,,0,0`.slice(-n),
  (n) => `${"x".repeat(Math.max(0, n - 4))}a.bc`,
  (n) => `https://${"a".repeat(Math.max(0, n - 8))}`,
  (n) => `arn:aws:s3:::${"a".repeat(Math.max(0, n - 13))}`,
  (n) => `arn:aws:appstream:us-east-1:123456789012:fleet/${"a".repeat(Math.max(0, n - 47))}`,
  (n) => `arn:aws:kms:us-east-1:123456789012:key/${"a".repeat(Math.max(0, n - 39))}`,
  (n) => `${"a".repeat(Math.max(0, n - 4))}.exe`,
];

/** A string of exactly `length` characters (default: the shortest valid) the pattern accepts, or undefined. */
export function patternSample(pattern: string, length?: number, min = 0, max = 4096): string | undefined {
  const re = modelRegExp(pattern);
  const lengths = length !== undefined ? [length] : Array.from({ length: Math.max(0, Math.min(max, 64) - min + 1) }, (_, i) => min + i);
  for (const n of lengths) {
    if (n < 0) continue;
    for (const fill of FILLERS) {
      const s = fill(n);
      if (s.length === n && re.test(s)) return s;
    }
  }
  return undefined;
}

const BREAKERS = ["!!", "abc!", "aws:x", "ab.", " ; ", "not valid!"];

/** A string within the length bounds that the pattern refuses, or undefined. */
export function patternBreaker(pattern: string, min = 0, max = Infinity): string | undefined {
  const re = modelRegExp(pattern);
  return BREAKERS.find((s) => s.length >= min && s.length <= max && !re.test(s));
}
