/**
 * The fleet property registry: every fact about each AppStream setting a Fleet manages, declared
 * once. Everything else derives from it: the known inputs and the outputs the resource registers,
 * the CreateFleet and UpdateFleet requests (expand), the outputs (flatten), validation of single
 * properties, the diff and its replace decision, the update plan, the preview's wording and the
 * change table in docs/fleet-inputs.md (a unit test keeps that table equal to this file).
 *
 * How a change is made on a RUNNING fleet, per fleet type, comes from the UpdateFleet API reference
 * (https://docs.aws.amazon.com/appstream2/latest/APIReference/API_UpdateFleet.html): members marked
 * "the fleet must be stopped" are "stopped"; Name identifies the fleet and FleetType is not an
 * UpdateFleet member, so a change of either replaces the fleet.
 *
 * A property's name, type and description are its member of FleetSettings (types.ts), declared
 * once: the Fleet's arguments and outputs and the plugin's schema follow from it. Adding a
 * property: its member there (documented), one entry here (the compiler demands it), plus its test.
 */
import type { Fleet as ApiFleet } from "@aws-sdk/client-appstream";
import { Checker } from "./checker";
import { FLEET_TYPES, FleetSettings, FleetType, PLATFORMS, STREAM_VIEWS } from "./types";
import { FLEET_ATTRIBUTE, INSTANCE_TYPES as MODEL_INSTANCE_TYPES, modelPattern, SHAPES } from "../generated/aws-model";

/**
 * - "live":    UpdateFleet accepts the change while the fleet is RUNNING.
 * - "stopped": UpdateFleet accepts it only on a STOPPED fleet (stop, update, start).
 * - "replace": UpdateFleet cannot change it at all: a new fleet replaces the old one.
 */
export type ChangeMode = "live" | "stopped" | "replace";

/** FleetAttribute values of UpdateFleet's AttributesToDelete (AWS's model). */
export type FleetAttribute = (typeof FLEET_ATTRIBUTE)[number];

/**
 * Removing the property from the program: an attribute clears it through UpdateFleet's
 * AttributesToDelete; "awsKeepsValue" means AWS keeps a value of its own (a default) that cannot
 * be deleted, so an absent input leaves whatever AWS has.
 */
export type Removal = { attribute: FleetAttribute; effect: string } | "awsKeepsValue";

/** The AppStream settings that CreateFleet / UpdateFleet manage (tags have their own API). */
export type ManagedProperty = Exclude<keyof FleetSettings, "tags">;

export interface PropertySpec<K extends ManagedProperty> {
  /** The member of CreateFleet / UpdateFleet / DescribeFleets' Fleet. */
  aws: string;
  /** How a change is made on a RUNNING fleet, per fleet type. */
  running: Record<FleetType, ChangeMode>;
  removal: Removal;
  /** Why a change replaces the fleet (properties whose mode is "replace"), for previews. */
  replaceReason?: string;
  /** The wire value of a present input (default: the input itself). */
  expand?: (v: NonNullable<FleetSettings[K]>) => unknown;
  /** The output from DescribeFleets' Fleet (default: the `aws` member as it is). */
  flatten?: (f: ApiFleet) => FleetSettings[K] | undefined;
  /**
   * Where AWS's API reference states a limit that the service model (botocore's) lacks, the
   * limits this property's rules add and the page that states them (a range, a list of values;
   * for a member the page gives as a number of instances or sessions: 0 or more for a count, 1 or
   * more for a maximum, which AWS refuses otherwise). Validation refuses nothing else that the
   * model accepts (tests/unit/model-conformance.test.ts holds it to that).
   */
  documented?: { limit: string; source: string };
  /** Rules on this property's own value; `c` reports failures under the property's path. */
  validate: (c: Checker, path: K) => void;
}

const API = "https://docs.aws.amazon.com/appstream2/latest/APIReference";
/** The API reference's anchor for a member of CreateFleet's request. */
export const apiReference = (aws: string) => `${API}/API_CreateFleet.html#AppStream2-CreateFleet-request-${aws}`;


const all = (mode: ChangeMode): Record<FleetType, ChangeMode> => ({ ALWAYS_ON: mode, ON_DEMAND: mode, ELASTIC: mode });
/** Live for ALWAYS_ON / ON_DEMAND only (ComputeCapacity, ImageName, ImageArn). */
const liveUnlessElastic: Record<FleetType, ChangeMode> = { ALWAYS_ON: "live", ON_DEMAND: "live", ELASTIC: "stopped" };
/** Live for ELASTIC only (MaxConcurrentSessions, SessionScriptS3Location, UsbDeviceFilterStrings). */
const liveIfElastic: Record<FleetType, ChangeMode> = { ALWAYS_ON: "stopped", ON_DEMAND: "stopped", ELASTIC: "live" };

