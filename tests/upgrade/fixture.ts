/**
 * The upgrade fixtures: what one directory of tests/upgrade/fixtures/<version>/ holds, and the
 * project directory both make-fixture.ts (which writes a fixture) and tests/e2e/upgrade.test.ts
 * (which runs the current code on every fixture) run `pulumi` in. See tests/upgrade/README.md.
 */
import * as fs from "fs";
import * as path from "path";

export const UPGRADE_DIR = __dirname;
export const FIXTURES_DIR = path.join(UPGRADE_DIR, "fixtures");
/** The program a new fixture is made with (each fixture keeps its own copy). */
export const PROGRAM_DIR = path.join(UPGRADE_DIR, "program");
/** The files of the program, copied into the fixture and from it into the project directory. */
export const PROGRAM_FILES = ["Pulumi.yaml", "index.ts", "tsconfig.json"];

export const PROJECT = "appstream-upgrade";
export const STACK = "upgrade";
/**
 * The passphrase of the fixtures' stacks (the file backend's passphrase secrets provider). Known
 * and checked in on purpose: the fixtures hold no real secret, and the test needs it to import
 * and decrypt a stack written elsewhere.
 */
export const PASSPHRASE = "pulumi-appstream-fleet-upgrade-fixture";
export const FLEET_TYPE = "pulumi-nodejs:dynamic/appstream:Fleet";
/** The secret config value (`supportContact`) the program exports as a secret output. */
export const SECRET_VALUE = "appstream-admins@example.com";

/** fixture.json: how the fixture was made and what it holds. */
export interface FixtureInfo {
  /** The package version that wrote the stack (package.json's `version` then). */
  packageVersion: string;
  /** ISO date of the export. */
  createdAt: string;
  pulumiCli: string;
  pulumiSdk: string;
  node: string;
  project: string;
  stack: string;
  passphrase: string;
  /** The fleet as the stack and the emulator hold it. */
  fleet: { name: string; state: string; instanceType: string; imageName: string; tags: Record<string, string> };
}

/** The files of a fixture directory, besides the program's. */
export const FIXTURE_FILES = {
  /** `pulumi stack export` of the stack, unchanged. */
  state: "stack.json",
  /** The stack's config file (Pulumi.<stack>.yaml: aws:region, the passphrase's salt). */
  config: `Pulumi.${STACK}.yaml`,
  /** The emulator's --state-file after the export: the same fleet, RUNNING, with its tags and image. */
  emulator: "emulator-state.json",
  info: "fixture.json",
};

/** Every fixture directory, oldest version first. */
export function fixtureDirs(): string[] {
  if (!fs.existsSync(FIXTURES_DIR)) return [];
  const byVersion = (a: string, b: string) => {
    const pa = a.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
    const pb = b.split(/[.-]/).map((x) => (/^\d+$/.test(x) ? Number(x) : x));
    for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
      if (pa[i] === pb[i]) continue;
      if (pa[i] === undefined) return -1;
      if (pb[i] === undefined) return 1;
      return typeof pa[i] === "number" && typeof pb[i] === "number" ? (pa[i] as number) - (pb[i] as number) : String(pa[i]).localeCompare(String(pb[i]));
    }
    return 0;
  };
  return fs
    .readdirSync(FIXTURES_DIR)
    .filter((d) => fs.statSync(path.join(FIXTURES_DIR, d)).isDirectory())
    .sort(byVersion)
    .map((d) => path.join(FIXTURES_DIR, d));
}

/**
 * A project directory `dir` (emptied first) with the program files of `from` and the installed
 * package of `installed` (its package.json, its node_modules linked in): the package is loaded by
 * name from there by the program and by the serialized provider in the state.
 */
export function projectDir(dir: string, from: string, installed: string, extra: string[] = []): string {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  for (const f of [...PROGRAM_FILES, ...extra]) if (fs.existsSync(path.join(from, f))) fs.copyFileSync(path.join(from, f), path.join(dir, f));
  fs.copyFileSync(path.join(installed, "package.json"), path.join(dir, "package.json"));
  fs.symlinkSync(path.join(installed, "node_modules"), path.join(dir, "node_modules"), "dir");
  return dir;
}

/** The environment of the fixture's AWS calls: the emulator, fixed fake credentials. */
export function awsEnv(url: string): Record<string, string | undefined> {
  return {
    AWS_ENDPOINT_URL_APPSTREAM: url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDUPGRADEFIXTURE",
    AWS_SECRET_ACCESS_KEY: "upgrade-fixture-secret",
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    PULUMI_CONFIG_PASSPHRASE: PASSPHRASE,
  };
}
