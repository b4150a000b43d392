/**
 * The programs the fast-check properties of this suite try (needless.test.ts, preview-steps.test.ts):
 * a fleet of each type to start from, where an arbitrary value goes in each registry property
 * (each nested member too), and the arbitrary values (numbers and strings, with the bounds AWS
 * documents and values of the right shape among them).
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { MANAGED_PROPERTIES } from "../../provider/fleet/properties";
import { IMAGE, Inputs, record, Violations } from "./lib";

/** A RUNNING fleet of each type the property test starts from. */
export const FLEETS: Record<string, Inputs> = {
  ALWAYS_ON: { name: "nl-always-on", fleetType: "ALWAYS_ON", imageName: IMAGE, instanceType: "stream.standard.medium", computeCapacity: { desiredInstances: 1 }, displayName: "Always on" },
  "ON_DEMAND multi-session": {
    name: "nl-on-demand",
    fleetType: "ON_DEMAND",
    imageName: IMAGE,
    instanceType: "stream.standard.large",
    maxSessionsPerInstance: 2,
    computeCapacity: { desiredSessions: 4 },
  },
  ELASTIC: {
    name: "nl-elastic",
    fleetType: "ELASTIC",
    instanceType: "stream.standard.small",
    platform: "AMAZON_LINUX2",
    maxConcurrentSessions: 5,
    vpcConfig: { subnetIds: ["subnet-a", "subnet-b"] },
  },
};

/**
 * Where an arbitrary value goes, per registry property: the property itself, or each member of a
 * nested one (a list member at [0]). The test fails when the registry has a property not listed.
 */
export const LEAVES: Record<string, string[]> = {
  computeCapacity: ["computeCapacity.desiredInstances", "computeCapacity.desiredSessions"],
  vpcConfig: ["vpcConfig.subnetIds[0]", "vpcConfig.securityGroupIds[0]"],
  domainJoinInfo: ["domainJoinInfo.directoryName", "domainJoinInfo.organizationalUnitDistinguishedName"],
  usbDeviceFilterStrings: ["usbDeviceFilterStrings[0]"],
  sessionScriptS3Location: ["sessionScriptS3Location.s3Bucket", "sessionScriptS3Location.s3Key"],
  rootVolumeConfig: ["rootVolumeConfig.volumeSizeInGb"],
};
export const leavesOf = (p: string): string[] => LEAVES[p] ?? [p];
export const ALL_LEAVES = MANAGED_PROPERTIES.flatMap(leavesOf);

/** The program with `value` at `path` (`a.b`, `a.b[0]`): objects are created, a list becomes [value]. */
export function withValue(program: Inputs, path: string, value: unknown): Inputs {
  const out = structuredClone(program);
  const parts = path.split(".");
  let node: Record<string, unknown> = out;
  for (const [i, part] of parts.entries()) {
    const list = /^(.*)\[0\]$/.exec(part);
    const key = list ? list[1] : part;
    if (i === parts.length - 1) node[key] = list ? [value] : value;
    else {
      const next = node[key];
      node[key] = next !== null && typeof next === "object" && !Array.isArray(next) ? { ...(next as object) } : {};
      node = node[key] as Record<string, unknown>;
    }
  }
  return out;
}

/** Arbitrary numbers and strings, with the bounds AWS documents and values of the right shape among them. */
export const VALUE: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 1, arbitrary: fc.integer() },
  { weight: 3, arbitrary: fc.integer({ min: -5, max: 10 }) },
  { weight: 2, arbitrary: fc.constantFrom(0, -1, 1, 59, 60, 199, 200, 500, 501, 599, 600, 900, 36000, 36001, 432000, 432001, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1) },
  { weight: 1, arbitrary: fc.double() },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 120 }) },
  { weight: 2, arbitrary: fc.constantFrom(
    "",
    " ",
    "a".repeat(101),
    "a".repeat(257),
    "stream.standard.large",
    "stream.standard.small",
    "m5.large",
    "ALWAYS_ON",
    "ELASTIC",
    "APP",
    "DESKTOP",
    "WINDOWS_SERVER_2019",
    "WINDOWS_SERVER_2022",
    "AMAZON_LINUX2",
    IMAGE,
    "No-Such-Image-2099",
    "arn:aws:iam::123456789012:role/appstream",
    "arn:aws:appstream:us-east-1:123456789012:image/No-Such-Image",
    "Wacom, 056a, *, *, *, *, 0, 0",
    "bucket-1",
    "bucket.",
    "corp.example.com",
    "subnet-c",
    "sg-1",
  ) },
  { weight: 1, arbitrary: fc.boolean() },
);

/**
 * Records a property's run, with what it counts (needless interruptions, preview mismatches: each
 * listed) and the invariants over every program, then asserts that both are clean.
 */
export function recordProperty(r: {
  suite: string;
  scenario: string;
  faults: string[];
  runs: number;
  counted: { key: "needless" | "previewMismatches"; label: string; found: string[] };
  outcome: string;
  violations: Violations[];
  seed: number;
}): void {
  const all: Violations = { lost: r.violations.flatMap((v) => v.lost), orphaned: r.violations.flatMap((v) => v.orphaned), wrong: r.violations.flatMap((v) => v.wrong) };
  const found = r.counted.found;
  record({
    suite: r.suite,
    scenario: r.scenario,
    faults: r.faults,
    faultsFired: 0,
    badInputs: r.runs,
    [r.counted.key]: found.length,
    outcome: r.outcome,
    lost: new Set(all.lost).size,
    orphaned: new Set(all.orphaned).size,
    wrong: all.wrong.length,
    details: [...found.map((n) => `${r.counted.label}: ${n}`), ...all.wrong],
  });
  assert.deepEqual(found, [], `${r.counted.label}s (replay with RELIABILITY_SEED=${r.seed})`);
  assert.deepEqual(all, { lost: [], orphaned: [], wrong: [] });
}
