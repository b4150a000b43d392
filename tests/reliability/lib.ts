/**
 * Shared pieces of the reliability suite: the invariants (written once), a provider-level engine
 * stand-in that records state the way the real engine does (including "created but failed"), the
 * fault helpers, and the result recorder read by scripts/reliability.ts.
 *
 * Invariants (after every scenario):
 *   - lost:        a fleet in Pulumi's state that the emulator does not have;
 *   - orphaned:    a fleet in the emulator that is not in Pulumi's state;
 *   - wrong-state: a fleet whose live configuration differs from the program, whose state differs
 *                  from desiredState, or that is left STARTING/STOPPING.
 * After a FAILED operation, before the user acts, only the weaker form applies: nothing lost or
 * orphaned, and what state records equals what AWS has (a failure must not leave state lying).
 */
import * as fs from "fs";
import * as path from "path";
import { strict as assert } from "assert";
import { AppStreamClient, ListTagsForResourceCommand } from "@aws-sdk/client-appstream";
import type { FaultSpec as EmulatorFaultSpec } from "../../emulator";
import { IMAGE, provider, type Inputs, type StateEntry } from "../support/engine-stand-in";
import type { Harness } from "../support/harness";
import { ScenarioResult, unexpectedlyUnfired } from "../../tools/reliability-results";

export const OWNER_TAG = "pulumi-appstream-fleet:urn-sha256";
export { IMAGE, provider };
export { unexpectedlyUnfired };
export type { ScenarioResult };
export type { Inputs, StateEntry };

export interface LiveFleet {
  Name: string;
  State: string;
  Arn: string;
  InstanceType?: string;
  DisplayName?: string;
  Description?: string;
  ImageName?: string;
  FleetType?: string;
  EnableDefaultInternetAccess?: boolean;
  DisconnectTimeoutInSeconds?: number;
  MaxUserDurationInSeconds?: number;
  ComputeCapacityStatus?: { Desired?: number };
  VpcConfig?: { SubnetIds?: string[]; SecurityGroupIds?: string[] };
  [k: string]: unknown;
}

export interface Violations {
  lost: string[];
  orphaned: string[];
  wrong: string[];
}

/** A fleet as Pulumi's state holds it: id, the program's inputs, the recorded outputs. */

const sorted = (xs: unknown) => (Array.isArray(xs) ? [...xs].map(String).sort() : []);

/** Differences between what a program (or a state record) says and what the fleet really is. */
export function configDiff(want: Inputs, f: LiveFleet, tags: Record<string, string> | undefined): string[] {
  const out: string[] = [];
  const cmp = (prop: string, a: unknown, b: unknown) => {
    if (a !== undefined && JSON.stringify(a) !== JSON.stringify(b)) out.push(`${prop}: want ${JSON.stringify(a)}, live ${JSON.stringify(b)}`);
  };
  cmp("instanceType", want.instanceType, f.InstanceType);
  cmp("displayName", want.displayName, f.DisplayName);
  cmp("description", want.description, f.Description);
  cmp("imageName", want.imageName, f.ImageName);
  cmp("fleetType", want.fleetType, f.FleetType ?? "ON_DEMAND");
  cmp("enableDefaultInternetAccess", want.enableDefaultInternetAccess, f.EnableDefaultInternetAccess);
  cmp("disconnectTimeoutInSeconds", want.disconnectTimeoutInSeconds, f.DisconnectTimeoutInSeconds);
  cmp("maxUserDurationInSeconds", want.maxUserDurationInSeconds, f.MaxUserDurationInSeconds);
  cmp("iamRoleArn", want.iamRoleArn, f.IamRoleArn);
  if (want.computeCapacity?.desiredInstances !== undefined) cmp("computeCapacity", want.computeCapacity.desiredInstances, f.ComputeCapacityStatus?.Desired);
  // vpcConfig is removable: its absence in the program means none on the fleet.
  const wv = want.vpcConfig;
  const lv = f.VpcConfig;
  const norm = (v: any) => (v ? { s: sorted(v.subnetIds ?? v.SubnetIds), g: sorted(v.securityGroupIds ?? v.SecurityGroupIds) } : undefined);
  const a = norm(wv);
  const b = norm(lv);
  if (a === undefined ? b !== undefined && (b.s.length > 0 || b.g.length > 0) : JSON.stringify(a) !== JSON.stringify(b))
    out.push(`vpcConfig: want ${JSON.stringify(a)}, live ${JSON.stringify(b)}`);
  if (tags !== undefined) {
    const wt = want.tags ?? {};
    if (JSON.stringify(Object.entries(wt).sort()) !== JSON.stringify(Object.entries(tags).sort()))
      out.push(`tags: want ${JSON.stringify(wt)}, live ${JSON.stringify(tags)}`);
  }
  return out;
}

