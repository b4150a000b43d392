/**
 * The fleets of a `pulumi preview --json` and what `pulumi up` will do to each (markdown.ts writes
 * them for a pull request), and `--fail-on`. Pure: text in, text out; the CLI (cli.ts) reads the
 * input and sets the exit code.
 *
 * It reads the structured record the provider's check() puts into each Fleet's inputs
 * (`__plannedAction`, PlannedAction in ../fleet/preview.ts; present in the preview's
 * `steps[].newState.inputs`), never the English of the warnings. A delete has no check: it is
 * recognised from the step's op (`delete`, or `delete-replaced` for the old fleet of a
 * replacement) and the resource type, with the fleet's name and state from `oldState.outputs`.
 */
import { PLANNED_ACTION_LOG_PREFIX, PLANNED_ACTIONS, PlannedAction, PlannedActionKind, readPlannedActionLine } from "../fleet/preview";
import { awsOperations, planDelete, stableState } from "../fleet/plan";
import { FLEET_TYPE, FLEET_TYPES } from "../fleet/tokens";

export { FLEET_TYPE, FLEET_TYPES };

/** A fleet's planned action in the summary: the provider's kinds, plus delete and unknown. */
export type SummaryAction = PlannedActionKind | "delete" | "unknown";
export const SUMMARY_ACTIONS: readonly SummaryAction[] = [...PLANNED_ACTIONS, "delete", "unknown"];

export interface FleetRow {
  /** The resource name in the program (the last part of the URN). */
  resource: string;
  /** The AppStream fleet name. */
  fleet: string;
  action: SummaryAction;
  /** The engine's operation(s) for this resource: update, create, replace, delete... */
  ops: string[];
  /** The mutating AWS calls `pulumi up` will make, in order (the planned action's `steps`; absent in a record of an earlier version). */
  steps?: string[];
  properties: string[];
  removes: string[];
  liveState?: string;
  activeSessions?: number;
  drain?: PlannedAction["drain"];
  /** Who is interrupted, in the provider's words ("none..." when nobody). */
  interruption: string;
  /** Whether anyone streaming (or about to stream) loses the fleet. */
  interrupts: boolean;
  /** The provider's one line for people (or ours, for delete and unknown). */
  summary: string;
  /** The plan came as the plugin door logs it (its line, no record): the users streaming and the drain are in `summary` only. */
  fromLog?: true;
}

export interface PreviewSummary {
  /** The stack and project, from the URNs, when there are any. */
  stack?: string;
  project?: string;
  fleets: FleetRow[];
  /** Error diagnostics of the preview (a preview that failed still prints its JSON). */
  errors: { resource?: string; message: string }[];
}

/** Input that is not the output of `pulumi preview --json`. */
export class PreviewInputError extends Error {}

const isRecord = (v: unknown): v is Record<string, any> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Ops that do nothing to a fleet (reads of Fleet.get, and resources left as they are). */
const NO_OP = new Set(["same", "read", "read-replacement", "refresh", "discard", "discard-replaced", "remove-pending-replace", "diff"]);
const DELETES = new Set(["delete", "delete-replaced"]);
/** Ops of a replacement (a preview shows one `replace` step; an update shows all three). */
const REPLACES = new Set(["replace", "create-replacement", "delete-replaced"]);

/** "none", or "none (...)": the provider's words for nobody interrupted (PlannedAction.interruption). */
const interruptsNobody = (interruption: string) => interruption === "none" || interruption.startsWith("none ");

function urnParts(urn: string): { stack?: string; project?: string; name: string } {
  const parts = urn.split("::");
  const m = /^urn:pulumi:(.+)$/.exec(parts[0] ?? "");
  return { stack: m?.[1], project: parts[1], name: parts[parts.length - 1] ?? urn };
}

function plannedActionOf(step: Record<string, any>): unknown {
  const inputs = step.newState?.inputs;
  return isRecord(inputs) ? inputs.__plannedAction : undefined;
}

