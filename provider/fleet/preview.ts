/**
 * What a preview should tell the person reviewing it: which fleets a change will stop, replace or
 * refuse, why, and how many people are streaming from them right now. Pure: the caller gathers
 * the live state and the session count.
 *
 * The same facts come out in two forms: the warning lines (diagnostics, under the fleet in
 * `pulumi preview`) and a PlannedAction record, which check() puts into the fleet's inputs (the
 * `plannedAction` line that `pulumi preview --diff` prints on stdout, and `__plannedAction`, the
 * structured record in `pulumi preview --json` that `appstream-preview-summary` reads).
 */
import { Changes, propertiesNeedingStop, ReplaceDecision } from "./diff";
import { resolveDefaults, resolveDrain } from "./defaults";
import { PROPERTIES, ManagedProperty, FleetAttribute } from "./properties";
import { FleetInputs, FleetType } from "./types";

/** What `pulumi up` will do to a fleet. */
export const PLANNED_ACTIONS = ["create", "adopt", "live-update", "stop-update-start", "replace", "refuse", "start", "stop", "none"] as const;
export type PlannedActionKind = (typeof PLANNED_ACTIONS)[number];

/** The structured plan of one fleet, as stored under `__plannedAction` (version 1). */
export interface PlannedAction {
  version: 1;
  /** The AppStream fleet name. */
  fleet: string;
  action: PlannedActionKind;
  /** The properties behind the action: those forcing a stop or a replacement, else every changed one. */
  properties: string[];
  /** Settings the update deletes from the fleet ("vpcConfig (the fleet leaves its VPC)", "tag owner"). */
  removes: string[];
  /** The fleet's state now, when it could be read. */
  liveState?: string;
  /** ACTIVE streaming sessions on the fleet's stacks now, when they could be counted. */
  activeSessions?: number;
  /** The drain setting that applies before a stop. */
  drain?: { timeoutSeconds: number; onTimeout: "stop" | "fail" };
  /** Who is interrupted, in words ("none" when nobody). */
  interruption: string;
  /** One line for people: the preview warning, or what happens when nothing is interrupted. */
  summary: string;
}

export interface PreviewFacts {
  name: string;
  changes: Changes;
  replace: ReplaceDecision;
  deleteBeforeReplace: boolean;
  news: FleetInputs;
  fleetType: FleetType;
  /** The fleet's live state, when it could be read. */
  liveState?: string;
  /** ACTIVE streaming sessions on the fleet's stacks, when they could be counted. */
  activeSessions?: number;
}

function streaming(n: number | undefined): string {
  if (n === undefined) return "";
  if (n === 0) return "; no users are streaming now";
  return `; ${n} user${n === 1 ? " is" : "s are"} streaming now and will be disconnected`;
}

function drainText(news: FleetInputs): string {
  const d = resolveDrain(news.drain);
  if (d === undefined) return "";
  const then = d.onTimeout === "fail" ? "then fail without stopping" : "then stop anyway";
  return ` (the update first waits up to ${d.timeoutSeconds}s for sessions to end, ${then})`;
}

/** Warnings for the preview; empty when the change interrupts nobody. */
export function previewWarnings(f: PreviewFacts): string[] {
  const out: string[] = [];
  const running = f.liveState === "RUNNING" || f.liveState === "STARTING";
  if (f.replace.replaces.length > 0) {
    const order = f.deleteBeforeReplace
      ? "the old fleet is deleted first (same name), so nobody can stream until the new one runs"
      : "the new fleet is created and started before the old one is deleted";
    out.push(`fleet ${f.name} will be REPLACED: ${f.replace.reasons.join("; ")}; ${order}${running ? streaming(f.activeSessions) : ""}`);
    return out;
  }
  if (!running) return out;
  const stopping = propertiesNeedingStop(f.changes.properties, f.fleetType);
  const strategy = f.news.updateStrategy ?? "stopStart";
  const desired = f.news.desiredState ?? "RUNNING";
  if (stopping.length > 0 && strategy === "failIfRunning") {
    out.push(`the update of fleet ${f.name} will FAIL: it is ${f.liveState} and ${stopping.join(", ")} can only change on a stopped fleet (updateStrategy "failIfRunning"); nothing will be changed`);
  } else if (stopping.length > 0) {
    const restart = desired === "RUNNING" ? "stopped and restarted" : "stopped (desiredState STOPPED)";
    out.push(`fleet ${f.name} will be ${restart} to change ${stopping.join(", ")}${streaming(f.activeSessions)}${drainText(f.news)}`);
  } else if (desired === "STOPPED") {
    out.push(`fleet ${f.name} will be stopped (desiredState STOPPED)${streaming(f.activeSessions)}${drainText(f.news)}`);
  }
  return out;
}

