/**
 * Previews at scale: `pulumi preview` of 1, 10 and 50 fleets, as a pull request previews every
 * stack. Each fleet is RUNNING, associated with its own AppStream stack that has one open
 * session, and the program changes every fleet's instanceType (a change that forces a stop, so
 * the preview looks up the fleet and counts its streaming users to warn about them). The
 * emulator throttles like AWS (THROTTLE) during the previews, its buckets full at the start of
 * each. Measured: the `pulumi preview` process (what CI waits for), and the AWS calls by operation.
 *
 * Beside each size, a control: the same preview of N resources of a dynamic provider that does
 * nothing (check returns its inputs, diff compares instanceType, no AWS call), registered with the
 * same keys as a Fleet (its arguments and every output). Its wall is the floor the engine and the
 * SDK set for N such resources, whatever the provider does; the Fleet's minus it is the provider's.
 */
import * as fs from "fs";
import * as path from "path";
import { AppStreamClient, AssociateFleetCommand, CreateStackCommand } from "@aws-sdk/client-appstream";
import { engineStack } from "./engine";
import { scenario, Scenario } from "./metrics";
import { Call, CliTimer, Emu, ROOT, THROTTLE, baseArgs } from "./shared";
import { createStack } from "../tools/automation";

/** The median run (the upper middle of an even count), by its wall. */
const middle = <T>(runs: T[], wallMs: (r: T) => number): T => [...runs].sort((a, b) => wallMs(a) - wallMs(b))[Math.floor(runs.length / 2)];

/** A no-op dynamic resource registered like a Fleet (same keys), for the preview's floor. */
function controlProgram(inst: CliTimer["inst"], N: number, instanceType: () => string) {
  const { OUTPUTS, FLEET_TYPE } = require(path.join(ROOT, "dist", "provider", "fleet", "resource"));
  const pulumi = inst.pulumi;
  const provider = {
    async check(_olds: any, news: any) { return { inputs: news }; },
    async diff(_id: string, olds: any, news: any) { return { changes: olds.instanceType !== news.instanceType }; },
    async create(inputs: any) { return { id: inputs.name, outs: inputs }; },
    async update(_id: string, _olds: any, news: any) { return { outs: news }; },
    async delete() { return; },
  };
  class Control extends pulumi.dynamic.Resource {
    constructor(name: string, args: Record<string, unknown>) {
      const props: Record<string, unknown> = { ...args, __resourceName: name, __urn: pulumi.createUrn(name, FLEET_TYPE) };
      for (const k of OUTPUTS as string[]) if (!(k in props)) props[k] = undefined;
      super(provider, name, props, {}, "appstream", "Control");
    }
  }
  return async () => {
    for (let i = 0; i < N; i++) new Control(`c${i}`, { ...baseArgs(`control-${N}-${i}`), instanceType: instanceType() });
  };
}

