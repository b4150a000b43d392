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
import { associatedStacksMessage } from "../aws/errors";
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
  /** The state the stack recorded at its last update or refresh (to tell a change made outside Pulumi). */
  recordedState?: string;
}

/** RUNNING or STOPPED: where a fleet in transition is heading. */
export function stableState(state: string): "RUNNING" | "STOPPED" {
  return state === "RUNNING" || state === "STARTING" ? "RUNNING" : "STOPPED";
}

/** "stopped" or "started" when the live state contradicts the state the stack recorded (a change made outside Pulumi). */
function changedOutside(liveState: string | undefined, recordedState: string | undefined): "stopped" | "started" | undefined {
  if (liveState === undefined || recordedState === undefined || stableState(liveState) === stableState(recordedState)) return undefined;
  return stableState(liveState) === "STOPPED" ? "stopped" : "started";
}

/**
 * The fleet is not in the state the program asks for (stopped or started outside Pulumi): in
 * words, with what `up` will do, for the preview's warning and the planned action. Undefined when
 * it is where the program wants it.
 */
export function driftNote(name: string, liveState: string | undefined, desired: "RUNNING" | "STOPPED", recordedState?: string): string | undefined {
  if (liveState === undefined || stableState(liveState) === desired) return undefined;
  const how = changedOutside(liveState, recordedState);
  const outside = how !== undefined ? ` (${how} outside Pulumi: the stack's state says ${recordedState})` : "";
  return `fleet ${name} is ${liveState}${outside} but the program says desiredState ${desired}: \`pulumi up\` will ${desired === "RUNNING" ? "start" : "stop"} it`;
}

/**
 * What AWS answers to DeleteFleet while the fleet is associated with stacks, with the commands that
 * disassociate it (each complete, region included): the message of delete and of a preview of a
 * replacement.
 */
export function stackAssociationMessage(name: string, stacks: readonly string[], region: string): string {
  return `deleting AppStream fleet ${name}: ${associatedStacksMessage(name, stacks, region)}`;
}

/** "; 3 users are streaming now and will be disconnected" (or nobody), "" when not counted. */
export function streaming(n: number | undefined): string {
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

/** "; it was stopped outside Pulumi (...)" when the live state contradicts the stack's record. */
function outsideNote(f: PreviewFacts): string {
  const how = changedOutside(f.liveState, f.recordedState);
  return how === undefined ? "" : `; it was ${how} outside Pulumi (it is ${f.liveState} now, the stack's state says ${f.recordedState})`;
}

/**
 * The planned action of an update: the program changed, or the fleet is not in the state the
 * program asks for (stopped or started outside Pulumi; then `changes` is empty and the action is
 * a start or a stop).
 */
export function plannedAction(f: PreviewFacts): PlannedAction {
  const running = f.liveState === "RUNNING" || f.liveState === "STARTING";
  const { desiredState: desired, updateStrategy: strategy } = resolveDefaults(f.news);
  const removes = removalsInWords(f.changes);
  const base = { version: 1 as const, fleet: f.name, removes, liveState: f.liveState, activeSessions: running ? f.activeSessions : undefined, drain: drainOf(f.news) };
  const warning = previewWarnings(f)[0];
  const removing = (removes.length > 0 ? `; REMOVES ${removes.join(", ")}` : "") + outsideNote(f);
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

/**
 * The longest line of the `plannedAction` input. Pulumi's diff display cuts a string property
 * after 150 bytes or 3 lines (`truncatePropertyString` in pkg/backend/display/object_diff.go,
 * unless `--show-full-output`), but prints every element of a list: so the plan goes in as a list
 * of lines, none longer than this.
 */
export const PLANNED_ACTION_LINE_BYTES = 120;

const bytes = (s: string) => Buffer.byteLength(s, "utf8");

/** Splits `text` after one of `seps` (kept at the end of the piece), or returns undefined. */
function splitAfter(text: string, sep: string): string[] | undefined {
  const parts = text.split(sep);
  if (parts.length < 2) return undefined;
  return parts.map((p, i) => (i < parts.length - 1 ? p + sep.trimEnd() : p));
}

/**
 * `text` as lines of at most `max` bytes, broken at clause boundaries ("; "), then list
 * separators (", "), then spaces; a word longer than a line is cut into pieces. Nothing is
 * dropped: the lines joined with single spaces give the text back.
 */
export function wrapText(text: string, max: number = PLANNED_ACTION_LINE_BYTES): string[] {
  if (bytes(text) <= max) return [text];
  for (const sep of ["; ", ", ", " "]) {
    const pieces = splitAfter(text, sep);
    if (pieces === undefined) continue;
    const lines: string[] = [];
    let current = "";
    for (const piece of pieces.flatMap((p) => wrapText(p, max))) {
      const joined = current === "" ? piece : `${current} ${piece}`;
      if (bytes(joined) <= max) current = joined;
      else {
        if (current !== "") lines.push(current);
        current = piece;
      }
    }
    if (current !== "") lines.push(current);
    return lines;
  }
  // One word longer than a line (a long ARN): cut it by characters.
  const lines: string[] = [];
  let current = "";
  for (const ch of text) {
    if (bytes(current + ch) > max) {
      lines.push(current);
      current = "";
    }
    current += ch;
  }
  if (current !== "") lines.push(current);
  return lines;
}

/**
 * The `plannedAction` input: the plan in lines that no preview display cuts (see
 * PLANNED_ACTION_LINE_BYTES). Joined with spaces they are plannedActionLine(a).
 */
export function plannedActionLines(a: PlannedAction): string[] {
  return wrapText(plannedActionLine(a));
}

/** The plan in one line: the action's label and the summary. */
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
