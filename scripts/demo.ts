/**
 * `npm run demo`: the main job, end to end, with no AWS account.
 *
 * Starts the AppStream emulator in-process, then runs the quickstart (examples/quickstart) with
 * the `pulumi` CLI in its project directory, as a user does, printing each command as typed
 * (`$ pulumi up --yes`) and the CLI's own output (stdout and stderr): create a running fleet,
 * change instanceType (which AppStream only accepts on a stopped fleet: watch the preview's
 * warning and the stop-update-start), destroy. After each engine command a short summary shows
 * what AWS saw (the emulator's call log).
 *
 * `pulumi up` in a project directory needs the nodejs language host (`pulumi-language-nodejs`,
 * provided by scripts/pulumi-cli.sh: see scripts/PULUMI-CLI.md). Only when none can be had does
 * the demo fall back to the Automation API (an inline program in this process), and it says so.
 */
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { EmulatorControl, startEmulator } from "../emulator";
import { linkLocalPackage } from "../examples/link-local-package";
import { languageHost, pulumiBin, runPulumi, shellQuote } from "../tools/pulumi-cli";

const ROOT = path.resolve(__dirname, "..");
const STATE = path.join(ROOT, ".cache", "demo");
const PROJECT = path.join(ROOT, "examples", "quickstart");

const banner = (s: string) => console.log(`\n${"=".repeat(78)}\n${s}\n${"=".repeat(78)}`);
/** A shell line as the user types it. */
const typed = (line: string) => console.log(`\n$ ${line}`);

type Env = Record<string, string>;

/** Prints the AWS calls made since the last look: the changes one by one, the reads as a count. */
function awsReporter(url: string): () => Promise<void> {
  const control = new EmulatorControl(url);
  let seen = 0;
  return async () => {
    const calls = await control.calls(seen);
    if (calls.length > 0) seen = calls[calls.length - 1].seq;
    const interesting = calls.filter((c) => !c.operation.startsWith("Describe") && !c.operation.startsWith("List"));
    const reads = calls.length - interesting.length;
    console.log(`\n>> What AWS saw: ${calls.length} calls, ${reads} of them reads${interesting.length ? ":" : " (nothing changed)"}`);
    for (const c of interesting)
      console.log(`     ${c.operation.padEnd(16)} ${c.fleetName ?? ""}${c.fleetState ? ` (fleet was ${c.fleetState})` : ""}${c.errorCode ? ` -> ${c.errorCode}` : ""}`);
  };
}

async function main(): Promise<void> {
  banner("AppStream fleet demo: the pulumi CLI against the local AppStream emulator");
  // The quickstart imports "pulumi-appstream-fleet" as a user's program does: link it to this checkout.
  linkLocalPackage();
  const emu = await startEmulator({ port: 0, startDelaySeconds: 4, stopDelaySeconds: 3 });
  console.log(`emulator: ${emu.url} (fleets take 4 s to start and 3 s to stop here; minutes on AWS)`);
  const env: Env = {
    AWS_ENDPOINT_URL_APPSTREAM: emu.url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "demo",
    AWS_SECRET_ACCESS_KEY: "demo",
  };
  try {
    // `npm run demo` located (or built) the CLI in scripts/setup.sh, with its progress shown.
    const bin = process.env.PULUMI_CLI_BIN || pulumiBin();
    if (languageHost(bin)) await viaCli(bin, env, awsReporter(emu.url));
    else {
      const note = path.join(bin, "pulumi-language-nodejs.unavailable");
      console.log(
        "\nNo nodejs language host (pulumi-language-nodejs) could be had, so `pulumi up` cannot run a program from a project directory here" +
          (fs.existsSync(note) ? ` (${fs.readFileSync(note, "utf8").trim()})` : "") +
          ".\nFalling back to the Automation API: the same quickstart program as an inline program in this process, run by the same pulumi CLI.",
      );
      await viaAutomationApi(bin, env, awsReporter(emu.url));
    }
  } finally {
    await emu.close();
  }
  banner("Done: created, updated with stop-update-start, destroyed. No AWS account was used.");
}

