/**
 * Validation of Fleet inputs, before any API call: each property's own rules (in the property
 * registry, properties.ts), the rules that tie several properties together (below: fleet-type
 * rules, one image, capacity), tags, and this provider's own inputs. Each failure names the
 * property and the rule. Values unknown during preview are skipped: they are checked again at
 * apply time when they are known.
 */
import { BEHAVIOUR_PROPERTIES } from "./diff";
import { Checker, describe, Input } from "./checker";
import { DEFAULTS } from "./defaults";
import { MANAGED_PROPERTIES, validateProperties } from "./properties";
import { CheckFailure, DESIRED_STATES, FLEET_TYPES, UPDATE_STRATEGIES } from "./types";
import { containsUnknown, isRecord, parseDurationMs } from "./values";
import { ELASTIC_INSTANCE_TYPES, modelPattern, SHAPES } from "../generated/aws-model";

export { INSTANCE_TYPES, NAME_PATTERN } from "./properties";

/** The service model's TagKey and TagValue patterns (generated: provider/generated/aws-model.ts). */
const TAG_KEY_PATTERN = modelPattern(SHAPES.TagKey.pattern!);
const TAG_VALUE_PATTERN = modelPattern(SHAPES.TagValue.pattern!);

export const ELASTIC_PLATFORMS: readonly string[] = ["WINDOWS_SERVER_2019", "AMAZON_LINUX2", "UBUNTU_PRO_2404"];

/** Every input key the Fleet accepts; anything else is a typo worth reporting. */
export const KNOWN_INPUTS: ReadonlySet<string> = new Set<string>([...MANAGED_PROPERTIES, "tags", ...BEHAVIOUR_PROPERTIES]);
/** Keys the provider itself adds (the engine's serialized provider, our markers, the preview's planned action). */
export const INTERNAL_INPUTS: ReadonlySet<string> = new Set(["__provider", "__resourceName", "__inputKeys", "__urn", "plannedAction", "__plannedAction"]);

