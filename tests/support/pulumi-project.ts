/**
 * A `pulumi` project of a mocha suite: `emulatedProject` gives a fresh project directory and
 * state, the emulator as its own process, a `pulumi` runner with the suite's environment and the
 * emulator's call log (used by the tests/e2e/*.test.ts that run `pulumi` in a project
 * directory); and the assertions on a command's result. The runner itself is tools/pulumi-cli.ts.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import type { CallRecord, FleetJson } from "../../emulator";
import { EmulatorProcess, startEmulatorProcess } from "../../tools/emulator-process";
import { PulumiResult, runPulumi } from "../../tools/pulumi-cli";
import { MUTATING } from "./harness";

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
  /** The emulator's cli.js, called after `setup`. Default: this checkout's dist/emulator/cli.js. */
  emulatorCli?: () => string;
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
    emu = await startEmulatorProcess(typeof o.emulatorArgs === "function" ? o.emulatorArgs() : (o.emulatorArgs ?? []), o.emulatorCli?.());
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
