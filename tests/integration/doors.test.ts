/**
 * One core, two doors: the same scenario through the dynamic door (FleetProvider, the serialized
 * shim the engine's dynamic-provider host calls) and through the plugin door (AppStreamFleetPlugin,
 * what the `appstream-fleet` plugin's gRPC server calls), against the emulator over real HTTP.
 * Each door runs check, diff, create, a preview of a change (known and unknown), update, read,
 * bad inputs and delete on the same fleet, one door after the other; the transcripts (results and
 * the AWS calls each step made) must be equal, up to what differs by design: the URN's type token,
 * the creation time, and where a preview's planned action goes (the dynamic door's check puts it
 * into the inputs of a preview, the plugin's into the engine's log: docs/architecture.md).
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { FleetProvider } from "../../provider";
import { defaultDeps } from "../../provider/fleet/deps";
import { PLANNED_ACTION_LABELS, PLANNED_ACTION_LOG_PREFIX } from "../../provider/fleet/preview";
import { FleetProviderImpl } from "../../provider/fleet/provider";
import { FLEET_TYPE } from "../../provider/fleet/resource";
import { UNKNOWN } from "../../provider/fleet/values";
import { AppStreamFleetPlugin, FLEET_TOKEN } from "../../provider/plugin/provider";
import { setConfiguredRegion } from "../../provider/aws/client";
import { getImages } from "../../provider/lookups/images";
import { BAD_PROGRAMS } from "../support/bad-input";
import { IMAGE } from "../support/engine-stand-in";
import { Harness, startHarness } from "../support/harness";

type Props = Record<string, any>;
const ROOT = path.resolve(__dirname, "..", "..");
const NAME = "doors";

/** The calls a door makes, as the engine makes them (the dynamic door's URN is in its inputs). */
interface Door {
  urn: string;
  /** The planned action a step gave (its line), taken out of the step's result or the door's log. */
  takePlan(result: unknown): string | undefined;
  check(olds: Props, news: Props): Promise<{ inputs?: Props; failures?: { property: string; reason: string }[] }>;
  diff(id: string, olds: Props, news: Props): Promise<Props>;
  create(inputs: Props): Promise<{ id: string; outs?: Props }>;
  read(id: string, props: Props): Promise<Props>;
  update(id: string, olds: Props, news: Props): Promise<{ outs?: Props }>;
  delete(id: string, props: Props): Promise<void>;
}

function dynamicDoor(): Door {
  const p = new FleetProvider();
  const urn = `urn:pulumi:dev::doors::${FLEET_TYPE}::${NAME}`;
  return {
    urn,
    takePlan: (result) => {
      const inputs = (result as { inputs?: Props } | undefined)?.inputs;
      if (inputs?.plannedAction === undefined) return undefined;
      const line = (inputs.plannedAction as string[]).join(" ");
      assert.equal(line, `${PLANNED_ACTION_LABELS[inputs.__plannedAction.action as keyof typeof PLANNED_ACTION_LABELS]}: ${inputs.__plannedAction.summary}`);
      delete inputs.plannedAction;
      delete inputs.__plannedAction;
      return line;
    },
    // The dynamic Fleet puts its resource name and URN into its inputs (resource.ts).
    check: (o, n) => p.check(o, { ...n, __resourceName: NAME, __urn: urn }),
    diff: (id, o, n) => p.diff(id, o, n) as Promise<Props>,
    create: (i) => p.create(i),
    read: (id, props) => p.read(id, props) as Promise<Props>,
    update: (id, o, n) => p.update(id, o, n),
    delete: (id, props) => p.delete(id, props),
  };
}

