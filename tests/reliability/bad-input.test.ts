/**
 * Bad input at the provider level, against the emulator: each invalid program fails at check()
 * with a failure naming the property and the rule, and the emulator sees no mutating call.
 * Random garbage (fast-check `anything()`) never crashes check or diff.
 */
import { strict as assert } from "assert";
import fc from "fast-check";
import { Harness, MUTATING, startHarness } from "../support/harness";
import { BAD_PROGRAMS } from "../support/bad-input";
import { baseFleet, provider, record, Stack } from "./lib";

const SEED = process.env.RELIABILITY_SEED ? Number(process.env.RELIABILITY_SEED) : Date.now() % 2 ** 31;
const FULL = process.env.RELIABILITY_FULL === "1";

describe("reliability: bad input (provider check against the emulator)", function () {
  this.timeout(120000);
  let h: Harness;
  before(async () => {
    h = await startHarness({ startDelaySeconds: 0.05, stopDelaySeconds: 0.05 });
  });
  after(async () => h?.close());

  it(`has at least 40 invalid programs (${BAD_PROGRAMS.length})`, () => assert.ok(BAD_PROGRAMS.length >= 40));

  for (const [title, inputs, property, reason] of BAD_PROGRAMS) {
    it(`rejects ${title} at check, naming ${property.length > 32 ? `${property.slice(0, 12)}…` : property}, with no mutating call`, async () => {
      await h.control.clearCalls();
      const r = await provider.check({}, { __resourceName: "bad", ...(inputs as any) });
      const failures = (r.failures ?? []) as { property: string; reason: string }[];
      // A failure the engine would print with a dump (a nested path, an object input) comes without
      // a property, its reason starting with the path (and the value): see forEngine in provider.ts.
      const hit = failures.find((f) => (f.property === property || f.reason.startsWith(`${property}: `) || f.reason.startsWith(`${property} = `)) && reason.test(f.reason));
      const mutatingCalls = (await h.control.calls()).filter((c) => MUTATING.has(c.operation)).map((c) => c.operation);
      record({
        suite: "bad-input",
        scenario: `check: ${title}`,
        faults: ["invalid input"],
        faultsFired: 0,
        badInputs: 1,
        outcome: hit ? `rejected: ${hit.property}: ${hit.reason.slice(0, 80)}` : `NOT rejected as expected: ${JSON.stringify(failures)}`,
        lost: 0,
        orphaned: mutatingCalls.length,
        wrong: 0,
      });
      assert.ok(hit, `expected a failure on ${property} matching ${reason}, got ${JSON.stringify(failures)}`);
      assert.deepEqual(mutatingCalls, [], "no mutating call");
      assert.deepEqual(await h.control.fleets(), []);
    });
  }

  it(`random garbage never crashes check or diff (seed ${SEED}; replay with RELIABILITY_SEED=${SEED})`, async () => {
    const stack = new Stack();
    await h.control.reset();
    await stack.up(baseFleet({ name: "garbage-base" }));
    const keys = ["name", "imageName", "imageArn", "instanceType", "fleetType", "computeCapacity", "vpcConfig", "tags", "timeouts", "drain",
      "desiredState", "updateStrategy", "maxUserDurationInSeconds", "domainJoinInfo", "usbDeviceFilterStrings", "rootVolumeConfig", "sessionScriptS3Location"];
    await h.control.clearCalls();
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.dictionary(fc.constantFrom(...keys), fc.anything({ withNullPrototype: false }), { maxKeys: 6 }).map((d) => ({ ...baseFleet({ name: "garbage-base" }), ...d })),
          fc.dictionary(fc.string(), fc.anything(), { maxKeys: 6 }),
          fc.anything().map((a) => ({ computeCapacity: a, vpcConfig: a, tags: a, instanceType: "stream.standard.medium", imageName: baseFleet().imageName })),
        ),
        async (news: any) => {
          runs++;
          let c;
          try {
            c = await provider.check(stack.inputs ?? {}, { __resourceName: "web", ...news });
          } catch (e: any) {
            throw new Error(`check crashed: ${e?.stack ?? e}`);
          }
          assert.ok(Array.isArray(c.failures ?? []), "failures is a list");
          for (const f of (c.failures ?? []) as any[]) assert.ok(typeof f.property === "string" && typeof f.reason === "string" && f.reason.length > 0);
          try {
            const d = await provider.diff(stack.id!, stack.outputs, { ...(c.inputs as any) });
            assert.equal(typeof d.changes, "boolean");
          } catch (e: any) {
            // Refusing inputs check() would have refused is fine, with a message; a crash is not.
            if (!(e instanceof Error) || e.name !== "Error" || !/invalid inputs: .*: /.test(e.message)) throw new Error(`diff crashed: ${e?.stack ?? e}`);
            assert.ok((c.failures ?? []).length > 0, `diff refused inputs that check accepted: ${e.message}`);
          }
        },
      ),
      { seed: SEED, numRuns: FULL ? 1000 : 150, endOnFailure: true },
    );
    const mutatingCalls = (await h.control.calls()).filter((c) => MUTATING.has(c.operation));
    record({ suite: "bad-input", scenario: `garbage: ${runs} random inputs to check+diff (seed ${SEED})`, faults: ["random input"], faultsFired: 0, badInputs: runs, outcome: "no crash", lost: 0, orphaned: mutatingCalls.length, wrong: 0 });
    assert.deepEqual(mutatingCalls.map((c) => c.operation), []);
    await stack.destroy();
  });
});
