/**
 * Python and Go programs on an SDK generated from the plugin's schema, set up the way a user sets
 * them up (docs/languages.md): `pulumi package gen-sdk <schema> --language python|go`, then
 *   - Python: a virtual environment `venv` in the project (Pulumi.yaml `toolchain: pip`,
 *     `virtualenv: venv`) with the program's requirements.txt installed (Python `pulumi` from
 *     PyPI and the generated SDK as `-e ./sdk/python`); the wheels come from
 *     .cache/python-sdk/wheels, filled once by `bash scripts/setup.sh --python`, so the tests
 *     install offline;
 *   - Go: the generated package made a module and wired into the program's go.mod with a
 *     `replace` (github.com/pulumi/pulumi/sdk/v3 from the module proxy; `scripts/setup.sh --go`
 *     put it in the module cache).
 * Used by tests/e2e/plugin-python.test.ts and plugin-go.test.ts.
 */
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { pulumiBin, pulumiEnv } from "../../tools/pulumi-cli";

const ROOT = path.resolve(__dirname, "..", "..");

/** Where `scripts/setup.sh --python` keeps the wheels of Python `pulumi` and of a generated SDK's dependencies. */
export const PYTHON_WHEELS = path.join(ROOT, ".cache", "python-sdk", "wheels");

/** Runs a command; rejects with its output when it exits non-zero. */
export function run(cmd: string, args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { cwd: opts.cwd, env: opts.env ?? process.env, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, timeout: opts.timeoutMs ?? 10 * 60 * 1000 },
      (err, stdout, stderr) => {
        if (err) reject(new Error(`\`${cmd} ${args.join(" ")}\` (in ${opts.cwd}) failed: ${err.message}\n--- stdout\n${stdout}\n--- stderr\n${stderr}`));
        else resolve({ stdout, stderr });
      },
    );
  });
}

