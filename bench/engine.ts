/**
 * A. The real engine: the package installed from npm pack, one `pulumi up` per lifecycle step.
 */
import { createStack, Installed, TestStack } from "../tools/automation";
import { scenario, Scenario } from "./metrics";
import { CliTimer, Emu, ENV, FLEET_TYPE, baseArgs } from "./shared";

export interface Spec { name: string; args: Record<string, unknown> }

export async function engineStack(inst: Installed, emu: Emu, stackName: string, specs: () => Spec[]): Promise<TestStack> {
  const program = async () => {
    const { Fleet } = inst.pkg;
    const out: Record<string, unknown> = {};
    for (const s of specs()) out[s.name] = new Fleet(s.name, s.args).state;
    return out;
  };
  return createStack(inst, stackName, program, ENV(emu.url));
}

/** Engine runs are `pulumi up`s; a no-change up measures the engine's fixed cost per run. */
export async function lifecycleEngine(cli: CliTimer, emu: Emu, D: number, results: Scenario[], sizes: { providerBytes?: number; stateEntryBytes?: number }, timelines: Record<string, unknown>) {
  await emu.delays(D);
  const fleetName = `bench-life-${D}s-${Date.now() % 100000}`;
  let args: Record<string, unknown> = baseArgs(fleetName);
  const stack = await engineStack(cli.inst, emu, `life-${D}-${Date.now()}`, () => [{ name: "f", args }]);
  const ms = D * 1000;
  const up = () => stack.up();
  try {
    results.push(scenario(`create+start (${D}s)`, "engine", D, ms, await emu.window(up, cli)));
    const noop = await emu.window(up, cli);
    results.push(scenario(`no-change up (${D}s)`, "engine", D, 0, noop, { note: "the engine's fixed cost of one pulumi up" }));
    if (sizes.providerBytes === undefined) {
      const dep = await stack.exportState();
      const entry = (dep.resources ?? []).find((r: any) => r.type === FLEET_TYPE);
      if (entry) {
        sizes.providerBytes = Buffer.byteLength(String(entry.inputs?.__provider ?? entry.outputs?.__provider ?? ""));
        sizes.stateEntryBytes = Buffer.byteLength(JSON.stringify(entry));
      }
    }
    args = { ...args, displayName: "bench v2" };
    results.push(scenario(`live update (${D}s)`, "engine", D, 0, await emu.window(up, cli)));
    args = { ...args, instanceType: "stream.standard.large" };
    const sus = await emu.window(up, cli);
    results.push(scenario(`stop-update-start (${D}s)`, "engine", D, 2 * ms, sus));
    timelines[`${D}`] = { t0: sus.t0, t1: sus.t1, calls: sus.calls, events: sus.events, transitionS: D };
    args = { ...args, desiredState: "STOPPED" };
    results.push(scenario(`desiredState stop (${D}s)`, "engine", D, ms, await emu.window(up, cli)));
    args = { ...args, desiredState: "RUNNING" };
    results.push(scenario(`desiredState start (${D}s)`, "engine", D, ms, await emu.window(up, cli)));
    results.push(scenario(`delete (${D}s)`, "engine", D, ms, await emu.window(() => stack.destroy(), cli), { note: "destroy of a RUNNING fleet: stop, then delete" }));
  } finally {
    await stack.remove().catch(() => undefined);
  }
}
