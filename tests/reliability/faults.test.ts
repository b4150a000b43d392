/**
 * The fault matrix at the provider level (the FleetProvider as the engine calls it, against the
 * emulator over HTTP): every operation (create, live update, stop–update–start, desiredState both
 * ways, refresh, delete) under every fault the emulator can inject. Each either succeeds, or fails
 * with a message saying what happened and what to do; either way the invariants hold (the weak
 * form right after a failure; the strict form after the user's next step, as the message says).
 */
import { strict as assert } from "assert";
import * as path from "path";
import { DescribeFleetsCommand, StartFleetCommand, StopFleetCommand } from "@aws-sdk/client-appstream";
import { provider } from "../support/engine-stand-in";
import { Harness, startHarness } from "../support/harness";
import {
  ACTIONABLE, baseFleet, checkInvariants, FaultSpec, faultLabel, fired, inject, Inputs, recordAndAssert, Stack, throttledCalls, Violations,
} from "./lib";

const FULL = process.env.RELIABILITY_FULL === "1";
// The provider the shim loads is the built package (dist): reset ITS clients between scenarios,
// as each `pulumi up` starts a fresh provider process (fresh retry quota).
const resetClients = (): void => require(path.resolve(__dirname, "..", "..", "dist", "provider", "aws", "client")).resetClients();

interface Op {
  name: string;
  /** The program before the operation (undefined: no fleet yet). */
  before?: Inputs;
  /** The program after it (undefined for delete). */
  after?: Inputs;
  act(s: Stack): Promise<unknown>;
  /** Mutating AWS operations this path makes (fault targets). */
  targets: string[];
  starts: boolean;
  stops: boolean;
}

const running = baseFleet();
const stopped = baseFleet({ desiredState: "STOPPED" });
const OPS: Op[] = [
  { name: "create", after: running, act: (s) => s.up(running), targets: ["CreateFleet", "StartFleet"], starts: true, stops: false },
  {
    name: "live update",
    before: running,
    after: baseFleet({ displayName: "Renamed", computeCapacity: { desiredInstances: 3 }, tags: { team: "apps" } }),
    act: (s) => s.up(baseFleet({ displayName: "Renamed", computeCapacity: { desiredInstances: 3 }, tags: { team: "apps" } })),
    targets: ["UpdateFleet", "TagResource"],
    starts: false,
    stops: false,
  },
  {
    name: "stop-update-start",
    before: running,
    after: baseFleet({ instanceType: "stream.standard.large", vpcConfig: { subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] } }),
    act: (s) => s.up(baseFleet({ instanceType: "stream.standard.large", vpcConfig: { subnetIds: ["subnet-1", "subnet-2"], securityGroupIds: ["sg-1"] } })),
    targets: ["StopFleet", "UpdateFleet", "StartFleet"],
    starts: true,
    stops: true,
  },
  { name: "desiredState STOPPED", before: running, after: stopped, act: (s) => s.up(stopped), targets: ["StopFleet"], starts: false, stops: true },
  { name: "desiredState RUNNING", before: stopped, after: running, act: (s) => s.up(running), targets: ["StartFleet"], starts: true, stops: false },
  { name: "refresh", before: running, after: running, act: (s) => s.refresh(), targets: ["DescribeFleets", "ListTagsForResource"], starts: false, stops: false },
  { name: "delete", before: running, act: (s) => s.destroy(), targets: ["StopFleet", "DeleteFleet"], starts: false, stops: true },
];

interface Case {
  faults: FaultSpec[];
  config?: Record<string, unknown>;
  /** Extra program inputs for the operation (timeouts). */
  extra?: Inputs;
  label?: string;
  /** Another client takes the DescribeFleets token first (the account's bucket is shared). */
  drainDescribe?: boolean;
  /** Why a fault of this case may not fire (an unfired fault fails the case otherwise). */
  unfiredExpected?: string;
}

