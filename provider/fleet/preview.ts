/**
 * What a preview tells the person reviewing it, rendered from the plan (plan.ts) and the facts
 * check() read (the fleet's state, the users streaming now, the state the stack recorded). Pure;
 * nothing here decides what `up` will do: the plan did.
 *
 * The same plan comes out in two forms: the warning lines (diagnostics, under the fleet in
 * `pulumi preview`) and a PlannedAction record, which check() puts into the fleet's inputs of a
 * preview (the `plannedAction` lines that `pulumi preview --diff` prints on stdout, and
 * `__plannedAction`, the structured record in `pulumi preview --json` that
 * `appstream-preview-summary` reads).
 */
import { associatedStacksMessage } from "../aws/errors";
import { Changes } from "./diff";
import { DrainModeCounts, drainModeWords } from "./drain-mode";
import { awsOperations, changedOutside, FleetPlan, MutatingOperation, stableState, stepsInWords } from "./plan";
import { PROPERTIES, ManagedProperty, FleetAttribute } from "./properties";


/** What `pulumi up` will do to a fleet. */
export const PLANNED_ACTIONS = ["create", "adopt", "live-update", "stop-update-start", "replace", "refuse", "start", "stop", "none"] as const;
export type PlannedActionKind = (typeof PLANNED_ACTIONS)[number];

