/**
 * The supported versions, checked when the package is loaded (provider/index.ts imports this
 * module first): Node.js of package.json's `engines.node`, `@pulumi/pulumi` of its
 * `peerDependencies` (the one source of both ranges). Outside them, loading the package throws
 * an Error whose message is ONE line naming the supported versions and the ones found; it is
 * marked as Pulumi's RunError (the `__pulumiRunError` flag Pulumi's `RunError.isInstance` tests),
 * so `pulumi up` prints that line alone, with no stack trace.
 *
 * This file loads nothing but Node's own modules, host-errors.ts (which imports nothing) and
 * embedded.ts (Node's path and embedded-data.ts): an unsupported @pulumi/pulumi must not be loaded
 * to be refused.
 */
import * as fs from "fs";
import * as path from "path";
import { programRunError } from "./host-errors";
import { embedded } from "./embedded";

/** The Node.js majors the test suite and CI run on (npm test on the first, CI the user project on all). */
export const TESTED_NODE_MAJORS: readonly number[] = [22, 24];

export interface PackageFacts {
  name: string;
  version: string;
  /** engines.node, e.g. ">=22". */
  node: string;
  /** peerDependencies["@pulumi/pulumi"], e.g. "^3.141.0". */
  pulumi: string;
}

/** Our package.json: the nearest one above this file named pulumi-appstream-fleet (provider/ from sources, dist/provider/ when built). */
export function packageFacts(from: string = __dirname): PackageFacts {
  // The self-contained plugin executable has no package.json beside it: it carries these facts.
  const inside = embedded()?.packageJson;
  if (inside) return { name: inside.name, version: inside.version, node: inside.engines?.node as string, pulumi: inside.peerDependencies?.["@pulumi/pulumi"] as string };
  for (let dir = from; ; dir = path.dirname(dir)) {
    const p = path.join(dir, "package.json");
    if (fs.existsSync(p)) {
      const j = JSON.parse(fs.readFileSync(p, "utf8"));
      if (j.name === "pulumi-appstream-fleet")
        return { name: j.name, version: j.version, node: j.engines?.node, pulumi: j.peerDependencies?.["@pulumi/pulumi"] };
    }
    if (path.dirname(dir) === dir) throw new Error(`pulumi-appstream-fleet: no package.json of pulumi-appstream-fleet above ${from}`);
  }
}

type Version = [number, number, number];

function parseVersion(v: string): Version | undefined {
  const m = /^v?(\d+)\.(\d+)\.(\d+)/.exec(v.trim());
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

function compare(a: Version, b: Version): number {
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i] - b[i];
  return 0;
}

/**
 * Whether `version` is in `range`, for the two forms package.json uses: ">=M" / ">=M.m.p" and
 * "^M.m.p" (M >= 1). Any other form throws, so that a change of package.json to a form this does
 * not read fails its unit test instead of passing everything.
 */
export function satisfies(version: string, range: string): boolean {
  const v = parseVersion(version);
  if (!v) throw new Error(`pulumi-appstream-fleet: cannot read the version '${version}'`);
  let m = /^>=\s*(\d+)(?:\.(\d+)\.(\d+))?$/.exec(range.trim());
  if (m) return compare(v, [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)]) >= 0;
  m = /^\^(\d+)\.(\d+)\.(\d+)$/.exec(range.trim());
  if (m && Number(m[1]) >= 1) {
    const low: Version = [Number(m[1]), Number(m[2]), Number(m[3])];
    return v[0] === low[0] && compare(v, low) >= 0;
  }
  throw new Error(`pulumi-appstream-fleet: unsupported range form '${range}' (support-check.ts reads ">=M", ">=M.m.p" and "^M.m.p")`);
}

/** "22 and 24" */
const and = (xs: readonly number[]) => (xs.length < 2 ? xs.join("") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]}`);

/**
 * The one-line reason why this process cannot use the package, or undefined when it can.
 * `nodeVersion`: process.versions.node; `pulumiVersion`: the version of the @pulumi/pulumi the
 * package would load, or null when none is installed.
 */
export function unsupportedReason(facts: PackageFacts, nodeVersion: string, pulumiVersion: string | null, pulumiPath?: string): string | undefined {
  const who = `${facts.name} ${facts.version}`;
  if (!satisfies(nodeVersion, facts.node))
    return (
      `${who} supports Node.js ${facts.node} (tested: ${and(TESTED_NODE_MAJORS)}); this is Node.js ${nodeVersion}` +
      ` (${process.execPath}): put Node.js ${and(TESTED_NODE_MAJORS).replace(" and ", " or ")} first on PATH`
    );
  if (pulumiVersion === null)
    return `${who} needs @pulumi/pulumi ${facts.pulumi}, which is not installed: npm install @pulumi/pulumi@${facts.pulumi}`;
  if (!satisfies(pulumiVersion, facts.pulumi))
    return (
      `${who} supports @pulumi/pulumi ${facts.pulumi}; this program loads @pulumi/pulumi ${pulumiVersion}` +
      `${pulumiPath ? ` (${pulumiPath})` : ""}: npm install @pulumi/pulumi@${facts.pulumi}`
    );
  return undefined;
}

/** The version and folder of the @pulumi/pulumi this package resolves (the user's, as a peer), or null. */
function installedPulumi(): { version: string; dir: string } | null {
  const inside = embedded();
  if (inside) return { version: inside.pulumiVersion, dir: `${process.execPath} (bundled)` };
  let p: string;
  try {
    p = require.resolve("@pulumi/pulumi/package.json");
  } catch {
    return null;
  }
  return { version: JSON.parse(fs.readFileSync(p, "utf8")).version, dir: path.dirname(p) };
}

/** Throws the one-line error when the Node.js or the @pulumi/pulumi of this process is not supported. */
export function checkSupported(): void {
  const pulumi = installedPulumi();
  const reason = unsupportedReason(packageFacts(), process.versions.node, pulumi?.version ?? null, pulumi?.dir);
  if (reason === undefined) return;
  throw programRunError(new Error(reason)); // no frames: the line is the whole story
}

checkSupported();
