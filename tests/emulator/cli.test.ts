/** The CLI as a process: first line, --port 0, flags, signals, state flush. */
import { strict as assert } from "node:assert";
import { spawn, type ChildProcess } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { createInterface } from "node:readline";
import { execFileSync } from "node:child_process";
import { DescribeFleetsCommand } from "@aws-sdk/client-appstream";
import { ArgsError, isLoopback, parseCliArgs } from "../../emulator/runtime/args";
import { createFleet, fleetInput } from "../support/emulator";
import { sdkClient } from "../support/harness";

const ROOT = resolve(__dirname, "../..");
const FIRST_LINE = /^AppStream emulator listening on http:\/\/127\.0\.0\.1:(\d+)$/;

interface Spawned {
  child: ChildProcess;
  firstLine: Promise<string>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stderr: () => string;
}

function spawnCli(command: string, args: string[], detached = false): Spawned {
  const child = spawn(command, args, { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"], detached });
  let err = "";
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const lines = createInterface({ input: child.stdout! });
  const firstLine = new Promise<string>((res, rej) => {
    lines.once("line", res);
    child.once("exit", () => rej(new Error(`exited before printing a line; stderr: ${err}`)));
  });
  // Keep draining stdout so the child can never block on a full pipe.
  lines.on("line", () => {});
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) =>
    child.once("exit", (code, signal) => res({ code, signal })),
  );
  return { child, firstLine, exit, stderr: () => err };
}

/**
 * Compiles emulator/ the way `npm run build` does (into a scratch dir under .cache, so
 * node_modules still resolves) and returns the path of the compiled cli.js.
 */
