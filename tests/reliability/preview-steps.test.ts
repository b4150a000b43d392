/**
 * The preview says what `up` does, counted: fast-check puts values into every registry property of
 * a fleet of each type (a value of the right shape, or an arbitrary number or string into one of
 * its members), alone or beside an instanceType change, or leaves the property out, with the fleet
 * RUNNING, STOPPED, stopped outside Pulumi or started outside Pulumi, under each updateStrategy.
 * For each program, the preview (check with __dryRun: true, as `pulumi preview` runs it) announces
 * the mutating AWS calls `up` will make (the planned action's `steps`, or a refusal at check); then
 * `up` runs through the provider-level engine stand-in (check, diff, create / update / delete, as
 * the engine calls them) against the emulator over real HTTP, and the emulator's call log says
 * which mutating calls it made, in order.
 *
 * A PREVIEW MISMATCH is a program whose announced steps differ from the calls `up` made (or that
 * one of them refused and the other did not). Every mismatch is recorded with its program and
 * counted in the suite's summary line (`N preview mismatches`); any fails the run. The preview
 * itself must make no mutating call.
 *
 * Size: each fleet type in each state first (fast-check examples: an instanceType change under
 * each strategy in turn), then RELIABILITY_PREVIEW_RUNS random programs (default 30, FULL: 200);
 * the seed is RELIABILITY_SEED (replay with it and RELIABILITY_PATH).
 */
import { strict as assert } from "assert";
import * as path from "path";
import { StartFleetCommand, StopFleetCommand } from "@aws-sdk/client-appstream";
import fc from "fast-check";
import { MANAGED_PROPERTIES, ManagedProperty } from "../../provider/fleet/properties";
import type { PlannedAction } from "../../provider/fleet/preview";
import { FleetSettings } from "../../provider/fleet/types";
import { validateFleetInputs } from "../../provider/fleet/validate";
import { Harness, MUTATING, startHarness, waitForState } from "../support/harness";
import { CheckError, checkInvariants, IMAGE, Inputs, provider, Stack, Violations } from "./lib";
import { FLEETS, leavesOf, recordProperty, VALUE, withValue } from "./programs";

const FULL = process.env.RELIABILITY_FULL === "1";
const RUNS = Number(process.env.RELIABILITY_PREVIEW_RUNS ?? (FULL ? 200 : 30));
const SEED = process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) : Date.now() % 2 ** 31;
const PATH = process.env.RELIABILITY_PATH;

/**
 * A new provider process, as the engine starts one per command: no answer of the last command is
 * reused (DescribeFleets answers under a second old are, within one process: aws/poller.ts).
 */
const newProcess = (): void => require(path.resolve(__dirname, "..", "..", "dist", "provider", "aws", "client")).resetClients();

const KINDS = Object.keys(FLEETS);
/** The fleet's state before the program is applied: as the stack recorded it, or changed outside Pulumi. */
const STATES = ["RUNNING", "STOPPED", "stopped outside", "started outside"] as const;
type State = (typeof STATES)[number];
const STRATEGIES = ["stopStart", "replace", "failIfRunning"] as const;

/** The desiredState the stack records for a state, and the state the fleet is in when the preview runs. */
const recorded = (s: State) => (s === "RUNNING" || s === "stopped outside" ? "RUNNING" : "STOPPED");

const OTHER_IMAGE = "Amazon-AppStream2-Sample-Image-03-11-2023";
/**
 * Values of the right shape per registry property (the compiler asks for every property): each is
 * valid for some fleet type, so most programs reach AWS. `name` is made per fleet (a rename).
 */