// The service model's constraints (generated from it: provider/generated/aws-model.ts).
/** The service model's `Name` pattern (fleet and image names). */
export const NAME_PATTERN = modelPattern(SHAPES.Name.pattern!);
/** The service model's `Arn` pattern (ImageArn, IamRoleArn): partitions aws, aws-cn, aws-iso, aws-iso-b, aws-us-gov. */
export const ARN_PATTERN = modelPattern(SHAPES.Arn.pattern!);
const ARN_TEXT = "an ARN (arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE; partitions aws, aws-cn, aws-iso, aws-iso-b, aws-us-gov)";
/** The service model's S3Bucket pattern (its length: SHAPES.S3Bucket). */
export const S3_BUCKET_PATTERN = modelPattern(SHAPES.S3Bucket.pattern!);
/** The service model's UsbDeviceFilterString pattern. */
export const USB_FILTER_PATTERN = modelPattern(SHAPES.UsbDeviceFilterString.pattern!);

/** Instance types AppStream fleets accept: those the model's CreateFleet InstanceType documentation lists. */
export const INSTANCE_TYPES: ReadonlySet<string> = new Set(MODEL_INSTANCE_TYPES);

/** A Fleet's ComputeCapacity: one of DesiredInstances (single-session) / DesiredUserSessions (multi-session). */
function flattenCapacity(f: ApiFleet): FleetSettings["computeCapacity"] {
  const status = f.ComputeCapacityStatus;
  if (f.FleetType === "ELASTIC" || status === undefined) return undefined;
  return f.MaxSessionsPerInstance !== undefined ? { desiredSessions: status.DesiredUserSessions ?? 0 } : { desiredInstances: status.Desired ?? 0 };
}

