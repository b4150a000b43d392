/**
 * Errors and the summary bin as a user meets them: the `pulumi` CLI in a project directory (the
 * package installed from `npm pack`), the emulator as its own process, shell pipelines.
 *
 *  - `pulumi preview --json | appstream-preview-summary` in a real shell pipe (the engine writes
 *    late: a synchronous read of the pipe failed with EAGAIN), and `cat preview.json | ...`.
 *  - A preview that failed on a bad input, piped into the bin: the error listed, exit 3.
 *  - A delete AWS refuses (a stack is associated): the error reaches the output once, without
 *    JavaScript stack frames, and the AWS CLI command it suggests runs as printed.
 *  - getImage finding nothing: each change its error suggests, applied to the program's
 *    arguments, finds the image it names.
 *
 * Needs `pulumi-language-nodejs` (scripts/pulumi-cli.sh provides it) and the AWS CLI.
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { MUTATING } from "../support/harness";
import { awsCliPath } from "../support/aws-cli";
import { EmulatorProcess, startEmulatorProcess } from "../../tools/emulator-process";
import { PulumiResult, languageHost, pulumiBin, pulumiEnv, runPulumi } from "../../tools/pulumi-cli";
import { CACHE, ROOT, installedProject, removeStaleRuns } from "../../tools/automation";

const IMAGE = "AppStream-WinServer2019-06-17-2024";

/** The program: one fleet; its extra arguments and an optional getImage lookup from config (JSON). */
const PROGRAM = `import * as pulumi from "@pulumi/pulumi";
import { Fleet, getImageOutput } from "pulumi-appstream-fleet";

const config = new pulumi.Config();
const extra = JSON.parse(config.get("extra") ?? "{}");
const lookup = config.get("image");
const imageName = lookup ? getImageOutput(JSON.parse(lookup)).name : "${IMAGE}";
const fleet = new Fleet("office", { name: "office", imageName, instanceType: "stream.standard.medium", computeCapacity: { desiredInstances: 1 }, ...extra });
export const image = fleet.imageName;
`;

const shown = (r: { stdout: string; stderr: string }) => `${r.stdout}\n${r.stderr}`;