/** The settings an update deletes, in words: "vpcConfig (the fleet leaves its VPC)", "tag owner". */
export function removalsInWords(changes: Changes): string[] {
  const out: string[] = [];
  for (const attribute of changes.removals) {
    const p = (Object.keys(PROPERTIES) as ManagedProperty[]).find((k) => {
      const r = PROPERTIES[k].removal;
      return r !== "awsKeepsValue" && r.attribute === attribute;
    });
    const r = p ? PROPERTIES[p].removal : "awsKeepsValue";
    if (p && r !== "awsKeepsValue") out.push(`${p} (${r.effect})`);
    else if (attribute === ("VPC_CONFIGURATION_SECURITY_GROUP_IDS" as FleetAttribute)) out.push("vpcConfig.securityGroupIds (the fleet's security groups)");
  }
  for (const k of changes.tagsToRemove) out.push(`tag ${k}`);
  return out;
}

/** The drain setting a planned action records (the defaults filled in). */
export function drainOf(news: FleetInputs): PlannedAction["drain"] {
  const d = resolveDrain(news.drain);
  return d === undefined ? undefined : { timeoutSeconds: d.timeoutSeconds, onTimeout: d.onTimeout };
}

/** Who a stop disconnects, in words, from the users streaming now. */
export function disconnected(n: number | undefined): string {
  if (n === undefined) return "everyone streaming is disconnected (the session count could not be read)";
  return n === 0 ? "nobody is streaming now" : `${n} user${n === 1 ? "" : "s"} streaming now will be disconnected`;
}

/** The planned action of an update (the fleet exists and the program changed). */
export function plannedAction(f: PreviewFacts): PlannedAction {
  const running = f.liveState === "RUNNING" || f.liveState === "STARTING";
  const { desiredState: desired, updateStrategy: strategy } = resolveDefaults(f.news);
  const removes = removalsInWords(f.changes);
  const base = { version: 1 as const, fleet: f.name, removes, liveState: f.liveState, activeSessions: running ? f.activeSessions : undefined, drain: drainOf(f.news) };
  const warning = previewWarnings(f)[0];
  const removing = removes.length > 0 ? `; REMOVES ${removes.join(", ")}` : "";
  if (f.replace.replaces.length > 0) {
    const interruption = f.deleteBeforeReplace ? `nobody can stream until the new fleet runs; ${disconnected(running ? f.activeSessions : 0)}` : running ? disconnected(f.activeSessions) : "none (the fleet is not running)";
    return { ...base, action: "replace", properties: [...f.replace.replaces], interruption, summary: warning ?? `fleet ${f.name} will be REPLACED` };
  }
  const stopping = running ? propertiesNeedingStop(f.changes.properties, f.fleetType) : [];
  if (stopping.length > 0 && strategy === "failIfRunning")
    return { ...base, action: "refuse", properties: stopping, interruption: "none (nothing will be changed)", summary: warning };
  if (stopping.length > 0) {
    const interruption = desired === "RUNNING" ? `the fleet is stopped and started again; ${disconnected(f.activeSessions)}` : `the fleet is stopped; ${disconnected(f.activeSessions)}`;
    return { ...base, action: "stop-update-start", properties: stopping, interruption, summary: warning + removing };
  }
  if (running && desired === "STOPPED")
    return { ...base, action: "stop", properties: ["desiredState", ...f.changes.properties], interruption: `the fleet is stopped; ${disconnected(f.activeSessions)}`, summary: warning + removing };
  const changed = [...f.changes.properties, ...(Object.keys(f.changes.tagsToSet).length > 0 || f.changes.tagsToRemove.length > 0 ? ["tags"] : [])];
  if (!running && desired === "RUNNING" && f.liveState !== undefined)
    return { ...base, action: "start", properties: changed, interruption: "none (the fleet is started)", summary: `fleet ${f.name} will be started${changed.length > 0 ? ` after ${changed.join(", ")} change` : ""}${removing}` };
  if (changed.length === 0 && removes.length === 0)
    return { ...base, action: "none", properties: [], interruption: "none", summary: `fleet ${f.name}: no change to the fleet (${f.changes.behaviour.join(", ") || "provider settings"} only)` };
  return { ...base, action: "live-update", properties: changed, interruption: "none", summary: `fleet ${f.name}: ${changed.join(", ")} change${running ? " on the running fleet, nobody is disconnected" : " while the fleet is stopped"}${removing}` };
}

/** The line `pulumi preview --diff` shows under the fleet (the `plannedAction` input). */
export function plannedActionLine(a: PlannedAction): string {
  const label: Record<PlannedActionKind, string> = {
    create: "CREATE",
    adopt: "ADOPT",
    "live-update": "LIVE UPDATE",
    "stop-update-start": "STOP-UPDATE-START",
    replace: "REPLACE",
    refuse: "REFUSED",
    start: "START",
    stop: "STOP",
    none: "NO FLEET CHANGE",
  };
  return `${label[a.action]}: ${a.summary}`;
}