const PROPERTIES_UNCHECKED = {
  name: {
    aws: "Name",
    running: all("replace"),
    removal: "awsKeepsValue",
    replaceReason: "AppStream cannot rename a fleet",
    validate: (c, p) =>
      c.string(p, { pattern: NAME_PATTERN, patternText: "^[a-zA-Z0-9][a-zA-Z0-9_.-]{0,100}$ (letters, digits, _ . -, starting with a letter or digit, at most 101 characters)" }),
  },
  fleetType: {
    aws: "FleetType",
    running: all("replace"),
    removal: "awsKeepsValue",
    replaceReason: "UpdateFleet cannot change it",
    validate: (c, p) => c.oneOf(p, FLEET_TYPES),
  },
  instanceType: {
    aws: "InstanceType",
    running: all("stopped"),
    removal: "awsKeepsValue",
    documented: { limit: "one of the instance types the API reference lists", source: apiReference("InstanceType") },
    validate: (c, p) => {
      const v = c.string(p);
      if (v !== undefined && !INSTANCE_TYPES.has(v))
        c.fail(p, `"${v}" is not an AppStream instance type (e.g. stream.standard.medium, stream.compute.large)`);
    },
  },
  imageName: {
    aws: "ImageName",
    running: liveUnlessElastic,
    removal: "awsKeepsValue",
    validate: (c, p) => c.string(p, { pattern: NAME_PATTERN, patternText: "an image name: letters, digits, _ . -, starting with a letter or digit, at most 101 characters" }),
  },
  imageArn: {
    aws: "ImageArn",
    running: liveUnlessElastic,
    removal: "awsKeepsValue",
    validate: (c, p) => c.string(p, { pattern: ARN_PATTERN, patternText: ARN_TEXT }),
  },
  computeCapacity: {
    aws: "ComputeCapacity",
    running: liveUnlessElastic,
    removal: "awsKeepsValue",
    documented: {
      limit: "exactly one of desiredInstances and desiredSessions, each a count (0 or more): the desired number of instances or of user sessions",
      source: `${API}/API_ComputeCapacity.html`,
    },
    expand: (v) => ({ DesiredInstances: v.desiredInstances, DesiredSessions: v.desiredSessions }),
    flatten: flattenCapacity,
    validate: (c, p) => {
      for (const reported of ["available", "inUse", "running"])
        if (c.present(`${p}.${reported}`)) c.fail(`${p}.${reported}`, `is reported by AWS, not set: read computeCapacityStatus.${reported}`);
      const cap = c.object(p, ["desiredInstances", "desiredSessions", "available", "inUse", "running"]);
      c.integer(`${p}.desiredInstances`, 0, undefined, "a number of instances");
      c.integer(`${p}.desiredSessions`, 0, undefined, "a number of user sessions");
      if (!cap) return;
      const di = c.present(`${p}.desiredInstances`);
      const ds = c.present(`${p}.desiredSessions`);
      if (di && ds) c.fail(p, "set exactly one of desiredInstances and desiredSessions, not both");
      if (!di && !ds) c.fail(p, "one of desiredInstances or desiredSessions is required");
    },
  },
  vpcConfig: {
    aws: "VpcConfig",
    running: all("stopped"),
    removal: { attribute: "VPC_CONFIGURATION", effect: "the fleet leaves its VPC" },
    expand: (v) => ({ SubnetIds: v.subnetIds, SecurityGroupIds: v.securityGroupIds }),
    flatten: (f) => (f.VpcConfig ? { subnetIds: f.VpcConfig.SubnetIds, securityGroupIds: f.VpcConfig.SecurityGroupIds } : undefined),
    validate: (c, p) => {
      c.object(p, ["subnetIds", "securityGroupIds"]);
      c.stringList(`${p}.subnetIds`);
      c.stringList(`${p}.securityGroupIds`, { max: SHAPES.SecurityGroupIdList.max });
    },
  },
  maxUserDurationInSeconds: {
    aws: "MaxUserDurationInSeconds",
    running: all("stopped"),
    removal: "awsKeepsValue",
    documented: { limit: "600 to 432000", source: apiReference("MaxUserDurationInSeconds") },
    validate: (c, p) => c.integer(p, 600, 432000),
  },
  disconnectTimeoutInSeconds: {
    aws: "DisconnectTimeoutInSeconds",
    running: all("live"),
    removal: "awsKeepsValue",
    documented: { limit: "60 to 36000", source: apiReference("DisconnectTimeoutInSeconds") },
    validate: (c, p) => c.integer(p, 60, 36000),
  },
  idleDisconnectTimeoutInSeconds: {
    aws: "IdleDisconnectTimeoutInSeconds",
    running: all("live"),
    removal: "awsKeepsValue",
    documented: { limit: "0 (off), or 60 to 36000", source: apiReference("IdleDisconnectTimeoutInSeconds") },
    validate: (c, p) => {
      const v = c.get(p);
      if (typeof v === "number" && Number.isInteger(v) && v !== 0 && (v < 60 || v > 36000)) c.fail(p, `must be 0 (off) or between 60 and 36000 (got ${v})`);
      else c.integer(p);
    },
  },
  description: {
    aws: "Description",
    running: all("stopped"),
    removal: "awsKeepsValue",
    validate: (c, p) => c.string(p, { max: SHAPES.Description.max }),
  },
  displayName: {
    aws: "DisplayName",
    running: all("live"),
    removal: "awsKeepsValue",
    validate: (c, p) => c.string(p, { max: SHAPES.DisplayName.max }),
  },
  enableDefaultInternetAccess: {
    aws: "EnableDefaultInternetAccess",
    running: all("stopped"),
    removal: "awsKeepsValue",
    validate: (c, p) => c.boolean(p),
  },
  domainJoinInfo: {
    aws: "DomainJoinInfo",
    running: all("stopped"),
    removal: { attribute: "DOMAIN_JOIN_INFO", effect: "the fleet leaves its domain" },
    expand: (v) => ({ DirectoryName: v.directoryName, OrganizationalUnitDistinguishedName: v.organizationalUnitDistinguishedName }),
    flatten: (f) =>
      f.DomainJoinInfo
        ? { directoryName: f.DomainJoinInfo.DirectoryName, organizationalUnitDistinguishedName: f.DomainJoinInfo.OrganizationalUnitDistinguishedName }
        : undefined,
    validate: (c, p) => {
      c.object(p, ["directoryName", "organizationalUnitDistinguishedName"]);
      c.string(`${p}.directoryName`);
      c.string(`${p}.organizationalUnitDistinguishedName`, { max: SHAPES.OrganizationalUnitDistinguishedName.max });
    },
  },
  iamRoleArn: {
    aws: "IamRoleArn",
    running: all("stopped"),
    removal: { attribute: "IAM_ROLE_ARN", effect: "the fleet's instances lose the role" },
    validate: (c, p) => c.string(p, { pattern: ARN_PATTERN, patternText: ARN_TEXT }),
  },
  streamView: {
    aws: "StreamView",
    running: all("stopped"),
    removal: "awsKeepsValue",
    validate: (c, p) => c.oneOf(p, STREAM_VIEWS),
  },
  platform: {
    aws: "Platform",
    running: all("stopped"),
    removal: "awsKeepsValue",
    validate: (c, p) => c.oneOf(p, PLATFORMS),
  },
  maxConcurrentSessions: {
    aws: "MaxConcurrentSessions",
    running: liveIfElastic,
    removal: "awsKeepsValue",
    documented: { limit: "1 or more: the maximum number of concurrent sessions", source: apiReference("MaxConcurrentSessions") },
    validate: (c, p) => c.integer(p, 1, undefined, "the most sessions at once"),
  },
  usbDeviceFilterStrings: {
    aws: "UsbDeviceFilterStrings",
    running: liveIfElastic,
    removal: { attribute: "USB_DEVICE_FILTER_STRINGS", effect: "USB redirection is no longer allowed" },
    validate: (c, p) => {
      for (const [i, s] of (c.stringList(p) ?? []).entries()) {
        if (s.length > SHAPES.UsbDeviceFilterString.max!) c.fail(`${p}[${i}]`, `must be at most ${SHAPES.UsbDeviceFilterString.max} characters long`);
        else if (!USB_FILTER_PATTERN.test(s)) c.fail(`${p}[${i}]`, `"${s}" is not a USB device filter string (name, vid, pid, ..., e.g. "Wacom, 056a, *, *, *, *, 0, 0")`);
      }
    },
  },
  sessionScriptS3Location: {
    aws: "SessionScriptS3Location",
    running: liveIfElastic,
    removal: { attribute: "SESSION_SCRIPT_S3_LOCATION", effect: "sessions no longer run the scripts" },
    expand: (v) => ({ S3Bucket: v.s3Bucket, S3Key: v.s3Key }),
    flatten: (f) => (f.SessionScriptS3Location ? { s3Bucket: f.SessionScriptS3Location.S3Bucket as string, s3Key: f.SessionScriptS3Location.S3Key } : undefined),
    validate: (c, p) => {
      const script = c.object(p, ["s3Bucket", "s3Key"]);
      if (script && !c.present(`${p}.s3Bucket`)) c.fail(`${p}.s3Bucket`, "is required");
      c.string(`${p}.s3Bucket`, { min: SHAPES.S3Bucket.min, max: SHAPES.S3Bucket.max, pattern: S3_BUCKET_PATTERN, patternText: "an S3 bucket name (a-z 0-9 . -, not ending in .)" });
      c.string(`${p}.s3Key`, { min: SHAPES.S3Key.min, max: SHAPES.S3Key.max });
    },
  },
  maxSessionsPerInstance: {
    aws: "MaxSessionsPerInstance",
    running: all("stopped"),
    removal: { attribute: "MAX_SESSIONS_PER_INSTANCE", effect: "the fleet becomes single-session" },
    documented: { limit: "1 or more: the maximum number of user sessions on an instance", source: apiReference("MaxSessionsPerInstance") },
    validate: (c, p) => c.integer(p, 1, undefined, "the most user sessions on one instance"),
  },
  rootVolumeConfig: {
    aws: "RootVolumeConfig",
    running: all("stopped"),
    removal: { attribute: "VOLUME_CONFIGURATION", effect: "the root volume returns to its default size" },
    documented: { limit: "200 to 500 GB", source: `${API}/API_VolumeConfig.html` },
    expand: (v) => ({ VolumeSizeInGb: v.volumeSizeInGb }),
    flatten: (f) => (f.RootVolumeConfig ? { volumeSizeInGb: f.RootVolumeConfig.VolumeSizeInGb } : undefined),
    validate: (c, p) => {
      c.object(p, ["volumeSizeInGb"]);
      c.integer(`${p}.volumeSizeInGb`, 200, 500);
    },
  },
  disableImdsV1: {
    aws: "DisableIMDSV1",
    running: all("stopped"),
    removal: "awsKeepsValue",
    validate: (c, p) => c.boolean(p),
  },
} satisfies { [K in ManagedProperty]: PropertySpec<K> };

