/**
 * Import cost: what `require("pulumi-appstream-fleet")` adds to a program's start, on top of
 * `@pulumi/pulumi`'s own load (every Pulumi program pays that one anyway).
 *
 * Each sample is a fresh `node` process in the project the package is installed into from
 * `npm pack` (as tests/e2e and a user install it), so Node's module cache is cold and the
 * package is resolved by name from node_modules, as a user's `index.ts` resolves it. The process
 * loads `@pulumi/pulumi`, then the package, and reports both times and which modules the
 * package's require added (whether the AWS SDK's AppStream client was among them). Samples run one
 * after the other; the figure is the median of `runs` (10).
 */
import { execFileSync } from "child_process";

export const IMPORT_COST_RUNS = 10;
/** The goal: the package adds at most this much to a program's start (median). */
export const IMPORT_COST_TARGET_MS = 100;

/** One fresh process's figures. */
export interface ImportSample {
  /** require("@pulumi/pulumi"), first in the process. */
  pulumiMs: number;
  /** require("pulumi-appstream-fleet") right after it. */
  packageMs: number;
  /** Modules the package's require added to Node's cache (its own files and its dependencies). */
  modules: number;
  /** Whether @aws-sdk/client-appstream was loaded by the require. */
  sdkLoaded: boolean;
}

export interface ImportCost {
  runs: number;
  /** Medians over the runs. */
  pulumiMs: number;
  packageMs: number;
  packageMinMs: number;
  packageMaxMs: number;
  modules: number;
  sdkLoaded: boolean;
  samples: ImportSample[];
}

/** The program each process runs (node -e, in the project directory: require resolves from there). */
const PROBE = `
const now = () => Number(process.hrtime.bigint()) / 1e6;
const t0 = now();
require("@pulumi/pulumi");
const t1 = now();
const before = new Set(Object.keys(require.cache));
require("pulumi-appstream-fleet");
const t2 = now();
const added = Object.keys(require.cache).filter((k) => !before.has(k));
process.stdout.write(JSON.stringify({
  pulumiMs: t1 - t0,
  packageMs: t2 - t1,
  modules: added.length,
  sdkLoaded: added.some((k) => k.includes("/@aws-sdk/client-appstream/")),
}));
`;

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** One fresh process in `projectDir` (its node_modules holds @pulumi/pulumi and the package). */
export function importSample(projectDir: string): ImportSample {
  const out = execFileSync(process.execPath, ["-e", PROBE], {
    cwd: projectDir,
    encoding: "utf8",
    env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(out) as ImportSample;
}

/** `runs` fresh processes, one after the other; medians. */
export function importCost(projectDir: string, runs = IMPORT_COST_RUNS): ImportCost {
  const samples: ImportSample[] = [];
  for (let i = 0; i < runs; i++) samples.push(importSample(projectDir));
  const pkg = samples.map((s) => s.packageMs);
  const round = (x: number) => Math.round(x * 10) / 10;
  return {
    runs,
    pulumiMs: round(median(samples.map((s) => s.pulumiMs))),
    packageMs: round(median(pkg)),
    packageMinMs: round(Math.min(...pkg)),
    packageMaxMs: round(Math.max(...pkg)),
    modules: median(samples.map((s) => s.modules)),
    sdkLoaded: samples.some((s) => s.sdkLoaded),
    samples: samples.map((s) => ({ ...s, pulumiMs: round(s.pulumiMs), packageMs: round(s.packageMs) })),
  };
}