/** A `__plannedAction` this reader understands (version 1), else why not. */
function readRecord(v: unknown): PlannedAction | string {
  if (!isRecord(v)) return "no planned action";
  if (v.version !== 1) return `planned action version ${JSON.stringify(v.version)} is not understood by this appstream-preview-summary (it reads version 1); upgrade the package`;
  if (typeof v.fleet !== "string" || !(PLANNED_ACTIONS as readonly unknown[]).includes(v.action)) return "malformed planned action (fleet or action missing)";
  return {
    version: 1,
    fleet: v.fleet,
    action: v.action,
    ...(Array.isArray(v.steps) ? { steps: v.steps.map(String) as PlannedAction["steps"] } : {}),
    properties: Array.isArray(v.properties) ? v.properties.map(String) : [],
    removes: Array.isArray(v.removes) ? v.removes.map(String) : [],
    liveState: typeof v.liveState === "string" ? v.liveState : undefined,
    activeSessions: typeof v.activeSessions === "number" ? v.activeSessions : undefined,
    drain: isRecord(v.drain) && typeof v.drain.timeoutSeconds === "number" ? { timeoutSeconds: v.drain.timeoutSeconds, onTimeout: v.drain.onTimeout === "fail" ? "fail" : "stop" } : undefined,
    interruption: typeof v.interruption === "string" ? v.interruption : "",
    summary: typeof v.summary === "string" ? v.summary : "",
  };
}

function fromRecord(resource: string, ops: string[], a: PlannedAction): FleetRow {
  return {
    resource,
    fleet: a.fleet,
    action: a.action,
    ops,
    ...(a.steps !== undefined ? { steps: [...a.steps] } : {}),
    properties: a.properties,
    removes: a.removes,
    liveState: a.liveState,
    activeSessions: a.activeSessions,
    drain: a.drain,
    interruption: a.interruption,
    interrupts: a.interruption !== "" && !interruptsNobody(a.interruption),
    summary: a.summary,
  };
}

function deleteRow(resource: string, ops: string[], old: Record<string, any> | undefined): FleetRow {
  const outputs = isRecord(old?.outputs) ? old!.outputs : {};
  const inputs = isRecord(old?.inputs) ? old!.inputs : {};
  const fleet = typeof outputs.name === "string" ? outputs.name : typeof inputs.name === "string" ? inputs.name : resource;
  const state = typeof outputs.state === "string" ? outputs.state : undefined;
  const running = state === undefined || state === "RUNNING" || state === "STARTING";
  const interruption = running ? `the fleet is stopped and deleted; everyone streaming from it is disconnected${state === undefined ? " (its state is not in the stack)" : ""}` : `none (the fleet is ${state})`;
  // The delete's plan (plan.ts): stopped first if it runs. Unknown when the stack holds no state.
  const steps = state === undefined ? {} : { steps: awsOperations(planDelete(stableState(state))) };
  return { resource, fleet, action: "delete", ops, ...steps, properties: [], removes: [], liveState: state, interruption, interrupts: running, summary: `fleet ${fleet} will be deleted${state ? ` (it is ${state} as of the last update or refresh)` : ""}` };
}

/** Plans that stop or delete a fleet: whoever streams from it is interrupted (when it runs). */
const INTERRUPTING: ReadonlySet<SummaryAction> = new Set(["stop-update-start", "stop", "replace"]);

/**
 * A fleet whose planned action came as the plugin door logs it (its line, no record): the action
 * and the summary; what only the record carries (properties, removals, users streaming, drain)
 * is in the summary's words.
 */
function logRow(resource: string, ops: string[], plan: { action: PlannedActionKind; summary: string }): FleetRow {
  const fleet = /^(?:the update of )?fleet ([A-Za-z0-9_.-]+)/.exec(plan.summary)?.[1] ?? resource;
  const interrupts = INTERRUPTING.has(plan.action) || (plan.action === "adopt" && /[:,] stop\b/.test(plan.summary));
  return { resource, fleet, action: plan.action, ops, properties: [], removes: [], interruption: interrupts ? "see the summary" : "none", interrupts, summary: plan.summary, fromLog: true };
}

