/**
 * Detection latency as a distribution. AWS's transitions do not end on a poll: a fleet's start
 * takes a length that falls anywhere on the poller's grid. So each transition here lasts its
 * class's delay D plus an extra drawn uniformly from [0, J) by the emulator
 * (`transitionJitterSeconds`), J = max(1 s, 10 % of D), at least one poll interval, so that where
 * the end falls between two polls is drawn at random too.
 *
 * Per class, two ways of waiting, each on its own emulator (a coalesced poll names several fleets,
 * so none in the call log; apart, every call in a log belongs to that mode):
 *  - lone: one client per fleet, so each wait polls on its own grid, as a stack of one fleet does;
 *  - shared: one client for every fleet, so the polls go out together, as a stack of many does.
 * Each mode starts FLEETS fleets at once and waits for them, then stops them and waits: 2 x FLEETS
 * transitions (at least 30). The waits are the provider's own (`waitFleet` of the built package);
 * the latency of a transition is read from the emulator's logs: the arrival of the first
 * successful call that could see it, minus the moment it logically happened (events log).
 */
import * as path from "path";
import { AppStreamClient, CreateFleetCommand, DeleteFleetCommand, StartFleetCommand, StopFleetCommand } from "@aws-sdk/client-appstream";
import { detections } from "./metrics";
import { Call, Emu, Ev, IMAGE, ROOT } from "./shared";
import { startEmulatorProcess } from "../tools/emulator-process";

export const DETECTION_FLEETS = 16;

export interface DetectionClass {
  /** The class's delay, seconds; each transition lasts D + uniform [0, J). */
  transitionS: number;
  jitterS: number;
  mode: "lone" | "shared";
  transitions: number;
  /** The transitions' real lengths (events log), ms: min and max. */
  lengthMinMs: number;
  lengthMaxMs: number;
  p50Ms: number | null;
  p95Ms: number | null;
  maxMs: number | null;
  /** Transitions no successful call saw (none expected: every wait ends with one). */
  unseen: number;
  /** Target: p95 <= max(1 s, 5 % of the transition's length class D). */
  boundMs: number;
  latenciesMs: number[];
}

export const jitterFor = (D: number) => Math.max(1, D / 10);

/** The q-quantile (nearest rank) of sorted values. */
export function quantile(sorted: number[], q: number): number | null {
  if (sorted.length === 0) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

export async function detectionClass(D: number, mode: "lone" | "shared"): Promise<DetectionClass> {
  const J = jitterFor(D);
  const emu = new Emu(await startEmulatorProcess());
  const { waitFleet } = require(path.join(ROOT, "dist", "provider", "aws", "fleets"));
  const newClient = () => new AppStreamClient({ endpoint: emu.url, region: "us-east-1", credentials: { accessKeyId: "AKIDBENCH", secretAccessKey: "bench-secret" } });
  const shared = mode === "shared" ? newClient() : undefined;
  const clients = Array.from({ length: DETECTION_FLEETS }, () => shared ?? newClient());
  const names = clients.map((_, i) => `bench-detect-${mode}-${D}s-${i}`);
  const timeoutMs = (2 * (D + J) + 120) * 1000;
  try {
    await emu.config({ startDelaySeconds: D, stopDelaySeconds: D, transitionJitterSeconds: J, throttle: null });
    await Promise.all(names.map((n, i) => clients[i].send(new CreateFleetCommand({ Name: n, ImageName: IMAGE, InstanceType: "stream.standard.medium", ComputeCapacity: { DesiredInstances: 1 } }))));
    const t0 = Date.now();
    const waitAll = (cmd: typeof StartFleetCommand | typeof StopFleetCommand, target: string) =>
      Promise.all(names.map(async (n, i) => {
        await clients[i].send(new cmd({ Name: n }));
        await waitFleet(clients[i], n, target, { timeoutMs });
      }));
    await waitAll(StartFleetCommand, "RUNNING");
    await waitAll(StopFleetCommand, "STOPPED");
    const t1 = Date.now();
    await new Promise((r) => setTimeout(r, 20));
    const calls: Call[] = (await emu.calls()).filter((c) => c.time >= t0 && c.time <= t1);
    const events: Ev[] = (await emu.events()).filter((e) => e.time >= t0 && e.time <= t1);
    const det = detections(calls, events);
    const lengths = det.map((d) => {
      const e = events.find((x) => x.fleetName === d.fleet && x.time === d.atMs);
      const begin = events.filter((b) => b.fleetName === d.fleet && e && b.to === e.from && b.time <= e.time).pop();
      return begin ? d.atMs - begin.time : 0;
    });
    const lat = det.map((d) => d.latencyMs).filter((x): x is number => x !== null).sort((a, b) => a - b);
    return {
      transitionS: D, jitterS: J, mode, transitions: det.length,
      lengthMinMs: Math.min(...lengths), lengthMaxMs: Math.max(...lengths),
      p50Ms: quantile(lat, 0.5), p95Ms: quantile(lat, 0.95), maxMs: lat.length ? lat[lat.length - 1] : null,
      unseen: det.length - lat.length,
      boundMs: Math.max(1000, 0.05 * D * 1000),
      latenciesMs: lat,
    };
  } finally {
    await Promise.all(names.map((n, i) => clients[i].send(new DeleteFleetCommand({ Name: n })).catch(() => undefined)));
    for (const c of new Set(clients)) c.destroy();
    await emu.emu.close();
  }
}