/** Validates raw Fleet inputs (after auto-naming) and returns every failure found. */
export function validateFleetInputs(inputs: Input): CheckFailure[] {
  const c = new Checker(inputs);

  for (const k of Object.keys(inputs)) {
    if (!KNOWN_INPUTS.has(k) && !INTERNAL_INPUTS.has(k)) c.fail(k, "is not a known Fleet input");
  }
  validateProperties(c);

  // Image: exactly one of imageName / imageArn (API: "ImageName or ImageArn ... not both").
  const hasImageName = c.present("imageName");
  const hasImageArn = c.present("imageArn");
  if (hasImageName && hasImageArn) c.fail("imageName", "set exactly one of imageName and imageArn, not both");
  const elasticFleet = c.get("fleetType") === "ELASTIC";
  // ELASTIC fleets stream from app blocks on an AWS-managed image chosen by platform: no image needed.
  if (!hasImageName && !hasImageArn && !elasticFleet) c.fail("imageName", "one of imageName or imageArn is required");

  if (!c.present("instanceType")) c.fail("instanceType", "is required");
  const str = (path: string) => (typeof c.get(path) === "string" ? (c.get(path) as string) : undefined);
  const int = (path: string) => (Number.isInteger(c.get(path)) ? (c.get(path) as number) : undefined);
  const instanceType = str("instanceType");
  const fleetTypeValue = c.get("fleetType");
  // An invalid fleetType is reported by its own rule; the rules below then assume AWS's default.
  const fleetType = c.isUnknown("fleetType") ? undefined : (FLEET_TYPES as readonly unknown[]).includes(fleetTypeValue) ? (fleetTypeValue as string) : DEFAULTS.fleetType;
  const platform = str("platform");

  const disconnect = int("disconnectTimeoutInSeconds");
  const idle = int("idleDisconnectTimeoutInSeconds");
  if (idle !== undefined && idle !== 0 && disconnect !== undefined && idle >= disconnect)
    c.fail("idleDisconnectTimeoutInSeconds", `must be less than disconnectTimeoutInSeconds (${idle} >= ${disconnect})`);

  const maxSessionsPerInstance = int("maxSessionsPerInstance");
  const maxConcurrentSessions = int("maxConcurrentSessions");
  const cap = isRecord(c.get("computeCapacity"));
  if (cap) {
    if (c.present("computeCapacity.desiredSessions") && !c.present("maxSessionsPerInstance"))
      c.fail("computeCapacity.desiredSessions", "needs maxSessionsPerInstance (multi-session fleets); use desiredInstances otherwise");
    if (c.present("computeCapacity.desiredInstances") && maxSessionsPerInstance !== undefined)
      c.fail("computeCapacity.desiredInstances", "a multi-session fleet (maxSessionsPerInstance set) takes desiredSessions instead");
  }
  const subnetsValue = c.get("vpcConfig.subnetIds");
  const subnets = Array.isArray(subnetsValue) ? subnetsValue : undefined;
  const dj = isRecord(c.get("domainJoinInfo"));
  const script = isRecord(c.get("sessionScriptS3Location"));

  // Fleet-type rules (API reference, CreateFleet FleetType and the ELASTIC notes).
  if (fleetType === "ELASTIC") {
    if (cap) c.fail("computeCapacity", "is not allowed for ELASTIC fleets (they scale by maxConcurrentSessions)");
    if (!c.present("maxConcurrentSessions")) c.fail("maxConcurrentSessions", "is required for ELASTIC fleets");
    if (!containsUnknown(inputs.vpcConfig) && (subnets === undefined || subnets.length < 2))
      c.fail("vpcConfig.subnetIds", "ELASTIC fleets need a vpcConfig with at least 2 subnets");
    if (!c.present("platform")) c.fail("platform", `is required for ELASTIC fleets (one of ${ELASTIC_PLATFORMS.join(", ")})`);
    else if (platform !== undefined && !ELASTIC_PLATFORMS.includes(platform))
      c.fail("platform", `ELASTIC fleets support only ${ELASTIC_PLATFORMS.join(", ")} (got ${platform})`);
    if (instanceType !== undefined && !(ELASTIC_INSTANCE_TYPES as readonly string[]).includes(instanceType))
      c.fail("instanceType", `ELASTIC fleets support only ${ELASTIC_INSTANCE_TYPES.join(", ")} (got ${instanceType})`);
    if (dj) c.fail("domainJoinInfo", "is not supported for ELASTIC fleets");
    if (c.present("maxSessionsPerInstance")) c.fail("maxSessionsPerInstance", "is not supported for ELASTIC fleets");
  } else if (fleetType !== undefined) {
    if (!cap && !c.isUnknown("computeCapacity")) c.fail("computeCapacity", `is required for ${fleetType} fleets`);
    if (script) c.fail("sessionScriptS3Location", "is only supported for ELASTIC fleets");
    if (maxConcurrentSessions !== undefined) c.fail("maxConcurrentSessions", "is only supported for ELASTIC fleets");
  }

  // Tags (the service model's Tags map): at most 50; keys 1..128, not starting with "aws:", of
  // letters, spaces, digits and _ . : / = + - @ after the first character; values 0..256 of the same.
  const tags = c.get("tags");
  if (tags !== undefined) {
    if (!isRecord(tags)) c.fail("tags", `must be a map of strings, got ${describe(tags)}`);
    else {
      const keys = Object.keys(tags);
      if (keys.length > SHAPES.Tags.max!) c.fail("tags", `at most ${SHAPES.Tags.max} tags are allowed (got ${keys.length})`);
      for (const k of keys) {
        if (k.length < SHAPES.TagKey.min! || k.length > SHAPES.TagKey.max!) c.fail(`tags.${k}`, `tag keys must be ${SHAPES.TagKey.min} to ${SHAPES.TagKey.max} characters long`);
        if (k.startsWith("aws:")) c.fail(`tags.${k}`, 'tag keys must not start with "aws:" (reserved by AWS)');
        else if (k.length > 0 && !TAG_KEY_PATTERN.test(k)) c.fail(`tags.${k}`, `tag keys may hold only letters, spaces, digits and _ . : / = + - @ (got "${k}")`);
        const v = tags[k];
        if (typeof v !== "string") c.fail(`tags.${k}`, `tag values must be strings, got ${describe(v)}`);
        else if (v.length > SHAPES.TagValue.max!) c.fail(`tags.${k}`, `tag values must be at most ${SHAPES.TagValue.max} characters long`);
        else if (!TAG_VALUE_PATTERN.test(v)) c.fail(`tags.${k}`, `tag values may hold only letters, spaces, digits and _ . : / = + - @ (got "${v}")`);
      }
    }
  }

  // This provider's own inputs.
  c.string("region", { pattern: /^[a-z]{2}(-[a-z0-9]+)+-\d+$/, patternText: "an AWS region name such as us-east-1 or eu-west-2" });
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