/** Parses the stdout of `pulumi preview --json`; throws PreviewInputError for anything else. */
export function parsePreview(text: string): PreviewSummary {
  if (text.trim() === "")
    throw new PreviewInputError("the input is empty: expected the output of `pulumi preview --json` (when `pulumi preview` fails before it prints anything, its error is on its stderr)");
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new PreviewInputError(`the input is not JSON (${(e as Error).message}): expected the output of \`pulumi preview --json\` (without --diff or other text around it)`);
  }
  if (!isRecord(doc)) throw new PreviewInputError("the input is JSON but not an object: expected the output of `pulumi preview --json`");
  const looksLikePreview = "steps" in doc || "changeSummary" in doc || "diagnostics" in doc || "duration" in doc;
  if (!looksLikePreview) {
    const hint = "deployment" in doc ? " (this looks like `pulumi stack export`)" : "";
    throw new PreviewInputError(`the input is not the output of \`pulumi preview --json\`: it has none of steps, changeSummary, diagnostics${hint}`);
  }
  const steps: unknown = doc.steps ?? [];
  if (!Array.isArray(steps)) throw new PreviewInputError("steps must be an array in the output of `pulumi preview --json`");
  if (doc.diagnostics !== undefined && !Array.isArray(doc.diagnostics)) throw new PreviewInputError("diagnostics must be an array in the output of `pulumi preview --json`");

  // The plugin door's planned action: an info message under the fleet (it puts none into the inputs).
  const loggedPlans = new Map<string, { action: PlannedActionKind; summary: string }>();
  for (const d of (doc.diagnostics as unknown[]) ?? []) {
    if (!isRecord(d) || d.severity !== "info" || typeof d.message !== "string" || typeof d.urn !== "string") continue;
    const text = errorText(d.message).replace(/^info:\s*/, "");
    const plan = text.startsWith(PLANNED_ACTION_LOG_PREFIX) ? readPlannedActionLine(text.slice(PLANNED_ACTION_LOG_PREFIX.length)) : undefined;
    if (plan !== undefined) loggedPlans.set(d.urn, plan);
  }

  const byUrn = new Map<string, Record<string, any>[]>();
  let stack: string | undefined;
  let project: string | undefined;
  steps.forEach((s, i) => {
    if (!isRecord(s) || typeof s.op !== "string" || typeof s.urn !== "string") throw new PreviewInputError(`steps[${i}] has no op or urn: not the output of \`pulumi preview --json\``);
    const u = urnParts(s.urn);
    stack ??= u.stack;
    project ??= u.project;
    const type = s.newState?.type ?? s.oldState?.type;
    if (!FLEET_TYPES.includes(type) && plannedActionOf(s) === undefined) return;
    if (!byUrn.has(s.urn)) byUrn.set(s.urn, []);
    byUrn.get(s.urn)!.push(s);
  });

  const fleets: FleetRow[] = [];
  for (const [urn, group] of byUrn) {
    const ops = group.map((s) => s.op as string);
    if (ops.every((op) => NO_OP.has(op))) continue;
    const resource = urnParts(urn).name;
    const withRecord = group.find((s) => plannedActionOf(s) !== undefined && !DELETES.has(s.op));
    if (withRecord) {
      const rec = readRecord(plannedActionOf(withRecord));
      if (typeof rec !== "string" && ops.some((op) => REPLACES.has(op)) && rec.action !== "replace") {
        fleets.push(replacementRow(resource, ops, group, rec));
        continue;
      }
      if (typeof rec !== "string") {
        fleets.push(fromRecord(resource, ops, rec));
        continue;
      }
      fleets.push(unknownRow(resource, ops, withRecord, rec));
      continue;
    }
    if (ops.every((op) => DELETES.has(op) || NO_OP.has(op))) {
      fleets.push(deleteRow(resource, ops, group.find((s) => DELETES.has(s.op))!.oldState));
      continue;
    }
    const logged = loggedPlans.get(urn);
    if (logged !== undefined) {
      fleets.push(logRow(resource, ops, logged));
      continue;
    }
    fleets.push(unknownRow(resource, ops, group.find((s) => !NO_OP.has(s.op))!, "the preview could not ask AWS about this fleet (see the preview's warnings)"));
  }

  fleets.sort((a, b) => a.fleet.localeCompare(b.fleet) || a.resource.localeCompare(b.resource));
  const errors: PreviewSummary["errors"] = [];
  const seen = new Set<string>();
  for (const d of (doc.diagnostics as unknown[]) ?? []) {
    if (!isRecord(d) || d.severity !== "error" || typeof d.message !== "string") continue;
    const e = { resource: typeof d.urn === "string" && d.urn !== "" ? urnParts(d.urn).name : undefined, message: errorText(d.message) };
    const key = `${e.resource ?? ""}\n${e.message}`;
    if (e.message === "" || seen.has(key)) continue;
    seen.add(key);
    errors.push(e);
  }
  return { stack, project, fleets, errors };
}