const SHAPED: { [K in Exclude<ManagedProperty, "name">]: fc.Arbitrary<NonNullable<FleetSettings[K]>> } = {
  fleetType: fc.constantFrom("ALWAYS_ON", "ON_DEMAND", "ELASTIC"),
  instanceType: fc.constantFrom("stream.standard.small", "stream.standard.medium", "stream.standard.large", "stream.compute.large"),
  imageName: fc.constantFrom(IMAGE, OTHER_IMAGE),
  imageArn: fc.constantFrom(`arn:aws:appstream:us-east-1::image/${IMAGE}`),
  computeCapacity: fc.oneof(fc.integer({ min: 1, max: 3 }).map((n) => ({ desiredInstances: n })), fc.integer({ min: 2, max: 6 }).map((n) => ({ desiredSessions: n }))),
  vpcConfig: fc.constantFrom({ subnetIds: ["subnet-a", "subnet-b"] }, { subnetIds: ["subnet-c", "subnet-d"], securityGroupIds: ["sg-1"] }),
  maxUserDurationInSeconds: fc.constantFrom(600, 7200, 57600),
  disconnectTimeoutInSeconds: fc.constantFrom(900, 1200, 3600),
  idleDisconnectTimeoutInSeconds: fc.constantFrom(0, 60, 600),
  description: fc.constantFrom("first", "second"),
  displayName: fc.constantFrom("One", "Two"),
  enableDefaultInternetAccess: fc.boolean(),
  domainJoinInfo: fc.constantFrom({ directoryName: "corp.example.com", organizationalUnitDistinguishedName: "OU=desks,DC=corp,DC=example,DC=com" }),
  iamRoleArn: fc.constantFrom("arn:aws:iam::123456789012:role/appstream"),
  streamView: fc.constantFrom("APP", "DESKTOP"),
  platform: fc.constantFrom("WINDOWS_SERVER_2019", "AMAZON_LINUX2"),
  maxConcurrentSessions: fc.integer({ min: 2, max: 9 }),
  usbDeviceFilterStrings: fc.constantFrom(["Wacom, 056a, *, *, *, *, 0, 0"]),
  sessionScriptS3Location: fc.constantFrom({ s3Bucket: "bucket-1", s3Key: "scripts.zip" }),
  maxSessionsPerInstance: fc.integer({ min: 2, max: 4 }),
  rootVolumeConfig: fc.integer({ min: 200, max: 500 }).map((n) => ({ volumeSizeInGb: n })),
  disableImdsV1: fc.boolean(),
};

/** What a program does to one property: a value of the right shape, an arbitrary value in one of its members, or nothing (left out). */
type Edit = { property: ManagedProperty | "tags"; how: "shaped"; value: unknown } | { property: ManagedProperty; how: "leaf"; leaf: string; value: unknown } | { property: ManagedProperty | "tags"; how: "dropped" };

const EDIT: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...(Object.keys(SHAPED) as (keyof typeof SHAPED)[])).chain((p) => SHAPED[p].map((value): Edit => ({ property: p, how: "shaped", value }))) },
  { weight: 1, arbitrary: fc.nat(9).map((n): Edit => ({ property: "name", how: "shaped", value: n })) },
  { weight: 1, arbitrary: fc.constantFrom<Record<string, string>>({ team: "desks" }, { team: "apps", owner: "ops" }, {}).map((value): Edit => ({ property: "tags", how: "shaped", value })) },
  { weight: 2, arbitrary: fc.constantFrom(...MANAGED_PROPERTIES).chain((p) => fc.tuple(fc.constantFrom(...leavesOf(p)), VALUE).map(([leaf, value]): Edit => ({ property: p, how: "leaf", leaf, value }))) },
  { weight: 1, arbitrary: fc.constantFrom<ManagedProperty | "tags">(...MANAGED_PROPERTIES, "tags").map((p): Edit => ({ property: p, how: "dropped" })) },
);

type Case = { kind: string; state: State; strategy: (typeof STRATEGIES)[number]; edit: Edit; withStop: boolean };

/** Each fleet type in each state, an instanceType change under each strategy in turn: run first. */
const EXAMPLES: [Case][] = KINDS.flatMap((kind, k) =>
  STATES.map((state, s): [Case] => [{ kind, state, strategy: STRATEGIES[(k + s) % STRATEGIES.length], edit: { property: "displayName", how: "shaped", value: "Examined" }, withStop: true }]),
);

const describeEdit = (e: Edit) => (e.how === "dropped" ? `${e.property} dropped` : e.how === "leaf" ? `${e.leaf} = ${JSON.stringify(e.value)?.slice(0, 50)}` : `${e.property} = ${JSON.stringify(e.value)?.slice(0, 60)}`);

