/**
 * `npm run release`: every artifact of a release, into dist/release/ (after `npm run build`, with
 * the Pulumi CLI and the Python, Go and Java language hosts that scripts/setup.sh provides):
 *
 *   pulumi-resource-appstream-fleet-v<version>-linux-amd64.tar.gz   the plugin, Node inside (./sea.ts),
 *   pulumi-resource-appstream-fleet-v<version>-linux-arm64.tar.gz   in Pulumi's plugin archive layout
 *   pulumi_appstream_fleet-<version>-py3-none-any.whl             the Python SDK
 *   go/                                                           the Go SDK module, GOPROXY=file:// layout
 *   maven/                                                        the Java SDK (jar, sources, pom), Maven repository layout
 *   pulumi-appstream-fleet-<version>.tgz                          the npm package (`npm pack`)
 *   schema.json                                                   the schema every SDK was generated from
 *   manifest.json, SHA256SUMS                                     what is where, and checksums
 *
 * The C# SDK's source is added when pulumi-language-dotnet is beside `pulumi` (./sdks.ts says why
 * it is not here). Every SDK names the plugin `appstream-fleet`, the version, and the schema's
 * pluginDownloadURL (from package.json's `repository`), so the engine downloads the archive itself.
 *
 * Each artifact is cached in .cache/release/<artifact>-<hash of its inputs> and copied from there
 * when its inputs are unchanged; `npm run build` empties dist/ (so dist/release too), the cache
 * keeps a rebuild to copies. Options: --only=plugins (the archives, the schema and the manifest's
 * plugin part only, for the benchmark).
 */
import { execFile } from "child_process";
import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { bundlePlugin, SCHEMA } from "./bundle";
import { readPackageJson, repository } from "./repository";
import { Arch, buildExecutable, PULUMI_ARCH, SEA_NODE_VERSION } from "./sea";
import { dotnetSource, goModuleProxy, JAVA_PULUMI_VERSION, javaCoordinates, javaJar, pythonWheel, SdkContext } from "./sdks";

const ROOT = path.resolve(__dirname, "..", "..");
export const RELEASE_DIR = path.join(ROOT, "dist", "release");
const CACHE = path.join(ROOT, ".cache", "release");
const exec = promisify(execFile);
const PLUGIN = "appstream-fleet";
const ARCHES: Arch[] = ["x64", "arm64"];

/** The version of github.com/pulumi/pulumi/sdk/v3 the Go SDK's go.mod requires (the CLI's, scripts/setup.sh GO_PULUMI_SDK_VERSION). */
const GO_PULUMI_SDK_VERSION = process.env.GO_PULUMI_SDK_VERSION ?? "v3.259.0";

export interface Manifest {
  name: string;
  version: string;
  repository: string;
  pluginDownloadURL: string;
  plugins: Record<string, string>;
  python?: { wheel: string; distribution: string; module: string };
  go?: { proxy: string; module: string; version: string; importPath: string };
  java?: { repository: string; groupId: string; artifactId: string; version: string; jar: string; pulumiJava: string };
  npm?: { tarball: string };
  dotnet?: { source?: string; skipped?: string };
  files: { path: string; bytes: number; sha256: string }[];
}

export const archiveName = (version: string, arch: Arch) => `pulumi-resource-${PLUGIN}-v${version}-linux-${PULUMI_ARCH[arch]}.tar.gz`;

const log = (m: string) => process.stderr.write(`[release] ${m}\n`);
const sha256 = (...parts: (string | Buffer)[]) => {
  const h = crypto.createHash("sha256");
  for (const p of parts) h.update(p).update("\0");
  return h.digest("hex").slice(0, 16);
};
const fileHash = (f: string) => sha256(fs.readFileSync(f));
function treeHash(dir: string): string {
  const h = crypto.createHash("sha256");
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else h.update(r).update("\0").update(fs.readFileSync(path.join(dir, r))).update("\0");
    }
  };
  walk("");
  return h.digest("hex").slice(0, 16);
}
const src = (f: string) => fs.readFileSync(path.join(__dirname, f));

/**
 * The cached output of `produce` for `key`: .cache/release/<name>-<key>, made once (into a
 * temporary folder renamed when done, so a half-made entry is never used).
 */
async function cached(name: string, key: string, produce: (dir: string) => Promise<void>): Promise<{ dir: string; hit: boolean }> {
  const dir = path.join(CACHE, `${name}-${key}`);
  if (fs.existsSync(path.join(dir, ".complete"))) return { dir, hit: true };
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true });
  await produce(tmp);
  fs.writeFileSync(path.join(tmp, ".complete"), `${new Date().toISOString()}\n`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  // Entries of the same artifact unused for two days go (each archive is about 45 MB).
  for (const d of fs.readdirSync(CACHE)) {
    const p = path.join(CACHE, d);
    if (d.startsWith(`${name}-`) && p !== dir && /^[0-9a-f]{16}$/.test(d.slice(name.length + 1)) && Date.now() - fs.statSync(p).mtimeMs > 2 * 86400_000) fs.rmSync(p, { recursive: true, force: true });
  }
  return { dir, hit: false };
}