/** The language hosts beside `pulumi` (or on PATH) that a program in `language` needs; throws naming what is missing and how to get it. */
export function requireLanguageHost(language: "yaml" | "python" | "go", binDir: string = pulumiBin()): void {
  const files = language === "python" ? ["pulumi-language-python", "pulumi-language-python-exec"] : [`pulumi-language-${language}`];
  for (const f of files) {
    const found = [binDir, ...(process.env.PATH ?? "").split(path.delimiter)].some((d) => {
      try {
        fs.accessSync(path.join(d, f), fs.constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    if (!found) {
      const src = language === "yaml" ? "" : ` (with PULUMI_LANGUAGE_${language.toUpperCase()}_SRC set to its source)`;
      const note = path.join(binDir, `pulumi-language-${language}.unavailable`);
      throw new Error(
        `no ${f} next to ${binDir}/pulumi or on PATH: a ${language} program needs it. Run \`bash scripts/setup.sh --${language}\`${src} ` +
          `(see scripts/PULUMI-CLI.md), or install Pulumi.${fs.existsSync(note) ? ` ${fs.readFileSync(note, "utf8").trim()}` : ""}`,
      );
    }
  }
}

/**
 * `pulumi package gen-sdk <schema> --language <language> --out <outDir>` (the language's host
 * generates the code, so it must be installed). `stateDir` holds PULUMI_HOME.
 */
export async function genSdk(schema: string, language: "python" | "go", outDir: string, stateDir: string): Promise<void> {
  schema = path.resolve(schema);
  outDir = path.resolve(outDir);
  fs.rmSync(path.join(outDir, language), { recursive: true, force: true });
  await run(path.join(pulumiBin(), "pulumi"), ["package", "gen-sdk", schema, "--language", language, "--out", outDir], {
    cwd: path.dirname(outDir),
    env: pulumiEnv({ stateDir, backendUrl: null }),
  });
}

/**
 * A Python project's `venv`, with its requirements.txt installed from .cache/python-sdk/wheels
 * only (`pip install --no-index --find-links`): Python `pulumi` and `-e ./sdk/python`.
 */
export async function pythonVenv(projectDir: string): Promise<void> {
  if (!fs.existsSync(path.join(PYTHON_WHEELS, "..", ".complete")))
    throw new Error(`${PYTHON_WHEELS} is not ready: run \`bash scripts/setup.sh --python\` (it downloads Python pulumi's wheels once)`);
  const venv = path.join(projectDir, "venv");
  fs.rmSync(venv, { recursive: true, force: true });
  await run("python3", ["-m", "venv", venv], { cwd: projectDir });
  await run(
    path.join(venv, "bin", "python3"),
    ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-index", "--find-links", PYTHON_WHEELS, "-r", "requirements.txt"],
    { cwd: projectDir },
  );
}

/** The import path of a generated Go package: its files import `<path>/internal`. */
export function goImportPath(pkgDir: string): string {
  for (const f of fs.readdirSync(pkgDir).filter((n) => n.endsWith(".go"))) {
    const m = /"([^"\s]+)\/internal"/.exec(fs.readFileSync(path.join(pkgDir, f), "utf8"));
    if (m) return m[1];
  }
  throw new Error(`no generated Go package in ${pkgDir} (no file imports <package>/internal)`);
}

/**
 * Wires the Go SDK generated into `<projectDir>/sdk/go/` into the program's go.mod: the module
 * `gen-sdk` wrote (sdk/go/go.mod, for a schema with `meta.supportPack`), else `sdk/` made the
 * module whose path is the package's import path without `/go/<package>` (the layout of
 * Pulumi's provider SDKs: module example.com/pulumi-appstream-fleet/sdk, package in
 * sdk/go/appstreamfleet; docs/languages.md), with its go.mod requiring the program's
 * github.com/pulumi/pulumi/sdk/v3; then `require` and `replace` in the program's go.mod and
 * `go mod tidy`. Returns the import path of the package.
 */
export async function wireGoSdk(projectDir: string): Promise<string> {
  const sdkDir = path.join(projectDir, "sdk");
  const goDir = path.join(sdkDir, "go");
  const pkgs = fs.readdirSync(goDir).filter((n) => fs.statSync(path.join(goDir, n)).isDirectory());
  if (pkgs.length !== 1) throw new Error(`expected one generated Go package in ${goDir}, found: ${pkgs.join(", ") || "none"}`);
  const importPath = goImportPath(path.join(goDir, pkgs[0]));
  let modPath: string;
  let modDir: string;
  const generated = path.join(goDir, "go.mod");
  if (fs.existsSync(generated)) {
    modPath = /^module\s+(\S+)/m.exec(fs.readFileSync(generated, "utf8"))?.[1] ?? "";
    if (!modPath) throw new Error(`${generated} has no module line`);
    modDir = goDir;
  } else {
    if (!importPath.endsWith(`/go/${pkgs[0]}`))
      throw new Error(`the generated Go package in ${goDir}/${pkgs[0]} imports itself as ${importPath}: no module rooted at ${sdkDir} matches (the schema's language.go.importBasePath should end in /go/${pkgs[0]})`);
    modPath = importPath.slice(0, -`/go/${pkgs[0]}`.length);
    modDir = sdkDir;
    const sdkVersion = /github\.com\/pulumi\/pulumi\/sdk\/v3 (v\S+)/.exec(fs.readFileSync(path.join(projectDir, "go.mod"), "utf8"))?.[1];
    if (!sdkVersion) throw new Error(`${projectDir}/go.mod does not require github.com/pulumi/pulumi/sdk/v3`);
    fs.writeFileSync(path.join(sdkDir, "go.mod"), `module ${modPath}\n\ngo 1.24\n\nrequire github.com/pulumi/pulumi/sdk/v3 ${sdkVersion}\n`);
  }
  const env = { ...process.env, GOFLAGS: "-mod=mod", GOTOOLCHAIN: "local" };
  const rel = `./${path.relative(projectDir, modDir).split(path.sep).join("/")}`;
  await run("go", ["mod", "edit", `-require=${modPath}@v0.0.0`, `-replace=${modPath}=${rel}`], { cwd: projectDir, env });
  await run("go", ["mod", "tidy"], { cwd: projectDir, env });
  return importPath;
}
