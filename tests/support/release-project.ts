/**
 * A user's program in any language, installed the way its ecosystem installs a provider, from the
 * release artifacts (`npm run release`, dist/release) and nothing of this checkout:
 *
 *  - the artifacts: scripts/release/release.ts, run once per test process (each artifact is cached
 *    by the hash of its inputs, so an unchanged build costs copies);
 *  - the plugin: downloaded by the engine itself, from a server on loopback that serves
 *    dist/release, as from the GitHub release the schema's pluginDownloadURL names
 *    (PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES, a setting of the Pulumi CLI), into an empty
 *    PULUMI_HOME, with automatic plugin acquisition on and ambient plugins (PATH) ignored;
 *  - no Node.js for the engine, the language host, the program or the plugin: the first `node` on
 *    their PATH fails loudly and records the call (`nodeCalls`);
 *  - per language, the one artifact of that language: nothing for YAML (the program names the
 *    plugin's version and download URL), the wheel for Python (a venv with it and Python
 *    `pulumi`), the Go module from a GOPROXY=file:// directory, the Java jar and pom in the
 *    program's Maven repository;
 *  - AWS: the emulator of the released npm package (its `appstream-emulator` bin, installed from
 *    the tarball): the test's stand-in for AWS, not part of the user's program, so it may run on Node.
 */
import { execFile } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as http from "http";
import * as os from "os";
import * as path from "path";
import { promisify } from "util";
import type { Manifest } from "../../scripts/release/release";
import { pulumiBin } from "../../tools/pulumi-cli";
import { pluginEnv } from "./pulumi-project";

const ROOT = path.resolve(__dirname, "..", "..");
const exec = promisify(execFile);

export interface ReleaseArtifacts {
  /** dist/release */
  dir: string;
  manifest: Manifest;
}

let released: Promise<ReleaseArtifacts> | undefined;

/**
 * dist/release as `npm run release` writes it (after `npm run build`, which the test script runs).
 * Made again (from the cache: copies) when dist/release lost its manifest since: `npm run build`,
 * which `npm pack` runs as `prepare` (tools/automation.ts), empties dist/.
 */
export function releaseArtifacts(): Promise<ReleaseArtifacts> {
  const made = released;
  released = (async () => {
    const previous = await made?.catch(() => undefined);
    if (previous && fs.existsSync(path.join(previous.dir, "manifest.json"))) return previous;
    process.env.PULUMI_CLI_BIN ??= pulumiBin();
    // Loaded here, not at the top: the release tooling (esbuild) is needed only by the suites that use it.
    const { release, RELEASE_DIR } = require("../../scripts/release/release") as typeof import("../../scripts/release/release");
    const manifest = await release();
    return { dir: RELEASE_DIR, manifest };
  })();
  return released;
}

/** A file server on loopback for the plugin archives of dist/release; `requests` lists the paths asked for. */
export interface DownloadServer {
  url: string;
  requests: string[];
  close(): Promise<void>;
}

export function servePluginArchives(dir: string): Promise<DownloadServer> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const name = decodeURIComponent((req.url ?? "/").split("?")[0]).replace(/^\/+/, "");
    requests.push(name);
    const file = path.join(dir, name);
    if (!/^pulumi-resource-[\w.-]+\.tar\.gz$/.test(name) || !fs.existsSync(file)) {
      res.writeHead(404).end("not found\n");
      return;
    }
    res.writeHead(200, { "content-type": "application/gzip", "content-length": String(fs.statSync(file).size) });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      resolve({ url: `http://127.0.0.1:${port}`, requests, close: () => new Promise((r) => server.close(() => r())) });
    });
  });
}

/**
 * A directory holding a `node` that fails loudly (stderr, exit 97) and appends its arguments to
 * `<dir>/node-calls.log`: put first on PATH, it shadows any Node.js there.
 */
export function failingNode(dir: string): { dir: string; calls(): string[] } {
  fs.mkdirSync(dir, { recursive: true });
  const log = path.join(dir, "node-calls.log");
  fs.writeFileSync(
    path.join(dir, "node"),
    `#!/bin/sh\necho "node was called ($*): nothing in a user's $(basename "$PWD") program may need Node.js" >&2\necho "$PWD: $*" >> '${log}'\nexit 97\n`,
    { mode: 0o755 },
  );
  return { dir, calls: () => (fs.existsSync(log) ? fs.readFileSync(log, "utf8").trim().split("\n").filter(Boolean) : []) };
}

/** PATH for the user's tools: the failing `node` first, `pulumi` and its language hosts, then this PATH without the directories of Node.js that setup put first. */
export function noNodePath(noNodeDir: string): string {
  const real = (d: string) => {
    try {
      return fs.realpathSync(d);
    } catch {
      return path.resolve(d);
    }
  };
  const nodeCache = real(path.join(ROOT, ".cache", "node")) + path.sep;
  const rest = (process.env.PATH ?? "").split(path.delimiter).filter((d) => d !== "" && !real(d).startsWith(nodeCache));
  return [noNodeDir, pulumiBin(), ...rest].join(path.delimiter);
}

/**
 * The environment of the user's `pulumi` runs: the emulator's endpoint and keys and the region only
 * from `appstream-fleet:region` (as pluginEnv), automatic plugin acquisition ON with downloads of
 * the schema's pluginDownloadURL sent to `downloadUrl`, no `node` on PATH.
 */
