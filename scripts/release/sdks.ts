/**
 * One SDK package per language, from the schema, with `pulumi package gen-sdk` (the codegen of
 * each language's host: pulumi-language-python, -go, -java, -dotnet beside `pulumi`), packaged the
 * way each ecosystem installs a package:
 *  - Python: a wheel (`pip wheel` of the generated setup.py, offline from .cache/python-sdk/wheels);
 *  - Go: the module <repository>/sdk (go.mod made tidy against the Pulumi Go SDK) as a
 *    GOPROXY=file:// layout (`<module>/@v/list`, `.info`, `.mod`, `.zip`): `go get` resolves it;
 *  - Java: a jar, its sources jar and its pom, built with Maven (a pom written here; codegen's own
 *    build files are Gradle's, and this machine has Maven), laid out as a Maven repository;
 *  - C#: the generated source, when pulumi-language-dotnet is beside `pulumi` (nothing here can
 *    compile it: no .NET SDK).
 * Each carries the plugin's name, version and download URL: Python's pulumi-plugin.json, Go's
 * pulumi-plugin.json (its version is the module's), Java's plugin.json and version.txt beside the
 * classes, where pulumi-java's bootstrap looks for them.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { Repository } from "./repository";

const ROOT = path.resolve(__dirname, "..", "..");
const exec = promisify(execFile);

/** The versions of the Maven plugins the SDK's build uses: those scripts/setup.sh --java puts in .cache/maven. */
export const MAVEN_PLUGINS = { compiler: "3.13.0", resources: "3.3.1", jar: "3.4.1", source: "3.3.1", install: "3.1.2", surefire: "3.2.5" };
/** com.pulumi:pulumi, the Java SDK's runtime: the release of the Java host (scripts/pulumi-cli.sh PULUMI_JAVA_VERSION). */
export const JAVA_PULUMI_VERSION = "1.16.0";
export const MAVEN_REPO = path.join(ROOT, ".cache", "maven", "repository");
const PYTHON_SDK = path.join(ROOT, ".cache", "python-sdk");

export interface SdkContext {
  /** The schema file. */
  schema: string;
  version: string;
  repo: Repository;
  /** The directory of `pulumi` and the language hosts. */
  pulumiBin: string;
  /** Scratch space of this SDK's build (emptied first). */
  work: string;
  /** Where its artifacts go (created). */
  out: string;
}

