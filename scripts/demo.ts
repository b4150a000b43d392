/**
 * `npm run demo`: the main job, end to end, with no AWS account.
 *
 * Starts the AppStream emulator in-process, then drives the real Pulumi engine (the CLI, through
 * the Automation API) over the quickstart program: create a running fleet, change instanceType
 * (which AppStream only accepts on a stopped fleet: watch the stop-update-start), destroy. The
 * engine's own output is streamed; after each step a short summary shows what AWS saw.
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { LocalWorkspace, PulumiCommand } from "@pulumi/pulumi/automation";
import { EmulatorControl, startEmulator } from "../emulator";
import { linkLocalPackage } from "../examples/link-local-package";

const ROOT = path.resolve(__dirname, "..");
const STATE = path.join(ROOT, ".cache", "demo");


const banner = (s: string) => console.log(`\n${"=".repeat(78)}\n${s}\n${"=".repeat(78)}`);

async function main(): Promise<void> {
  banner("AppStream fleet demo: the real Pulumi engine against the local AppStream emulator");
  // The quickstart imports "pulumi-appstream-fleet" as a user's program does: link it to this checkout.
  linkLocalPackage();
  const { quickstart } = require("../examples/quickstart/program") as typeof import("../examples/quickstart/program");
  const emu = await startEmulator({ port: 0, startDelaySeconds: 4, stopDelaySeconds: 3 });
  console.log(`emulator: ${emu.url} (fleets take 4 s to start and 3 s to stop here; minutes on AWS)`);
  const env = {
    AWS_ENDPOINT_URL_APPSTREAM: emu.url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "demo",
    AWS_SECRET_ACCESS_KEY: "demo",
    // The SDK warns on each process start that Node 20 support ends in 2027; keep the demo readable.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true",
  };
  Object.assign(process.env, env);

  console.log("pulumi CLI: locating it (the first run builds it from the Go module proxy: several minutes)...");
  const bin = execFileSync("bash", [path.join(ROOT, "scripts", "pulumi-cli.sh")], { cwd: ROOT, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] })
    .trim()
    .split("\n")
    .pop() as string;
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
        PULUMI_BACKEND_URL: `file://${STATE}`,
        PULUMI_HOME: path.join(STATE, "home"),
        PULUMI_CONFIG_PASSPHRASE: "",
        PULUMI_SKIP_UPDATE_CHECK: "true",
        PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      },
    },
  );

  const control = new EmulatorControl(emu.url);
  let seen = 0;
  const awsSaw = async (): Promise<void> => {
    const calls = await control.calls(seen);
    if (calls.length > 0) seen = calls[calls.length - 1].seq;
    const interesting = calls.filter((c) => !c.operation.startsWith("Describe") && !c.operation.startsWith("List"));
    const polls = calls.length - interesting.length;
    console.log(`\nWhat AWS saw (${calls.length} calls, ${polls} of them reads):`);
    for (const c of interesting)
      console.log(`  ${c.operation.padEnd(16)} ${c.fleetName ?? ""}${c.fleetState ? ` (fleet was ${c.fleetState})` : ""}${c.errorCode ? ` -> ${c.errorCode}` : ""}`);
  };
  const stream = { onOutput: (s: string) => process.stdout.write(s), color: process.stdout.isTTY ? ("always" as const) : ("never" as const) };

  try {
    banner("1/3 pulumi up: create the fleet and start it");
    const up = await stack.up(stream);
    await awsSaw();
    console.log(`fleet ${up.outputs.fleetName?.value} is ${up.outputs.state?.value} on ${up.outputs.instanceType?.value}`);

    banner("2/3 instanceType stream.standard.medium -> stream.standard.large: needs a stopped fleet");
    cfg.instanceType = "stream.standard.large";
    await stack.preview({ ...stream, diff: true });
    const up2 = await stack.up(stream);
    await awsSaw();
    console.log(`fleet ${up2.outputs.fleetName?.value} is ${up2.outputs.state?.value} on ${up2.outputs.instanceType?.value}`);

    banner("3/3 pulumi destroy");
    await stack.destroy(stream);
    await awsSaw();
  } finally {
    await stack.workspace.removeStack("demo", { force: true }).catch(() => undefined);
    await emu.close();
  }
  banner("Done: created, updated with stop-update-start, destroyed. No AWS account was used.");
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