/** The preview sizes, and how many previews of each are timed (the median is reported). */
export async function previewScale(cli: CliTimer, emu: Emu, sizes: number[], runs: number, results: Scenario[], log: (m: string) => void): Promise<void> {
  const tag = `${Date.now() % 100000}`;
  await emu.config({ throttle: null, startDelaySeconds: 1, stopDelaySeconds: 1 });
  const client = new AppStreamClient({ endpoint: emu.url, region: "us-east-1", credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" } });
  // One program (stack) per size, on one emulator (one account): set up at the same time, then
  // previewed one after the other.
  const setups = sizes.map((N) => {
    let instanceType = "stream.standard.medium";
    const fleetName = (i: number) => `bench-pv${N}-${tag}-${i}`;
    const specs = () => Array.from({ length: N }, (_, i) => ({ name: `p${i}`, args: { ...baseArgs(fleetName(i)), instanceType } }));
    return { N, fleetName, specs, change: () => (instanceType = "stream.standard.large"), stack: engineStack(cli.inst, emu, `preview-${N}-${Date.now()}`, specs) };
  });
  const stacks = await Promise.all(setups.map((s) => s.stack));
  try {
    log(`previews: setting up ${sizes.join(", ")} fleets (RUNNING, one AppStream stack and one open session each)`);
    await Promise.all(stacks.map((st, k) => st.stack.up({ parallel: Math.max(8, setups[k].N), color: "never" })));
    for (const s of setups) {
      for (let i = 0; i < s.N; i++) {
        const fleet = s.fleetName(i);
        const stackName = `${fleet}-stack`;
        await client.send(new CreateStackCommand({ Name: stackName }));
        await client.send(new AssociateFleetCommand({ FleetName: fleet, StackName: stackName }));
        await emu.control("POST", "sessions", { stackName, fleetName: fleet, userId: `user${i}@example.com`, authenticationType: "USERPOOL" });
      }
      s.change();
    }
    for (const [k, s] of setups.entries()) {
      const st = stacks[k];
      const timed: { w: Awaited<ReturnType<Emu["window"]>>; warned: number }[] = [];
      for (let r = 0; r < runs; r++) {
        log(`preview, ${s.N} fleets, throttled (run ${r + 1} of ${runs})`);
        // Full buckets at the start of each preview, as for a stack previewed on its own.
        await emu.config({ throttle: THROTTLE });
        let warned = 0;
        const onEvent = (e: any) => {
          const d = e.diagnosticEvent;
          // The stop warning with the session count read: "1 user is streaming now and will be disconnected".
          if (d && d.severity === "warning" && /streaming now/.test(String(d.message))) warned++;
        };
        const w = await emu.window(() => st.stack.preview({ parallel: Math.max(8, s.N), color: "never", onEvent }), cli);
        await emu.config({ throttle: null });
        timed.push({ w, warned });
        if (process.env.BENCH_DUMP) fs.writeFileSync(path.join(process.env.BENCH_DUMP, `preview-${s.N}-run${r + 1}.json`), JSON.stringify(w));
      }
      // The control, as many previews of N no-op resources, on the same machine right after.
      let controlType = "stream.standard.medium";
      const control = await createStack(cli.inst, `preview-control-${s.N}-${Date.now()}`, controlProgram(cli.inst, s.N, () => controlType), {});
      const controlMs: number[] = [];
      try {
        await control.stack.up({ parallel: Math.max(8, s.N), color: "never" });
        controlType = "stream.standard.large";
        for (let r = 0; r < runs; r++) {
          log(`preview control, ${s.N} no-op resources registered like fleets (run ${r + 1} of ${runs})`);
          const t0 = Date.now();
          await control.stack.preview({ parallel: Math.max(8, s.N), color: "never" });
          controlMs.push(Date.now() - t0);
        }
      } finally {
        await control.remove().catch(() => undefined);
      }
      const accountFleets = (await emu.control<{ fleets: unknown[] }>("GET", "fleets").catch(() => undefined))?.fleets?.length;
      const mid = middle(timed, (t) => t.w.t1 - t.w.t0);
      const throttled = (c: Call[]) => c.filter((x) => x.errorCode === "ThrottlingException").length;
      results.push(scenario(`preview ${s.N} fleets`, "preview", 0, 0, mid.w, {
        fleets: s.N,
        stacks: s.N,
        throttled: throttled(mid.w.calls),
        failures: mid.w.error ? 1 : 0,
        runsMs: timed.map((t) => t.w.t1 - t.w.t0),
        sessionWarnings: mid.warned,
        controlMs: middle(controlMs, (ms) => ms),
        controlRunsMs: controlMs,
        accountFleets,
        describeFleetsSingle: mid.w.calls.filter((c) => c.operation === "DescribeFleets" && c.fleetName !== undefined).length,
        note: `pulumi preview --parallel ${Math.max(8, s.N)}; median of ${runs} (wall of each: ${timed.map((t) => t.w.t1 - t.w.t0).join(", ")} ms); stop-forcing change on every fleet, each with an AppStream stack and an open session`,
      }));
    }
  } finally {
    client.destroy();
    await Promise.all(stacks.map((st) => st.remove().catch(() => undefined)));
  }
}