/** Copies the cached entry's files (not .complete) into dist/release/<sub>. */
function publish(entry: string, sub = ""): void {
  const to = path.join(RELEASE_DIR, sub);
  fs.mkdirSync(to, { recursive: true });
  for (const e of fs.readdirSync(entry)) if (e !== ".complete") fs.cpSync(path.join(entry, e), path.join(to, e), { recursive: true });
  const now = new Date();
  fs.utimesSync(entry, now, now);
}

/** The ELF header's machine of a file: "x86-64", "aarch64" or what it is. */
export function elfMachine(file: string): string {
  const fd = fs.openSync(file, "r");
  const b = Buffer.alloc(20);
  fs.readSync(fd, b, 0, 20, 0);
  fs.closeSync(fd);
  if (b.readUInt32BE(0) !== 0x7f454c46) return "not ELF";
  const m = b.readUInt16LE(18);
  return m === 0x3e ? "x86-64" : m === 0xb7 ? "aarch64" : `machine 0x${m.toString(16)}`;
}

async function timed<T>(what: string, f: () => Promise<{ value: T; hit: boolean }>): Promise<T> {
  const t = Date.now();
  const { value, hit } = await f();
  log(`${what}: ${hit ? "cached" : `built in ${((Date.now() - t) / 1000).toFixed(1)}s`}`);
  return value;
}