function pluginDoor(): Door {
  const schema = fs.readFileSync(path.join(ROOT, "dist", "provider", "plugin", "schema.json"), "utf8");
  // The plugin's own core, its log recorded (the dynamic door's goes to stderr here: no engine).
  const logged: string[] = [];
  const reporter = () => ({ info: (m: string) => void logged.push(m), warn: () => undefined, flush: async () => undefined });
  const p = new AppStreamFleetPlugin("0.0.0-test", schema, new FleetProviderImpl({ ...defaultDeps(), reporter }, "log"));
  const urn = `urn:pulumi:dev::doors::${FLEET_TOKEN}::${NAME}`;
  return {
    urn,
    takePlan: (result) => {
      const inputs = (result as { inputs?: Props } | undefined)?.inputs;
      assert.ok(inputs?.plannedAction === undefined && inputs?.__plannedAction === undefined, "the plugin puts no plan into the inputs");
      const plans = logged.splice(0).filter((m) => m.startsWith(PLANNED_ACTION_LOG_PREFIX));
      return plans.length === 0 ? undefined : plans.map((m) => m.slice(PLANNED_ACTION_LOG_PREFIX.length)).join("\n");
    },
    check: (o, n) => p.check(urn, o, n),
    diff: (id, o, n) => p.diff(id, urn, o, n) as Promise<Props>,
    create: (i) => p.create(urn, i),
    read: (id, props) => p.read(id, urn, props),
    update: (id, o, n) => p.update(id, urn, o, n),
    delete: (id, props) => p.delete(id, urn, props),
  };
}

const program = (extra: Props = {}): Props => ({
  imageName: IMAGE,
  instanceType: "stream.standard.medium",
  computeCapacity: { desiredInstances: 1 },
  displayName: "Two doors",
  tags: { team: "vdi" },
  ...extra,
});