/** The quickstart as a user runs it: the pulumi CLI in examples/quickstart. */
async function viaCli(bin: string, awsEnv: Env, awsSaw: () => Promise<void>): Promise<void> {
  fs.rmSync(STATE, { recursive: true, force: true });
  const backend = path.join(STATE, "backend");
  fs.mkdirSync(backend, { recursive: true });
  const stackFile = path.join(PROJECT, "Pulumi.demo.yaml");
  fs.rmSync(stackFile, { force: true }); // left by an interrupted run
  const rel = (p: string) => path.relative(ROOT, p);
  const pulumiEnv = {
    PULUMI_HOME: path.join(STATE, "home"),
    PULUMI_CONFIG_PASSPHRASE: "",
    PULUMI_SKIP_UPDATE_CHECK: "true",
  };
  console.log(`pulumi: ${bin}/pulumi, with pulumi-language-nodejs beside it`);
  typed(`cd ${rel(PROJECT)}`);
  typed(`export ${Object.entries(awsEnv).map(([k, v]) => `${k}=${shellQuote(v)}`).join(" ")}`);
  typed(`export PULUMI_HOME=${rel(pulumiEnv.PULUMI_HOME)} PULUMI_CONFIG_PASSPHRASE= PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true   # offline, state for this demo only`);

  const pulumi = async (...args: string[]): Promise<void> => {
    const r = await runPulumi(args, {
      cwd: PROJECT,
      stateDir: STATE,
      backendUrl: null, // the backend is the one `pulumi login` chose
      bin,
      env: awsEnv,
      onStdout: (c) => process.stdout.write(c),
      onStderr: (c) => process.stderr.write(c),
    });
    if (r.code !== 0) throw new Error(`\`${r.command}\` exited ${r.code}`);
  };
  const step = async (...args: string[]): Promise<void> => {
    typed(["pulumi", ...args].map(shellQuote).join(" "));
    await pulumi(...args);
  };

  let created = false;
  try {
    banner("1/3 create the fleet and start it");
    await step("login", `file://${backend}`);
    await step("stack", "init", "demo");
    created = true;
    await step("config", "set", "aws:region", "us-east-1");
    await step("up", "--yes");
    await awsSaw();

    banner("2/3 instanceType stream.standard.medium -> stream.standard.large: needs a stopped fleet");
    await step("config", "set", "instanceType", "stream.standard.large");
    await step("preview", "--diff");
    await awsSaw();
    await step("up", "--yes");
    await awsSaw();

    banner("3/3 destroy");
    await step("destroy", "--yes");
    await awsSaw();
    await step("stack", "rm", "--yes");
    created = false;
  } finally {
    if (created) {
      // Interrupted: leave no stack config in the example.
      await pulumi("stack", "rm", "--yes", "--force").catch(() => undefined);
      fs.rmSync(stackFile, { force: true });
    }
  }
}

/** The fallback: the quickstart as an Automation API inline program (needs only the CLI). */
async function viaAutomationApi(bin: string, env: Env, awsSaw: () => Promise<void>): Promise<void> {
  const { quickstart } = require("../examples/quickstart/program") as typeof import("../examples/quickstart/program");
  // The dynamic provider's process inherits this process's environment.
  Object.assign(process.env, env, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" });
  const pulumiCommand = await PulumiCommand.get({ root: path.dirname(bin), skipVersionCheck: true });
  fs.rmSync(STATE, { recursive: true, force: true });
  fs.mkdirSync(STATE, { recursive: true });
  const cfg: { name: string; instanceType: string } = { name: "demo-fleet", instanceType: "stream.standard.medium" };
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName: "demo", projectName: "appstream-fleet-demo", program: async () => quickstart(cfg) },
    {
      workDir: ROOT,
      pulumiCommand,
      envVars: {
        ...env,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
        PULUMI_BACKEND_URL: `file://${STATE}`,
        PULUMI_HOME: path.join(STATE, "home"),
        PULUMI_CONFIG_PASSPHRASE: "",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      },
    },
  );
  const stream = { onOutput: (s: string) => process.stdout.write(s), color: process.stdout.isTTY ? ("always" as const) : ("never" as const) };
  try {
    banner("1/3 stack.up(): create the fleet and start it");
    const up = await stack.up(stream);
    await awsSaw();
    console.log(`fleet ${up.outputs.fleetName?.value} is ${up.outputs.state?.value} on ${up.outputs.instanceType?.value}`);

    banner("2/3 instanceType stream.standard.medium -> stream.standard.large: needs a stopped fleet");
    cfg.instanceType = "stream.standard.large";
    await stack.preview({ ...stream, diff: true });
    const up2 = await stack.up(stream);
    await awsSaw();
    console.log(`fleet ${up2.outputs.fleetName?.value} is ${up2.outputs.state?.value} on ${up2.outputs.instanceType?.value}`);

    banner("3/3 stack.destroy()");
    await stack.destroy(stream);
    await awsSaw();
  } finally {
    await stack.workspace.removeStack("demo", { force: true }).catch(() => undefined);
  }
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
