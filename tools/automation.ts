/**
 * The real Pulumi engine, driven through the Automation API with inline programs (what users who
 * embed Pulumi run), against the emulator: the end-to-end tests and the benchmark. The `pulumi`
 * CLI in a project directory, as users run it (tools/pulumi-cli.ts), shares the install below.
 *
 * Our package is installed into a throwaway project from `npm pack`, as a user installs it; the
 * caller loads @pulumi/pulumi and our package from THAT project, so the program, the serialized
 * provider and the engine's dynamic-provider process all see the installed copy, not the sources.
 */
import { execFileSync } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { pulumiBin } from "./pulumi-cli";

export const ROOT = path.resolve(__dirname, "..");
const E2E = path.join(ROOT, ".cache", "e2e");
/** One folder per test process, so that two runs at once do not share a project or a backend. */
export const CACHE = path.join(E2E, `run-${process.pid}`);

/** Removes the folders of earlier runs whose process is gone. */
export function removeStaleRuns(): void {
  if (!fs.existsSync(E2E)) return;
  for (const d of fs.readdirSync(E2E)) {
    const pid = Number(/^run-(\d+)$/.exec(d)?.[1]);
    if (!pid || pid === process.pid) continue;
    if (!alive(pid)) fs.rmSync(path.join(E2E, d), { recursive: true, force: true });
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], maxBuffer: 64 * 1024 * 1024 });
}

export interface Installed {
  projectDir: string;
  pulumiRoot: string;
  /** The installed package, as a user's program would import it. */
  pkg: any;
  /** @pulumi/pulumi and its automation module from the installed project. */
  pulumi: any;
  auto: any;
  pulumiCommand: any;
}

let installed: Promise<Installed> | undefined;

/** The files `npm pack` puts in the package ("files" of package.json), sorted. */
function packageFiles(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const out: string[] = ["package.json"];
  const walk = (rel: string) => {
    const abs = path.join(ROOT, rel);
    if (!fs.existsSync(abs)) return;
    if (fs.statSync(abs).isDirectory()) for (const e of fs.readdirSync(abs).sort()) walk(path.join(rel, e));
    else out.push(rel);
  };
  for (const f of pkg.files as string[]) walk(f);
  return out;
}

/**
 * The dependencies of examples/quickstart/package.json (what a user of the quickstart installs),
 * with our package taken from the tarball and @pulumi/pulumi pinned to the version this
 * repository tests with.
 */
function quickstartDependencies(tarball: string, pulumiVersion: string): { dependencies: Record<string, string>; devDependencies: Record<string, string> } {
  const qs = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "quickstart", "package.json"), "utf8"));
  return {
    dependencies: { ...qs.dependencies, "pulumi-appstream-fleet": `file:./${tarball}`, "@pulumi/pulumi": pulumiVersion },
    devDependencies: { ...qs.devDependencies },
  };
}

/**
 * The installed project for the package as it is now: `npm pack`, then `npm install` of the
 * tarball, with the rest of examples/quickstart's dependencies (typescript, @types/node), into a
 * project, kept under .cache/e2e/install-<hash of the packed files, the quickstart's
 * package.json and the @pulumi/pulumi version>. A later run with the same build reuses it (about
 * 20 s saved); any change to dist/, package.json or README.md gives a new hash, so a new install.
 * Installed into a temporary folder and renamed, so two runs at once never see half an install.
 * Returns the project folder (package.json, the tarball, node_modules).
 */