function casesFor(op: Op): Case[] {
  const c: Case[] = [];
  // A throttling burst costs the SDK's throttling back-off (~10 s): every operation in the full run.
  if (FULL || ["create", "stop-update-start", "delete"].includes(op.name)) c.push({ faults: [{ operation: "DescribeFleets", count: FULL ? 5 : 3, throttle: true }] });
  // Throttling by configuration, as AWS does it per account: another client has just used the
  // DescribeFleets bucket (one token, refilled at 0.5/s), so the operation's first read is refused.
  c.push({ faults: [], config: { throttle: { DescribeFleets: { ratePerSecond: 0.5, burst: 1 }, "*": { ratePerSecond: 5, burst: 3 } } }, drainDescribe: true, label: "throttle config 0.5/s, bucket used by another client" });
  for (const t of op.targets) {
    c.push({ faults: [{ operation: t, count: 2, httpStatus: 500 }] });
    c.push({ faults: [{ operation: t, count: 1, dropConnection: true }] });
    c.push({ faults: [{ operation: t, count: 3, errorCode: "ConcurrentModificationException", message: "Fleet is being modified by another request." }] });
  }
  // Persistent: more than the retry budget. Must fail cleanly.
  for (const t of FULL ? op.targets : op.targets.slice(-1)) c.push({ faults: [{ operation: t, count: 20, httpStatus: 500 }] });
  // A lag makes an answer stale only while the fleet's state changed within the lag: an
  // operation that makes no transition of its own sees it only if the set-up's start is that recent.
  const noTransition = !op.starts && !op.stops ? { unfiredExpected: "the operation makes no transition: the lag shows a stale state only if the set-up's start ended within it" } : {};
  c.push({ faults: [{ type: "describeLag", fleetName: "web", seconds: 1 }], ...noTransition });
  if (FULL) c.push({ faults: [{ type: "describeLag", seconds: 3 }], ...noTransition });
  if (op.starts)
    c.push({ faults: [{ type: "startFailure", fleetName: "web", fleetErrors: [{ ErrorCode: "SUBNET_NOT_FOUND", ErrorMessage: "The subnet subnet-x does not exist." }] }] });
  if (op.name === "create") {
    c.push({ faults: [{ operation: "CreateFleet", count: 2, errorCode: "InvalidRoleException", message: "AppStream 2.0 encountered an error because your IAM role arn:aws:iam::123456789012:role/new could not be assumed." }], extra: { iamRoleArn: "arn:aws:iam::123456789012:role/new" } });
  }
  // Transitions slower than the timeout.
  if (op.starts) c.push({ faults: [], config: { startDelaySeconds: 4 }, extra: { timeouts: { create: "1s", update: "1s" } }, label: "start 4s > timeout 1s" });
  if (op.stops) c.push({ faults: [], config: { stopDelaySeconds: 4 }, extra: { timeouts: { update: "1s", delete: "1s" } }, label: "stop 4s > timeout 1s" });
  return c;
}