export async function liveFleets(h: Pick<Harness, "control">): Promise<LiveFleet[]> {
  return (await h.control.fleets()) as unknown as LiveFleet[];
}

async function tagsOf(client: AppStreamClient, arn: string): Promise<Record<string, string>> {
  const tags: Record<string, string> = { ...((await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }))).Tags ?? {}) };
  // The provider's ownership tag (provider/fleet/provider.ts OWNER_TAG) is not the program's.
  delete tags[OWNER_TAG];
  return tags;
}

/**
 * THE invariants. `state` is every fleet Pulumi's state holds (from the provider-level stack or
 * the engine's exported deployment); `programs` the program's inputs per fleet id.
 * strict: after a successful operation (or after the user's recovery step).
 * !strict: right after a failure: nothing lost or orphaned, and state's record equals AWS.
 */
export async function checkInvariants(
  h: Pick<Harness, "control"> & { client: AppStreamClient },
  state: StateEntry[],
  opts: { strict: boolean },
): Promise<Violations> {
  const live = await liveFleets(h);
  const liveByName = new Map(live.map((f) => [f.Name, f]));
  const ids = new Set(state.map((s) => s.id));
  const v: Violations = { lost: [], orphaned: [], wrong: [] };
  for (const s of state) if (!liveByName.has(s.id)) v.lost.push(s.id);
  for (const f of live) if (!ids.has(f.Name)) v.orphaned.push(f.Name);
  for (const s of state) {
    const f = liveByName.get(s.id);
    if (s.pendingDelete) {
      if (opts.strict) v.wrong.push(`${s.id}: replaced, still pending deletion`);
      continue;
    }
    if (!f) continue;
    const tags = await tagsOf(h.client, f.Arn);
    if (opts.strict) {
      if (f.State === "STARTING" || f.State === "STOPPING") v.wrong.push(`${s.id}: left ${f.State}`);
      const desired = s.inputs.desiredState ?? "RUNNING";
      if (f.State !== desired) v.wrong.push(`${s.id}: ${f.State}, desiredState ${desired}`);
      for (const d of configDiff(s.inputs, f, tags)) v.wrong.push(`${s.id}: program ${d}`);
    } else {
      // The record must be truthful: the outputs state holds are what AWS has.
      const rec = s.outputs ?? {};
      const recorded: Inputs = {
        instanceType: rec.instanceType,
        displayName: rec.displayName,
        computeCapacity: rec.computeCapacity,
        vpcConfig: rec.vpcConfig,
        tags: rec.tags,
      };
      if (rec.instanceType === undefined) v.wrong.push(`${s.id}: state holds no record of the fleet`);
      else for (const d of configDiff(recorded, f, rec.tags !== undefined ? tags : undefined)) v.wrong.push(`${s.id}: state record ${d}`);
    }
  }
  return v;
}

export const violationCount = (v: Violations) => v.lost.length + v.orphaned.length + v.wrong.length;

// ---------------------------------------------------------------------------------------------
// Result recording for scripts/reliability.ts (the record's shape: tools/reliability-results.ts)

export const RESULTS_FILE = process.env.RELIABILITY_RESULTS ?? path.resolve(__dirname, "..", "..", ".cache", "reliability", `results-${process.pid}.jsonl`);

