/**
 * Previews in pull requests, through the real engine: the stdout of `pulumi preview --json` for a
 * stack whose fleets are created, updated live, stopped and restarted, stopped, replaced, refused
 * (failIfRunning), adopted and deleted in one preview, with users streaming; read by the
 * `appstream-preview-summary` bin of the installed package (so `npm pack` ships it). And the stdout
 * of `pulumi preview --diff` (what PR comments are made from) names the stop at the fleet.
 */
import { strict as assert } from "assert";
import { execFile } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { promisify } from "util";
import { AssociateFleetCommand, CreateFleetCommand, CreateStackCommand, DisassociateFleetCommand, StartFleetCommand } from "@aws-sdk/client-appstream";
import { Harness, mutating, startHarness } from "../support/harness";
import { createStack, installPackage, Installed, TestStack } from "../../tools/automation";
import { FleetRow, parsePreview } from "../../provider/preview-summary/summary";
import { plannedActionsByResource } from "../support/diff-display";

const IMAGE = "AppStream-WinServer2019-06-17-2024";
const base = (name: string, extra: Record<string, unknown> = {}) => ({ name, imageName: IMAGE, instanceType: "stream.standard.medium", computeCapacity: { desiredInstances: 3 }, ...extra });

describe("e2e: preview summary for pull requests (pulumi preview --json, --diff)", function () {
  this.timeout(15 * 60 * 1000);
  let h: Harness;
  let inst: Installed;
  let stack: TestStack;
  let fleets: Record<string, Record<string, unknown>>;
  let bin: string;
  let json: string;
  const associated: string[] = [];

  /** The installed package's bin, as `npx appstream-preview-summary` runs it in a user's project. */
  async function summary(args: string[], input: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const file = path.join(inst.projectDir, `preview-${Date.now()}.json`);
    fs.writeFileSync(file, input);
    try {
      const { stdout, stderr } = await promisify(execFile)(bin, [...args, file], { encoding: "utf8" });
      return { code: 0, stdout, stderr };
    } catch (e: any) {
      if (typeof e.code !== "number") throw e;
      return { code: e.code, stdout: e.stdout, stderr: e.stderr };
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  /** An AppStream stack streaming from `fleet`, and `n` users streaming from it. */
  async function streaming(fleet: string, n: number): Promise<void> {
    await h.client.send(new CreateStackCommand({ Name: `portal-${fleet}` }));
    await h.client.send(new AssociateFleetCommand({ FleetName: fleet, StackName: `portal-${fleet}` }));
    associated.push(fleet);
    for (let i = 0; i < n; i++) await h.control.openSession({ stackName: `portal-${fleet}`, fleetName: fleet, userId: `user-${fleet}-${i}` });
  }

  before(async () => {
    h = await startHarness({ startDelaySeconds: 1, stopDelaySeconds: 1 });
    inst = await installPackage();
    bin = path.join(inst.projectDir, "node_modules", ".bin", "appstream-preview-summary");
    fleets = {
      ssu: base("ssu"),
      live: base("live"),
      repl: base("repl"),
      refused: base("refused", { updateStrategy: "failIfRunning" }),
      pause: base("pause"),
      gone: base("gone"),
      swap: base("swap", { updateStrategy: "replace" }),
    };
    stack = await createStack(inst, `summary-${Date.now()}`, async () => {
      for (const [resource, args] of Object.entries(fleets)) new inst.pkg.Fleet(resource, args);
    }, { AWS_ENDPOINT_URL_APPSTREAM: h.url, AWS_ACCESS_KEY_ID: "AKIDE2E", AWS_SECRET_ACCESS_KEY: "e2e-secret", AWS_REGION: "us-east-1" });
    await stack.up();
    // A fleet made outside Pulumi, for adoption.
    await h.client.send(new CreateFleetCommand({ Name: "handmade", ImageName: IMAGE, InstanceType: "stream.standard.medium", FleetType: "ON_DEMAND", ComputeCapacity: { DesiredInstances: 1 } }));
    await h.client.send(new StartFleetCommand({ Name: "handmade" }));
    await streaming("ssu", 3);
    // repl and swap are replaced: a fleet associated with a stack the program does not manage
    // cannot be deleted, so their preview would fail (preview-truth.test.ts); nobody streams there.
    await streaming("refused", 1);
    await streaming("pause", 1);
  });

  after(async () => {
    try {
      for (const f of associated) await h.client.send(new DisassociateFleetCommand({ FleetName: f, StackName: `portal-${f}` })).catch(() => undefined);
      if (stack) {
        fleets = {};
        await stack.destroy().catch(() => undefined);
        await stack.remove();
      }
    } finally {
      await h?.close();
    }
  });

  it("one preview with every action kind: the JSON carries each fleet's plan, and the bin renders one row per fleet", async () => {
    fleets = {
      fresh: base("fresh"),
      live: base("live", { displayName: "Live change" }),
      ssu: base("ssu", { instanceType: "stream.standard.large", drain: { timeoutSeconds: 600, onTimeout: "fail" } }),
      pause: base("pause", { desiredState: "STOPPED" }),
      repl: base("repl-v2"),
      swap: base("swap", { updateStrategy: "replace", instanceType: "stream.standard.large" }),
      refused: base("refused", { updateStrategy: "failIfRunning", instanceType: "stream.standard.large" }),
      adopted: base("handmade", { adoptExisting: true, instanceType: "stream.standard.large", computeCapacity: { desiredInstances: 1 } }),
    };
    await h.mark();
    json = await stack.previewJson();
    assert.deepEqual(mutating(await h.opsSinceMark()), [], "a preview changes nothing");

    const byFleet = Object.fromEntries(parsePreview(json).fleets.map((f) => [f.fleet, f])) as Record<string, FleetRow>;
    const pick = (f: FleetRow) => ({ action: f.action, properties: f.properties, activeSessions: f.activeSessions, interrupts: f.interrupts });
    assert.deepEqual(Object.keys(byFleet).sort(), ["fresh", "gone", "handmade", "live", "pause", "refused", "repl", "ssu", "swap"]);
    assert.deepEqual(pick(byFleet.fresh), { action: "create", properties: [], activeSessions: undefined, interrupts: false });
    assert.deepEqual(pick(byFleet.live), { action: "live-update", properties: ["displayName"], activeSessions: undefined, interrupts: false });
    assert.deepEqual(pick(byFleet.ssu), { action: "stop-update-start", properties: ["instanceType"], activeSessions: 3, interrupts: true });
    assert.deepEqual(byFleet.ssu.drain, { timeoutSeconds: 600, onTimeout: "fail" });
    assert.deepEqual(pick(byFleet.pause), { action: "stop", properties: ["desiredState"], activeSessions: 1, interrupts: true });
    // Replacements: the engine checks the replacement resource again with no old inputs; the
    // provider keeps the first check's record for it, users streaming included.
    assert.deepEqual(pick(byFleet.repl), { action: "replace", properties: ["name"], activeSessions: 0, interrupts: true });
    assert.deepEqual(pick(byFleet.swap), { action: "replace", properties: ["instanceType"], activeSessions: 0, interrupts: true });
    assert.deepEqual(pick(byFleet.refused), { action: "refuse", properties: ["instanceType"], activeSessions: 1, interrupts: false });
    assert.deepEqual(pick(byFleet.handmade), { action: "adopt", properties: ["instanceType"], activeSessions: 0, interrupts: true });
    assert.equal(byFleet.handmade.resource, "adopted");
    assert.deepEqual(pick(byFleet.gone), { action: "delete", properties: [], activeSessions: undefined, interrupts: true });
    assert.equal(byFleet.gone.liveState, "RUNNING", "from the stack's state");
    assert.deepEqual(byFleet.repl.ops, ["replace"], "a preview shows a replacement as one replace step");

    const out = await summary([], json);
    assert.equal(out.code, 0, out.stderr);
    const rows = out.stdout.split("\n").filter((l) => l.startsWith("| `"));
    assert.equal(rows.length, 9, out.stdout);
    const row = (fleet: string) => rows.find((l) => l.startsWith(`| \`${fleet}\``)) ?? assert.fail(`no row for ${fleet}:\n${out.stdout}`);
    assert.equal(row("ssu"), "| `ssu` | **stop–update–start** | `instanceType` | 3 | waits up to 600s for sessions to end, then fails without stopping | the fleet is stopped and started again; 3 users streaming now will be disconnected |");
    assert.equal(row("repl"), "| `repl` | **replace** | `name` | 0 | not applied (a delete does not drain) | nobody is streaming now |");
    assert.match(row("swap"), /^\| `swap` \| \*\*replace\*\* \| `instanceType` \| 0 \|/);
    assert.match(row("refused"), /\| \*\*refused\*\* \| `instanceType` \| 1 \| — \| none \(nothing will be changed\) \|$/);
    assert.match(row("pause"), /\| \*\*stop\*\* \| `desiredState` \| 1 \| none: stops at once \| the fleet is stopped; 1 user streaming now will be disconnected \|$/);
    // The adoption stops the fleet, with no drain set: at once, as a stop–update–start would.
    assert.equal(row("handmade"), "| `handmade` (resource `adopted`) | **adopt** | `instanceType` | 0 | none: stops at once | the fleet is stopped during the adoption; nobody is streaming now |");
    assert.match(row("gone"), /\| \*\*delete\*\* \| — \| not counted \|/);
    assert.match(row("fresh"), /\| create \| — \| — \| — \| none \|$/);
    assert.match(row("live"), /\| live update \| `displayName` \| — \| — \| none \|$/);
    assert.match(out.stdout, /\*\*6 fleets will be interrupted:\*\* `gone` \(delete\), `handmade` \(adopt, 0 streaming now\), `pause` \(stop, 1 streaming now\), `repl` \(replace, 0 streaming now\), `ssu` \(stop–update–start, 3 streaming now\), `swap` \(replace, 0 streaming now\)\./);
    assert.match(out.stdout, /\*\*1 update will be refused\*\* \(`pulumi up` fails for `refused`/);
  });

  it("--fail-on: stop matches stop-update-start and stop; replace, refuse, delete, adopt their own; exit 2 after printing", async () => {
    const gate = async (list: string) => {
      const r = await summary(["--fail-on", list], json);
      assert.match(r.stdout, /^### AppStream fleets in this preview/, "the summary is printed before the exit");
      return { code: r.code, matched: r.stderr };
    };
    assert.deepEqual(await gate("stop"), { code: 2, matched: "appstream-preview-summary: --fail-on matched: pause (stop), ssu (stop-update-start)\n" });
    assert.deepEqual(await gate("replace"), { code: 2, matched: "appstream-preview-summary: --fail-on matched: repl (replace), swap (replace)\n" });
    assert.deepEqual(await gate("refuse,delete,adopt"), { code: 2, matched: "appstream-preview-summary: --fail-on matched: gone (delete), handmade (adopt), refused (refuse)\n" });
    assert.deepEqual(await gate("live-update,create"), { code: 2, matched: "appstream-preview-summary: --fail-on matched: fresh (create), live (live-update)\n" });
    assert.deepEqual(await gate("start,none,unknown"), { code: 0, matched: "" });
  });

  it("the stdout of `pulumi preview --diff` names the stop at the fleet (the plannedAction input)", async () => {
    const { stdout } = await stack.previewDiff();
    // The plannedAction list under each fleet's own resource header, its lines joined.
    const planned = new Map([...plannedActionsByResource(stdout)].map(([r, lines]) => [r, lines.join(" ")]));
    assert.match(planned.get("ssu") ?? "", /^STOP-UPDATE-START: fleet ssu will be stopped and restarted to change instanceType; 3 users are streaming now and will be disconnected/, `stdout:\n${stdout}`);
    assert.match(planned.get("refused") ?? "", /^REFUSED: the update of fleet refused will FAIL/, `stdout:\n${stdout}`);
    assert.match(planned.get("adopted") ?? "", /^ADOPT: fleet handmade already exists \(RUNNING\)/, `stdout:\n${stdout}`);
  });

  it("a preview that interrupts nobody says so, and --fail-on stop,replace,refuse passes", async () => {
    fleets = { ...Object.fromEntries(["ssu", "repl", "pause", "gone"].map((n) => [n, base(n)])), refused: base("refused", { updateStrategy: "failIfRunning" }), swap: base("swap", { updateStrategy: "replace" }), live: base("live", { displayName: "Another live change" }) };
    const r = await summary(["--fail-on", "stop,replace,refuse"], await stack.previewJson());
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /\nNo fleet will be interrupted\.\n/);
    const rows = r.stdout.split("\n").filter((l) => l.startsWith("| `"));
    assert.deepEqual(rows, ["| `live` | live update | `displayName` | — | — | none |"]);
  });

  it("input that is not a preview exits 1 with a message", async () => {
    const state = await summary([], JSON.stringify(await stack.exportState()));
    assert.equal(state.code, 1);
    assert.match(state.stderr, /not the output of `pulumi preview --json`/);
    const text = await summary([], (await stack.previewDiff()).stdout);
    assert.equal(text.code, 1);
    assert.match(text.stderr, /the input is not JSON/);
  });
});
