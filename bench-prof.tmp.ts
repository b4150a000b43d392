/** Local profiling aid (not committed): a 50-fleet preview like bench/preview.ts, the processes profiled. */
import * as fs from "fs";
import * as path from "path";
import { createStack, installPackage } from "./tests/e2e/harness";
import { baseArgs, emulatorProcess, ENV, Emu } from "./bench/shared";

async function main() {
  const N = Number(process.env.N ?? 50);
  const dir = process.argv[2] ?? "/tmp/prof/run";
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const emu = new Emu(await emulatorProcess());
  await emu.config({ throttle: null, startDelaySeconds: 1, stopDelaySeconds: 1 });
  const real = await installPackage();
  const inst = { ...real, pulumiCommand: await real.auto.PulumiCommand.get({ root: "/tmp/prof/pulumi-wrap", skipVersionCheck: true }) };
  let instanceType = "stream.standard.medium";
  const st = await createStack(inst, `prof-${Date.now()}`, async () => {
    for (let i = 0; i < N; i++) new inst.pkg.Fleet(`p${i}`, { ...baseArgs(`prof-${i}`), instanceType });
  }, ENV(emu.url));
  try {
    await st.stack.up({ parallel: Math.max(8, N), color: "never" });
    instanceType = "stream.standard.large";
    const walls: number[] = [];
    for (let r = 0; r < Number(process.env.RUNS ?? 3); r++) {
      const t0 = Date.now();
      await st.stack.preview({ parallel: Math.max(8, N), color: "never" });
      walls.push(Date.now() - t0);
    }
    if (process.env.CONTROL) {
      const { OUTPUTS, FLEET_TYPE } = require(path.join(__dirname, "dist", "provider", "fleet", "resource"));
      const pulumi = inst.pulumi;
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
      const control = await createStack(inst, `profc-${Date.now()}`, async () => {
        for (let i = 0; i < N; i++) new Control(`c${i}`, { ...baseArgs(`control-${N}-${i}`), instanceType: controlType });
      }, {});
      await control.stack.up({ parallel: Math.max(8, N), color: "never" });
      controlType = "stream.standard.large";
      process.env.NODE_OPTIONS = `--require ${process.env.HOOK ?? "/tmp/prof/hook.js"}`; process.env.PROF_DIR = `${dir}/control`; fs.mkdirSync(`${dir}/control`, { recursive: true });
      await control.stack.preview({ parallel: Math.max(8, N), color: "never" });
      delete process.env.NODE_OPTIONS;
      await control.remove().catch(() => undefined);
    }
    process.env.NODE_OPTIONS = `--require ${process.env.HOOK ?? "/tmp/prof/hook.js"}`; process.env.PROF_DIR = dir; process.env.ENGINE_PROF = `${dir}/engine`;
    const t0 = Date.now();
    await st.stack.preview({ parallel: Math.max(8, N), color: "never" });
    delete process.env.NODE_OPTIONS;
    delete process.env.ENGINE_PROF;
    console.log(JSON.stringify({ walls, profiledMs: Date.now() - t0 }));
  } finally {
    delete process.env.NODE_OPTIONS;
    await st.remove().catch(() => undefined);
    await emu.emu.close();
  }
}
main().catch((e) => { console.error(e); process.exit(1); });