function buildCompiledCli(): { cli: string; dir: string } {
  const dir = join(ROOT, ".cache", `emulator-cli-test-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: "../../tsconfig.json",
      compilerOptions: { outDir: "out", rootDir: "../..", noEmit: false, declaration: false, sourceMap: false, types: ["node"] },
      include: ["../../emulator/**/*.ts"],
    }),
  );
  execFileSync(process.execPath, [join(ROOT, "node_modules/typescript/bin/tsc"), "-p", join(dir, "tsconfig.json")], { stdio: "pipe" });
  return { cli: join(dir, "out", "emulator", "cli.js"), dir };
}

describe("emulator: CLI process", function () {
  this.timeout(60_000);
  const started: ChildProcess[] = [];
  const track = (s: Spawned): Spawned => (started.push(s.child), s);
  let build: { cli: string; dir: string };
  /** The compiled CLI, run directly: its shebang makes it executable like the npm bin. */
  const direct = (args: string[]): Spawned => spawnCli(build.cli, args);
  before(() => {
    build = buildCompiledCli();
    chmodSync(build.cli, 0o755); // npm sets this on install of a bin
  });
  after(() => rmSync(build.dir, { recursive: true, force: true }));

  it("compiles to a cli.js that starts with #!/usr/bin/env node", () => {
    assert.equal(readFileSync(build.cli, "utf8").split("\n")[0], "#!/usr/bin/env node");
  });
  afterEach(() => {
    for (const c of started.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  });

  it("`npx ts-node --transpile-only emulator/cli.ts --port 0` prints the URL with the real port first", async () => {
    const s = track(spawnCli("npx", ["ts-node", "--transpile-only", "emulator/cli.ts", "--port", "0", "--start-delay", "0.5"], true));
    const line = await s.firstLine;
    const m = FIRST_LINE.exec(line);
    assert.ok(m, line);
    const port = Number(m[1]);
    assert.ok(port > 0);
    const client = sdkClient(`http://127.0.0.1:${port}`);
    await createFleet(client, fleetInput("f1"));
    assert.equal((await client.send(new DescribeFleetsCommand({}))).Fleets?.length, 1);
    client.destroy();
    // npx does not forward signals: end the whole process group it leads.
    process.kill(-(s.child.pid as number), "SIGTERM");
    await s.exit;
  });

  it("closes cleanly on SIGTERM and SIGINT with exit code 0, flushing the state file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "appstream-cli-"));
    try {
      const file = join(dir, "state.json");
      for (const signal of ["SIGTERM", "SIGINT"] as const) {
        const s = track(direct(["--port", "0", "--state-file", file]));
        const port = Number(FIRST_LINE.exec(await s.firstLine)?.[1]);
        const client = sdkClient(`http://127.0.0.1:${port}`);
        await createFleet(client, fleetInput(`fleet-${signal}`));
        client.destroy();
        s.child.kill(signal);
        assert.deepEqual(await s.exit, { code: 0, signal: null });
        assert.match(readFileSync(file, "utf8"), new RegExp(`fleet-${signal}`));
      }
      const state = readFileSync(join(dir, "state.json"), "utf8");
      assert.match(state, /fleet-SIGTERM/, "the restart loaded the first run's fleet");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("--region: unsigned calls and the control API without a region go there; signed calls to their own region", async () => {
    const s = track(direct(["--port", "0", "--region", "ap-south-1"]));
    const port = Number(FIRST_LINE.exec(await s.firstLine)?.[1]);
    const url = `http://127.0.0.1:${port}`;
    const unsigned = await fetch(`${url}/`, {
      method: "POST",
      headers: { "content-type": "application/x-amz-json-1.1", "x-amz-target": "PhotonAdminProxyService.CreateStack" },
      body: JSON.stringify({ Name: "unsigned" }),
    });
    assert.equal(((await unsigned.json()) as { Stack: { Arn: string } }).Stack.Arn, "arn:aws:appstream:ap-south-1:123456789012:stack/unsigned");
    const client = sdkClient(url, { region: "us-east-1" });
    await createFleet(client, fleetInput("signed-east"));
    client.destroy();
    const control = await (await fetch(`${url}/_emulator/regions`)).json();
    assert.deepEqual(control, { defaultRegion: "ap-south-1", regions: ["ap-south-1", "us-east-1"] });
    const fleets = (await (await fetch(`${url}/_emulator/fleets`)).json()) as { fleets: unknown[] };
    assert.deepEqual(fleets.fleets, [], "the default region (ap-south-1) has no fleet");
    s.child.kill("SIGTERM");
    assert.deepEqual(await s.exit, { code: 0, signal: null });
  });

  it("exits 2 with a clear message on a bad flag", async () => {
    const s = track(direct(["--bogus"]));
    assert.deepEqual(await s.exit, { code: 2, signal: null });
    assert.match(s.stderr(), /unknown option --bogus\nRun with --help for usage\./);
  });

  it("prints usage for --help and exits 0", async () => {
    const s = track(direct(["--help"]));
    assert.match(await s.firstLine, /^Usage: appstream-emulator/);
    assert.deepEqual(await s.exit, { code: 0, signal: null });
  });

  it("warns on stderr when asked to listen beyond loopback", async () => {
    // 192.0.2.1 (TEST-NET-1) is not local: binding fails, so nothing is ever exposed.
    const s = track(direct(["--host", "192.0.2.1", "--port", "0"]));
    const { code } = await s.exit;
    assert.match(s.stderr(), /WARNING: listening on 192\.0\.2\.1, not a loopback address/);
    assert.equal(code, 1);
  });

  describe("argument parsing", () => {
    for (const [label, args, message] of [
      ["an unknown flag", ["--bogus"], /unknown option --bogus/],
      ["a bad port", ["--port", "70000"], /--port/],
      ["a non-numeric port", ["--port", "abc"], /--port/],
      ["a negative delay", ["--start-delay", "-1"], /--start-delay/],
      ["a non-numeric delay", ["--stop-delay", "soon"], /--stop-delay/],
      ["a missing value", ["--state-file"], /needs a value/],
      ["a value on a switch", ["--verbose=yes"], /takes no value/],
      ["--verify-sigv4 without keys", ["--verify-sigv4"], /--access-key-id/],
      ["keys without --verify-sigv4", ["--access-key-id", "a", "--secret-access-key", "b"], /only apply with --verify-sigv4/],
      ["a region that is no region name", ["--region", "US East"], /--region must be a region name such as us-east-1, got US East/],
    ] as const) {
      it(`refuses ${label}`, () => {
        assert.throws(() => parseCliArgs([...args]), (e: unknown) => e instanceof ArgsError && message.test(e.message));
      });
    }
    it("defaults to 127.0.0.1:4599 with delays 2 and 1", () => {
      const cmd = parseCliArgs([]);
      assert.equal(cmd.kind, "run");
      if (cmd.kind !== "run") return;
      assert.deepEqual(
        [cmd.options.host, cmd.options.port, cmd.options.startDelaySeconds, cmd.options.stopDelaySeconds],
        ["127.0.0.1", 4599, 2, 1],
      );
    });
    it("takes fractional delays and --flag=value", () => {
      const cmd = parseCliArgs(["--start-delay=0.25", "--stop-delay", "0.1", "--port=0"]);
      assert.ok(cmd.kind === "run" && cmd.options.startDelaySeconds === 0.25 && cmd.options.stopDelaySeconds === 0.1 && cmd.options.port === 0);
    });
    it("takes --region (default: none given, us-east-1 in the emulator)", () => {
      const given = parseCliArgs(["--region", "ap-south-1"]);
      assert.ok(given.kind === "run" && given.options.region === "ap-south-1");
      const none = parseCliArgs([]);
      assert.ok(none.kind === "run" && none.options.region === undefined);
    });
    it("knows loopback addresses", () => {
      for (const h of ["127.0.0.1", "127.1.2.3", "localhost", "::1", "[::1]"]) assert.ok(isLoopback(h), h);
      for (const h of ["0.0.0.0", "192.168.1.10", "::"]) assert.ok(!isLoopback(h), h);
    });
  });
});