export function record(r: ScenarioResult): void {
  fs.mkdirSync(path.dirname(RESULTS_FILE), { recursive: true });
  fs.appendFileSync(RESULTS_FILE, JSON.stringify(r) + "\n");
}

/** Asserts no violation and that every fault fired (unless said why not), recording first so the report shows failures too. */
export function recordAndAssert(base: Omit<ScenarioResult, "lost" | "orphaned" | "wrong">, vs: Violations[]): void {
  const all: Violations = { lost: vs.flatMap((v) => v.lost), orphaned: vs.flatMap((v) => v.orphaned), wrong: vs.flatMap((v) => v.wrong) };
  record({ ...base, lost: all.lost.length, orphaned: all.orphaned.length, wrong: all.wrong.length, details: [...all.lost.map((x) => `lost ${x}`), ...all.orphaned.map((x) => `orphaned ${x}`), ...all.wrong] });
  assert.equal(violationCount(all), 0, `invariants violated in "${base.scenario}": ${JSON.stringify(all)}`);
  assert.ok(!unexpectedlyUnfired(base), `faults that never fired in "${base.scenario}": ${(base.unfired ?? []).join(", ")}`);
}

// ---------------------------------------------------------------------------------------------
// Faults

export type FaultSpec = Record<string, unknown>;

export const faultLabel = (s: FaultSpec): string =>
  s.type === "startFailure"
    ? "startFailure"
    : s.type === "describeLag"
      ? `describeLag ${s.seconds}s`
      : `${s.operation} ${s.throttle ? "throttle" : s.dropConnection ? "drop" : s.httpStatus === 500 ? "500" : s.errorCode ?? "?"}${(s.count as number) > 1 ? ` x${s.count}` : ""}`;

/** Queues the faults in the emulator; returns their ids (for `fired`). */
export async function inject(h: Pick<Harness, "control">, specs: FaultSpec[]): Promise<number[]> {
  const ids: number[] = [];
  for (const s of specs) ids.push(await h.control.fault(s as unknown as EmulatorFaultSpec));
  return ids;
}

/** A fault as the emulator's history reports it. */
type FaultRecord = FaultSpec & { id: number; fired: number; count?: number; pending: boolean };

/**
 * What these faults really did, as the emulator counted it (its fault history, which
 * keeps used-up and withdrawn faults until the next reset): the firings, and the labels of the
 * faults that never fired.
 */
export async function fired(h: Pick<Harness, "control">, ids: number[]): Promise<{ fired: number; unfired: string[]; detail: string[] }> {
  const history = (await h.control.faultHistory()) as unknown as FaultRecord[];
  const mine = ids.map((id) => {
    const f = history.find((x) => x.id === id);
    if (!f) throw new Error(`fault ${id} is not in the emulator's history (reset since it was added?)`);
    return f;
  });
  return {
    fired: mine.reduce((n, f) => n + f.fired, 0),
    unfired: mine.filter((f) => f.fired === 0).map(faultLabel),
    detail: mine.map((f) => `${faultLabel(f)}: fired ${f.fired}${f.count !== undefined ? `/${f.count}` : ""}`),
  };
}

/** Calls refused with ThrottlingException since `sinceSeq` (throttling by configuration fires as these). */
export async function throttledCalls(h: Pick<Harness, "control">, sinceSeq = 0): Promise<number> {
  const calls = await h.control.calls(sinceSeq);
  return calls.filter((c) => c.errorCode === "ThrottlingException").length;
}

// The provider-level engine stand-in (Stack) and CheckError live in ../support/engine-stand-in.ts,
// shared with the integration tests.
export { baseFleet, CheckError, Stack } from "../support/engine-stand-in";


/** Words a failure message must carry: what happened (the fleet, the step) and what to do. */
export const ACTIONABLE = /(pulumi (up|refresh)|run .*again|raise the Fleet's `timeouts`|started again|set `|Disassociate|FleetErrors|failed to start|use updateStrategy)/i;