describe("one core, two doors: the dynamic Fleet and the appstream-fleet plugin run the same scenario alike", function () {
  this.timeout(180_000);
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => h?.close());

  /** The scenario through one door: each step's result (the door's URN masked) and its AWS calls. */
  async function scenario(door: Door): Promise<{ step: string; result: unknown; plan?: string; ops: string[] }[]> {
    await h.control.reset();
    const transcript: { step: string; result: unknown; plan?: string; ops: string[] }[] = [];
    const step = async <T>(name: string, f: () => Promise<T>): Promise<T> => {
      await h.mark();
      let result: T | { error: string };
      try {
        result = await f();
      } catch (e) {
        result = { error: e instanceof Error ? e.message : String(e) };
      }
      const plan = door.takePlan(result);
      const masked = JSON.parse(JSON.stringify(result ?? null).split(door.urn).join("<urn>").replace(/"createdTime":"[^"]*"/g, '"createdTime":"<time>"'));
      transcript.push({ step: name, result: masked, ...(plan !== undefined ? { plan } : {}), ops: await h.opsSinceMark({ all: true }) });
      if (result && typeof result === "object" && "error" in (result as object)) throw new Error(`${name}: ${(result as { error: string }).error}`);
      return result as T;
    };

    const created = await step("check (create)", () => door.check({}, program({ name: NAME })));
    const { id, outs } = await step("create", () => door.create(created.inputs!));
    assert.equal(id, NAME);
    const changed = await step("check (instanceType change)", () => door.check(created.inputs!, program({ name: NAME, instanceType: "stream.standard.large" })));
    await step("diff (instanceType change)", () => door.diff(id, outs!, changed.inputs!));
    const unknown = await step("check (unknown instanceType, preview)", () => door.check(created.inputs!, program({ name: NAME, instanceType: UNKNOWN })));
    await step("diff (unknown instanceType, preview)", () => door.diff(id, outs!, unknown.inputs!));
    const updated = await step("update", () => door.update(id, outs!, changed.inputs!));
    const read = await step("read (refresh)", () => door.read(id, updated.outs!));
    await step("diff after refresh", () => door.diff(id, read.props, changed.inputs!));
    await step("check (bad inputs)", () =>
      door.check(changed.inputs!, program({ name: NAME, instanceType: "stream.bogus.large", idleDisconnectTimeoutInSeconds: 30, tags: { "aws:x": "y" } })),
    );
    await step("check (ELASTIC without its settings)", () => door.check({}, { name: "doors-elastic", fleetType: "ELASTIC", instanceType: "stream.compute.large" }));
    await step("delete", () => door.delete(id, read.props));
    return transcript;
  }

  it("every step gives the same result and the same AWS calls through both doors", async () => {
    const dynamic = await scenario(dynamicDoor());
    const plugin = await scenario(pluginDoor());
    // The scenario means something: the change is planned as a stop-update-start and made so.
    const byStep = new Map(dynamic.map((s) => [s.step, s]));
    assert.match(byStep.get("check (instanceType change)")!.plan ?? "", /^STOP-UPDATE-START: fleet doors will be stopped and restarted to change instanceType/);
    assert.deepEqual((byStep.get("diff (instanceType change)")!.result as Props).changes, true);
    assert.deepEqual(byStep.get("update")!.ops.filter((o) => /^(Stop|Update|Start)Fleet$/.test(o)), ["StopFleet", "UpdateFleet", "StartFleet"]);
    assert.ok(((byStep.get("check (bad inputs)")!.result as Props).failures ?? []).length >= 3, "bad inputs are refused");
    assert.ok(((byStep.get("check (ELASTIC without its settings)")!.result as Props).failures ?? []).length >= 2);
    assert.deepEqual(byStep.get("check (bad inputs)")!.ops, [], "refused before any call");
    assert.deepEqual(byStep.get("delete")!.ops.filter((o) => /Fleet$/.test(o) && !o.startsWith("Describe")), ["StopFleet", "DeleteFleet"]);
    for (let i = 0; i < dynamic.length; i++) assert.deepEqual(plugin[i], dynamic[i], `step "${dynamic[i].step}" differs between the doors`);
    assert.equal(plugin.length, dynamic.length);
  });

  it("every invalid program of the bad-input catalogue gets the same failures through both doors, before any call changes anything", async () => {
    const doors = { dynamic: dynamicDoor(), plugin: pluginDoor() };
    await h.control.reset();
    await h.mark();
    for (const [label, inputs, property, rule] of BAD_PROGRAMS) {
      const plain = JSON.parse(JSON.stringify(inputs)); // as the engine sends them: no undefined members
      const dynamic = await doors.dynamic.check({}, plain);
      const plugin = await doors.plugin.check({}, plain);
      // A failure names its top-level input, or (nested paths, inputs the program leaves out: see
      // forEngine in provider/fleet/provider.ts) no property and a reason that leads with the path.
      const names = (f: { property: string; reason: string }) =>
        f.property === property.replace(/[.[].*$/, "") || (f.property === "" && f.reason.startsWith(property));
      assert.ok((dynamic.failures ?? []).some((f) => names(f) && rule.test(f.reason)), `${label}: the dynamic door refuses ${property}`);
      assert.deepEqual(plugin.failures, dynamic.failures, `${label}: the plugin's failures differ`);
    }
    assert.deepEqual((await h.opsSinceMark({ all: true })).filter((o) => !o.startsWith("Describe") && !o.startsWith("List")), [], "nothing but reads");
  });

  it("with no region anywhere, the plugin's message names its own key, appstream-fleet:region", async () => {
    const saved = { AWS_REGION: process.env.AWS_REGION, AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE };
    delete process.env.AWS_REGION;
    process.env.AWS_CONFIG_FILE = path.join(ROOT, ".cache", "no-such-aws-config");
    setConfiguredRegion(undefined, "appstream-fleet:region"); // what the plugin's main() does with an empty PULUMI_CONFIG
    try {
      await assert.rejects(getImages({ type: "PUBLIC" }), /AWS region is not set: run `pulumi config set appstream-fleet:region us-east-1` \(with your region\)/);
    } finally {
      setConfiguredRegion(undefined);
      for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });
});
