/**
 * The AWS CLI (botocore, an independent implementation of awsJson, SigV4 and waiters) against
 * the emulator. The CLI is required: without it these tests fail, they do not skip.
 */
import { strict as assert } from "node:assert";
import { execFileSync } from "node:child_process";
import { pinnedCliDir, readModelPin } from "../../scripts/model/pin";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { DEFAULT_IMAGES, startEmulator } from "../../emulator";
import { isolatedAwsEnv, runAws as run, type CliResult } from "../support/aws-cli-runner";
import { WS2019, useEmulator } from "../support/emulator";
import { waitForState } from "../support/harness";

describe("emulator: AWS CLI", function () {
  this.timeout(120_000);
  const h = useEmulator({ startDelaySeconds: 0.5, stopDelaySeconds: 0.3 });
  let env: NodeJS.ProcessEnv;
  let dispose: () => void;

  before(async () => {
    // Nothing from the host's AWS configuration may leak in: own HOME, empty config files.
    ({ env, dispose } = isolatedAwsEnv());
    const version = await run(["--version"], env);
    assert.equal(version.code, 0, `aws --version failed: ${version.stderr}`);
  });
  after(() => dispose());

  const aws = (...args: string[]): Promise<CliResult> =>
    run(["appstream", ...args, "--endpoint-url", h.emulator.url, "--region", "us-east-1", "--output", "json"], env);
  const ok = async (...args: string[]): Promise<Record<string, unknown>> => {
    const r = await aws(...args);
    assert.equal(r.code, 0, `aws appstream ${args.join(" ")} failed: ${r.stderr}`);
    return r.json;
  };
  const fleetState = async (name: string): Promise<string> => {
    const out = await ok("describe-fleets", "--names", name);
    return String((out.Fleets as Record<string, unknown>[])[0].State);
  };

  it("runs a fleet through its lifecycle with waiters and the running-update rule", async () => {
    const created = await ok(
      "create-fleet", "--name", "cli-fleet", "--instance-type", "stream.standard.medium",
      "--image-name", WS2019, "--fleet-type", "ALWAYS_ON", "--compute-capacity", "DesiredInstances=1",
    );
    const fleet = created.Fleet as Record<string, unknown>;
    assert.equal(fleet.State, "STOPPED");
    assert.equal(fleet.Arn, "arn:aws:appstream:us-east-1:123456789012:fleet/cli-fleet");
    // CLI v1 prints timestamps raw (cli_timestamp_format "none"): epoch seconds.
    assert.ok(typeof fleet.CreatedTime === "number" && Math.abs(fleet.CreatedTime * 1000 - Date.now()) < 60_000);

    await ok("start-fleet", "--name", "cli-fleet");
    // Each CLI run takes about a second, longer than the start delay: read the transitions
    // from the event log rather than racing the clock.
    assert.match(await fleetState("cli-fleet"), /^(STARTING|RUNNING)$/);
    // The CLI waiter sleeps 30 s between polls; once the fleet is RUNNING its first poll succeeds.
    await waitForState(h.control, "cli-fleet", "RUNNING");
    await ok("wait", "fleet-started", "--names", "cli-fleet");
    const started = (await h.control.events()).filter((e) => e.fleetName === "cli-fleet").map((e) => `${e.from}->${e.to}`);
    assert.deepEqual(started, ["null->STOPPED", "STOPPED->STARTING", "STARTING->RUNNING"]);

    const refused = await aws("update-fleet", "--name", "cli-fleet", "--instance-type", "stream.standard.large");
    assert.notEqual(refused.code, 0);
    assert.match(refused.stderr, /ResourceInUseException/);
    assert.match(refused.stderr, /Cannot update the attribute for fleet cli-fleet when it is ACTIVE/);
    await ok("update-fleet", "--name", "cli-fleet", "--display-name", "Live rename");

    const stopWait = await aws("wait", "fleet-stopped", "--names", "cli-fleet");
    assert.notEqual(stopWait.code, 0, "fleet-stopped fails at once on a RUNNING fleet");
    assert.match(stopWait.stderr, /terminal failure state/);

    await ok("stop-fleet", "--name", "cli-fleet");
    await waitForState(h.control, "cli-fleet", "STOPPED");
    await ok("wait", "fleet-stopped", "--names", "cli-fleet");
    const updated = (await ok("update-fleet", "--name", "cli-fleet", "--instance-type", "stream.standard.large")).Fleet as Record<string, unknown>;
    assert.equal(updated.InstanceType, "stream.standard.large");
    assert.equal(updated.DisplayName, "Live rename");

    await ok("delete-fleet", "--name", "cli-fleet");
    const gone = await aws("describe-fleets", "--names", "cli-fleet");
    assert.notEqual(gone.code, 0);
    assert.match(gone.stderr, /ResourceNotFoundException/);
  });

  it("reports validation errors the way botocore shows them", async () => {
    const r = await aws("create-fleet", "--name", "bad name", "--instance-type", "stream.standard.medium", "--image-name", WS2019, "--compute-capacity", "DesiredInstances=1");
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ValidationException/);
    assert.match(r.stderr, /at 'name'/);
  });

  it("a mistyped member: botocore refuses it first; with its parameter validation off, the emulator says what was sent", async () => {
    const checked = await aws("describe-fleets", "--cli-input-json", JSON.stringify({ Names: [1, 2] }));
    assert.notEqual(checked.code, 0);
    assert.match(checked.stderr, /Invalid type for parameter Names\[0\], value: 1/);
    const config = join(env.HOME as string, "config-no-validation");
    writeFileSync(config, "[default]\nparameter_validation = false\n");
    const sent = await run(
      ["appstream", "describe-fleets", "--cli-input-json", JSON.stringify({ Names: [1, 2] }), "--endpoint-url", h.emulator.url, "--region", "us-east-1", "--output", "json"],
      { ...env, AWS_CONFIG_FILE: config },
    );
    assert.notEqual(sent.code, 0);
    assert.match(sent.stderr, /SerializationException/);
    assert.match(sent.stderr, /Cannot deserialize input\.Names\[0\]: expected a string, got a number \(1\)/);
  });

  it("describes images, paginating through every page", async () => {
    const all = await ok("describe-images");
    assert.equal((all.Images as unknown[]).length, DEFAULT_IMAGES.length);
    const named = await ok("describe-images", "--names", WS2019);
    const img = (named.Images as Record<string, unknown>[])[0];
    assert.equal(img.Name, WS2019);
    assert.equal(img.Visibility, "PUBLIC");
    const r = await aws("describe-images", "--names", "no-such-image");
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /ResourceNotFoundException/);
  });

  it("describes sessions of a running, associated fleet", async () => {
    await ok("create-fleet", "--name", "sf", "--instance-type", "stream.standard.small", "--image-name", WS2019, "--compute-capacity", "DesiredInstances=2");
    await ok("create-stack", "--name", "ss");
    await ok("associate-fleet", "--fleet-name", "sf", "--stack-name", "ss");
    await h.control.config({ startDelaySeconds: 0 });
    await ok("start-fleet", "--name", "sf");
    await h.control.openSession({ stackName: "ss", fleetName: "sf", userId: "alice" });
    const out = await ok("describe-sessions", "--stack-name", "ss", "--fleet-name", "sf");
    const sessions = out.Sessions as Record<string, unknown>[];
    assert.equal(sessions.length, 1);
    assert.equal(sessions[0].UserId, "alice");
    assert.equal(sessions[0].State, "ACTIVE");
    const saml = await ok("describe-sessions", "--stack-name", "ss", "--fleet-name", "sf", "--authentication-type", "SAML");
    assert.deepEqual(saml.Sessions, []);
  });

  it("passes strict SigV4 verification with botocore's signatures, and fails with a wrong secret", async () => {
    const strict = await startEmulator({ verifySigv4: true, accessKeyId: "test", secretAccessKey: "test" });
    try {
      const args = ["appstream", "describe-fleets", "--endpoint-url", strict.url, "--region", "eu-central-1", "--output", "json"];
      const good = await run(args, env);
      assert.equal(good.code, 0, good.stderr);
      assert.deepEqual(good.json, { Fleets: [] });
      const create = await run(["appstream", "create-stack", "--name", "signed", "--description", "utf-8 ✓ body",
        "--endpoint-url", strict.url, "--region", "eu-central-1", "--output", "json"], env);
      assert.equal(create.code, 0, create.stderr);
      const bad = await run(args, { ...env, AWS_SECRET_ACCESS_KEY: "wrong" });
      assert.notEqual(bad.code, 0);
      assert.match(bad.stderr, /InvalidSignatureException/);
    } finally {
      await strict.close();
    }
  });
});