/** The registry, typed per property. */
export const PROPERTIES: { readonly [K in ManagedProperty]: PropertySpec<K> } = PROPERTIES_UNCHECKED;

export const MANAGED_PROPERTIES = Object.keys(PROPERTIES) as ManagedProperty[];

/** Outputs AWS computes (no input of that name): see FleetOutputs. */
export const COMPUTED_OUTPUTS = ["arn", "state", "computeCapacityStatus", "createdTime", "fleetErrors"] as const;

/** How a change of `property` is made on a RUNNING fleet of `fleetType`. */
export function runningChangeMode(property: ManagedProperty, fleetType: FleetType): ChangeMode {
  return PROPERTIES[property].running[fleetType];
}

/** Properties a change of which replaces the fleet, whatever its state (Name, FleetType). */
export function replacesFleet(property: ManagedProperty, fleetType: FleetType): boolean {
  return runningChangeMode(property, fleetType) === "replace";
}

/** The AttributesToDelete value that clears the property, if AWS lets it be cleared. */
export function removalAttribute(property: ManagedProperty): FleetAttribute | undefined {
  const r = PROPERTIES[property].removal;
  return r === "awsKeepsValue" ? undefined : r.attribute;
}

/** The wire members of the given properties' present values (absent inputs send nothing). */
export function expandProperties(props: readonly ManagedProperty[], s: FleetSettings): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of props) {
    const v = s[p];
    if (v === undefined || v === null) continue;
    const spec = PROPERTIES[p] as PropertySpec<ManagedProperty>;
    out[spec.aws] = spec.expand ? spec.expand(v as never) : v;
  }
  return out;
}

