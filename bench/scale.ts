/**
 * The scale runs: N fleets in one program through the engine, throttled like AWS.
 */
import * as fs from "fs";
import * as path from "path";
import { engineStack } from "./engine";
import { scenario, Scenario } from "./metrics";
import { Call, CliTimer, Emu, MUTATING_RATE, THROTTLE, baseArgs } from "./shared";

/**
 * N fleets in one program, created RUNNING, then one `pulumi up` changes all instance types
 * (stop-update-start), then destroy. Full mode measures all three, throttled. Quick mode measures
 * the update only: the fleets are created with 1 s transitions and no throttling, and the stack
 * is dropped afterwards with the emulator (that saves about 40 s for 50 fleets).
 */
export async function scaleEngine(cli: CliTimer, emu: Emu, N: number, D: number, parallel: number, results: Scenario[], measureAll: boolean, ready?: () => void) {
  const tag = `${Date.now() % 100000}`;
  let instanceType = "stream.standard.medium";
  const specs = () => Array.from({ length: N }, (_, i) => ({ name: `s${i}`, args: { ...baseArgs(`bench-scale${N}-${tag}-${i}`), instanceType } }));
  const stack = await engineStack(cli.inst, emu, `scale-${N}-${Date.now()}`, specs);
  // Failures: resources the engine reports an error diagnostic for.
  let failed = new Set<string>();
  const onEvent = (e: any) => {
    const d = e.diagnosticEvent;
    if (d && d.severity === "error" && d.urn && !String(d.urn).includes("pulumi:pulumi:Stack")) failed.add(d.urn);
  };
  const upP = async () => { failed = new Set(); return stack.stack.up({ parallel, color: "never", onEvent }); };
  const failuresOf = (w: { error?: unknown }) => (w.error === undefined ? failed.size : Math.max(1, failed.size));
  const throttled = (w: { calls: Call[] }) => w.calls.filter((c) => c.errorCode === "ThrottlingException").length;
  try {
    if (measureAll) {
      await emu.delays(D);
      await emu.config({ throttle: THROTTLE });
      const create = await emu.window(upP, cli);
      results.push(scenario(`scale create ${N} (${D}s)`, "scale", D, D * 1000, create, { fleets: N, throttled: throttled(create), failures: failuresOf(create) }));
      if (create.error) {
        // Bring every fleet up before the measured update, so that it measures the update only.
        await emu.config({ throttle: null });
        await upP();
        await emu.config({ throttle: THROTTLE });
      }
    } else {
      await emu.delays(1);
      await emu.config({ throttle: null });
      await upP();
      await emu.delays(D);
      await emu.config({ throttle: THROTTLE });
    }
    instanceType = "stream.standard.large";
    ready?.();
    const w = await emu.window(upP, cli);
    if (process.env.BENCH_DUMP) fs.writeFileSync(path.join(process.env.BENCH_DUMP, `scale-${N}-${D}s.json`), JSON.stringify(w));
    results.push(scenario(`scale stop-update-start ${N} (${D}s)`, "scale", D, 2 * D * 1000, w, { fleets: N, throttled: throttled(w), failures: failuresOf(w), note: `pulumi up --parallel ${parallel}`,
      throttleFloorMs: Math.round((Math.max(0, N - MUTATING_RATE.burst) / MUTATING_RATE.ratePerSecond) * 1000) }));
    if (measureAll) {
      failed = new Set();
      const d = await emu.window(() => stack.stack.destroy({ parallel, color: "never", onEvent }), cli);
      results.push(scenario(`scale delete ${N} (${D}s)`, "scale", D, D * 1000, d, { fleets: N, throttled: throttled(d), failures: failuresOf(d) }));
    }
  } finally {
    await stack.remove().catch(() => undefined);
    await emu.config({ throttle: null });
  }
}