describe("reliability: fault matrix (provider level)", function () {
  this.timeout(180000);
  let h: Harness;

  before(async () => {
    h = await startHarness({ startDelaySeconds: 0.3, stopDelaySeconds: 0.2 });
  });
  after(async () => h?.close());

  const withExtra = (p: Inputs | undefined, extra?: Inputs) => (p === undefined ? undefined : { ...p, ...(extra ?? {}) });

  for (const op of OPS) {
    for (const k of casesFor(op)) {
      const label = k.label ?? k.faults.map(faultLabel).join(" + ");
      it(`${op.name} with ${label}`, async () => {
        const started = Date.now();
        await h.control.reset();
        resetClients();
        const stack = new Stack();
        const vs: Violations[] = [];
        if (op.before) {
          await stack.up(withExtra(op.before, k.extra)!);
          vs.push(await checkInvariants(h, stack.state(), { strict: true }));
        }
        const since = (await h.control.calls()).at(-1)?.seq ?? 0;
        // A new `pulumi up` is a new provider process, with no answer of the set-up's to reuse:
        // the stand-in's provider keeps one for a second, so wait that out first.
        if (k.drainDescribe) await new Promise((r) => setTimeout(r, 1100));
        if (k.config) await h.control.config(k.config);
        if (k.drainDescribe) await h.client.send(new DescribeFleetsCommand({}));
        const ids = await inject(h, k.faults);
        const program = withExtra(op.after, k.extra);
        const act = op.name === "create" || op.name.startsWith("desired") || op.name.includes("update")
          ? () => stack.up(program!)
          : () => op.act(stack);
        let outcome = "ok";
        try {
          await act();
        } catch (e: any) {
          const msg = String(e?.message ?? e);
          outcome = `failed: ${msg.length > 160 ? msg.slice(0, 157) + "..." : msg}`;
          assert.match(msg, /fleet web|AppStream fleet/, `the message names the fleet: ${msg}`);
          assert.match(msg, ACTIONABLE, `the message says what to do: ${msg}`);
          // Right after the failure: nothing lost or orphaned, state's record equals AWS (the
          // faults and any throttle are lifted first, so that the check's own reads are not faulted).
          await h.control.clearFaults();
          if (k.config?.throttle) await h.control.config({ throttle: null });
          vs.push(await checkInvariants(h, stack.state(), { strict: false }));
        }
        // What fired: the emulator's count for injected faults; throttled calls for a throttle
        // configuration; a timeout for a transition slower than the timeout.
        await h.control.clearFaults();
        const f = await fired(h, ids);
        let firedCount = f.fired;
        const unfired = [...f.unfired];
        const seen: string[] = [...f.detail];
        if (k.config?.throttle) {
          const n = await throttledCalls(h, since);
          firedCount += n;
          seen.push(`${n} calls throttled`);
          if (n === 0) unfired.push(label);
        }
        if (k.config?.startDelaySeconds !== undefined || k.config?.stopDelaySeconds !== undefined) {
          const timedOut = /timed out/.test(outcome);
          firedCount += timedOut ? 1 : 0;
          seen.push(timedOut ? "the wait timed out" : "no timeout");
          if (!timedOut) unfired.push(label);
        }
        // What the user does next (the message says so): faults gone, the same command again.
        await h.control.config({ startDelaySeconds: 0.3, stopDelaySeconds: 0.2, throttle: null });
        let final = program;
        if (outcome !== "ok") {
          // A timeout says "raise the Fleet's timeouts": the user does, and runs the command again.
          const raise = /timed out/.test(outcome);
          if (raise && final) final = { ...final, timeouts: undefined };
          if (op.name === "refresh") await stack.refresh();
          else if (op.name === "delete") {
            if (raise) await stack.up({ ...op.before!, timeouts: undefined });
            await stack.destroy();
          } else await stack.up(final!);
        }
        vs.push(await checkInvariants(h, stack.state(), { strict: true }));
        if (op.name !== "delete" && op.name !== "refresh") assert.equal(await stack.preview(final!), false, "a following preview shows no changes");
        if (op.name === "delete") assert.equal(stack.id, undefined);
        recordAndAssert(
          {
            suite: "faults", scenario: `${op.name}: ${label}`, faults: k.faults.length ? k.faults.map(faultLabel) : [label], faultsFired: firedCount, badInputs: 0,
            unfired, ...(k.unfiredExpected ? { unfiredExpected: k.unfiredExpected } : {}), firedDetail: seen, outcome, ms: Date.now() - started,
          },
          vs,
        );
      });
    }
  }

  it("IAM role not yet propagated on UpdateFleet (stop-update-start of iamRoleArn): fails, fleet restarted, retry works", async () => {
    await h.control.reset();
    resetClients();
    const stack = new Stack();
    await stack.up(running);
    const next = baseFleet({ iamRoleArn: "arn:aws:iam::123456789012:role/new" });
    const f = [{ operation: "UpdateFleet", count: 1, errorCode: "InvalidRoleException", message: "AppStream 2.0 encountered an error because your IAM role arn:aws:iam::123456789012:role/new could not be assumed." }];
    const ids = await inject(h, f);
    const vs: Violations[] = [];
    let outcome = "ok";
    try {
      await stack.up(next);
    } catch (e: any) {
      outcome = `failed: ${e.message}`;
      assert.match(e.message, /started again/);
      vs.push(await checkInvariants(h, stack.state(), { strict: false }));
    }
    const fr = await fired(h, ids);
    await stack.up(next);
    vs.push(await checkInvariants(h, stack.state(), { strict: true }));
    recordAndAssert({ suite: "faults", scenario: "stop-update-start: iamRoleArn, InvalidRoleException on UpdateFleet", faults: f.map(faultLabel), faultsFired: fr.fired, badInputs: 0, unfired: fr.unfired, firedDetail: fr.detail, outcome }, vs);
  });

  /**
   * Stale reads, driven as the engine drives one update (check, diff, update on one provider):
   * the fleet is started or stopped outside Pulumi between the diff and the update, and
   * DescribeFleets lags 2 s behind, so the update plans on the state from before. AWS refuses a
   * step (or accepts one that no longer fits); the provider reads again, plans again, and the
   * fleet ends as the program says.
   */
  const staleReads = [
    {
      scenario: "stale read: fleet kept STOPPED, started outside between diff and update; instanceType + desiredState RUNNING",
      before: baseFleet({ desiredState: "STOPPED" }),
      next: baseFleet({ instanceType: "stream.standard.large", desiredState: "RUNNING" }),
      outside: (h: Harness) => h.client.send(new StartFleetCommand({ Name: "web" })),
    },
    {
      scenario: "stale read: running fleet stopped outside just before a live update (displayName)",
      before: baseFleet(),
      next: baseFleet({ displayName: "Changed while stopping" }),
      outside: (h: Harness) => h.client.send(new StopFleetCommand({ Name: "web" })),
    },
  ];
  for (const c of staleReads) {
    it(c.scenario, async () => {
      await h.control.reset();
      resetClients();
      const stack = new Stack();
      await stack.up(c.before);
      const checked = await provider.check(stack.inputs!, { __resourceName: "web", ...c.next });
      assert.deepEqual(checked.failures ?? [], []);
      assert.equal((await provider.diff(stack.id!, stack.outputs, checked.inputs)).changes, true);
      const f = [{ type: "describeLag", fleetName: "web", seconds: 2 }];
      const ids = await inject(h, f);
      await c.outside(h);
      let outcome = "ok";
      try {
        const r = await provider.update!(stack.id!, stack.outputs, checked.inputs);
        [stack.outputs, stack.inputs, stack.program] = [r.outs, checked.inputs as Inputs, checked.inputs as Inputs];
      } catch (e: any) {
        outcome = `failed: ${e.message}`;
      }
      const fr = await fired(h, ids);
      await h.control.clearFaults();
      const vs = [await checkInvariants(h, stack.state(), { strict: true })];
      recordAndAssert({ suite: "faults", scenario: c.scenario, faults: f.map(faultLabel), faultsFired: fr.fired, badInputs: 0, unfired: fr.unfired, firedDetail: fr.detail, outcome }, vs);
      assert.equal(outcome, "ok", "a stale read must never turn into a failed update");
    });
  }
});
