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
 * In a mocha suite, `emulatedProject` sets up the rest: a fresh project directory and state, the
 * emulator as its own process, a `pulumi` runner with the suite's environment and the emulator's
 * call log (used by the tests/e2e/*.test.ts that run `pulumi` in a project directory).
 */
import { strict as assert } from "assert";
import { execFileSync, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import type { CallRecord, FleetJson } from "../emulator";
import { MUTATING } from "../tests/integration/harness";
import { EmulatorProcess, startEmulatorProcess } from "./emulator-process";

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

/** Asserts that a `pulumi` command exited 0, showing its command line and output when it did not. */
export function assertOk(r: PulumiResult): void {
  assert.equal(r.code, 0, `\`${r.command}\` exited ${r.code}${r.signal ? ` (${r.signal})` : ""}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
}

/** Both streams of a command, for assertions on what the user reads. */
export const shown = (r: PulumiResult): string => `${r.stdout}\n${r.stderr}`;

/**
 * The environment of a program that gets its region only from the plugin's own config
 * (`appstream-fleet:region`): the emulator's endpoint, the given keys, no AWS_REGION, no AWS
 * profile or config file (files under `stateDir` that do not exist), and
 * PULUMI_IGNORE_AMBIENT_PLUGINS, so that only the project's `plugins.providers` supplies the plugin.
 */
export function pluginEnv(url: string, stateDir: string, keys: { id: string; secret: string }): Record<string, string | undefined> {
  return {
    AWS_ENDPOINT_URL_APPSTREAM: url,
    AWS_ACCESS_KEY_ID: keys.id,
    AWS_SECRET_ACCESS_KEY: keys.secret,
    AWS_REGION: undefined,
    AWS_DEFAULT_REGION: undefined,
    AWS_PROFILE: undefined,
    AWS_SESSION_TOKEN: undefined,
    AWS_CONFIG_FILE: path.join(stateDir, "no-aws-config"),
    AWS_SHARED_CREDENTIALS_FILE: path.join(stateDir, "no-aws-credentials"),
    PULUMI_IGNORE_AMBIENT_PLUGINS: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
  };
}

export interface EmulatedProjectOptions {
  /** The project directory (absolute), emptied and created before `setup`. */
  dir: string;
  /** The folder of its Pulumi state (`stateDir` of runPulumi), emptied and created. */
  stateDir: string;
  /** Runs first: the suite's preconditions (a language host, dist/), removeStaleRuns(). */
  check?: () => void;
  /** Fills the project directory: Pulumi.yaml, the program, node_modules... */
  setup?: (dir: string, stateDir: string) => void | Promise<void>;
  /** The emulator process's arguments; a function is called after `setup`. Default: none. */
  emulatorArgs?: string[] | (() => string[]);
  /** The environment of every `pulumi` run: the endpoint, credentials, region... */
  env: (emulatorUrl: string, stateDir: string) => Record<string, string | undefined>;
  /** As in PulumiEnvOptions (null: the backend of `pulumi login`). */
  backendUrl?: null;
  /** Each command's time limit (runPulumi's timeoutMs). */
  timeoutMs?: number;
  /** Called with every command's result (e.g. to write a transcript). */
  onResult?: (r: PulumiResult) => void;
}

/** What `emulatedProject` gives a suite's tests (valid from its `before` hook on). */
export interface EmulatedProject {
  readonly emu: EmulatorProcess;
  readonly dir: string;
  readonly stateDir: string;
  /** The environment of the suite's `pulumi` runs. */
  env(): Record<string, string | undefined>;
  /** `pulumi <args>` in the project directory. */
  pulumi(...args: string[]): Promise<PulumiResult>;
  /** `pulumi <args>` in another project directory, with the same state and environment. */
  pulumiIn(cwd: string, ...args: string[]): Promise<PulumiResult>;
  /** `pulumi stack init <stack>`, then `pulumi config set` of each entry; asserts each exits 0. */
  initStack(stack: string, config?: Record<string, string>, cwd?: string): Promise<void>;
  /** The AWS calls the emulator received since the last look. */
  calls(): Promise<CallRecord[]>;
  /** The operations among `calls` that change something, in order. */
  mutatingOps(calls: CallRecord[]): string[];
  /** The emulator's fleet of that name, or undefined. */
  fleet(name: string): Promise<FleetJson | undefined>;
}

/**
 * Registers the `before` and `after` hooks of the mocha suite it is called in (call it inside
 * `describe`): a fresh project directory and state, filled by `setup`; the emulator as its own
 * process (`startEmulatorProcess`), closed after the suite.
 */
export function emulatedProject(o: EmulatedProjectOptions): EmulatedProject {
  let emu: EmulatorProcess | undefined;
  let seen = 0;
  const started = (): EmulatorProcess => {
    if (!emu) throw new Error("the emulator is not running: use emulatedProject's project in tests and hooks after its before hook");
    return emu;
  };
  const env = () => o.env(started().url, o.stateDir);
  const pulumiIn = async (cwd: string, ...args: string[]) => {
    const r = await runPulumi(args, { cwd, stateDir: o.stateDir, backendUrl: o.backendUrl, env: env(), timeoutMs: o.timeoutMs });
    o.onResult?.(r);
    return r;
  };
  before(async function () {
    o.check?.();
    for (const d of [o.dir, o.stateDir]) {
      fs.rmSync(d, { recursive: true, force: true });
      fs.mkdirSync(d, { recursive: true });
    }
    await o.setup?.(o.dir, o.stateDir);
    emu = await startEmulatorProcess(typeof o.emulatorArgs === "function" ? o.emulatorArgs() : (o.emulatorArgs ?? []));
  });
  after(async () => {
    await emu?.close();
  });
  return {
    get emu() {
      return started();
    },
    dir: o.dir,
    stateDir: o.stateDir,
    env,
    pulumi: (...args) => pulumiIn(o.dir, ...args),
    pulumiIn,
    async initStack(stack, config = {}, cwd = o.dir) {
      assertOk(await pulumiIn(cwd, "stack", "init", stack));
      for (const [key, value] of Object.entries(config)) assertOk(await pulumiIn(cwd, "config", "set", key, value));
    },
    async calls() {
      const c = await started().control.calls(seen);
      if (c.length > 0) seen = c[c.length - 1].seq;
      return c;
    },
    mutatingOps: (c) => c.filter((x) => MUTATING.has(x.operation)).map((x) => x.operation),
    fleet: async (name) => (await started().control.fleets()).find((f) => f.Name === name),
  };
}