describe("scripts/setup.sh --aws holds the pin (aws-model.env)", function () {
  this.timeout(300_000);

  /** Runs setup.sh --aws with `dir` first on PATH; returns the `aws` and the botocore Python it settles on. */
  function setupWith(dir: string): { aws: string; python: string } {
    const root = join(__dirname, "..", "..");
    const out = execFileSync("bash", [join(root, "scripts", "setup.sh"), "--aws", "--", "sh", "-c", 'command -v aws; printf "%s\\n" "$APPSTREAM_BOTOCORE_PYTHON"'], {
      encoding: "utf8",
      env: { ...process.env, PATH: `${dir}${delimiter}${process.env.PATH}` },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const [aws, python] = out.trim().split("\n");
    return { aws, python };
  }

  it("an aws on PATH on another botocore is passed over for the pinned one; one on the pinned botocore is used", () => {
    const pin = readModelPin();
    const dir = mkdtempSync(join(tmpdir(), "appstream-fake-aws-"));
    try {
      const fake = join(dir, "aws");
      writeFileSync(fake, `#!/bin/sh\necho "aws-cli/1.0.0 Python/3.11.7 Linux/6 botocore/1.0.0"\n`, { mode: 0o755 });
      const other = setupWith(dir);
      assert.equal(other.aws, join(pinnedCliDir(pin), "bin", "aws"), "the pinned copy, not the aws on another botocore");
      assert.equal(other.python, join(pinnedCliDir(pin), "bin", "python3"));
      // An aws that reports the pinned botocore, run by a Python that imports it: used as it is.
      writeFileSync(fake, `#!${other.python}\nimport sys, botocore\nprint(f"aws-cli/9.9.9 Python/3 Linux/6 botocore/{botocore.__version__}")\n`, { mode: 0o755 });
      const same = setupWith(dir);
      assert.deepEqual([same.aws, same.python], [fake, other.python]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
