/** Local measuring aid (not committed): the provider's share of a preview as bench/preview.ts computes it, N = 1 and 50. */
import * as path from "path";
import { createStack, installPackage } from "./tests/e2e/harness";
import { baseArgs, emulatorProcess, ENV, Emu, ROOT } from "./bench/shared";

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  const RUNS = Number(process.env.RUNS ?? 5);
  const emu = new Emu(await emulatorProcess());
  await emu.config({ throttle: null, startDelaySeconds: 1, stopDelaySeconds: 1 });
  const real = await installPackage();
  const inst = { ...real, pulumiCommand: await real.auto.PulumiCommand.get({ root: "/tmp/prof/pulumi-wrap", skipVersionCheck: true }) };
  const fs = require("fs");
  const cpuLog = "/tmp/prof/cpu.log";
  process.env.CPU_LOG = cpuLog;
  /** The CPU seconds (user + system, the process tree) of the last pulumi preview. */
  const lastCpu = () => { const l = fs.readFileSync(cpuLog, "utf8").trim().split("\n").pop().split(" ").map(Number); return (l[1] + l[2]) * 1000; };
  const pulumi = inst.pulumi;
  const { OUTPUTS, FLEET_TYPE } = require(path.join(ROOT, "dist", "provider", "fleet", "resource"));
  const out: Record<string, unknown> = {};
  for (const N of [1, 50]) {
    let instanceType = "stream.standard.medium";
    const fleets = await createStack(inst, `share-${N}-${Date.now()}`, async () => {
      for (let i = 0; i < N; i++) new inst.pkg.Fleet(`p${i}`, { ...baseArgs(`share${N}-${i}`), instanceType });
    }, ENV(emu.url));
    let controlType = "stream.standard.medium";
    const provider = {
      async check(_o: any, news: any) { return { inputs: news }; },
      async diff(_id: string, olds: any, news: any) { return { changes: olds.instanceType !== news.instanceType }; },
      async create(inputs: any) { return { id: inputs.name, outs: inputs }; },
      async update(_id: string, _o: any, news: any) { return { outs: news }; },
      async delete() { return; },
    };
    class Control extends pulumi.dynamic.Resource {
      constructor(name: string, args: Record<string, unknown>) {
        const props: Record<string, unknown> = { ...args, __resourceName: name, __urn: pulumi.createUrn(name, FLEET_TYPE) };
        for (const k of OUTPUTS as string[]) if (!(k in props)) props[k] = undefined;
        super(provider, name, props, {}, "appstream", "Control");
      }
    }
    const control = await createStack(inst, `sharec-${N}-${Date.now()}`, async () => {
      for (let i = 0; i < N; i++) new Control(`c${i}`, { ...baseArgs(`control-${N}-${i}`), instanceType: controlType });
    }, {});
    try {
      await fleets.stack.up({ parallel: Math.max(8, N), color: "never" });
      await control.stack.up({ parallel: Math.max(8, N), color: "never" });
      instanceType = "stream.standard.large";
      controlType = "stream.standard.large";
      const f: number[] = [], c: number[] = [], fc: number[] = [], cc: number[] = [];
      for (let r = 0; r < RUNS; r++) {
        let t0 = Date.now();
        await fleets.stack.preview({ parallel: Math.max(8, N), color: "never" });
        f.push(Date.now() - t0);
        fc.push(lastCpu());
        t0 = Date.now();
        await control.stack.preview({ parallel: Math.max(8, N), color: "never" });
        c.push(Date.now() - t0);
        cc.push(lastCpu());
      }
      out[N] = { fleets: f, control: c, share: median(f) - median(c), pairedShare: median(f.map((x, i) => x - c[i])), cpuFleets: fc, cpuControl: cc, cpuShare: median(fc) - median(cc) };
      console.error(JSON.stringify({ N, ...(out[N] as object) }));
    } finally {
      await fleets.remove().catch(() => undefined);
      await control.remove().catch(() => undefined);
    }
  }
  const s1 = out[1] as { share: number; pairedShare: number; cpuShare: number }, s50 = out[50] as { share: number; pairedShare: number; cpuShare: number };
  console.log(JSON.stringify({ perFleetAt50: s50.share / 50, perExtraFleet: (s50.share - s1.share) / 49, pairedPerExtraFleet: (s50.pairedShare - s1.pairedShare) / 49, cpuPerExtraFleet: (s50.cpuShare - s1.cpuShare) / 49 }));
  await emu.emu.close();
}
main().catch((e) => { console.error(e); process.exit(1); });