/** Writes dist/release; returns its manifest. */
export async function release(o: { only?: "plugins" } = {}): Promise<Manifest> {
  const started = Date.now();
  const pkg = readPackageJson();
  const repo = repository(pkg);
  const version = String(pkg.version).replace(/^v/, "");
  if (!fs.existsSync(SCHEMA)) throw new Error(`${SCHEMA} is missing: run \`npm run build\` first`);
  const schemaText = fs.readFileSync(SCHEMA, "utf8");
  const schema = JSON.parse(schemaText);
  if (schema.version !== version || schema.pluginDownloadURL !== repo.pluginDownloadURL)
    throw new Error(`${SCHEMA} has version ${schema.version} and pluginDownloadURL ${schema.pluginDownloadURL}, package.json says ${version} and ${repo.pluginDownloadURL}: run \`npm run build\``);
  fs.rmSync(RELEASE_DIR, { recursive: true, force: true });
  fs.mkdirSync(RELEASE_DIR, { recursive: true });
  fs.mkdirSync(CACHE, { recursive: true });
  fs.copyFileSync(SCHEMA, path.join(RELEASE_DIR, "schema.json"));
  const manifest: Manifest = { name: PLUGIN, version, repository: repo.url, pluginDownloadURL: repo.pluginDownloadURL, plugins: {}, files: [] };

  // The SDKs (child processes) go on while the executables are made in this process.
  const sdks = o.only === "plugins" ? Promise.resolve() : buildSdks(manifest, { version, repo, schemaText });

  const bundleKey = sha256(treeHash(path.join(ROOT, "dist", "provider")), fs.readFileSync(path.join(ROOT, "package-lock.json")), src("bundle.ts"), fileHash(SCHEMA));
  const bundle = await timed("bundle (esbuild)", async () => {
    const r = await cached("bundle", bundleKey, async (dir) => {
      const b = await bundlePlugin(path.join(dir, "plugin.js"), schemaText);
      log(`bundle: ${(b.bytes / 1e6).toFixed(1)} MB; largest parts: ${b.largest.map((x) => `${x.input} ${(x.bytes / 1e6).toFixed(1)} MB`).join(", ")}`);
    });
    return { value: path.join(r.dir, "plugin.js"), hit: r.hit };
  });
  const readme = path.join(ROOT, "README.md");
  await Promise.all(
    ARCHES.map((arch) =>
      timed(`plugin executable and archive, linux-${PULUMI_ARCH[arch]}`, async () => {
        const key = sha256(bundleKey, SEA_NODE_VERSION, arch, src("sea.ts"), src("release.ts"), fs.readFileSync(readme));
        const r = await cached(`plugin-linux-${PULUMI_ARCH[arch]}`, key, async (dir) => {
          const stage = path.join(dir, "stage");
          fs.mkdirSync(stage);
          const exe = path.join(stage, `pulumi-resource-${PLUGIN}`);
          await buildExecutable(bundle, arch, exe, log);
          const machine = elfMachine(exe);
          if (machine !== (arch === "x64" ? "x86-64" : "aarch64")) throw new Error(`${exe} is ${machine}, not ${arch}`);
          fs.copyFileSync(readme, path.join(stage, "README.md"));
          // Pulumi's plugin archive: the executable at the top (with README.md), what the engine unpacks into its plugin folder.
          await exec("tar", ["--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0", "-czf", path.join(dir, archiveName(version, arch)), "-C", stage, `pulumi-resource-${PLUGIN}`, "README.md"]);
          fs.rmSync(stage, { recursive: true });
        });
        publish(r.dir);
        manifest.plugins[`linux-${PULUMI_ARCH[arch]}`] = archiveName(version, arch);
        return { value: undefined, hit: r.hit };
      }),
    ),
  );
  await sdks;

  const files: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(RELEASE_DIR, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(r);
      else files.push(r);
    }
  };
  walk("");
  manifest.files = files.map((f) => {
    const data = fs.readFileSync(path.join(RELEASE_DIR, f));
    return { path: f, bytes: data.length, sha256: crypto.createHash("sha256").update(data).digest("hex") };
  });
  fs.writeFileSync(path.join(RELEASE_DIR, "SHA256SUMS"), manifest.files.map((f) => `${f.sha256}  ${f.path}\n`).join(""));
  fs.writeFileSync(path.join(RELEASE_DIR, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  for (const f of manifest.files.filter((x) => !x.path.includes("/") || x.path.endsWith(".jar") || x.path.endsWith(".zip")))
    log(`  ${f.path}  ${f.bytes >= 1e6 ? `${(f.bytes / 1e6).toFixed(1)} MB` : `${(f.bytes / 1e3).toFixed(1)} kB`}`);
  if (manifest.dotnet?.skipped) log(`C# SDK: not built: ${manifest.dotnet.skipped}`);
  log(`dist/release written in ${((Date.now() - started) / 1000).toFixed(1)}s`);
  return manifest;
}

async function buildSdks(manifest: Manifest, o: { version: string; repo: ReturnType<typeof repository>; schemaText: string }): Promise<void> {
  const pulumiBin = process.env.PULUMI_CLI_BIN;
  if (!pulumiBin) throw new Error("PULUMI_CLI_BIN is not set: run through `npm run release` (scripts/setup.sh --pulumi sets it)");
  const tools = ["pulumi", "pulumi-language-python", "pulumi-language-go", "pulumi-language-java"]
    .map((t) => `${t}=${readIf(path.join(pulumiBin, `${t}.version`)) || readIf(path.join(pulumiBin, `${t}.source`))}`)
    .join(",");
  const base = sha256(o.schemaText, src("sdks.ts"), src("repository.ts"), tools);
  const ctx = (dir: string): SdkContext => ({ schema: path.join(RELEASE_DIR, "schema.json"), version: o.version, repo: o.repo, pulumiBin, work: path.join(dir, "work"), out: path.join(dir, "out") });
  const sdk = (name: string, key: string, make: (c: SdkContext) => Promise<void>, sub = "") =>
    timed(name, async () => {
      const r = await cached(name, sha256(base, key), async (dir) => {
        const c = ctx(dir);
        fs.mkdirSync(c.work, { recursive: true });
        fs.mkdirSync(c.out, { recursive: true });
        await make(c);
        fs.rmSync(c.work, { recursive: true, force: true });
      });
      publish(path.join(r.dir, "out"), sub);
      return { value: undefined, hit: r.hit };
    });
  const coords = javaCoordinates(o);
  await Promise.all([
    sdk("python-sdk", readIf(path.join(ROOT, ".cache", "python-sdk", ".complete")), async (c) => void (await pythonWheel(c))).then(() => {
      const wheel = fs.readdirSync(RELEASE_DIR).find((f) => f.endsWith(".whl")) as string;
      manifest.python = { wheel, distribution: "pulumi_appstream_fleet", module: "pulumi_appstream_fleet" };
    }),
    sdk("go-sdk", GO_PULUMI_SDK_VERSION, async (c) => void (await goModuleProxy(c, GO_PULUMI_SDK_VERSION)), "go").then(() => {
      manifest.go = { proxy: "go", module: o.repo.goModule, version: `v${o.version}`, importPath: `${o.repo.goModule}/go/appstreamfleet` };
    }),
    sdk("java-sdk", JAVA_PULUMI_VERSION, async (c) => void (await javaJar(c)), "maven").then(() => {
      manifest.java = { repository: "maven", ...coords, jar: `maven/${coords.groupId.split(".").join("/")}/${coords.artifactId}/${coords.version}/${coords.artifactId}-${coords.version}.jar`, pulumiJava: JAVA_PULUMI_VERSION };
    }),
    (async () => {
      const t = Date.now();
      const { stdout } = await exec("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", RELEASE_DIR], { cwd: ROOT });
      manifest.npm = { tarball: stdout.trim().split("\n").pop() as string };
      log(`npm package: packed in ${((Date.now() - t) / 1000).toFixed(1)}s`);
    })(),
    (async () => {
      const work = path.join(CACHE, `dotnet-work-${process.pid}`);
      fs.rmSync(work, { recursive: true, force: true });
      const c = { ...ctx(work), out: RELEASE_DIR };
      fs.mkdirSync(c.work, { recursive: true });
      try {
        const r = await dotnetSource(c);
        manifest.dotnet = r.file ? { source: path.basename(r.file) } : { skipped: r.skipped };
      } finally {
        fs.rmSync(work, { recursive: true, force: true });
      }
    })(),
  ]);
}

function readIf(f: string): string {
  try {
    return fs.readFileSync(f, "utf8").trim();
  } catch {
    return "";
  }
}

if (require.main === module) {
  const only = process.argv.includes("--only=plugins") ? "plugins" : undefined;
  release({ only }).catch((e) => {
    process.stderr.write(`[release] FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