export function releaseEnv(o: { emulatorUrl: string; stateDir: string; keys: { id: string; secret: string }; manifest: Manifest; downloadUrl: string; noNodeDir: string }): Record<string, string | undefined> {
  const escaped = o.manifest.pluginDownloadURL.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return {
    ...pluginEnv(o.emulatorUrl, o.stateDir, o.keys),
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: undefined,
    PULUMI_PLUGIN_DOWNLOAD_URL_OVERRIDES: `^${escaped}=${o.downloadUrl}`,
    PATH: noNodePath(o.noNodeDir),
  };
}

/** An empty folder outside the repository for one language's program, removed again by `removeUserDir`. */
export function userDir(language: string): string {
  return path.join(os.tmpdir(), `appstream-fleet-user-${process.pid}`, language);
}
export function removeUserDirs(): void {
  fs.rmSync(path.join(os.tmpdir(), `appstream-fleet-user-${process.pid}`), { recursive: true, force: true });
}

/**
 * The `appstream-emulator` bin of the released npm package, installed once per tarball (npm
 * install of the tarball without peers, into .cache/e2e/release-emulator-<hash>): returns its cli.js.
 */
export async function installedEmulator(a: ReleaseArtifacts): Promise<string> {
  if (!a.manifest.npm) throw new Error("the release has no npm tarball");
  const tarball = path.join(a.dir, a.manifest.npm.tarball);
  const key = crypto.createHash("sha256").update(fs.readFileSync(tarball)).digest("hex").slice(0, 16);
  const dir = path.join(ROOT, ".cache", "e2e", `release-emulator-${key}`);
  const cli = path.join(dir, "node_modules", "pulumi-appstream-fleet", "dist", "emulator", "cli.js");
  if (fs.existsSync(cli)) return cli;
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  fs.copyFileSync(tarball, path.join(tmp, a.manifest.npm.tarball));
  fs.writeFileSync(path.join(tmp, "package.json"), JSON.stringify({ name: "emulator-stand-in", private: true }));
  await exec("npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--omit=peer", "--loglevel=error", `./${a.manifest.npm.tarball}`], { cwd: tmp });
  try {
    fs.renameSync(tmp, dir);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return cli;
}

/** Copies files of examples/<language> (paths relative to it) into `dir`. */
export function copyExample(language: string, files: string[], dir: string): void {
  for (const f of files) {
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.copyFileSync(path.join(ROOT, "examples", language, f), path.join(dir, f));
  }
}

async function run(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  try {
    return (await exec(cmd, args, { cwd, env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 })).stdout;
  } catch (e: any) {
    throw new Error(`\`${cmd} ${args.join(" ")}\` (in ${cwd}) failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}

/**
 * Python: the project's `venv` with its requirements.txt installed as from PyPI, where the index is
 * the wheels of Python `pulumi` (.cache/python-sdk/wheels, `scripts/setup.sh --python`) and the
 * release's wheel (`pip install --no-index --find-links`).
 */
export async function installPython(dir: string, a: ReleaseArtifacts): Promise<void> {
  const wheels = path.join(ROOT, ".cache", "python-sdk", "wheels");
  if (!fs.existsSync(path.join(wheels, "..", ".complete"))) throw new Error(`${wheels} is not ready: run \`bash scripts/setup.sh --python\``);
  await run("python3", ["-m", "venv", "venv"], dir);
  await run(path.join(dir, "venv", "bin", "python3"), ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-index", "--find-links", wheels, "--find-links", a.dir, "-r", "requirements.txt"], dir);
}

/**
 * Go: the environment that makes the release's Go module resolvable as if published: the file
 * proxy first (then the configured proxy, for github.com/pulumi/pulumi/sdk/v3, in the module cache
 * since `scripts/setup.sh --go`), no checksum-database lookup for it (it was never published), and
 * `go get` of it at the release's version.
 */
export async function installGo(dir: string, a: ReleaseArtifacts): Promise<Record<string, string>> {
  if (!a.manifest.go) throw new Error("the release has no Go module");
  const proxy = (await run("go", ["env", "GOPROXY"], dir)).trim();
  const env = {
    GOPROXY: `file://${path.join(a.dir, a.manifest.go.proxy)}${proxy && proxy !== "off" ? `,${proxy}` : ""}`,
    GONOSUMDB: a.manifest.go.module,
    GOFLAGS: "-mod=mod",
    GOTOOLCHAIN: "local",
  };
  await run("go", ["get", `${a.manifest.go.module}@${a.manifest.go.version}`], dir, { ...process.env, ...env });
  await run("go", ["mod", "tidy"], dir, { ...process.env, ...env });
  return env;
}

/**
 * Java: the program's Maven repository (MAVEN_OPTS -Dmaven.repo.local, a folder of its own): a copy
 * of .cache/maven/repository (com.pulumi:pulumi and the plugins, `scripts/setup.sh --java`) with
 * the release's jar and pom added at their coordinates, as Maven would have downloaded them from
 * Maven Central.
 */
export async function installJava(stateDir: string, a: ReleaseArtifacts): Promise<Record<string, string>> {
  if (!a.manifest.java) throw new Error("the release has no Java SDK");
  const cache = path.join(ROOT, ".cache", "maven", "repository");
  if (!fs.existsSync(path.join(cache, "..", ".complete"))) throw new Error(`${cache} is not ready: run \`bash scripts/setup.sh --java\``);
  const repo = path.join(stateDir, "maven-repository");
  fs.rmSync(repo, { recursive: true, force: true });
  fs.cpSync(cache, repo, { recursive: true });
  fs.cpSync(path.join(a.dir, a.manifest.java.repository), repo, { recursive: true });
  return { MAVEN_OPTS: `-Dmaven.repo.local=${repo}` };
}