/** An error diagnostic's message as text: no terminal colours, no "error: " the list already says. */
function errorText(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/\u001b\[[0-9;]*m/g, "").trim().replace(/^error:\s*/, "");
}

/**
 * A replacement whose record is not a "replace": the engine checks the replacement resource again
 * with no old inputs, and that check describes the new fleet (a create, or a takeover when the
 * name stays). The engine's op decides: the row is a replace, its properties are the step's
 * replaceReasons, and the old fleet's name and state come from the step's old state.
 */
function replacementRow(resource: string, ops: string[], group: Record<string, any>[], rec: PlannedAction): FleetRow {
  const step = group.find((s) => isRecord(s.oldState)) ?? group[0];
  const outputs = isRecord(step.oldState?.outputs) ? step.oldState.outputs : {};
  const reasons = group.flatMap((s) => (Array.isArray(s.replaceReasons) ? s.replaceReasons.map(String) : []));
  const fleet = typeof outputs.name === "string" ? outputs.name : rec.fleet;
  const state = typeof outputs.state === "string" ? outputs.state : undefined;
  const running = state === undefined || state === "RUNNING" || state === "STARTING";
  const interruption = running ? "the old fleet is stopped and deleted; everyone streaming from it is disconnected" : `none (the fleet is ${state})`;
  const renamed = rec.fleet !== fleet ? ` by fleet ${rec.fleet}` : "";
  return {
    resource,
    fleet,
    action: "replace",
    ops,
    properties: [...new Set(reasons)],
    removes: [],
    liveState: state,
    interruption,
    interrupts: running,
    summary: `fleet ${fleet} will be REPLACED${renamed} (from the engine's replace step: the provider's record describes the new fleet only)`,
  };
}

function unknownRow(resource: string, ops: string[], step: Record<string, any>, why: string): FleetRow {
  const inputs = step.newState?.inputs ?? step.oldState?.inputs ?? {};
  const fleet = typeof inputs.name === "string" ? inputs.name : resource;
  return { resource, fleet, action: "unknown", ops, properties: [], removes: [], interruption: "unknown", interrupts: false, summary: `${why}; the engine plans: ${ops.join(", ")}` };
}

/**
 * The names `--fail-on` takes: every action by its own name, and the groups
 * stop = stop-update-start + stop (every plan that stops a running fleet, the restart included),
 * interrupt = every fleet whose plan interrupts someone (FleetRow.interrupts).
 */
export const FAIL_ON_GROUPS: Readonly<Record<string, readonly SummaryAction[]>> = {
  stop: ["stop-update-start", "stop"],
};
export const FAIL_ON_NAMES: readonly string[] = [...new Set([...SUMMARY_ACTIONS, ...Object.keys(FAIL_ON_GROUPS), "interrupt"])].sort();

export interface FailOn {
  actions: Set<SummaryAction>;
  interrupt: boolean;
}

/** Parses `--fail-on stop,replace,refuse`; throws PreviewInputError naming the bad word. */
export function parseFailOn(list: string): FailOn {
  const words = list.split(",").map((w) => w.trim()).filter((w) => w !== "");
  if (words.length === 0) throw new PreviewInputError(`--fail-on needs a comma-separated list of: ${FAIL_ON_NAMES.join(", ")}`);
  const out: FailOn = { actions: new Set(), interrupt: false };
  for (const w of words) {
    if (w === "interrupt") out.interrupt = true;
    else if (FAIL_ON_GROUPS[w]) for (const a of FAIL_ON_GROUPS[w]) out.actions.add(a);
    else if ((SUMMARY_ACTIONS as readonly string[]).includes(w)) out.actions.add(w as SummaryAction);
    else throw new PreviewInputError(`--fail-on: unknown action "${w}"; use a comma-separated list of: ${FAIL_ON_NAMES.join(", ")}`);
  }
  return out;
}

/** The fleets whose plan is one --fail-on names. */
export function failingFleets(s: PreviewSummary, failOn: FailOn): FleetRow[] {
  return s.fleets.filter((f) => failOn.actions.has(f.action) || (failOn.interrupt && f.interrupts));
}