/** The structured plan of one fleet, as stored under `__plannedAction` (version 1). */
export interface PlannedAction {
  version: 1;
  /** The AppStream fleet name. */
  fleet: string;
  action: PlannedActionKind;
  /**
   * The mutating AWS calls `pulumi up` will make, in order, by AWS operation name ("StopFleet",
   * "UpdateFleet", "StartFleet", "CreateFleet", "DeleteFleet", "TagResource", "UntagResource").
   * Added within version 1: a record without it was written by an earlier version.
   */
  steps?: MutatingOperation[];
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

/** What check() read beside the plan. */
export interface PreviewFacts {
  /** The fleet's live state as AWS reports it (STARTING, RUNNING, ...), when it could be read. */
  liveState?: string;
  /** Users streaming from the fleet now (its own ComputeCapacityStatus), when it could be read. */
  streaming?: number;
  /** Of them, those on instances in drain mode after an image change (ComputeCapacityStatus's DrainMode* counts). */
  drainMode?: DrainModeCounts;
  /** The state the stack recorded at its last update or refresh (to tell a change made outside Pulumi). */
  recordedState?: string;
  /** An adoption of the fleet this very resource created in an earlier, interrupted update. */
  takeover?: boolean;
}

/**
 * What AWS answers to DeleteFleet while the fleet is associated with stacks, with the commands that
 * disassociate it (each complete, region included): the message of delete and of a preview of a
 * replacement.
 */
export function stackAssociationMessage(name: string, stacks: readonly string[], region: string): string {
  return `deleting AppStream fleet ${name}: ${associatedStacksMessage(name, stacks, region)}`;
}

/**
 * "; 3 users are streaming now and will be disconnected" (or nobody), "" when not counted; with
 * how many of them are on instances in drain mode (drain-mode.ts), when some are.
 */
export function streaming(n: number | undefined, drainMode?: DrainModeCounts): string {
  if (n === undefined) return "";
  if (n === 0) return "; no users are streaming now";
  return `; ${n} user${n === 1 ? " is" : "s are"} streaming now and will be disconnected${drainModeWords(drainMode)}`;
}

/** Who a stop disconnects, in words, from the users streaming now (and those of them in drain mode). */
export function disconnected(n: number | undefined, drainMode?: DrainModeCounts): string {
  if (n === undefined) return "everyone streaming is disconnected (the session count could not be read)";
  return n === 0 ? "nobody is streaming now" : `${n} user${n === 1 ? "" : "s"} streaming now will be disconnected${drainModeWords(drainMode)}`;
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

/** Whether `up` stops the running fleet (or would, were it not refused): then the users streaming count. */
function stopsRunningFleet(plan: FleetPlan): boolean {
  return plan.live === "RUNNING" && (plan.steps.some((s) => s.op === "stop") || plan.forcingStop.length > 0);
}

/** The users streaming, where the plan interrupts them (undefined otherwise, or when not read). */
function interrupted(plan: FleetPlan, facts: PreviewFacts): number | undefined {
  return stopsRunningFleet(plan) ? facts.streaming : undefined;
}

/** The drain setting a planned action records. */
function drainOf(plan: FleetPlan): PlannedAction["drain"] {
  const d = plan.settings.drain;
  return d === undefined ? undefined : { timeoutSeconds: d.timeoutSeconds, onTimeout: d.onTimeout };
}

function drainText(plan: FleetPlan): string {
  const d = plan.settings.drain;
  if (d === undefined) return "";
  const then = d.onTimeout === "fail" ? "then fail without stopping" : "then stop anyway";
  return ` (the update first waits up to ${d.timeoutSeconds}s for sessions to end, ${then})`;
}

/**
 * The fleet is not in the state the program asks for (stopped or started outside Pulumi, or the
 * program changed desiredState): in words, with what `up` will do. Undefined when it is where the
 * program wants it.
 */
export function driftNote(name: string, liveState: string | undefined, desired: "RUNNING" | "STOPPED", recordedState?: string): string | undefined {
  if (liveState === undefined || stableState(liveState) === desired) return undefined;
  const how = changedOutside(liveState, recordedState);
  const outside = how !== undefined ? ` (${how} outside Pulumi: the stack's state says ${recordedState})` : "";
  return `fleet ${name} is ${liveState}${outside} but the program says desiredState ${desired}: \`pulumi up\` will ${desired === "RUNNING" ? "start" : "stop"} it`;
}

/** "; it was stopped outside Pulumi (...)" when the live state contradicts the stack's record. */
function outsideNote(plan: FleetPlan, facts: PreviewFacts): string {
  return plan.outside === undefined ? "" : `; it was ${plan.outside} outside Pulumi (it is ${facts.liveState} now, the stack's state says ${facts.recordedState})`;
}

/** The warning of a change that interrupts someone (a replacement, a stop, a refusal), if any. */
function interruptionWarning(plan: FleetPlan, facts: PreviewFacts): string | undefined {
  const name = plan.fleet;
  const running = plan.live === "RUNNING";
  if (plan.kind === "replace") {
    const order = plan.replacement.deleteBeforeCreate
      ? "the old fleet is deleted first (same name), so nobody can stream until the new one runs"
      : "the new fleet is created and started before the old one is deleted";
    return `fleet ${name} will be REPLACED: ${plan.replacement.reasons.join("; ")}; ${order}${running ? streaming(facts.streaming, facts.drainMode) : ""}`;
  }
  if (!running) return undefined;
  const sessions = streaming(interrupted(plan, facts), facts.drainMode);
  if (plan.refusal !== undefined)
    return `the update of fleet ${name} will FAIL: it is ${facts.liveState ?? plan.live} and ${plan.forcingStop.join(", ")} can only change on a stopped fleet (updateStrategy "failIfRunning"); nothing will be changed`;
  const stop = plan.steps.find((s) => s.op === "stop");
  if (stop === undefined || stop.op !== "stop") return undefined;
  if (stop.reason === "update") {
    const restart = plan.settings.desiredState === "RUNNING" ? "stopped and restarted" : "stopped (desiredState STOPPED)";
    return `fleet ${name} will be ${restart} to change ${plan.forcingStop.join(", ")}${sessions}${drainText(plan)}`;
  }
  return `fleet ${name} will be stopped (desiredState STOPPED)${sessions}${drainText(plan)}`;
}

/** The adoption in one line (the preview's warning and the record's summary). */
function adoptionSummary(plan: FleetPlan, facts: PreviewFacts): string {
  const removes = removalsInWords(plan.changes);
  const then = plan.refusal ? `the update will fail: ${plan.refusal}` : plan.steps.length === 0 ? "it already matches the program" : `then: ${stepsInWords(plan.steps)}`;
  const why = facts.takeover ? "an earlier, interrupted update of this resource created it: this update takes it over" : "this update ADOPTS it instead of creating it";
  const stops = plan.steps.some((s) => s.op === "stop");
  const streamingNow = stops && plan.live === "RUNNING" ? `; ${disconnected(facts.streaming, facts.drainMode)}` : "";
  return `fleet ${plan.fleet} already exists (${facts.liveState}): ${why}; ${then}${streamingNow}${removes.length > 0 ? `; REMOVES ${removes.join(", ")}` : ""}`;
}

/**
 * The warning of what the program's change forces on the fleet (a replacement, a stop, a
 * refusal), if it interrupts someone.
 */
export function interruptionWarnings(plan: FleetPlan, facts: PreviewFacts): string[] {
  const c = plan.changes;
  const programForcesIt = plan.kind === "replace" || c.properties.length > 0 || c.behaviour.includes("desiredState");
  const w = programForcesIt ? interruptionWarning(plan, facts) : undefined;
  return w === undefined ? [] : [w];
}

/**
 * The preview's warnings about this plan: a fleet that is not where the program wants it (stopped
 * or started, outside Pulumi or by a new desiredState), a change that interrupts someone, an
 * adoption. Empty when the change interrupts nobody.
 */
export function previewWarnings(plan: FleetPlan, facts: PreviewFacts): string[] {
  if (plan.kind === "create") return [];
  if (plan.kind === "adopt") return [adoptionSummary(plan, facts)];
  const drift = plan.kind === "update" ? driftNote(plan.fleet, facts.liveState, plan.settings.desiredState, facts.recordedState) : undefined;
  return [...(drift !== undefined ? [drift + streaming(interrupted(plan, facts), facts.drainMode)] : []), ...interruptionWarnings(plan, facts)];
}

/** The planned action record of a plan (`__plannedAction`), from the plan and what check read. */
export function plannedAction(plan: FleetPlan, facts: PreviewFacts): PlannedAction {
  const name = plan.fleet;
  const steps = awsOperations(plan.steps);
  const removes = removalsInWords(plan.changes);
  if (plan.kind === "create") {
    const summary = `fleet ${name} will be ${plan.settings.desiredState === "RUNNING" ? "created and started" : "created (kept STOPPED)"}`;
    return { version: 1, fleet: name, action: "create", steps, properties: [], removes: [], interruption: "none", summary };
  }
  if (plan.kind === "adopt") {
    const stops = plan.steps.some((s) => s.op === "stop");
    const sessions = stops && plan.live === "RUNNING" ? facts.streaming : undefined;
    const updated = plan.steps.flatMap((s) => (s.op === "update" ? s.properties : []));
    return {
      version: 1,
      fleet: name,
      action: plan.refusal ? "refuse" : "adopt",
      steps,
      properties: plan.forcingStop.length > 0 ? plan.forcingStop : updated,
      removes,
      liveState: facts.liveState,
      ...(sessions !== undefined ? { activeSessions: sessions } : {}),
      ...(stops && plan.settings.drain !== undefined ? { drain: drainOf(plan) } : {}),
      interruption: stops ? `the fleet is stopped during the adoption; ${disconnected(sessions, facts.drainMode)}` : "none",
      summary: adoptionSummary(plan, facts),
    };
  }
  const running = plan.live === "RUNNING";
  const sessions = plan.kind === "replace" ? (running ? facts.streaming : undefined) : interrupted(plan, facts);
  const base = { version: 1 as const, fleet: name, steps, removes, liveState: facts.liveState, activeSessions: sessions, drain: drainOf(plan) };
  const warning = interruptionWarning(plan, facts);
  const removing = (removes.length > 0 ? `; REMOVES ${removes.join(", ")}` : "") + outsideNote(plan, facts);
  if (plan.kind === "replace") {
    const interruption = plan.replacement.deleteBeforeCreate ? `nobody can stream until the new fleet runs; ${disconnected(running ? facts.streaming : 0, facts.drainMode)}` : running ? disconnected(facts.streaming, facts.drainMode) : "none (the fleet is not running)";
    return { ...base, action: "replace", properties: [...plan.replacement.replaces], interruption, summary: warning ?? `fleet ${name} will be REPLACED` };
  }
  if (plan.refusal !== undefined) return { ...base, action: "refuse", properties: plan.forcingStop, interruption: "none (nothing will be changed)", summary: warning as string };
  const stop = plan.steps.find((s) => s.op === "stop");
  if (stop !== undefined && stop.op === "stop" && stop.reason === "update") {
    const interruption = plan.settings.desiredState === "RUNNING" ? `the fleet is stopped and started again; ${disconnected(sessions, facts.drainMode)}` : `the fleet is stopped; ${disconnected(sessions, facts.drainMode)}`;
    return { ...base, action: "stop-update-start", properties: plan.forcingStop, interruption, summary: warning + removing };
  }
  if (stop !== undefined)
    return { ...base, action: "stop", properties: ["desiredState", ...plan.changes.properties], interruption: `the fleet is stopped; ${disconnected(sessions, facts.drainMode)}`, summary: warning + removing };
  const changed = [...plan.changes.properties, ...(Object.keys(plan.changes.tagsToSet).length > 0 || plan.changes.tagsToRemove.length > 0 ? ["tags"] : [])];
  if (plan.steps.some((s) => s.op === "start"))
    return { ...base, action: "start", properties: changed, interruption: "none (the fleet is started)", summary: `fleet ${name} will be started${changed.length > 0 ? ` after ${changed.join(", ")} change` : ""}${removing}` };
  if (changed.length === 0 && removes.length === 0)
    return { ...base, action: "none", properties: [], interruption: "none", summary: `fleet ${name}: no change to the fleet (${plan.changes.behaviour.join(", ") || "provider settings"} only)` };
  return { ...base, action: "live-update", properties: changed, interruption: "none", summary: `fleet ${name}: ${changed.join(", ")} change${running ? " on the running fleet, nobody is disconnected" : " while the fleet is stopped"}${removing}` };
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
 * How the plugin door's planned action starts in the engine's log (an info message under the
 * fleet: `planned action: STOP-UPDATE-START: fleet web will be ...`), where
 * appstream-preview-summary finds it.
 */
export const PLANNED_ACTION_LOG_PREFIX = "planned action: ";

/**
 * The `plannedAction` input: the plan in lines that no preview display cuts (see
 * PLANNED_ACTION_LINE_BYTES). Joined with spaces they are plannedActionLine(a).
 */
export function plannedActionLines(a: PlannedAction): string[] {
  return wrapText(plannedActionLine(a));
}

/** Each action's label in the plan's line (`STOP-UPDATE-START: fleet web will be ...`). */
export const PLANNED_ACTION_LABELS: Readonly<Record<PlannedActionKind, string>> = {
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

/** The plan in one line: the action's label and the summary. */
export function plannedActionLine(a: PlannedAction): string {
  return `${PLANNED_ACTION_LABELS[a.action]}: ${a.summary}`;
}

/** The action and the summary of a plan's line (the reverse of plannedActionLine), if it is one. */
export function readPlannedActionLine(line: string): { action: PlannedActionKind; summary: string } | undefined {
  for (const action of PLANNED_ACTIONS) {
    const label = `${PLANNED_ACTION_LABELS[action]}: `;
    if (line.startsWith(label)) return { action, summary: line.slice(label.length) };
  }
  return undefined;
}
