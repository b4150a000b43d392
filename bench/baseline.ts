/**
 * C. Baseline: the SDK's waiters (defaults: minDelay 30 s, maxDelay 120 s) against our loop.
 */
import * as path from "path";
import {
  AppStreamClient,
  CreateFleetCommand,
  DeleteFleetCommand,
  StartFleetCommand,
  StopFleetCommand,
  waitUntilFleetStarted,
  waitUntilFleetStopped,
} from "@aws-sdk/client-appstream";
import { scenario, Scenario } from "./metrics";
import { Emu, IMAGE, ROOT } from "./shared";

export async function baseline(emu: Emu, D: number, results: Scenario[]) {
  await emu.delays(D);
  // One client per wait: the provider's loop shares one DescribeFleets per tick among the waits of
  // a client, and a shared poll would name no fleet in the emulator's call log.
  const newClient = () => new AppStreamClient({ endpoint: emu.url, region: "us-east-1", credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" } });
  const { waitFleet } = require(path.join(ROOT, "dist", "provider", "aws", "fleets"));
  const tag = Date.now() % 100000;
  /** The start wait and the stop wait run at once, on two fleets (the second is started first, unmeasured). */
  const run = async (who: "ours" | "sdk", target: "RUNNING" | "STOPPED") => {
    const client = newClient();
    const name = `bench-base-${who}-${target === "RUNNING" ? "start" : "stop"}-${D}s-${tag}`;
    try {
      await client.send(new CreateFleetCommand({ Name: name, ImageName: IMAGE, InstanceType: "stream.standard.medium", ComputeCapacity: { DesiredInstances: 1 } }));
      if (target === "STOPPED") {
        await client.send(new StartFleetCommand({ Name: name }));
        await waitFleet(client, name, "RUNNING", { timeoutMs: 3600_000 });
      }
      const cmd = target === "RUNNING" ? StartFleetCommand : StopFleetCommand;
      const w = await emu.window(async () => {
        await client.send(new cmd({ Name: name }));
        if (who === "ours") await waitFleet(client, name, target, { timeoutMs: 3600_000 });
        else if (target === "RUNNING") await waitUntilFleetStarted({ client, maxWaitTime: 3600 }, { Names: [name] });
        else await waitUntilFleetStopped({ client, maxWaitTime: 3600 }, { Names: [name] });
      });
      return scenario(`${target === "RUNNING" ? "start" : "stop"} wait, ${who === "ours" ? "provider loop" : "SDK waiter"} (${D}s)`, "baseline", D, D * 1000, {
        ...w, calls: w.calls.filter((c) => c.fleetName === name), events: w.events.filter((e) => e.fleetName === name),
      });
    } finally {
      await client.send(new DeleteFleetCommand({ Name: name })).catch(() => undefined);
      client.destroy();
    }
  };
  results.push(...(await Promise.all([run("ours", "RUNNING"), run("ours", "STOPPED"), run("sdk", "RUNNING"), run("sdk", "STOPPED")])));
}
