/**
 * Validation of Fleet inputs: every rule the AppStream service applies (../shared/appstream-api.md,
 * "Validation rules the service applies") plus this provider's own inputs, checked before any API
 * call. Each failure names the property and the rule. Values unknown during preview are skipped:
 * they are checked again at apply time when they are known.
 */
import {
  CheckFailure,
  DESIRED_STATES,
  FLEET_TYPES,
  PLATFORMS,
  STREAM_VIEWS,
  UPDATE_STRATEGIES,
} from "./types";
import { containsUnknown, isRecord, parseDurationMs, UNKNOWN } from "./values";

export const NAME_PATTERN = /^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$/;

const SIZES = (prefix: string, sizes: string[]) => sizes.map((s) => `${prefix}.${s}`);
/** Instance types AppStream fleets accept (API reference, CreateFleet InstanceType). */
export const INSTANCE_TYPES: ReadonlySet<string> = new Set([
  ...SIZES("stream.standard", ["small", "medium", "large", "xlarge", "2xlarge"]),
  ...SIZES("stream.compute", ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"]),
  ...SIZES("stream.memory", ["large", "xlarge", "2xlarge", "4xlarge", "8xlarge"]),
  ...SIZES("stream.memory.z1d", ["large", "xlarge", "2xlarge", "3xlarge", "6xlarge", "12xlarge"]),
  ...SIZES("stream.graphics.g4dn", ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge"]),
  ...SIZES("stream.graphics.g5", ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"]),
  ...SIZES("stream.graphics.g6", ["xlarge", "2xlarge", "4xlarge", "8xlarge", "12xlarge", "16xlarge", "24xlarge"]),
  ...SIZES("stream.graphics.gr6", ["4xlarge", "8xlarge"]),
  ...SIZES("stream.graphics.g6f", ["large", "xlarge", "2xlarge", "4xlarge"]),
  "stream.graphics.gr6f.4xlarge",
]);

export const ELASTIC_PLATFORMS: readonly string[] = ["WINDOWS_SERVER_2019", "AMAZON_LINUX2", "UBUNTU_PRO_2404"];

/** Every input key the Fleet accepts; anything else is a typo worth reporting. */
export const KNOWN_INPUTS: ReadonlySet<string> = new Set([
  "name", "imageName", "imageArn", "instanceType", "fleetType", "computeCapacity", "vpcConfig",
  "maxUserDurationInSeconds", "disconnectTimeoutInSeconds", "idleDisconnectTimeoutInSeconds",
  "description", "displayName", "enableDefaultInternetAccess", "domainJoinInfo", "iamRoleArn",
  "streamView", "platform", "maxConcurrentSessions", "usbDeviceFilterStrings",
  "sessionScriptS3Location", "maxSessionsPerInstance", "rootVolumeConfig", "disableImdsV1", "tags",
  "desiredState", "updateStrategy", "timeouts", "drain", "adoptExisting",
]);
/** Keys the provider itself adds (the engine's serialized provider, our auto-naming marker). */
export const INTERNAL_INPUTS: ReadonlySet<string> = new Set(["__provider", "__resourceName", "__inputKeys", "__urn"]);

type Input = Record<string, unknown>;

class Checker {
  readonly failures: CheckFailure[] = [];
  constructor(private readonly inputs: Input) {}

  fail(property: string, reason: string): void {
    this.failures.push({ property, reason });
  }

  /** The value at a dotted path, or undefined when absent or unknown (unknowns are not checked). */
  get(path: string): unknown {
    let v: unknown = this.inputs;
    for (const p of path.split(".")) {
      if (!isRecord(v)) return undefined;
      v = v[p];
    }
    return containsUnknown(v) ? undefined : v;
  }

  isUnknown(path: string): boolean {
    let v: unknown = this.inputs;
    for (const p of path.split(".")) {
      if (!isRecord(v)) return false;
      v = v[p];
    }
    return v === UNKNOWN;
  }

  present(path: string): boolean {
    return this.get(path) !== undefined || this.isUnknown(path);
  }

  string(path: string, opts: { min?: number; max?: number; pattern?: RegExp; patternText?: string } = {}): string | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (typeof v !== "string") return this.fail(path, `must be a string, got ${describe(v)}`), undefined;
    if (opts.min !== undefined && v.length < opts.min) this.fail(path, `must be at least ${opts.min} characters long`);
    if (opts.max !== undefined && v.length > opts.max)
      this.fail(path, `must be at most ${opts.max} characters long (got ${v.length})`);
    if (opts.pattern && !opts.pattern.test(v))
      this.fail(path, `"${v}" must match ${opts.patternText ?? opts.pattern.source}`);
    return v;
  }

  integer(path: string, min: number, max: number, extra?: string): number | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (typeof v !== "number" || !Number.isInteger(v))
      return this.fail(path, `must be a whole number, got ${describe(v)}`), undefined;
    if (v < min || v > max) this.fail(path, `must be between ${min} and ${max}${extra ?? ""} (got ${v})`);
    return v;
  }

  boolean(path: string): boolean | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (typeof v !== "boolean") return this.fail(path, `must be true or false, got ${describe(v)}`), undefined;
    return v;
  }

  oneOf(path: string, allowed: readonly string[]): string | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (typeof v !== "string" || !allowed.includes(v)) {
      this.fail(path, `must be one of ${allowed.join(", ")}, got ${describe(v)}`);
      return undefined;
    }
    return v;
  }

  object(path: string, keys: readonly string[]): Record<string, unknown> | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (!isRecord(v)) return this.fail(path, `must be an object, got ${describe(v)}`), undefined;
    for (const k of Object.keys(v)) {
      if (!keys.includes(k)) this.fail(`${path}.${k}`, `is not a known member of ${path} (known: ${keys.join(", ")})`);
    }
    return v;
  }

  stringList(path: string, opts: { min?: number; max?: number } = {}): string[] | undefined {
    const v = this.get(path);
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || v.some((x) => typeof x !== "string" || x.length === 0)) {
      this.fail(path, `must be a list of non-empty strings, got ${describe(v)}`);
      return undefined;
    }
    if (opts.min !== undefined && v.length < opts.min) this.fail(path, `must have at least ${opts.min} entries (got ${v.length})`);
    if (opts.max !== undefined && v.length > opts.max) this.fail(path, `must have at most ${opts.max} entries (got ${v.length})`);
    const dup = v.find((x, i) => v.indexOf(x) !== i);
    if (dup !== undefined) this.fail(path, `must not repeat "${dup}"`);
    return v as string[];
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "string") return `"${v.length > 40 ? v.slice(0, 40) + "..." : v}"`;
  if (typeof v === "object") return "an object";
  return `${typeof v} ${String(v)}`;
}

