/**
 * A user's own Pulumi project, outside this repository: a new folder under the OS's temporary
 * directory with its own package.json (its own @pulumi/pulumi, typescript, @types/node), a strict
 * tsconfig.json, Pulumi.yaml and an index.ts that uses Fleet, getImageOutput and getSessions;
 * the package installed the way README.md's "Install" section says (a tarball of `npm pack`, or
 * a git URL). Used by tests/e2e/user-project.test.ts.
 */
import { execFile, execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { EmulatorControl } from "../../emulator";

export const ROOT = path.resolve(__dirname, "..", "..");

/** The package's own package.json. */
export const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

/** The devDependencies' TypeScript range: a user project compiles with the TypeScript this package is built with. */
const TYPESCRIPT = PKG.devDependencies.typescript as string;

export interface Run {
  command: string;
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a command (no shell); resolves with its exit code and output, never rejects on a non-zero exit. */
export function run(cmd: string, args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<Run> {
  const command = [cmd, ...args].join(" ");
  return new Promise((resolve) =>
    execFile(cmd, args, { cwd: o.cwd, env: o.env ?? process.env, maxBuffer: 64 * 1024 * 1024, timeout: o.timeoutMs ?? 10 * 60_000 }, (e, stdout, stderr) =>
      resolve({ command, code: e ? (typeof (e as { code?: unknown }).code === "number" ? Number((e as { code: number }).code) : 1) : 0, stdout, stderr }),
    ),
  );
}

/**
 * The directory of the `node` of a Node.js major: scripts/setup.sh --node <major> (the node on
 * PATH when it is of that major, else the npm registry's node-<os>-<arch>, cached in .cache/node).
 */
export function nodeDir(major: number): string {
  const out = execFileSync("bash", [path.join(ROOT, "scripts", "setup.sh"), "--node", String(major), "--", "node", "-p", "require('path').dirname(process.execPath)"], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  return out.trim().split("\n").pop() as string;
}

/** `env` with `dir` first on PATH (so `node`, `npm`'s node and the language host's node are that one). */
export function withPathFirst(dir: string | undefined, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return dir ? { ...env, PATH: [dir, env.PATH ?? ""].join(path.delimiter) } : { ...env };
}

/** `npm pack` of this repository (its `prepare` builds dist/ first) into `dest`; returns the tarball's absolute path. */
export function packPackage(dest: string): string {
  const out = execFileSync("npm", ["pack", "--pack-destination", dest, "--loglevel=error"], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  const name = out.trim().split("\n").pop() as string;
  const tgz = path.join(dest, name);
  if (!fs.existsSync(tgz)) throw new Error(`npm pack printed '${name}', which is not in ${dest}:\n${out}`);
  return tgz;
}

export interface ProjectOptions {
  /** The project folder (created; must not exist). */
  dir: string;
  /** What `npm install` gets for pulumi-appstream-fleet: a tarball path or a git URL. */
  spec: string;
  /** The exact @pulumi/pulumi version the project depends on. */
  pulumiVersion: string;
  /** The AppStream fleet's name (unique per project). */
  fleetName: string;
  /** package.json's allowScripts (npm 11's approvals of install scripts). */
  allowScripts?: Record<string, boolean>;
  /** The directory of the `node` to install and run with (first on PATH). Default: the PATH's. */
  nodeDir?: string;
  /** More `npm install` options (e.g. --legacy-peer-deps). */
  npmArgs?: string[];
}

/** The program: an image lookup, a fleet (instanceType from config), and the fleet's sessions. */
export const INDEX_TS = `import * as pulumi from "@pulumi/pulumi";
import { Fleet, getImageOutput, getSessions } from "pulumi-appstream-fleet";

const config = new pulumi.Config();

const image = getImageOutput({ nameRegex: "^AppStream-WinServer2019-", mostRecent: true, type: "PUBLIC" });

const fleet = new Fleet("fleet", {
  name: config.require("fleetName"),
  imageName: image.name,
  instanceType: config.get("instanceType") ?? "stream.standard.medium",
  fleetType: "ON_DEMAND",
  computeCapacity: { desiredInstances: 1 },
  tags: { owner: "user-project" },
  desiredState: "RUNNING",
});

// A plain promise-returning lookup inside an apply: the fleet's streaming sessions now.
const sessions = fleet.name.apply((fleetName) => getSessions({ stackName: "user-stack", fleetName }));

export const fleetName: pulumi.Output<string> = fleet.name;
export const state: pulumi.Output<string> = fleet.state;
export const instanceType: pulumi.Output<string> = fleet.instanceType;
export const imageName: pulumi.Output<string> = image.name;
export const sessionCount: pulumi.Output<number> = sessions.apply((s) => s.sessions.length);
export const nodeVersion: string = process.version;
`;

/** A strict tsconfig.json, as \`pulumi new typescript\` writes it, plus the strict family switched on. */
export const TSCONFIG = {
  compilerOptions: {
    strict: true,
    noImplicitReturns: true,
    noFallthroughCasesInSwitch: true,
    noUnusedLocals: true,
    exactOptionalPropertyTypes: false,
    forceConsistentCasingInFileNames: true,
    target: "ES2022",
    module: "commonjs",
    moduleResolution: "node",
    esModuleInterop: true,
    outDir: "bin",
    sourceMap: true,
  },
  files: ["index.ts"],
};

/**
 * Writes the project's files and runs `npm install <spec>` in it (with its own @pulumi/pulumi,
 * typescript and @types/node from package.json), as README.md's Install section says. Returns
 * the install's output (the caller asserts on it: no EBADENGINE, ...).
 */
export async function createProject(o: ProjectOptions): Promise<Run> {
  fs.mkdirSync(o.dir, { recursive: false });
  const major = Number(/^(\d+)/.exec(PKG.engines.node.replace(/^>=\s*/, ""))?.[1] ?? 22);
  const pkg: Record<string, unknown> = {
    name: "my-fleets",
    private: true,
    main: "index.ts",
    dependencies: { "@pulumi/pulumi": o.pulumiVersion },
    devDependencies: { typescript: TYPESCRIPT, "@types/node": `^${major}` },
  };
  if (o.allowScripts) pkg.allowScripts = o.allowScripts;
  fs.writeFileSync(path.join(o.dir, "package.json"), JSON.stringify(pkg, null, 2) + "\n");
  fs.writeFileSync(path.join(o.dir, "Pulumi.yaml"), "name: my-fleets\nruntime: nodejs\ndescription: A user's own project using pulumi-appstream-fleet\n");
  fs.writeFileSync(path.join(o.dir, "tsconfig.json"), JSON.stringify(TSCONFIG, null, 2) + "\n");
  fs.writeFileSync(path.join(o.dir, "index.ts"), INDEX_TS);
  return run("npm", ["install", "--prefer-offline", "--no-audit", "--no-fund", ...(o.npmArgs ?? []), o.spec], { cwd: o.dir, env: withPathFirst(o.nodeDir) });
}

export interface UserEmulator {
  url: string;
  control: EmulatorControl;
  close(): Promise<void>;
}

/**
 * `npx appstream-emulator --port 0 <args>` in the project: the INSTALLED package's bin. Waits for
 * its first line, "AppStream emulator listening on URL". Its own process group, so close() ends
 * npx and the emulator it runs.
 */
export function startInstalledEmulator(dir: string, args: string[], nodeDirectory?: string): Promise<UserEmulator> {
  const child = spawn("npx", ["--no-install", "appstream-emulator", "--port", "0", ...args], {
    cwd: dir,
    env: withPathFirst(nodeDirectory),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-(child.pid as number), "SIGTERM");
      } catch {
        // already gone
      }
    }
    await exited;
  };
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (c: string) => {
      out += c;
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      child.stdout.off("data", onData);
      child.stdout.resume();
      const m = /^AppStream emulator listening on (http:\/\/\S+)$/.exec(out.slice(0, nl));
      if (!m) {
        void close();
        reject(new Error(`npx appstream-emulator's first line is not "AppStream emulator listening on URL": ${JSON.stringify(out.slice(0, nl))}\n${stderr}`));
        return;
      }
      resolve({ url: m[1], control: new EmulatorControl(m[1]), close });
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.on("error", reject);
    void exited.then(() => reject(new Error(`npx appstream-emulator exited before listening: ${stderr}`)));
  });
}
