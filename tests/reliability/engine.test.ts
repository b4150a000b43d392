/**
 * Reliability through the REAL Pulumi engine (Automation API, package installed from npm pack):
 * a representative part of the fault matrix, interruptions (SIGKILL of the `pulumi` CLI and its
 * plugins at each step of a stop–update–start and during create, then what a user does), bad
 * input at preview, and credentials (SigV4-verifying emulator, nothing secret in state or output).
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import { Harness, MUTATING, sleep, startHarness } from "../support/harness";
import { createStack, EngineRun, installPackage, Installed, TestStack } from "../../tools/automation";
import { EmulatorControl, startEmulator } from "../../emulator";
import { BAD_PROGRAMS, ENGINE_BAD } from "../support/bad-input";
import { checkInvariants, FaultSpec, faultLabel, fired, IMAGE, inject, Inputs, record, recordAndAssert, StateEntry, Violations } from "./lib";

const FLEET_TYPE = "pulumi-nodejs:dynamic/appstream:Fleet";
const FULL = process.env.RELIABILITY_FULL === "1";
/** The engine cases the default (CI) run keeps; RELIABILITY_FULL=1 runs all. */
const DEFAULT_ENGINE_FAULTS = ["create: start ends STOPPED with FleetErrors", "stop-update-start: UpdateFleet dropped connection + ConcurrentModification x2", "live update: UpdateFleet 500 x20 (outlasts retries)"];
const DEFAULT_ENGINE_BAD = ["both imageName and imageArn", "ELASTIC without subnets", "non-existent image"];

/** Fleets in the engine's state, as the invariants want them (program inputs from state's inputs). */
async function engineState(stack: TestStack): Promise<{ entries: StateEntry[]; pending: any[]; raw: any }> {
  const d = await stack.exportState();
  const entries = (d.resources ?? [])
    .filter((r: any) => r.type === FLEET_TYPE)
    .map((r: any) => ({ id: r.id, inputs: r.inputs ?? {}, outputs: r.outputs ?? {}, pendingDelete: r.delete === true }));
  return { entries, pending: d.pending_operations ?? [], raw: d };
}

/** The `pulumi` CLI this process spawned for an operation, and every process under it. */
function pulumiTree(op: string): number[] {
  const rows = execFileSync("ps", ["-e", "-o", "pid=,ppid=,args="], { encoding: "utf8" })
    .split("\n")
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
  const roots = rows.filter((r) => r.ppid === process.pid && /pulumi/.test(r.args) && new RegExp(`\\s${op}(\\s|$)`).test(r.args)).map((r) => r.pid);
  const all = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const r of rows) if (all.has(r.ppid) && !all.has(r.pid)) (all.add(r.pid), (grew = true));
  }
  return [...all];
}

function killTree(pids: number[]): void {
  for (const p of pids) {
    try {
      process.kill(p, "SIGKILL");
    } catch {
      // already gone
    }
  }
}