/** Validates raw Fleet inputs (after auto-naming) and returns every failure found. */
export function validateFleetInputs(inputs: Input): CheckFailure[] {
  const c = new Checker(inputs);

  for (const k of Object.keys(inputs)) {
    if (!KNOWN_INPUTS.has(k) && !INTERNAL_INPUTS.has(k)) c.fail(k, "is not a known Fleet input");
  }

  c.string("name", { pattern: NAME_PATTERN, patternText: "^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$ (letters, digits, _ . -, starting with a letter or digit, at most 101 characters)" });
  c.string("displayName", { max: 100 });
  c.string("description", { max: 256 });

  // Image: exactly one of imageName / imageArn (API: "ImageName or ImageArn ... not both").
  const hasImageName = c.present("imageName");
  const hasImageArn = c.present("imageArn");
  if (hasImageName && hasImageArn) c.fail("imageName", "set exactly one of imageName and imageArn, not both");
  const elasticFleet = c.get("fleetType") === "ELASTIC";
  // ELASTIC fleets stream from app blocks on an AWS-managed image chosen by platform: no image needed.
  if (!hasImageName && !hasImageArn && !elasticFleet) c.fail("imageName", "one of imageName or imageArn is required");
  c.string("imageName", { min: 1 });
  c.string("imageArn", { pattern: /^arn:aws(-[a-z-]+)?:appstream:[a-z0-9-]*:[0-9]*:image\/.+$/, patternText: "an AppStream image ARN (arn:aws:appstream:REGION:ACCOUNT:image/NAME)" });

  if (!c.present("instanceType")) c.fail("instanceType", "is required");
  const instanceType = c.string("instanceType");
  if (instanceType !== undefined && !INSTANCE_TYPES.has(instanceType))
    c.fail("instanceType", `"${instanceType}" is not an AppStream instance type (e.g. stream.standard.medium, stream.compute.large)`);

  const fleetType = c.oneOf("fleetType", FLEET_TYPES) ?? (c.isUnknown("fleetType") ? undefined : "ON_DEMAND");
  const platform = c.oneOf("platform", PLATFORMS);
  c.oneOf("streamView", STREAM_VIEWS);

  c.integer("maxUserDurationInSeconds", 600, 432000);
  const disconnect = c.integer("disconnectTimeoutInSeconds", 60, 36000);
  const idle = c.integer("idleDisconnectTimeoutInSeconds", 0, 36000);
  if (idle !== undefined && idle !== 0 && idle < 60)
    c.fail("idleDisconnectTimeoutInSeconds", `must be 0 (off) or between 60 and 36000 (got ${idle})`);
  if (idle !== undefined && idle !== 0 && disconnect !== undefined && idle >= disconnect)
    c.fail("idleDisconnectTimeoutInSeconds", `must be less than disconnectTimeoutInSeconds (${idle} >= ${disconnect})`);

  c.boolean("enableDefaultInternetAccess");
  c.boolean("disableImdsV1");
  c.string("iamRoleArn", { pattern: /^arn:aws(-[a-z-]+)?:iam::[0-9]{12}:role\/.+$/, patternText: "an IAM role ARN (arn:aws:iam::ACCOUNT:role/NAME)" });

  const maxSessionsPerInstance = c.integer("maxSessionsPerInstance", 1, 50);
  const maxConcurrentSessions = c.integer("maxConcurrentSessions", 1, 5000);

  // Compute capacity: exactly one of desiredInstances / desiredSessions; sessions need multi-session.
  const cap = c.object("computeCapacity", ["desiredInstances", "desiredSessions"]);
  c.integer("computeCapacity.desiredInstances", 0, 100000);
  c.integer("computeCapacity.desiredSessions", 0, 100000);
  if (cap) {
    const di = c.present("computeCapacity.desiredInstances");
    const ds = c.present("computeCapacity.desiredSessions");
    if (di && ds) c.fail("computeCapacity", "set exactly one of desiredInstances and desiredSessions, not both");
    if (!di && !ds) c.fail("computeCapacity", "one of desiredInstances or desiredSessions is required");
    if (ds && !c.present("maxSessionsPerInstance"))
      c.fail("computeCapacity.desiredSessions", "needs maxSessionsPerInstance (multi-session fleets); use desiredInstances otherwise");
    if (di && maxSessionsPerInstance !== undefined)
      c.fail("computeCapacity.desiredInstances", "a multi-session fleet (maxSessionsPerInstance set) takes desiredSessions instead");
  }

  c.object("vpcConfig", ["subnetIds", "securityGroupIds"]);
  const subnets = c.stringList("vpcConfig.subnetIds");
  c.stringList("vpcConfig.securityGroupIds", { max: 5 });

  const dj = c.object("domainJoinInfo", ["directoryName", "organizationalUnitDistinguishedName"]);
  if (dj && !c.present("domainJoinInfo.directoryName")) c.fail("domainJoinInfo.directoryName", "is required when domainJoinInfo is set");
  c.string("domainJoinInfo.directoryName", { min: 1 });
  c.string("domainJoinInfo.organizationalUnitDistinguishedName", { max: 2000 });

  for (const [i, s] of (c.stringList("usbDeviceFilterStrings") ?? []).entries()) {
    if (s.length > 100) c.fail(`usbDeviceFilterStrings[${i}]`, "must be at most 100 characters long");
  }

  const script = c.object("sessionScriptS3Location", ["s3Bucket", "s3Key"]);
  if (script && !c.present("sessionScriptS3Location.s3Bucket")) c.fail("sessionScriptS3Location.s3Bucket", "is required");
  c.string("sessionScriptS3Location.s3Bucket", { pattern: /^[0-9a-z.\-_]{3,63}$/, patternText: "an S3 bucket name (3-63 of a-z 0-9 . - _)" });
  c.string("sessionScriptS3Location.s3Key", { min: 1, max: 1024 });

  c.object("rootVolumeConfig", ["volumeSizeInGb"]);
  c.integer("rootVolumeConfig.volumeSizeInGb", 200, 500);

  // Fleet-type rules (API reference, CreateFleet FleetType and the ELASTIC notes).
  if (fleetType === "ELASTIC") {
    if (cap) c.fail("computeCapacity", "is not allowed for ELASTIC fleets (they scale by maxConcurrentSessions)");
    if (!c.present("maxConcurrentSessions")) c.fail("maxConcurrentSessions", "is required for ELASTIC fleets");
    if (!containsUnknown(inputs.vpcConfig) && (subnets === undefined || subnets.length < 2))
      c.fail("vpcConfig.subnetIds", "ELASTIC fleets need a vpcConfig with at least 2 subnets");
    if (!c.present("platform")) c.fail("platform", `is required for ELASTIC fleets (one of ${ELASTIC_PLATFORMS.join(", ")})`);
    else if (platform !== undefined && !ELASTIC_PLATFORMS.includes(platform))
      c.fail("platform", `ELASTIC fleets support only ${ELASTIC_PLATFORMS.join(", ")} (got ${platform})`);
    if (instanceType !== undefined && !instanceType.startsWith("stream.standard."))
      c.fail("instanceType", `ELASTIC fleets support only stream.standard.* instance types (got ${instanceType})`);
    if (dj) c.fail("domainJoinInfo", "is not supported for ELASTIC fleets");
    if (c.present("maxSessionsPerInstance")) c.fail("maxSessionsPerInstance", "is not supported for ELASTIC fleets");
  } else if (fleetType !== undefined) {
    if (!cap && !c.isUnknown("computeCapacity")) c.fail("computeCapacity", `is required for ${fleetType} fleets`);
    if (script) c.fail("sessionScriptS3Location", "is only supported for ELASTIC fleets");
    if (maxConcurrentSessions !== undefined) c.fail("maxConcurrentSessions", "is only supported for ELASTIC fleets");
  }

  // Tags: at most 50; key 1..128 not starting with aws:; value 0..256.
  const tags = c.get("tags");
  if (tags !== undefined) {
    if (!isRecord(tags)) c.fail("tags", `must be a map of strings, got ${describe(tags)}`);
    else {
      const keys = Object.keys(tags);
      if (keys.length > 50) c.fail("tags", `at most 50 tags are allowed (got ${keys.length})`);
      for (const k of keys) {
        if (k.length < 1 || k.length > 128) c.fail(`tags.${k}`, "tag keys must be 1 to 128 characters long");
        if (k.toLowerCase().startsWith("aws:")) c.fail(`tags.${k}`, 'tag keys must not start with "aws:" (reserved by AWS)');
        const v = tags[k];
        if (typeof v !== "string") c.fail(`tags.${k}`, `tag values must be strings, got ${describe(v)}`);
        else if (v.length > 256) c.fail(`tags.${k}`, "tag values must be at most 256 characters long");
      }
    }
  }

  // This provider's own inputs.
  c.oneOf("desiredState", DESIRED_STATES);
  c.oneOf("updateStrategy", UPDATE_STRATEGIES);
  c.boolean("adoptExisting");
  if (c.object("timeouts", ["create", "update", "delete"])) {
    for (const k of ["create", "update", "delete"]) {
      const v = c.get(`timeouts.${k}`);
      if (v !== undefined && parseDurationMs(v) === undefined)
        c.fail(`timeouts.${k}`, `must be a duration such as "20m", "90s", "1h" or a number of seconds, got ${describe(v)}`);
    }
  }
  if (c.object("drain", ["timeoutSeconds", "pollSeconds", "onTimeout"])) {
    c.integer("drain.timeoutSeconds", 0, 86400);
    c.integer("drain.pollSeconds", 1, 3600);
    c.oneOf("drain.onTimeout", ["stop", "fail"]);
  }
  return c.failures;
}