export function installedProject(): string {
  const pulumiVersion = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", "@pulumi", "pulumi", "package.json"), "utf8")).version;
  const hash = crypto.createHash("sha256").update(`@pulumi/pulumi@${pulumiVersion}\n`);
  hash.update(JSON.stringify(quickstartDependencies("", pulumiVersion)));
  for (const f of packageFiles()) hash.update(`${f}\n`).update(fs.readFileSync(path.join(ROOT, f)));
  const key = hash.digest("hex").slice(0, 16);
  const dir = path.join(E2E, `install-${key}`);
  if (fs.existsSync(path.join(dir, "project", "node_modules", "pulumi-appstream-fleet", "package.json"))) {
    const now = new Date();
    fs.utimesSync(dir, now, now);
    return path.join(dir, "project");
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  const projectDir = path.join(tmp, "project");
  fs.mkdirSync(projectDir, { recursive: true });
  // The tarball sits in the project and is named relatively, so the project survives the rename.
  const tarball = run("npm", ["pack", "--silent", "--pack-destination", projectDir], ROOT).trim().split("\n").pop() as string;
  fs.writeFileSync(
    path.join(projectDir, "package.json"),
    JSON.stringify({ name: "e2e-program", private: true, ...quickstartDependencies(tarball, pulumiVersion) }, null, 2),
  );
  run("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], projectDir);
  try {
    fs.renameSync(tmp, dir);
  } catch {
    // Another run finished the same install first: use theirs.
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  // Installs of other builds unused for a day, and half installs of runs that died, go.
  for (const d of fs.readdirSync(E2E)) {
    const p = path.join(E2E, d);
    const pid = Number(/^install-[0-9a-f]{16}\.tmp-(\d+)$/.exec(d)?.[1]);
    if (pid && !alive(pid)) fs.rmSync(p, { recursive: true, force: true });
    if (/^install-[0-9a-f]{16}$/.test(d) && p !== dir && Date.now() - fs.statSync(p).mtimeMs > 24 * 3600_000) fs.rmSync(p, { recursive: true, force: true });
  }
  return path.join(dir, "project");
}

/** Builds the CLI (cached), then installs the package into a project (cached by content); once per test run. */
export function installPackage(): Promise<Installed> {
  installed ??= (async () => {
    const pulumiRoot = path.dirname(pulumiBin());
    removeStaleRuns();
    fs.mkdirSync(CACHE, { recursive: true });
    if (!fs.existsSync(path.join(ROOT, "dist", "provider", "index.js"))) run("npm", ["run", "build"], ROOT);
    const shared = installedProject();
    // This run's own project folder (the workspace writes Pulumi.yaml and stack settings there),
    // with the shared install's node_modules linked in. Node follows the link to its real path, so
    // the program, the serialized provider and the engine's dynamic-provider process all load
    // the one installed copy.
    const projectDir = path.join(CACHE, "project");
    fs.rmSync(projectDir, { recursive: true, force: true });
    fs.mkdirSync(projectDir, { recursive: true });
    fs.copyFileSync(path.join(shared, "package.json"), path.join(projectDir, "package.json"));
    fs.symlinkSync(path.join(shared, "node_modules"), path.join(projectDir, "node_modules"), "dir");
    // By path, not require.resolve(m, { paths }): inside this repo Node would resolve our own
    // package name to the repo itself (package self-reference) instead of the installed copy.
    const req = (m: string) => require(path.join(projectDir, "node_modules", m));
    const auto = req("@pulumi/pulumi/automation");
    const pulumiCommand = await auto.PulumiCommand.get({ root: pulumiRoot, skipVersionCheck: true });
    return { projectDir, pulumiRoot, pkg: req("pulumi-appstream-fleet"), pulumi: req("@pulumi/pulumi"), auto, pulumiCommand };
  })();
  return installed;
}

export interface EngineRun {
  /** Operation per resource name (from the engine's resourcePreEvents): create, update, replace, same, delete... */
  ops: Record<string, string[]>;
  /** Keys the engine reports as changed, per resource name. */
  diffs: Record<string, string[]>;
  diagnostics: { severity: string; message: string; urn?: string }[];
  changes: Record<string, number>;
  outputs: Record<string, unknown>;
  stdout: string;
}

export interface TestStack {
  stack: any;
  up(): Promise<EngineRun>;
  preview(): Promise<EngineRun>;
  /** The stdout of `pulumi preview --json` (the Automation API has no option for --json). */
  previewJson(): Promise<string>;
  /** The stdout and the stderr of `pulumi preview --diff`, apart. */
  previewDiff(): Promise<{ stdout: string; stderr: string }>;
  refresh(): Promise<EngineRun>;
  destroy(): Promise<EngineRun>;
  exportState(): Promise<any>;
  remove(): Promise<void>;
}

const nameOf = (urn: string) => urn.split("::").pop() as string;

function collector() {
  const run: EngineRun = { ops: {}, diffs: {}, diagnostics: [], changes: {}, outputs: {}, stdout: "" };
  const onEvent = (e: any) => {
    if (process.env.E2E_EVENTS_FILE) fs.appendFileSync(process.env.E2E_EVENTS_FILE, JSON.stringify(e) + "\n");
    const meta = e.resourcePreEvent?.metadata;
    if (meta && !meta.type.startsWith("pulumi:pulumi:Stack") && !meta.type.startsWith("pulumi:providers")) {
      const n = nameOf(meta.urn);
      (run.ops[n] ??= []).push(meta.op);
      // Dynamic providers cannot return a detailed diff, so the engine's display compares the old
      // and new inputs itself; do the same to know which properties the preview shows as changed.
      const oldIn = meta.old?.inputs ?? {};
      const newIn = meta.new?.inputs ?? {};
      const changed = [...new Set([...Object.keys(oldIn), ...Object.keys(newIn)])].filter(
        (k) => !k.startsWith("__") && JSON.stringify(oldIn[k]) !== JSON.stringify(newIn[k]),
      );
      run.diffs[n] = [...new Set([...(run.diffs[n] ?? []), ...(meta.diffs ?? []), ...changed])];
    }
    const d = e.diagnosticEvent;
    if (d) run.diagnostics.push({ severity: d.severity, message: d.message, urn: d.urn });
  };
  const onOutput = (s: string) => {
    run.stdout += s;
  };
  return { run, onEvent, onOutput };
}

/** A stack of an inline program in the installed project, with the engine's env pointed at the emulator. */
export async function createStack(
  inst: Installed,
  stackName: string,
  program: () => Promise<Record<string, unknown> | void>,
  env: Record<string, string>,
): Promise<TestStack> {
  const stateDir = path.join(CACHE, "state");
  fs.mkdirSync(stateDir, { recursive: true });
  const envVars = {
    PULUMI_BACKEND_URL: `file://${stateDir}`,
    PULUMI_HOME: path.join(CACHE, "home"),
    PULUMI_CONFIG_PASSPHRASE: "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    // The SDK warns on every process start that Node 20 support ends in 2027; keep the output readable.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
    ...env,
  };
  const stack = await inst.auto.LocalWorkspace.createOrSelectStack(
    { stackName, projectName: "appstream-e2e", program },
    {
      workDir: inst.projectDir,
      pulumiCommand: inst.pulumiCommand,
      envVars,
      projectSettings: { name: "appstream-e2e", runtime: "nodejs", backend: { url: `file://${stateDir}` } },
    },
  );
  await stack.setConfig("aws:region", { value: "us-east-1" });
  const go = async (what: "up" | "preview" | "refresh" | "destroy") => {
    const c = collector();
    const res = await stack[what]({ onEvent: c.onEvent, onOutput: c.onOutput, color: "never" });
    c.run.changes = res.summary?.resourceChanges ?? res.changeSummary ?? {};
    c.run.outputs = Object.fromEntries(Object.entries(res.outputs ?? {}).map(([k, v]: [string, any]) => [k, v.value]));
    return c.run;
  };
  /**
   * Runs `f` with `extra` appended to the CLI's arguments: the workspace's own command (its env,
   * the inline program's --client, --stack), through the stack's one place that runs the CLI.
   */
  const withArgs = async <T>(extra: string[], f: () => Promise<T>): Promise<T> => {
    const run = stack.runPulumiCmd;
    stack.runPulumiCmd = (args: string[], ...rest: unknown[]) => run.call(stack, [...args, ...extra], ...rest);
    try {
      return await f();
    } finally {
      delete stack.runPulumiCmd;
    }
  };
  return {
    stack,
    up: () => go("up"),
    preview: () => go("preview"),
    previewJson: async () => (await withArgs(["--json"], (): Promise<{ stdout: string }> => stack.preview({}))).stdout,
    previewDiff: async () => {
      const r = await stack.preview({ diff: true, color: "never" });
      return { stdout: r.stdout, stderr: r.stderr };
    },
    refresh: () => go("refresh"),
    destroy: () => go("destroy"),
    exportState: async () => (await stack.exportStack()).deployment,
    remove: async () => {
      await stack.workspace.removeStack(stackName, { force: true });
    },
  };
}
