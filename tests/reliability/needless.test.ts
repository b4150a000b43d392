/**
 * No needless interruption, ever: no input AWS would refuse, and no update that then fails
 * validation, stops a running fleet. fast-check puts arbitrary numbers and strings into every
 * property of the registry (each nested member too) of a RUNNING fleet of each type (ALWAYS_ON,
 * ON_DEMAND multi-session, ELASTIC), half of the time beside an instanceType change (which needs a
 * stop), or leaves a property out (a removal, or a setting AWS keeps), and applies the program
 * through the provider-level stack against the emulator.
 *
 * A stop is NEEDLESS when the operation stopped the fleet (a successful StopFleet in the emulator's
 * call log) and applied no change: the fleets' settings and tags are the same before and after.
 * Every needless interruption is recorded (with the program that caused it) and counted in the
 * suite's summary line; any fails the run. After every program the invariants hold for the last
 * program that was applied (the fleet RUNNING, configured as it says).
 *
 * Size: every leaf at -1 and 0 first (fast-check examples), then RELIABILITY_NEEDLESS_RUNS random
 * values per fleet type (default 40, RELIABILITY_FULL=1: 250); the seed is RELIABILITY_SEED
 * (printed; replay a failure with it and RELIABILITY_PATH).
 */
import { strict as assert } from "assert";
import { ListTagsForResourceCommand } from "@aws-sdk/client-appstream";
import fc from "fast-check";
import { MANAGED_PROPERTIES } from "../../provider/fleet/properties";
import { Harness, startHarness } from "../support/harness";
import { CheckError, checkInvariants, Inputs, liveFleets, LiveFleet, record, Stack, Violations } from "./lib";
import { ALL_LEAVES, FLEETS, LEAVES, leavesOf, recordProperty, VALUE, withValue } from "./programs";

const FULL = process.env.RELIABILITY_FULL === "1";
const RUNS = Number(process.env.RELIABILITY_NEEDLESS_RUNS ?? (FULL ? 250 : 40));
const SEED = process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) : Date.now() % 2 ** 31;
const PATH = process.env.RELIABILITY_PATH;

/**
 * Run first, before the random values: every leaf at -1 and at 0 (the lowest counts, the usual
 * off-by-one of a minimum), beside an instanceType change, so each count rule is met on every run.
 */
type Case = [leaf: string, value: unknown, withStop: boolean, drop: boolean];
const EXAMPLES: Case[] = ALL_LEAVES.flatMap((leaf): Case[] => [
  [leaf, -1, true, false],
  [leaf, 0, true, false],
]);

/** JSON with keys sorted at every level. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (v !== null && typeof v === "object")
    return `{${Object.keys(v).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(",")}}`;
  return JSON.stringify(v) ?? "undefined";
}

/** What a fleet is, apart from its state and what AWS computes: the settings an update changes. */
function settingsOf(f: LiveFleet): string {
  const { State: _s, ComputeCapacityStatus: cap, FleetErrors: _e, CreatedTime: _c, ...rest } = f as Record<string, unknown> & LiveFleet;
  const status = (cap ?? {}) as { Desired?: number; DesiredUserSessions?: number };
  return canonical({ ...rest, desired: status.Desired, desiredSessions: status.DesiredUserSessions });
}

async function snapshot(h: Harness): Promise<string> {
  const fleets = (await liveFleets(h)).sort((a, b) => a.Name.localeCompare(b.Name));
  const out: string[] = [];
  for (const f of fleets) {
    const tags = (await h.client.send(new ListTagsForResourceCommand({ ResourceArn: f.Arn }))).Tags ?? {};
    out.push(`${settingsOf(f)} tags ${JSON.stringify(Object.entries(tags).sort())}`);
  }
  return out.join("\n");
}

/**
 * The program as the provider applies it: an empty string means "not set" (as in Terraform and
 * @pulumi/aws; provider/fleet/values.ts normalise), and an absent setting AWS keeps a value for is
 * left as it is (docs/fleet-inputs.md), so the invariants do not compare it.
 */
const asApplied = (program: Inputs): Inputs => Object.fromEntries(Object.entries(program).filter(([, v]) => v !== ""));

const lastSeq = async (h: Harness): Promise<number> => {
  const calls = await h.control.calls();
  return calls.length > 0 ? calls[calls.length - 1].seq : 0;
};

