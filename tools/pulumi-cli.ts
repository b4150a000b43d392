/**
 * The `pulumi` CLI as a user runs it: a command in a project directory (Pulumi.yaml), with the
 * offline environment (a file:// backend, no update check, no plugin downloads). Used by the
 * end-to-end CLI tests, the demo and the benchmark.
 *
 *   const bin = pulumiBin();                       // scripts/pulumi-cli.sh, once per process
 *   const env = { stateDir: "/abs/state" };         // backend in <stateDir>/backend, PULUMI_HOME in <stateDir>/home
 *   const r = await runPulumi(["up", "--yes"], { cwd: projectDir, ...env, env: { AWS_ENDPOINT_URL_APPSTREAM: url } });
 *   r.code, r.stdout, r.stderr, r.ms
 *
 * In a mocha suite, tests/support/pulumi-project.ts's `emulatedProject` sets up the rest.
 */
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..");

let bin: string | undefined;

/**
 * The directory of the `pulumi` binary (and of `pulumi-language-nodejs` when one could be had):
 * the last stdout line of scripts/pulumi-cli.sh, which builds them once (cached in .cache/pulumi).
 * Its progress lines go to this process's stderr. Memoized per process.
 */
export function pulumiBin(): string {
  if (bin === undefined) {
    const out = execFileSync("bash", [path.join(ROOT, "scripts", "pulumi-cli.sh")], {
      cwd: ROOT,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
      maxBuffer: 64 * 1024 * 1024,
    });
    bin = out.trim().split("\n").pop() as string;
  }
  return bin;
}

/** The nodejs language host `pulumi` will use with `bin` first on PATH, or undefined when there is none. */
export function languageHost(binDir: string = pulumiBin()): string | undefined {
  for (const dir of [binDir, ...(process.env.PATH ?? "").split(path.delimiter)]) {
    const p = path.join(dir, "pulumi-language-nodejs");
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // not here
    }
  }
  return undefined;
}

export interface PulumiEnvOptions {
  /**
   * Absolute folder for this run's Pulumi state: PULUMI_HOME is <stateDir>/home and, unless
   * `backendUrl` says otherwise, PULUMI_BACKEND_URL is file://<stateDir>/backend (created here).
   */
  stateDir: string;
  /** Another backend URL; null: set no PULUMI_BACKEND_URL (the backend of `pulumi login` counts). */
  backendUrl?: string | null;
  /** The directory of `pulumi`, put first on PATH. Default: pulumiBin(). */
  bin?: string;
  /** More variables (AWS_ENDPOINT_URL_APPSTREAM, AWS_REGION, credentials...), applied last; undefined removes one. */
  env?: Record<string, string | undefined>;
}

/**
 * The environment of an offline `pulumi` run: this process's environment, `bin` first on PATH,
 * PULUMI_HOME and PULUMI_BACKEND_URL under `stateDir`, an empty PULUMI_CONFIG_PASSPHRASE,
 * PULUMI_SKIP_UPDATE_CHECK and PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION, and
 * AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED (the AWS SDK's Node 20 end-of-support notice
 * would otherwise open the output of every run), then `env`.
 */
export function pulumiEnv(o: PulumiEnvOptions): NodeJS.ProcessEnv {
  const binDir = o.bin ?? pulumiBin();
  const home = path.join(o.stateDir, "home");
  fs.mkdirSync(home, { recursive: true });
  let backend: string | undefined;
  if (o.backendUrl === undefined) {
    const dir = path.join(o.stateDir, "backend");
    fs.mkdirSync(dir, { recursive: true });
    backend = `file://${dir}`;
  } else if (o.backendUrl !== null) backend = o.backendUrl;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: [binDir, process.env.PATH ?? ""].join(path.delimiter),
    PULUMI_HOME: home,
    PULUMI_CONFIG_PASSPHRASE: "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  delete env.PULUMI_BACKEND_URL;
  if (backend) env.PULUMI_BACKEND_URL = backend;
  for (const [k, v] of Object.entries(o.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

export interface PulumiRunOptions extends PulumiEnvOptions {
  /** The project directory (holds Pulumi.yaml). */
  cwd: string;
  /** Kill the command (SIGTERM, then SIGKILL 10 s later) after this long. Default 10 minutes. */
  timeoutMs?: number;
  /** Called with each chunk of output as it comes (e.g. to stream it to a terminal). */
  onStdout?: (chunk: string) => void;
  onStderr?: (chunk: string) => void;
}

export interface PulumiResult {
  /** As typed: "pulumi up --yes". */
  command: string;
  /** The exit code; -1 when killed by a signal (see `signal`). */
  code: number;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit, in milliseconds. */
  ms: number;
}

/** Quotes an argument the way a user types it in a POSIX shell (only when needed). */
export function shellQuote(a: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`;
}

/** Runs `pulumi <args>` in `cwd`; resolves with its exit code and output (never rejects on a non-zero exit). */
export function runPulumi(args: string[], o: PulumiRunOptions): Promise<PulumiResult> {
  const env = pulumiEnv(o);
  const command = ["pulumi", ...args].map(shellQuote).join(" ");
  const started = process.hrtime.bigint();
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(o.bin ?? pulumiBin(), "pulumi"), args, { cwd: o.cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (c: string) => {
      stdout += c;
      o.onStdout?.(c);
    });
    child.stderr.setEncoding("utf8").on("data", (c: string) => {
      stderr += c;
      o.onStderr?.(c);
    });
    let killer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      child.kill("SIGTERM");
      killer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    }, o.timeoutMs ?? 600_000);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (killer) clearTimeout(killer);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ command, code: code ?? -1, signal, stdout, stderr, ms });
    });
  });
}