async function run(cmd: string, args: string[], o: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<string> {
  try {
    const { stdout } = await exec(cmd, args, { cwd: o.cwd, env: o.env ?? process.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    return stdout;
  } catch (e: any) {
    throw new Error(`\`${cmd} ${args.join(" ")}\` (in ${o.cwd}) failed: ${e.message}\n${e.stdout ?? ""}\n${e.stderr ?? ""}`);
  }
}

/** `pulumi package gen-sdk <schema> --language <language> --out <work>/sdk`; returns <work>/sdk/<language>. */
export async function genSdk(c: SdkContext, language: string): Promise<string> {
  const host = path.join(c.pulumiBin, `pulumi-language-${language}`);
  if (!fs.existsSync(host)) throw new Error(`no ${host}: gen-sdk runs codegen inside it (bash scripts/setup.sh --${language} builds it)`);
  const home = path.join(c.work, "pulumi-home");
  fs.mkdirSync(home, { recursive: true });
  await run(path.join(c.pulumiBin, "pulumi"), ["package", "gen-sdk", c.schema, "--language", language, "--out", path.join(c.work, "sdk")], {
    cwd: c.work,
    env: { ...process.env, PATH: `${c.pulumiBin}${path.delimiter}${process.env.PATH}`, PULUMI_HOME: home, PULUMI_SKIP_UPDATE_CHECK: "true" },
  });
  return path.join(c.work, "sdk", language);
}

/** The Python wheel pulumi_appstream_fleet-<version>-py3-none-any.whl. Returns its path. */
export async function pythonWheel(c: SdkContext): Promise<string> {
  const src = await genSdk(c, "python");
  const plugin = JSON.parse(fs.readFileSync(path.join(src, "pulumi_appstream_fleet", "pulumi-plugin.json"), "utf8"));
  if (plugin.server !== c.repo.pluginDownloadURL || plugin.version !== c.version) throw new Error(`the Python SDK's pulumi-plugin.json does not carry the download URL and version: ${JSON.stringify(plugin)}`);
  const python = path.join(PYTHON_SDK, "venv", "bin", "python3");
  if (!fs.existsSync(python)) throw new Error(`${python} is missing: run \`bash scripts/setup.sh --python\``);
  await run(python, ["-m", "pip", "wheel", "--quiet", "--disable-pip-version-check", "--no-deps", "--no-index", "--find-links", path.join(PYTHON_SDK, "wheels"), "--wheel-dir", c.out, src], { cwd: c.work });
  const wheel = fs.readdirSync(c.out).find((f) => f.endsWith(".whl"));
  if (!wheel) throw new Error(`pip wheel wrote no wheel into ${c.out}`);
  return path.join(c.out, wheel);
}

/** Go's module path escaping for the proxy's file names (an upper-case letter becomes ! and the lower-case one). */
const escapeModule = (m: string) => m.replace(/[A-Z]/g, (x) => `!${x.toLowerCase()}`);

/**
 * The Go SDK as a module proxy directory: <out>/<module>/@v/{list,v<version>.info,.mod,.zip}.
 * GOPROXY=file://<out> makes `go get <module>@v<version>` resolve it. Returns the module path.
 */
export async function goModuleProxy(c: SdkContext, goSdkVersion: string): Promise<string> {
  const gen = await genSdk(c, "go");
  const mod = c.repo.goModule;
  const modDir = path.join(c.work, "module");
  fs.rmSync(modDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(modDir, "go"), { recursive: true });
  fs.cpSync(gen, path.join(modDir, "go"), { recursive: true });
  fs.writeFileSync(path.join(modDir, "go.mod"), `module ${mod}\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 ${goSdkVersion}\n`);
  const env = { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" };
  await run("go", ["mod", "tidy"], { cwd: modDir, env });
  await run("go", ["build", "./..."], { cwd: modDir, env });
  const v = `v${c.version}`;
  const at = path.join(c.out, escapeModule(mod), "@v");
  fs.mkdirSync(at, { recursive: true });
  fs.writeFileSync(path.join(at, "list"), `${v}\n`);
  fs.writeFileSync(path.join(at, `${v}.info`), `${JSON.stringify({ Version: v, Time: new Date(0).toISOString() })}\n`);
  fs.copyFileSync(path.join(modDir, "go.mod"), path.join(at, `${v}.mod`));
  // A module zip: every file under <module>@<version>/ (what `go mod download` verifies and unpacks).
  const files = listFiles(modDir);
  await run(
    "python3",
    ["-c", ZIP_PY, path.join(at, `${v}.zip`), modDir, `${mod}@${v}`, ...files],
    { cwd: c.work },
  );
  return mod;
}

/** Writes a zip of the given files (relative to a directory) under a prefix, with fixed timestamps. */
const ZIP_PY = `
import sys, zipfile, os
out, base, prefix, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
    for f in sorted(files):
        info = zipfile.ZipInfo(prefix + "/" + f, (1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        with open(os.path.join(base, f), "rb") as fh:
            z.writestr(info, fh.read())
`;

function listFiles(dir: string, rel = ""): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...listFiles(dir, r));
    else out.push(r);
  }
  return out;
}

/** The Java SDK's Maven coordinates. */
export function javaCoordinates(c: { repo: Repository; version: string }): { groupId: string; artifactId: string; version: string } {
  return { groupId: c.repo.mavenGroup, artifactId: "appstream-fleet", version: c.version };
}

/**
 * The Java SDK: jar, sources jar and pom, in a Maven repository layout under <out>
 * (<group path>/appstream-fleet/<version>/). Returns the jar's path.
 */
export async function javaJar(c: SdkContext): Promise<string> {
  const src = await genSdk(c, "java");
  const { groupId, artifactId, version } = javaCoordinates(c);
  // pulumi-java's bootstrap (com.pulumi.bootstrap.internal.PulumiPlugins) finds a package's
  // plugin by the resources com/<namespace>/<name>/plugin.json and version.txt; codegen wrote
  // version.txt (buildFiles: none), and plugin.json is what its Gradle build would add.
  const resources = path.join(src, "src", "main", "resources");
  const versionTxt = listFiles(resources).find((f) => f.endsWith("/version.txt"));
  if (!versionTxt) throw new Error(`gen-sdk --language java wrote no version.txt under ${resources}`);
  fs.writeFileSync(path.join(resources, path.dirname(versionTxt), "plugin.json"), `${JSON.stringify({ resource: true, name: "appstream-fleet", version, server: c.repo.pluginDownloadURL }, null, 2)}\n`);
  fs.writeFileSync(path.join(src, "pom.xml"), javaPom(c));
  await run("mvn", ["-B", "-q", "--no-transfer-progress", "-Dstyle.color=never", `-Dmaven.repo.local=${MAVEN_REPO}`, "package"], { cwd: src });
  const dir = path.join(c.out, ...groupId.split("."), artifactId, version);
  fs.mkdirSync(dir, { recursive: true });
  const jar = path.join(dir, `${artifactId}-${version}.jar`);
  fs.copyFileSync(path.join(src, "target", `${artifactId}-${version}.jar`), jar);
  fs.copyFileSync(path.join(src, "target", `${artifactId}-${version}-sources.jar`), path.join(dir, `${artifactId}-${version}-sources.jar`));
  fs.copyFileSync(path.join(src, "pom.xml"), path.join(dir, `${artifactId}-${version}.pom`));
  return jar;
}

function javaPom(c: SdkContext): string {
  const { groupId, artifactId, version } = javaCoordinates(c);
  const p = MAVEN_PLUGINS;
  const plugin = (a: string, v: string, extra = "") => `      <plugin><groupId>org.apache.maven.plugins</groupId><artifactId>${a}</artifactId><version>${v}</version>${extra}</plugin>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://maven.apache.org/POM/4.0.0 http://maven.apache.org/xsd/maven-4.0.0.xsd">
  <modelVersion>4.0.0</modelVersion>
  <groupId>${groupId}</groupId>
  <artifactId>${artifactId}</artifactId>
  <version>${version}</version>
  <packaging>jar</packaging>
  <name>${artifactId}</name>
  <description>Pulumi SDK of the appstream-fleet provider: AWS AppStream 2.0 fleets changed the way AWS allows, with previews that say whom a change interrupts; image and session lookups.</description>
  <url>${c.repo.url}</url>
  <licenses><license><name>The Apache License, Version 2.0</name><url>https://www.apache.org/licenses/LICENSE-2.0.txt</url></license></licenses>
  <developers><developer><name>${c.repo.owner}</name><url>https://github.com/${c.repo.owner}</url></developer></developers>
  <scm><url>${c.repo.url}</url><connection>scm:git:${c.repo.url}.git</connection></scm>
  <properties>
    <project.build.sourceEncoding>UTF-8</project.build.sourceEncoding>
    <maven.compiler.release>11</maven.compiler.release>
  </properties>
  <dependencies>
    <dependency><groupId>com.pulumi</groupId><artifactId>pulumi</artifactId><version>${JAVA_PULUMI_VERSION}</version></dependency>
    <!-- The generated code compiles against these (pulumi-java codegen's default dependencies); com.pulumi:pulumi has them at run time only. Its versions. -->
    <dependency><groupId>com.google.code.gson</groupId><artifactId>gson</artifactId><version>2.10</version></dependency>
    <dependency><groupId>com.google.code.findbugs</groupId><artifactId>jsr305</artifactId><version>3.0.2</version></dependency>
  </dependencies>
  <build>
    <plugins>
${plugin("maven-resources-plugin", p.resources)}
${plugin("maven-compiler-plugin", p.compiler)}
${plugin("maven-surefire-plugin", p.surefire)}
${plugin("maven-jar-plugin", p.jar)}
${plugin("maven-source-plugin", p.source, "<executions><execution><id>sources</id><goals><goal>jar-no-fork</goal></goals></execution></executions>")}
${plugin("maven-install-plugin", p.install)}
    </plugins>
  </build>
</project>
`;
}

/** The C# SDK's source as a tarball, or the reason there is none. */
export async function dotnetSource(c: SdkContext): Promise<{ file?: string; skipped?: string }> {
  if (!fs.existsSync(path.join(c.pulumiBin, "pulumi-language-dotnet")))
    return {
      skipped:
        "no pulumi-language-dotnet beside pulumi (its Go module, github.com/pulumi/pulumi-dotnet/pulumi-language-dotnet, is not served by the Go module proxy, and Pulumi's own codegen for C# lives only there): the release workflow generates and packs the C# SDK where Pulumi's CLI release (which bundles that host) and the .NET SDK are installed",
    };
  const src = await genSdk(c, "dotnet");
  const file = path.join(c.out, `pulumi-appstream-fleet-dotnet-${c.version}.tar.gz`);
  await run("tar", ["--sort=name", "--owner=0", "--group=0", "--numeric-owner", "--mtime=@0", "-czf", file, "-C", path.dirname(src), path.basename(src)], { cwd: c.work });
  return { file };
}

export { run };