describe("reliability: no needless interruption (fast-check over every registry property, RUNNING fleets of each type)", function () {
  this.timeout(900000);
  let h: Harness;
  before(async () => {
    h = await startHarness({ startDelaySeconds: 0.05, stopDelaySeconds: 0.05 });
  });
  after(async () => h?.close());

  it("every registry property has a place for arbitrary values", () => {
    for (const p of MANAGED_PROPERTIES) assert.ok(leavesOf(p).every((l) => l === p || l.startsWith(`${p}.`) || l.startsWith(`${p}[`)), p);
    assert.deepEqual(Object.keys(LEAVES).filter((p) => !(MANAGED_PROPERTIES as string[]).includes(p)), []);
  });

  it("a timeout the program drops keeps AWS's value: a disconnect timeout below the fleet's idle timeout is refused at preview, before any stop", async () => {
    await h.control.reset();
    const stack = new Stack("nl-timeouts");
    const base = { ...FLEETS.ALWAYS_ON, name: "nl-timeouts", idleDisconnectTimeoutInSeconds: 3000, disconnectTimeoutInSeconds: 3600 };
    await stack.up(base);
    const { idleDisconnectTimeoutInSeconds: _dropped, ...rest } = base;
    const before = await snapshot(h);
    const since = await lastSeq(h);
    let refused: CheckError | undefined;
    await stack.up({ ...rest, disconnectTimeoutInSeconds: 1000, instanceType: "stream.standard.large" }).catch((e) => (refused = e instanceof CheckError ? e : undefined));
    const stops = (await h.control.calls()).filter((c) => c.seq > since && c.operation === "StopFleet");
    const needless = stops.length > 0 && before === (await snapshot(h)) ? 1 : 0;
    const v = await checkInvariants(h, [{ id: stack.id!, inputs: base, outputs: stack.outputs ?? {} }], { strict: true });
    record({
      suite: "needless",
      scenario: "disconnect timeout below the fleet's idle timeout (idle dropped from the program)",
      faults: ["invalid input"],
      faultsFired: 0,
      badInputs: 1,
      needless,
      outcome: refused ? `refused at check: ${refused.message.slice(0, 100)}` : "NOT refused at check",
      lost: v.lost.length,
      orphaned: v.orphaned.length,
      wrong: v.wrong.length,
      details: v.wrong,
    });
    await stack.destroy();
    assert.ok(refused, "check refuses the program");
    assert.ok(refused.failures.some((f) => f.property === "disconnectTimeoutInSeconds" && /more than idleDisconnectTimeoutInSeconds \(1000 <= 3000\)/.test(f.reason)), refused.message);
    assert.deepEqual(stops.map((c) => c.operation), [], "no StopFleet");
    assert.equal(needless, 0);
  });

  for (const [kind, base] of Object.entries(FLEETS)) {
    it(`${kind}: every leaf at -1 and 0, then ${RUNS} arbitrary values, alone or beside an instanceType change, never stop the fleet for nothing (seed ${SEED})`, async () => {
      await h.control.reset();
      const stack = new Stack(`nl-${kind.split(" ")[0].toLowerCase()}`);
      await stack.up(base);
      let good: Inputs = base;
      const needless: string[] = [];
      const outcomes = { refusedAtCheck: 0, applied: 0, unchanged: 0, failed: 0 };
      const violations: Violations[] = [];
      let runs = 0;
      await fc.assert(
        // drop (1 in 6): the program leaves the leaf's property out instead (a removal, or AWS keeps its value).
        fc.asyncProperty(fc.constantFrom(...ALL_LEAVES), VALUE, fc.boolean(), fc.nat(5).map((n) => n === 0), async (leaf, value, withStop, drop) => {
          runs++;
          let program = good;
          if (withStop) program = { ...program, instanceType: program.instanceType === "stream.standard.small" ? "stream.standard.medium" : "stream.standard.small" };
          if (drop) {
            const top = /^[^.[]+/.exec(leaf)![0];
            program = Object.fromEntries(Object.entries(program).filter(([k]) => k !== top));
          } else program = withValue(program, leaf, value);
          const before = await snapshot(h);
          const since = await lastSeq(h);
          let outcome: string;
          try {
            const r = await stack.up(program);
            outcome = r.changed ? "applied" : "unchanged";
            if (r.changed) outcomes.applied++;
            else outcomes.unchanged++;
            good = program;
          } catch (e) {
            if (e instanceof CheckError) {
              outcomes.refusedAtCheck++;
              outcome = "refused at check";
            } else {
              outcomes.failed++;
              outcome = `failed: ${String((e as Error)?.message ?? e).slice(0, 160)}`;
            }
            // As the engine: state keeps the last good program's fleet (a failure carrying an id keeps the fleet).
            stack.program = good;
          }
          const stops = (await h.control.calls()).filter((c) => c.seq > since && c.operation === "StopFleet" && c.errorCode === undefined);
          const after = await snapshot(h);
          if (stops.length > 0 && before === after)
            needless.push(`${drop ? `${leaf} dropped` : `${leaf} = ${JSON.stringify(value)?.slice(0, 60)}`}${withStop ? " (+ instanceType change)" : ""}: ${outcome}`);
          const v = await checkInvariants(h, stack.id === undefined ? [] : [{ id: stack.id, inputs: asApplied(good), outputs: stack.outputs ?? {} }], { strict: true });
          if (v.lost.length + v.orphaned.length + v.wrong.length > 0) violations.push(v);
          // Keep the property running: a needless interruption is counted, not thrown (every one is listed).
          return v.lost.length + v.orphaned.length === 0;
        }),
        { seed: SEED, numRuns: EXAMPLES.length + RUNS, endOnFailure: true, examples: EXAMPLES, ...(PATH ? { path: PATH } : {}) },
      );
      await stack.destroy();
      recordProperty({
        suite: "needless",
        scenario: `${kind}: ${runs} arbitrary values on a RUNNING fleet (seed ${SEED})`,
        faults: ["arbitrary values"],
        runs,
        counted: { key: "needless", label: "needless stop", found: needless },
        outcome: `${needless.length} needless stops; ${outcomes.refusedAtCheck} refused at check, ${outcomes.applied} applied, ${outcomes.unchanged} no change, ${outcomes.failed} failed`,
        violations,
        seed: SEED,
      });
    });
  }
});