/** Every managed property's output value from DescribeFleets' Fleet. */
export function flattenProperties(f: ApiFleet): Partial<FleetSettings> {
  const out: Record<string, unknown> = {};
  for (const p of MANAGED_PROPERTIES) {
    const spec = PROPERTIES[p] as PropertySpec<ManagedProperty>;
    out[p] = spec.flatten ? spec.flatten(f) : (f as unknown as Record<string, unknown>)[spec.aws];
  }
  return out as Partial<FleetSettings>;
}

/**
 * Empty means absent, as Terraform's expand (and so @pulumi/aws) treats it: members that are "",
 * null or [] are dropped from a nested setting, and a nested setting left with no member is
 * dropped (`domainJoinInfo: { directoryName: "" }` is "no domain join"), so nothing empty is sent
 * and no perpetual diff follows. computeCapacity keeps its empty object: its own rule then says
 * which member to set.
 */
export function dropEmptyNested(inputs: Record<string, unknown>): Record<string, unknown> {
  const out = { ...inputs };
  for (const p of MANAGED_PROPERTIES) {
    const v = out[p];
    if (typeof v !== "object" || v === null || Array.isArray(v)) continue;
    const kept = Object.fromEntries(Object.entries(v).filter(([, m]) => !(m === "" || m === null || m === undefined || (Array.isArray(m) && m.length === 0))));
    if (Object.keys(kept).length === 0 && p !== "computeCapacity") delete out[p];
    else out[p] = kept;
  }
  return out;
}

/** Runs every property's own rules. */
export function validateProperties(c: Checker): void {
  for (const p of MANAGED_PROPERTIES) (PROPERTIES[p] as PropertySpec<ManagedProperty>).validate(c, p);
}

const MODE_LABEL: Record<ChangeMode, string> = { live: "live", stopped: "stop–update–start", replace: "replace" };

/** The change table of docs/fleet-inputs.md, one row per property. */
export function changeTableMarkdown(): string {
  const rows = MANAGED_PROPERTIES.map((p) => {
    const s = PROPERTIES[p] as PropertySpec<ManagedProperty>;
    const removal = s.removal === "awsKeepsValue" ? "kept (AWS keeps its value)" : `\`${s.removal.attribute}\` (${s.removal.effect})`;
    return `| \`${p}\` | [\`${s.aws}\`](${apiReference(s.aws)}) | ${MODE_LABEL[s.running.ALWAYS_ON]} | ${MODE_LABEL[s.running.ON_DEMAND]} | ${MODE_LABEL[s.running.ELASTIC]} | ${removal} |`;
  });
  return [
    "| Input | AWS member | ALWAYS_ON running | ON_DEMAND running | ELASTIC running | Removed from the program |",
    "| --- | --- | --- | --- | --- | --- |",
    ...rows,
  ].join("\n");
}