describe("reliability: through the real Pulumi engine", function () {
  this.timeout(15 * 60 * 1000);
  let h: Harness;
  let inst: Installed;
  let env: Record<string, string>;
  let n = 0;

  before(async () => {
    h = await startHarness({ startDelaySeconds: 2, stopDelaySeconds: 1 });
    inst = await installPackage();
    env = { AWS_ENDPOINT_URL_APPSTREAM: h.url, AWS_ACCESS_KEY_ID: "AKIDRELIABILITY", AWS_SECRET_ACCESS_KEY: "reliability-secret-do-not-leak", AWS_REGION: "us-east-1" };
  });
  after(async () => h?.close());

  async function newStack(args: { current: Inputs }, e = env): Promise<TestStack> {
    const s = await createStack(inst, `rel-${process.pid}-${++n}`, async () => {
      const f = new inst.pkg.Fleet("web", args.current);
      return { name: f.name, state: f.state };
    }, e);
    return s;
  }

  const lastSeq = async () => {
    const c = await h.control.calls();
    return c.length ? c[c.length - 1].seq : 0;
  };

  async function strictInvariants(stack: TestStack): Promise<Violations> {
    const st = await engineState(stack);
    return checkInvariants(h, st.entries, { strict: true });
  }

  // -------------------------------------------------------------------------------------------
  describe("faults (representative part of the matrix)", () => {
    const running = { name: "eng-web", imageName: IMAGE, instanceType: "stream.standard.medium", computeCapacity: { desiredInstances: 1 }, tags: { team: "vdi" } };
    const cases: { title: string; before?: Inputs; after: Inputs; faults: FaultSpec[]; expectFail?: RegExp }[] = [
      { title: "create: StartFleet 500 x2 and DescribeFleets throttle x3", after: running, faults: [{ operation: "StartFleet", count: 2, httpStatus: 500 }, { operation: "DescribeFleets", count: 3, throttle: true }] },
      { title: "create: start ends STOPPED with FleetErrors", after: running, faults: [{ type: "startFailure", fleetName: "eng-web", fleetErrors: [{ ErrorCode: "SUBNET_NOT_FOUND", ErrorMessage: "The subnet subnet-x does not exist." }] }], expectFail: /SUBNET_NOT_FOUND: The subnet subnet-x does not exist/ },
      { title: "stop-update-start: UpdateFleet dropped connection + ConcurrentModification x2", before: running, after: { ...running, instanceType: "stream.standard.large" }, faults: [{ operation: "UpdateFleet", count: 1, dropConnection: true }, { operation: "StartFleet", count: 2, errorCode: "ConcurrentModificationException", message: "in progress" }] },
      { title: "stop-update-start: start fails with FleetErrors", before: running, after: { ...running, instanceType: "stream.standard.large" }, faults: [{ type: "startFailure", fleetName: "eng-web", fleetErrors: [{ ErrorCode: "IAM_SERVICE_ROLE_IS_MISSING", ErrorMessage: "The role is missing." }] }], expectFail: /IAM_SERVICE_ROLE_IS_MISSING/ },
      { title: "desiredState STOPPED with describeLag 2s", before: running, after: { ...running, desiredState: "STOPPED" }, faults: [{ type: "describeLag", fleetName: "eng-web", seconds: 2 }] },
      { title: "live update: UpdateFleet 500 x20 (outlasts retries)", before: running, after: { ...running, displayName: "Renamed" }, faults: [{ operation: "UpdateFleet", count: 20, httpStatus: 500 }], expectFail: /run `pulumi up` again/ },
    ];
    for (const c of cases.filter((x) => FULL || DEFAULT_ENGINE_FAULTS.includes(x.title))) {
      it(c.title, async () => {
        const started = Date.now();
        await h.control.reset();
        const args = { current: c.before ?? c.after };
        const stack = await newStack(args);
        const vs: Violations[] = [];
        try {
          if (c.before) await stack.up();
          args.current = c.after;
          const ids = await inject(h, c.faults);
          let outcome = "ok";
          try {
            await stack.up();
            assert.equal(c.expectFail, undefined, "expected a failure");
          } catch (e: any) {
            const msg = String(e?.message ?? e);
            outcome = `failed: ${(msg.match(/error: ((creating|updating|starting|stopping|tagging|deleting|refreshing)[^\n]*)/)?.[1] ?? msg).slice(0, 150)}`;
            assert.ok(c.expectFail && c.expectFail.test(msg), `unexpected failure: ${msg}`);
            await h.control.clearFaults();
            const st = await engineState(stack);
            vs.push(await checkInvariants(h, st.entries, { strict: false }));
          }
          await h.control.clearFaults();
          const fr = await fired(h, ids);
          if (outcome !== "ok") await stack.up(); // what the message says: run `pulumi up` again
          vs.push(await strictInvariants(stack));
          const pre = await stack.preview();
          assert.deepEqual(pre.ops.web, ["same"], "a following preview shows no changes");
          await stack.destroy();
          vs.push(await strictInvariants(stack));
          recordAndAssert({ suite: "engine-faults", scenario: `engine ${c.title}`, faults: c.faults.map(faultLabel), faultsFired: fr.fired, badInputs: 0, unfired: fr.unfired, firedDetail: fr.detail, outcome, ms: Date.now() - started }, vs);
        } finally {
          await stack.remove().catch(() => undefined);
        }
      });
    }
  });

  // -------------------------------------------------------------------------------------------
  describe("interruption: SIGKILL of the pulumi CLI (and its plugins), then what a user does", () => {
    const v1 = { name: "intr-web", imageName: IMAGE, instanceType: "stream.standard.medium", computeCapacity: { desiredInstances: 1 }, displayName: "v1" };
    const v2 = { ...v1, instanceType: "stream.standard.large", displayName: "v2" };
    const points: { title: string; before?: Inputs; after: Inputs; at: (ops: string[]) => boolean; delayMs?: number }[] = [
      { title: "create, right after CreateFleet", after: v1, at: (ops) => ops.includes("CreateFleet") },
      { title: "create, during the start wait", after: v1, at: (ops) => ops.includes("StartFleet"), delayMs: 500 },
      { title: "stop-update-start, after StopFleet (during the stop wait)", before: v1, after: v2, at: (ops) => ops.includes("StopFleet") },
      { title: "stop-update-start, right after UpdateFleet", before: v1, after: v2, at: (ops) => ops.includes("UpdateFleet") },
      { title: "stop-update-start, during the start wait", before: v1, after: v2, at: (ops) => ops.includes("UpdateFleet") && ops.includes("StartFleet"), delayMs: 500 },
    ];
    for (const p of points) {
      it(p.title, async () => {
        const started = Date.now();
        await h.control.reset();
        const args = { current: p.before ?? p.after };
        const stack = await newStack(args);
        const vs: Violations[] = [];
        const steps: string[] = [];
        let killedAt = false;
        try {
          if (p.before) await stack.up();
          args.current = p.after;
          const since = await lastSeq();
          let done = false;
          const running = stack.up().then(
            () => "completed",
            (e: any) => `failed: ${String(e?.message ?? e).slice(0, 200)}`,
          ).finally(() => (done = true));
          let killed = false;
          while (!done) {
            const ops = (await h.control.calls()).filter((c) => c.seq > since && c.errorCode === undefined).map((c) => c.operation);
            if (p.at(ops)) {
              if (p.delayMs) await sleep(p.delayMs);
              const tree = pulumiTree("up");
              killTree(tree);
              killed = tree.length > 0;
              killedAt = killed;
              break;
            }
            await sleep(25);
          }
          const result = await running;
          assert.ok(killed, `the CLI was found and killed before the update ended (${result})`);
          assert.match(result, /failed/, "the interrupted up failed");
          steps.push(`killed (${(await h.control.calls()).filter((c) => c.seq > since && MUTATING.has(c.operation) && !c.errorCode).map((c) => c.operation).join(",")})`);
          await sleep(300);
          const after = await engineState(stack);
          steps.push(`pending ${after.pending.map((o: any) => o.type).join(",") || "none"}`);

          // What a user does. 1: the killed CLI left the stack locked (file backend too):
          // `pulumi cancel` (the lock message says so) removes the lock.
          try {
            await stack.refresh();
            steps.push("refresh ok without cancel");
          } catch (e: any) {
            assert.match(String(e.message), /currently locked.*pulumi cancel/s);
            await stack.stack.cancel();
            steps.push("locked -> pulumi cancel");
          }
          // 2: `pulumi refresh --clear-pending-creates` (pending creates are otherwise refused
          // in non-interactive mode), then `pulumi up`.
          try {
            await stack.stack.refresh({ clearPendingCreates: true, color: "never" });
            steps.push("refresh --clear-pending-creates");
          } catch (e: any) {
            steps.push(`refresh failed: ${String(e.message).slice(0, 120)}`);
            throw e;
          }
          await stack.up();
          steps.push("up");
          vs.push(await strictInvariants(stack));
          const pre = await stack.preview();
          assert.deepEqual(pre.ops.web, ["same"], "a following preview shows no changes");
          const live = await h.control.fleets();
          assert.deepEqual(live.map((f) => f.Name), ["intr-web"], "exactly one fleet");
          assert.equal(live[0].State, "RUNNING");
          assert.equal(live[0].InstanceType, p.after.instanceType);
          await stack.destroy();
          vs.push(await strictInvariants(stack));
          recordAndAssert({ suite: "interruption", scenario: `SIGKILL ${p.title}`, faults: ["SIGKILL pulumi"], faultsFired: 1, badInputs: 0, firedDetail: ["the pulumi process tree was killed mid-update (asserted)"], outcome: steps.join("; "), ms: Date.now() - started }, vs);
        } catch (e) {
          record({ suite: "interruption", scenario: `SIGKILL ${p.title}`, faults: ["SIGKILL pulumi"], faultsFired: killedAt ? 1 : 0, badInputs: 0, outcome: `${steps.join("; ")}; ERROR ${String((e as Error).message).slice(0, 300)}`, lost: 0, orphaned: 0, wrong: 1 });
          throw e;
        } finally {
          await stack.remove().catch(() => undefined);
        }
      });
    }
  });

  // -------------------------------------------------------------------------------------------
  describe("bad input at the engine's preview", () => {
    for (const title of ENGINE_BAD.filter((t) => FULL || DEFAULT_ENGINE_BAD.includes(t))) {
      const [, inputs, property, reason] = BAD_PROGRAMS.find((b) => b[0] === title)!;
      it(`preview rejects ${title}, naming ${property}; no mutating call`, async () => {
        await h.control.reset();
        const args = { current: inputs as Inputs };
        const stack = await newStack(args);
        try {
          const since = await lastSeq();
          let msg = "";
          await stack.preview().then(
            () => assert.fail("preview should fail"),
            (e: any) => (msg = String(e?.message ?? e)),
          );
          const mutatingCalls = (await h.control.calls()).filter((c) => c.seq > since && MUTATING.has(c.operation));
          const named = msg.includes(property) && reason.test(msg);
          record({ suite: "bad-input", scenario: `engine preview: ${title}`, faults: ["invalid input"], faultsFired: 0, badInputs: 1, outcome: named ? `rejected at preview (${property})` : `NOT named: ${msg.slice(0, 200)}`, lost: 0, orphaned: mutatingCalls.length, wrong: 0 });
          assert.ok(named, `the preview error names ${property} and ${reason}: ${msg}`);
          assert.deepEqual(mutatingCalls.map((c) => c.operation), []);
          assert.deepEqual(await h.control.fleets(), []);
        } finally {
          await stack.remove().catch(() => undefined);
        }
      });
    }
  });

  // -------------------------------------------------------------------------------------------
  describe("credentials: an emulator that verifies SigV4", () => {
    const KEY = "AKIDRELGOODKEY00001";
    const SECRET = "rel-good-secret-7f3a9c";
    const WRONG = "rel-wrong-secret-0b1d2e";
    let emu: Awaited<ReturnType<typeof startEmulator>>;
    let ctl: Pick<Harness, "control" | "client">;
    before(async () => {
      emu = await startEmulator({ port: 0, startDelaySeconds: 1, stopDelaySeconds: 0.5, verifySigv4: true, accessKeyId: KEY, secretAccessKey: SECRET });
      const { AppStreamClient } = await import("@aws-sdk/client-appstream");
      ctl = { control: new EmulatorControl(emu.url), client: new AppStreamClient({ endpoint: emu.url, region: "us-east-1", credentials: { accessKeyId: KEY, secretAccessKey: SECRET } }) };
    });
    after(async () => {
      ctl?.client.destroy();
      await emu?.close();
    });

    it("right keys work, a wrong secret fails clearly and changes nothing; no key or secret in state, provider or output", async () => {
      const started = Date.now();
      const args = { current: { name: "cred-web", imageName: IMAGE, instanceType: "stream.standard.medium", computeCapacity: { desiredInstances: 1 } } as Inputs };
      const good = { AWS_ENDPOINT_URL_APPSTREAM: emu.url, AWS_ACCESS_KEY_ID: KEY, AWS_SECRET_ACCESS_KEY: SECRET, AWS_REGION: "us-east-1" };
      const stack = await newStack(args, good);
      const wrongStack = await createStack(inst, stack.stack.name, async () => {
        const f = new inst.pkg.Fleet("web", args.current);
        return { name: f.name };
      }, { ...good, AWS_SECRET_ACCESS_KEY: WRONG });
      const outputs: string[] = [];
      const collect = (r: EngineRun) => outputs.push(r.stdout, JSON.stringify(r.diagnostics));
      const vs: Violations[] = [];
      try {
        collect(await stack.up());
        const st = await engineState(stack);
        vs.push(await checkInvariants(ctl, st.entries, { strict: true }));

        // A wrong secret: preview and up fail with AWS's authentication error; nothing changes.
        args.current = { ...args.current, displayName: "changed with a wrong secret", instanceType: "stream.standard.large" };
        const callsBefore = (await ctl.control.calls()).length;
        let msg = "";
        await wrongStack.up().then(
          () => assert.fail("up with a wrong secret must fail"),
          (e: any) => (msg = String(e?.message ?? e)),
        );
        outputs.push(msg);
        assert.match(msg, /signature we calculated does not match|InvalidSignatureException/, msg);
        const after = (await ctl.control.calls()).slice(callsBefore);
        assert.ok(after.length > 0 && after.every((c) => c.errorCode !== undefined), "every call with the wrong secret was refused");
        const refused = after.filter((c) => c.errorCode === "InvalidSignatureException").length;
        assert.deepEqual(after.filter((c) => MUTATING.has(c.operation) && !c.errorCode), []);
        args.current = { ...args.current, displayName: undefined, instanceType: "stream.standard.medium" };
        delete args.current.displayName;
        const st2 = await engineState(stack);
        vs.push(await checkInvariants(ctl, st2.entries, { strict: true }));

        // Nothing secret anywhere: the exported state (with __provider), the engine's output.
        const state = JSON.stringify(st2.raw);
        const provider = st2.raw.resources.find((r: any) => r.type === FLEET_TYPE).outputs.__provider as string;
        collect(await stack.preview());
        collect(await stack.destroy());
        for (const [what, text] of [["state", state], ["__provider", provider], ["engine output", outputs.join("\n")]] as const) {
          for (const secret of [KEY, SECRET, WRONG]) assert.ok(!text.includes(secret), `${what} contains ${secret}`);
        }
        vs.push(await checkInvariants(ctl, [], { strict: true }));
        recordAndAssert({ suite: "credentials", scenario: "SigV4: right keys, wrong secret, no secret in state/provider/output", faults: ["wrong secret"], faultsFired: refused > 0 ? 1 : 0, badInputs: 0, unfired: refused > 0 ? [] : ["wrong secret"], firedDetail: [`${refused} calls refused (InvalidSignatureException)`], outcome: `wrong secret refused: ${(msg.match(/InvalidSignatureException[^\n]*|signature we calculated[^\n]*/)?.[0] ?? "").slice(0, 100)}`, ms: Date.now() - started }, vs);
      } finally {
        await stack.remove().catch(() => undefined);
      }
    });
  });
});