function assertOk(r: PulumiResult): void {
  assert.equal(r.code, 0, `\`${r.command}\` exited ${r.code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
}

/** The (last: `destroy` prints its preview's first) Diagnostics section of the CLI's output: the resource headers and their messages. */
function diagnostics(stdout: string): string {
  const at = stdout.lastIndexOf("\nDiagnostics:\n");
  assert.ok(at >= 0, `no Diagnostics section:\n${stdout}`);
  const end = stdout.indexOf("\nResources:\n", at);
  return stdout.slice(at, end < 0 ? undefined : end);
}

const count = (text: string, needle: string) => text.split(needle).length - 1;
/** A JavaScript stack frame, as V8 prints it. */
const FRAME = /^\s+at .+(\(.*:\d+:\d+\)|:\d+:\d+)$/m;

describe("e2e: errors once and ready to paste, the summary bin behind shell pipes (pulumi CLI)", function () {
  this.timeout(10 * 60 * 1000);
  let emu: EmulatorProcess;
  let dir: string;
  let stateDir: string;
  let bin: string;

  const awsEnv = () => ({
    AWS_ENDPOINT_URL_APPSTREAM: emu.url,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "AKIDERRORS",
    AWS_SECRET_ACCESS_KEY: "errors-secret",
    AWS_SESSION_TOKEN: undefined,
    AWS_PROFILE: undefined,
    PULUMI_DEBUG: undefined,
  });
  const pulumi = (...args: string[]) => runPulumi(args, { cwd: dir, stateDir, env: awsEnv() });
  /** `bash -c script` in the project, with the environment of the pulumi runs and the project's bins on PATH. */
  const shell = (script: string, extra: Record<string, string> = {}) =>
    new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
      const env = pulumiEnv({ stateDir, env: { ...awsEnv(), AWS_EC2_METADATA_DISABLED: "true", PYTHONWARNINGS: "ignore", ...extra } });
      env.PATH = [path.join(dir, "node_modules", ".bin"), path.dirname(awsCliPath()), env.PATH].join(path.delimiter);
      execFile("bash", ["-c", script], { cwd: dir, env, maxBuffer: 64 * 1024 * 1024 }, (e, stdout, stderr) =>
        resolve({ code: e ? Number((e as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  const mutatingSince = async (seq: number) => (await emu.control.calls(seq)).filter((c) => MUTATING.has(c.operation)).map((c) => c.operation);
  const lastSeq = async () => (await emu.control.calls()).at(-1)?.seq ?? 0;

  before(async () => {
    assert.ok(languageHost(pulumiBin()), "no pulumi-language-nodejs: run `bash scripts/pulumi-cli.sh` (see scripts/PULUMI-CLI.md)");
    removeStaleRuns();
    const installed = installedProject();
    dir = path.join(CACHE, "errors");
    stateDir = path.join(CACHE, "errors-state");
    for (const d of [dir, stateDir]) fs.rmSync(d, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: appstream-errors\nruntime: nodejs\n");
    fs.writeFileSync(path.join(dir, "index.ts"), PROGRAM);
    fs.copyFileSync(path.join(ROOT, "examples", "quickstart", "tsconfig.json"), path.join(dir, "tsconfig.json"));
    fs.copyFileSync(path.join(installed, "package.json"), path.join(dir, "package.json"));
    fs.symlinkSync(path.join(installed, "node_modules"), path.join(dir, "node_modules"), "dir");
    bin = path.join(dir, "node_modules", ".bin", "appstream-preview-summary");
    assert.ok(fs.existsSync(bin), "the installed package has the bin");
    emu = await startEmulatorProcess(["--start-delay", "1", "--stop-delay", "1"]);
    assertOk(await pulumi("stack", "init", "dev"));
    assertOk(await pulumi("config", "set", "aws:region", "us-east-1"));
    assertOk(await pulumi("up", "--yes"));
  });

  after(async () => {
    await emu?.close();
  });

  it("pulumi preview --json | appstream-preview-summary: a real pipe, the engine writing late; cat preview.json | ... gives the same", async () => {
    assertOk(await pulumi("config", "set", "extra", JSON.stringify({ displayName: "Office" })));
    const piped = await shell("pulumi preview --json | appstream-preview-summary");
    assert.equal(piped.code, 0, shown(piped));
    assert.doesNotMatch(piped.stderr, /EAGAIN|cannot read stdin/);
    assert.match(piped.stdout, /^### AppStream fleets in this preview — stack `dev` of `appstream-errors`$/m);
    assert.match(piped.stdout, /^\| `office` \| live update \| `displayName` \| — \| — \| none \|$/m);

    const saved = await shell("pulumi preview --json > preview.json && cat preview.json | appstream-preview-summary && (sleep 1; cat preview.json) | appstream-preview-summary -");
    assert.equal(saved.code, 0, shown(saved));
    assert.equal(saved.stdout, piped.stdout + piped.stdout, "the same summary from the pipe, from cat, and from a writer that waits");
  });

  it("a preview that failed on a bad input, piped into the bin: the error listed first, no all-clear, exit 3", async () => {
    assertOk(await pulumi("config", "set", "extra", JSON.stringify({ maxUserDurationInSeconds: 5 })));
    const seq = await lastSeq();
    const r = await shell("pulumi preview --json | appstream-preview-summary --fail-on stop");
    assert.equal(r.code, 3, shown(r));
    assert.equal(r.stderr, "appstream-preview-summary: the preview failed with 1 error (listed in the summary)\n");
    const lines = r.stdout.split("\n");
    assert.match(lines[2], /^\*\*The preview FAILED with 1 error:\*\* `pulumi up` fails the same way until it is fixed\.$/);
    assert.match(lines[4], /^- `office`: .*maxUserDurationInSeconds.*5.*600/);
    assert.doesNotMatch(r.stdout, /No fleet will be interrupted|No AppStream fleet is created, changed or deleted/);
    assert.deepEqual(await mutatingSince(seq), [], "a preview changes nothing");
    assertOk(await pulumi("config", "rm", "extra"));
  });

  it("a delete AWS refuses (a stack is associated): the error once, no stack frames; the suggested AWS CLI command runs as printed", async () => {
    const associate = await shell("aws appstream create-stack --name portal --region us-east-1 >/dev/null && aws appstream associate-fleet --fleet-name office --stack-name portal --region us-east-1");
    assert.equal(associate.code, 0, shown(associate));

    const seq = await lastSeq();
    const r = await pulumi("destroy", "--yes");
    assert.notEqual(r.code, 0, shown(r));
    const message = /error: (deleting AppStream fleet office: it is associated with stack portal[^\n]*)/.exec(r.stdout)?.[1] ?? assert.fail(`no refusal in:\n${shown(r)}`);
    const diag = diagnostics(r.stdout);
    assert.equal(count(diag, message), 1, `the Diagnostics section holds the error once:\n${diag}`);
    assert.doesNotMatch(shown(r), FRAME, "no JavaScript stack frame anywhere in the output");
    assert.doesNotMatch(shown(r), /Error: deleting AppStream fleet/, "no echo of the JavaScript error (Error: ...) on the stack's messages");
    // Every line of the output that carries it is the fleet's: the engine's error, and the progress rows' status.
    for (const line of shown(r).split("\n").filter((l) => l.includes("deleting AppStream fleet office"))) assert.match(line, /^\s+(error: |- +pulumi-nodejs:dynamic\/appstream:Fleet office )/, line);
    assert.deepEqual(await mutatingSince(seq), [], "the refusal changed nothing");
    assert.equal((await emu.control.fleets()).find((f) => f.Name === "office")?.State, "RUNNING", "the fleet still runs");

    const commands = [...message.matchAll(/`(aws [^`]+)`/g)].map((m) => m[1]);
    assert.deepEqual(commands, ["aws appstream disassociate-fleet --fleet-name office --stack-name portal --region us-east-1"]);
    // As the user pastes it: the shell has only the endpoint and credentials, no AWS_REGION.
    const pasted = await shell(commands[0], { AWS_REGION: "", AWS_DEFAULT_REGION: "" });
    assert.equal(pasted.code, 0, shown(pasted));

    const again = await pulumi("destroy", "--yes");
    assertOk(again);
    assert.equal((await emu.control.fleets()).find((f) => f.Name === "office"), undefined);
  });

  it("getImage finding nothing: the error once, no frames; each suggested change, applied to the program's arguments, finds the image it names", async () => {
    const args = { nameRegex: "^AppStream-WinServer2016-", platform: "WINDOWS_SERVER_2019" };
    assertOk(await pulumi("config", "set", "image", JSON.stringify(args)));
    const r = await pulumi("preview");
    assert.notEqual(r.code, 0, shown(r));
    assert.doesNotMatch(shown(r), FRAME);
    const message = /error: (?:ImageNotFoundError: )?(?:error serializing property "imageName": )?(getImage: no image matches [^\n]*)/.exec(r.stdout)?.[1] ?? assert.fail(`no getImage error in:\n${shown(r)}`);
    assert.equal(count(diagnostics(r.stdout), message), 1);
    const suggestions = [...message.matchAll(/(\{ [^{}]* \}) finds ([^\s;]+?)[;.](?: |$)/g)].map((m) => ({ change: Function(`return (${m[1]});`)() as Record<string, unknown>, finds: m[2] }));
    assert.ok(suggestions.length > 0, `no suggestion in: ${message}`);
    for (const { change, finds } of suggestions) {
      const applied: Record<string, unknown> = { ...args };
      for (const [k, v] of Object.entries(change)) if (v === undefined) delete applied[k];
      else applied[k] = v;
      assertOk(await pulumi("config", "set", "image", JSON.stringify(applied)));
      const ok = await pulumi("preview", "--diff");
      assertOk(ok);
      // The fleet was destroyed above: the preview creates it, with the image the lookup found.
      assert.match(ok.stdout, new RegExp(`imageName\\s*:\\s*"${finds.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"`), `${JSON.stringify(applied)} finds ${finds}:\n${ok.stdout}`);
    }
  });
});