describe("reliability: the preview announces the mutating calls up makes (fast-check over every registry property, fleet type, state and strategy)", function () {
  this.timeout(900000);
  let h: Harness;
  /** One stack per fleet type and state, made on first use; the program last applied to each. */
  const stacks = new Map<string, { stack: Stack; good: Inputs; base: string }>();

  before(async () => {
    h = await startHarness({ startDelaySeconds: 0.05, stopDelaySeconds: 0.05 });
    await h.control.reset();
  });
  after(async () => {
    for (const { stack } of stacks.values()) await stack.destroy().catch(() => undefined);
    await h?.close();
  });

  const lastSeq = async (): Promise<number> => {
    const calls = await h.control.calls();
    return calls.length > 0 ? calls[calls.length - 1].seq : 0;
  };
  /** The mutating calls AWS accepted since `seq`, in order. */
  const mutatingSince = async (seq: number, all = false): Promise<string[]> =>
    (await h.control.calls()).filter((c) => c.seq > seq && MUTATING.has(c.operation) && (all || c.errorCode === undefined)).map((c) => c.operation);
  const waitFor = (name: string, state: string) => waitForState(h.control, name, state, 10000);

  /** The stack of this fleet type and state, with the fleet as the case needs it before the preview. */
  async function prepared(c: Case): Promise<{ stack: Stack; good: Inputs; base: string }> {
    const key = `${c.kind}/${c.state}`;
    let entry = stacks.get(key);
    if (entry === undefined) {
      const base = `pv-${c.kind.split(" ")[0].toLowerCase().replace(/_/g, "-")}-${c.state.replace(/ /g, "-").toLowerCase()}`;
      entry = { stack: new Stack(base), good: { ...FLEETS[c.kind], name: base }, base };
      stacks.set(key, entry);
    }
    // As the stack records it (desiredState and the strategy of this case), then changed outside Pulumi.
    entry.good = { ...entry.good, desiredState: recorded(c.state), updateStrategy: c.strategy };
    await entry.stack.up({ ...entry.good, __dryRun: false });
    const name = entry.stack.outputs!.name as string;
    await waitFor(name, recorded(c.state));
    if (c.state === "stopped outside") {
      await h.client.send(new StopFleetCommand({ Name: name }));
      await waitFor(name, "STOPPED");
    } else if (c.state === "started outside") {
      await h.client.send(new StartFleetCommand({ Name: name }));
      await waitFor(name, "RUNNING");
    }
    return entry;
  }

  /** The case's program: the last applied one, the case's edit, and an instanceType change beside it. */
  function programOf(c: Case, good: Inputs, base: string): Inputs {
    let program: Inputs = { ...good, desiredState: recorded(c.state), updateStrategy: c.strategy };
    if (c.withStop) program.instanceType = program.instanceType === "stream.standard.small" ? "stream.standard.medium" : "stream.standard.small";
    const e = c.edit;
    if (e.how === "dropped") program = Object.fromEntries(Object.entries(program).filter(([k]) => k !== e.property));
    else if (e.how === "leaf") program = withValue(program, e.leaf, e.value);
    else program = { ...program, [e.property]: e.property === "name" ? `${base}-${e.value}` : e.value };
    return program;
  }

  it("every registry property has values of the right shape here (the compiler asks for each)", () => {
    assert.deepEqual([...Object.keys(SHAPED), "name"].sort(), [...MANAGED_PROPERTIES].sort());
  });

  it(`each fleet type in each state, then ${RUNS} random programs: the preview's steps are up's calls (seed ${SEED})`, async () => {
    const mismatches: string[] = [];
    const violations: Violations[] = [];
    const outcomes = { refused: 0, applied: 0, unchanged: 0, failed: 0 };
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record<Case>({ kind: fc.constantFrom(...KINDS), state: fc.constantFrom(...STATES), strategy: fc.constantFrom(...STRATEGIES), edit: EDIT, withStop: fc.boolean() }),
        async (c) => {
          runs++;
          const label = `${c.kind}, ${c.state}, ${c.strategy}: ${describeEdit(c.edit)}${c.withStop ? " (+ instanceType change)" : ""}`;
          // A program validation refuses needs no fleet in any state: both checks refuse it alike.
          const key = stacks.get(`${c.kind}/${c.state}`);
          const valid = validateFleetInputs(programOf(c, key?.good ?? { ...FLEETS[c.kind], name: "pv" }, key?.base ?? "pv") as Record<string, unknown>).length === 0;
          const entry = valid ? await prepared(c) : (key ?? (await prepared(c)));
          const { stack } = entry;
          const program = programOf(c, entry.good, entry.base);

          // pulumi preview: check (a preview), then diff.
          newProcess();
          const since = await lastSeq();
          const checked = await provider.check(stack.inputs ?? {}, { __resourceName: stack.resourceName, ...program, __dryRun: true });
          const refusedAtPreview = (checked.failures ?? []).length > 0;
          const planned = (checked.inputs as { __plannedAction?: PlannedAction }).__plannedAction;
          if (!refusedAtPreview && stack.id !== undefined) await provider.diff(stack.id, stack.outputs, checked.inputs);
          // A refusal the plan makes (updateStrategy failIfRunning) fails `up` with no call; one at check, up's check.
          const announced = refusedAtPreview ? "refused at check" : planned?.action === "refuse" ? "refused by the plan" : JSON.stringify(planned?.steps ?? []);
          const previewCalls = await mutatingSince(since, true);
          if (previewCalls.length > 0) mismatches.push(`${label}: the preview itself called ${previewCalls.join(", ")}`);

          // pulumi up: check (no preview), diff, then create / update / delete as the engine does.
          newProcess();
          const before = await lastSeq();
          let outcome: string;
          let error = "";
          try {
            const r = await stack.up({ ...program, __dryRun: false });
            outcome = r.changed ? "applied" : "unchanged";
            entry.good = program;
          } catch (e) {
            error = String((e as Error)?.message ?? e);
            outcome = e instanceof CheckError ? "refused at check" : `failed: ${error.slice(0, 160)}`;
            stack.program = entry.good;
          }
          outcomes[outcome === "applied" ? "applied" : outcome === "unchanged" ? "unchanged" : outcome === "refused at check" ? "refused" : "failed"]++;
          const calls = await mutatingSince(before);
          const refusedByPlan = outcome.startsWith("failed") && calls.length === 0 && /updateStrategy is "failIfRunning", so nothing was changed/.test(error);
          const made = outcome === "refused at check" ? "refused at check" : refusedByPlan ? "refused by the plan" : JSON.stringify(calls);
          if (made !== announced || (outcome.startsWith("failed") && !refusedByPlan))
            mismatches.push(`${label}: the preview announced ${announced}${planned ? ` (${planned.action})` : ""}, up ${outcome === "refused at check" ? "refused it at check" : `made ${made} (${outcome})`}`);

          // Nothing lost or orphaned across the stacks; this fleet as its program says after an up that succeeded
          // (else, as after any failure or refusal, state's record equals AWS: the weak form).
          const applied = (e: { good: Inputs }) => Object.fromEntries(Object.entries(e.good).filter(([, x]) => x !== ""));
          const state = [...stacks.values()].flatMap((e) => e.stack.state().map((st) => ({ ...st, inputs: applied(e) })));
          const ok = outcome === "applied" || outcome === "unchanged";
          const v = await checkInvariants(h, state, { strict: ok });
          const mine = new Set(stack.state().map((st) => st.id));
          const wrong = v.wrong.filter((w) => mine.has(w.split(":")[0]));
          if (v.lost.length + v.orphaned.length + wrong.length > 0) violations.push({ ...v, wrong: wrong.map((w) => `${label}: ${w}`) });
          return true;
        },
      ),
      { seed: SEED, numRuns: EXAMPLES.length + RUNS, endOnFailure: true, examples: EXAMPLES, ...(PATH ? { path: PATH } : {}) },
    );
    recordProperty({
      suite: "preview",
      scenario: `${runs} programs over every fleet type, state and strategy (seed ${SEED})`,
      faults: ["arbitrary programs"],
      runs,
      counted: { key: "previewMismatches", label: "preview mismatch", found: mismatches },
      outcome: `${mismatches.length} preview mismatches; ${outcomes.refused} refused at check, ${outcomes.applied} applied, ${outcomes.unchanged} no change, ${outcomes.failed} failed`,
      violations,
      seed: SEED,
    });
  });
});
