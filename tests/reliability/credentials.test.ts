/**
 * Credentials at the provider level against an emulator that verifies SigV4, and what the
 * emulator's CLI does with a non-loopback --host.
 */
import { strict as assert } from "assert";
import { spawn } from "child_process";
import * as path from "path";
import { AppStreamClient } from "@aws-sdk/client-appstream";
import { EmulatorControl, startEmulator } from "../../emulator";
import { Harness, MUTATING } from "../support/harness";
import { baseFleet, checkInvariants, record, recordAndAssert, Stack, Violations } from "./lib";

const ROOT = path.resolve(__dirname, "..", "..");
const resetClients = (): void => require(path.join(ROOT, "dist", "provider", "aws", "client")).resetClients();
const KEYS = ["AWS_ENDPOINT_URL_APPSTREAM", "AWS_REGION", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"];

describe("reliability: credentials (provider level, SigV4-verifying emulator)", function () {
  this.timeout(120000);
  const KEY = "AKIDPROVGOODKEY0001";
  const SECRET = "prov-good-secret-91ab";
  let emu: Awaited<ReturnType<typeof startEmulator>>;
  let saved: Record<string, string | undefined>;
  let ctl: Pick<Harness, "control" | "client">;

  before(async () => {
    saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
    emu = await startEmulator({ port: 0, startDelaySeconds: 0.1, stopDelaySeconds: 0.1, verifySigv4: true, accessKeyId: KEY, secretAccessKey: SECRET });
    ctl = { control: new EmulatorControl(emu.url), client: new AppStreamClient({ endpoint: emu.url, region: "us-east-1", credentials: { accessKeyId: KEY, secretAccessKey: SECRET } }) };
  });
  after(async () => {
    ctl?.client.destroy();
    await emu?.close();
    for (const k of KEYS) (saved[k] === undefined ? delete process.env[k] : (process.env[k] = saved[k]));
    resetClients();
  });

  const useKeys = (secret: string) => {
    process.env.AWS_ENDPOINT_URL_APPSTREAM = emu.url;
    process.env.AWS_REGION = "us-east-1";
    process.env.AWS_ACCESS_KEY_ID = KEY;
    process.env.AWS_SECRET_ACCESS_KEY = secret;
    delete process.env.AWS_SESSION_TOKEN;
    delete process.env.AWS_PROFILE;
    resetClients();
  };

  it("right keys create; a wrong secret fails check/update with AWS's authentication error and changes nothing", async () => {
    const vs: Violations[] = [];
    useKeys(SECRET);
    const stack = new Stack();
    await stack.up(baseFleet({ name: "cred-prov" }));
    vs.push(await checkInvariants(ctl, stack.state(), { strict: true }));
    const before = (await ctl.control.calls()).length;
    useKeys("prov-wrong-secret-77");
    let msg = "";
    await stack.up(baseFleet({ name: "cred-prov", instanceType: "stream.standard.large" })).then(
      () => assert.fail("must fail"),
      (e: any) => (msg = String(e?.message ?? e)),
    );
    assert.match(msg, /signature we calculated does not match.*Check your AWS Secret Access Key/s, msg);
    assert.ok(!msg.includes("prov-wrong-secret-77") && !msg.includes(SECRET), "the message does not echo the secret");
    const after = (await ctl.control.calls()).slice(before);
    assert.deepEqual(after.filter((c: any) => MUTATING.has(c.operation) && !c.errorCode), []);
    // The fault fired if the emulator refused the signature at least once.
    const refused = after.filter((c: any) => c.errorCode === "InvalidSignatureException").length;
    // state still says medium (nothing was changed); the program the user will fix keys for is large
    stack.program = { ...stack.program, instanceType: "stream.standard.medium" };
    vs.push(await checkInvariants(ctl, stack.state(), { strict: true }));
    useKeys(SECRET);
    await stack.up(baseFleet({ name: "cred-prov", instanceType: "stream.standard.large" }));
    vs.push(await checkInvariants(ctl, stack.state(), { strict: true }));
    const outs = JSON.stringify(stack.outputs);
    assert.ok(!outs.includes(KEY) && !outs.includes(SECRET), "no key or secret in outputs");
    await stack.destroy();
    vs.push(await checkInvariants(ctl, stack.state(), { strict: true }));
    recordAndAssert({ suite: "credentials", scenario: "provider: right keys, wrong secret, then fixed keys", faults: ["wrong secret"], faultsFired: refused > 0 ? 1 : 0, badInputs: 0, unfired: refused > 0 ? [] : ["wrong secret"], firedDetail: [`${refused} calls refused (InvalidSignatureException)`], outcome: `refused: ${msg.slice(0, 100)}` }, vs);
  });
});

describe("reliability: emulator listening address", function () {
  this.timeout(30000);
  const run = (args: string[]) =>
    new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
      const p = spawn(process.execPath, [path.join(ROOT, "dist", "emulator", "cli.js"), ...args], { stdio: ["ignore", "pipe", "pipe"] });
      let stdout = "";
      let stderr = "";
      p.stdout.on("data", (d) => {
        stdout += d;
        if (stdout.includes("\n")) p.kill("SIGTERM");
      });
      p.stderr.on("data", (d) => (stderr += d));
      p.on("exit", () => resolve({ stdout, stderr }));
      p.on("error", reject);
      setTimeout(() => p.kill("SIGKILL"), 10000);
    });

  it("listens on 127.0.0.1 by default; a non-loopback --host is honoured with a WARNING (it does not refuse)", async () => {
    const def = await run(["--port", "0"]);
    assert.match(def.stdout, /^AppStream emulator listening on http:\/\/127\.0\.0\.1:\d+/);
    const any = await run(["--port", "0", "--host", "0.0.0.0"]);
    assert.match(any.stderr, /WARNING: listening on 0\.0\.0\.0, not a loopback address/);
    assert.match(any.stdout, /listening on http:\/\/0\.0\.0\.0:\d+/);
    record({ suite: "credentials", scenario: "emulator: default 127.0.0.1; --host 0.0.0.0 warns and listens", faults: ["non-loopback host"], faultsFired: 1, badInputs: 0, firedDetail: ["listened on 0.0.0.0 and warned (asserted)"], outcome: "loopback by default; non-loopback only with explicit --host (warning, not refusal)", lost: 0, orphaned: 0, wrong: 0 });
  });
});
