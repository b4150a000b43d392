/**
 * B. Provider level (long transitions): the provider implementation called in this process.
 */
import * as path from "path";
import { scenario, Scenario } from "./metrics";
import { Emu, ROOT, baseArgs } from "./shared";
import { startEmulatorProcess } from "../tools/emulator-process";

/**
 * The provider implementation in this process, as the engine's provider process runs it, with
 * a production client (appStreamClient: retry strategy, rate limiting, poller) per emulator.
 * Three chains run at once, each on its own emulator, so that 5-minute transitions fit in
 * ~10 minutes: create+start, live update, delete | stop-update-start | desiredState stop, start.
 * Chains 2 and 3 bring their fleet up with 1 s transitions first (not measured).
 */
export async function lifecycleProvider(D: number, results: Scenario[]) {
  process.env.AWS_REGION = "us-east-1";
  process.env.AWS_ACCESS_KEY_ID = "AKIDBENCH";
  process.env.AWS_SECRET_ACCESS_KEY = "bench-secret";
  const { FleetProviderImpl, defaultDeps } = require(path.join(ROOT, "dist", "provider", "fleet", "provider"));
  const { appStreamClient } = require(path.join(ROOT, "dist", "provider", "aws", "client"));
  const ms = D * 1000;
  const chain = async (k: number, body: (emu: Emu, impl: any, name: string) => Promise<void>) => {
    const emu = new Emu(await startEmulatorProcess());
    try {
      const client = appStreamClient({ endpoint: emu.url, region: "us-east-1" });
      const impl = new FleetProviderImpl({ ...defaultDeps(), client: () => client });
      await body(emu, impl, `bench-prov-${D}s-${k}-${Date.now() % 100000}`);
    } finally {
      await emu.emu.close();
    }
  };
  const checked = async (impl: any, olds: any, news: any) => (await impl.check(olds, { ...news, __resourceName: "f" })).inputs;
  const step = async (emu: Emu, impl: any, name: string, st: { inputs: any; outs: any }, label: string, change: Record<string, unknown>, min: number) => {
    const news = await checked(impl, st.outs, { ...st.inputs, ...change });
    const w = await emu.window(() => impl.update(name, st.outs, news));
    results.push(scenario(`${label} (${D}s, provider)`, "provider", D, min, w));
    if (w.result) { st.outs = (w.result as any).outs; st.inputs = news; }
  };
  const setup = async (emu: Emu, impl: any, name: string) => {
    await emu.delays(1);
    const inputs = await checked(impl, {}, baseArgs(name));
    const outs = (await impl.create(inputs)).outs;
    await emu.delays(D);
    return { inputs, outs };
  };
  await Promise.all([
    chain(1, async (emu, impl, name) => {
      await emu.delays(D);
      const inputs = await checked(impl, {}, baseArgs(name));
      const c = await emu.window(() => impl.create(inputs));
      results.push(scenario(`create+start (${D}s, provider)`, "provider", D, ms, c));
      const st = { inputs, outs: (c.result as any)?.outs };
      await step(emu, impl, name, st, "live update", { displayName: "bench v2" }, 0);
      results.push(scenario(`delete (${D}s, provider)`, "provider", D, ms, await emu.window(() => impl.delete(name, st.outs))));
    }),
    chain(2, async (emu, impl, name) => {
      const st = await setup(emu, impl, name);
      await step(emu, impl, name, st, "stop-update-start", { instanceType: "stream.standard.large" }, 2 * ms);
    }),
    chain(3, async (emu, impl, name) => {
      const st = await setup(emu, impl, name);
      await step(emu, impl, name, st, "desiredState stop", { desiredState: "STOPPED" }, ms);
      await step(emu, impl, name, st, "desiredState start", { desiredState: "RUNNING" }, ms);
    }),
  ]);
}
