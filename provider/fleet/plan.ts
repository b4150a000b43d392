/**
 * THE planner: what `pulumi up` will do to one fleet, as a value. Pure: a function of the stored
 * state, the program's inputs and the fleet's live state, with the defaults of the registry
 * (defaults.ts). Everything that says or does something about a change goes through it:
 *
 *  - the preview: check() plans (check-live.ts) and preview.ts renders the plan (the planned
 *    action record and its lines, the warnings; appstream-preview-summary reads the record);
 *  - the engine: diff() plans and answers the engine from the plan (engineDiff);
 *  - `up`: update() and adoption plan on the live fleet and run the steps (apply.ts), create()
 *    and delete() run the steps a create or a replacement plans.
 *
 * The kinds: a create; an adoption (a fleet of that name exists and is taken over); a replacement
 * (delete-before-create when the name stays, else create-before-delete); an update in place (live,
 * stop-update-start, stop, start, also when the fleet was stopped or started outside Pulumi), or
 * none of it; an update may be refused (updateStrategy failIfRunning), and then nothing runs.
 *
 * Rules of an update in place: tags first (allowed in any state); a running fleet gets live
 * changes in one UpdateFleet; anything needing a stopped fleet stops it first (unless
 * failIfRunning); the fleet ends in desiredState; a fleet the user keeps stopped is never started.
 */
import type { Fleet as ApiFleet, UpdateFleetCommandInput } from "@aws-sdk/client-appstream";
import { toUpdateFleetRequest } from "./convert";
import { resolveDefaults, resolveDrain, Resolved } from "./defaults";
import { Changes, computeChanges, hasAnyChange, OldState, propertiesNeedingStop, replaceDecision, ReplaceDecision } from "./diff";
import { flattenProperties, ManagedProperty, replacesFleet } from "./properties";
import { DrainOptions, FleetInputs, FleetSettings } from "./types";

/**
 * The payload of each kind of step. Adding a kind (issue 30: AssociateFleet / DisassociateFleet
 * for `stackNames`) is one member here: the compiler then asks for its entry in STEP_KINDS (its AWS
 * operation and its words) and for its case in the executor (apply.ts runStep).
 */
export interface StepPayloads {
  /** CreateFleet (the request is made by create(): the program's settings, tags and the ownership tag). */
  create: {};
  untag: { keys: string[] };
  tag: { tags: Record<string, string> };
  /** Wait for streaming sessions to end before a stop (DescribeSessions only: no mutating call). */
  drain: {};
  stop: { reason: "update" | "desiredState" | "delete" };
  update: { request: UpdateFleetCommandInput; properties: ManagedProperty[] };
  start: {};
  delete: {};
}
export type StepKind = keyof StepPayloads;
export type Step = { [K in StepKind]: { op: K } & StepPayloads[K] }[StepKind];

/** The AWS operations that change something, as the call log and CloudTrail name them. */
export type MutatingOperation = "CreateFleet" | "UntagResource" | "TagResource" | "StopFleet" | "UpdateFleet" | "StartFleet" | "DeleteFleet";

interface StepKindInfo<K extends StepKind> {
  /** The mutating AWS call the step makes, if any. */
  operation?: MutatingOperation;
  /** The step in the plan's words: "stop", "update instanceType", "tag team". */
  words: (s: { op: K } & StepPayloads[K]) => string;
  /** What failed, for errors: "stopping" (AppStream fleet x). */
  doing: (s: { op: K } & StepPayloads[K]) => string;
}

/** Every kind of step: its AWS operation and its words. */
export const STEP_KINDS: { readonly [K in StepKind]: StepKindInfo<K> } = {
  create: { operation: "CreateFleet", words: () => "create", doing: () => "creating" },
  untag: { operation: "UntagResource", words: (s) => `untag ${s.keys.join(", ")}`, doing: () => "removing tags from" },
  tag: { operation: "TagResource", words: (s) => `tag ${Object.keys(s.tags).join(", ")}`, doing: () => "tagging" },
  drain: { words: () => "drain", doing: () => "draining sessions of" },
  stop: { operation: "StopFleet", words: () => "stop", doing: () => "stopping" },
  update: { operation: "UpdateFleet", words: (s) => `update ${s.properties.join(", ")}`, doing: (s) => `updating ${s.properties.join(", ")} of` },
  start: { operation: "StartFleet", words: () => "start", doing: () => "starting" },
  delete: { operation: "DeleteFleet", words: () => "delete", doing: () => "deleting" },
};

const info = <K extends StepKind>(s: { op: K } & StepPayloads[K]): StepKindInfo<K> => STEP_KINDS[s.op] as unknown as StepKindInfo<K>;

/** The mutating AWS calls of the steps, in order: what the planned action's `steps` lists. */
export function awsOperations(steps: readonly Step[]): MutatingOperation[] {
  return steps.flatMap((s) => info(s).operation ?? []);
}

/** The steps in words, for previews: "stop, update instanceType, start". */
export function stepsInWords(steps: readonly Step[]): string {
  return steps.map((s) => info(s).words(s)).join(", ");
}

/** A step in words, for errors: "updating instanceType of". */
export function stepDoing(s: Step): string {
  return info(s).doing(s);
}

export type StableState = "RUNNING" | "STOPPED";

/** RUNNING or STOPPED: where a fleet in transition is heading. */
export function stableState(state: string): StableState {
  return state === "RUNNING" || state === "STARTING" ? "RUNNING" : "STOPPED";
}

export type PlanKind = "create" | "adopt" | "update" | "replace";

export interface FleetPlan {
  kind: PlanKind;
  /** The AppStream fleet name (for a replacement, the fleet that is replaced). */
  fleet: string;
  /** What `up` does, in order. Empty: nothing (no change, or a refusal). */
  steps: Step[];
  /** What the program changes against the stored state (empty for a create). */
  changes: Changes;
  /** The settings that steer the change, defaults filled in from the registry (defaults.ts). */
  settings: Resolved & { drain?: Required<DrainOptions> };
  /** The fleet's state, as far as the plan is concerned (where a fleet in transition is heading); undefined for a create. */
  live?: StableState;
  /** Properties that force a stop of the running fleet (empty when none, or when it is stopped). */
  forcingStop: ManagedProperty[];
  /** Why the fleet is replaced (empty `replaces` when it is not), and in which order. */
  replacement: ReplaceDecision & { deleteBeforeCreate: boolean };
  /** Set when the update is refused (updateStrategy failIfRunning): no step runs, and `up` fails with these words. */
  refusal?: string;
  /** The fleet was "stopped" or "started" outside Pulumi (its live state contradicts the stack's record). */
  outside?: "stopped" | "started";
}

/** The fleet as read for a plan: its state (where a transition heads) and, when read, its settings. */
export interface LiveView {
  state: StableState;
  /** The fleet's settings as AWS reports them (properties.ts flattenProperties). */
  settings?: Partial<FleetSettings>;
}

/** The fleet as AWS reports it (DescribeFleets' Fleet), as a plan reads it. */
export function liveView(fleet: ApiFleet & { state: string }): LiveView {
  return { state: stableState(fleet.state), settings: flattenProperties(fleet) };
}

/** What the stack recorded about the fleet's state, when a plan can compare it with the live one. */
export type Recorded = string | undefined;

const NO_REPLACEMENT = { replaces: [], reasons: [], deleteBeforeCreate: false };

function settingsOf(news: Partial<FleetInputs>, olds?: Partial<FleetInputs>): FleetPlan["settings"] {
  const drain = resolveDrain(news.drain);
  return { ...resolveDefaults(news, olds), ...(drain !== undefined ? { drain } : {}) };
}

/** "stopped" or "started" when the live state contradicts the recorded one (a change made outside Pulumi). */
export function changedOutside(live: string | undefined, recorded: Recorded): "stopped" | "started" | undefined {
  if (live === undefined || recorded === undefined || stableState(live) === stableState(recorded)) return undefined;
  return stableState(live) === "STOPPED" ? "stopped" : "started";
}

/** A new fleet: created, and started unless the program keeps it stopped. */
export function planCreate(news: FleetInputs & { name: string }): FleetPlan {
  const settings = settingsOf(news);
  const steps: Step[] = [{ op: "create" }];
  if (settings.desiredState === "RUNNING") steps.push({ op: "start" });
  return { kind: "create", fleet: news.name, steps, changes: computeChanges({}, news), settings, forcingStop: [], replacement: NO_REPLACEMENT };
}

/**
 * An update in place, on a fleet that is `live` (RUNNING or STOPPED; a fleet in transition counts
 * as where it is heading): the plan update() runs (apply.ts) and an adoption starts from.
 */
export function planUpdate(olds: OldState, news: FleetInputs & { name: string }, live: StableState, changes: Changes = computeChanges(olds, news), recorded?: Recorded): FleetPlan {
  const settings = settingsOf(news, olds);
  const { fleetType, desiredState: desired, updateStrategy: strategy } = settings;
  // A property UpdateFleet cannot change is never sent: the diff replaced the fleet for it.
  const props = changes.properties.filter((p) => !replacesFleet(p, fleetType));
  const steps: Step[] = [];
  const plan = (forcingStop: ManagedProperty[], refusal?: string): FleetPlan => ({
    kind: "update",
    fleet: news.name,
    steps: refusal === undefined ? steps : [],
    changes,
    settings,
    live,
    forcingStop,
    replacement: NO_REPLACEMENT,
    ...(refusal !== undefined ? { refusal } : {}),
    ...(changedOutside(live, recorded) !== undefined ? { outside: changedOutside(live, recorded) } : {}),
  });

  if (changes.tagsToRemove.length > 0) steps.push({ op: "untag", keys: changes.tagsToRemove });
  if (Object.keys(changes.tagsToSet).length > 0) steps.push({ op: "tag", tags: changes.tagsToSet });
  const update = (ps: ManagedProperty[]): Step => ({ op: "update", request: toUpdateFleetRequest(news.name, ps, changes.removals, news), properties: ps });
  const drain: Step[] = settings.drain !== undefined ? [{ op: "drain" }] : [];

  if (live === "STOPPED") {
    if (props.length > 0) steps.push(update(props));
    if (desired === "RUNNING") steps.push({ op: "start" });
    return plan([]);
  }

  const forcingStop = propertiesNeedingStop(props, fleetType);
  if (forcingStop.length > 0) {
    if (strategy === "failIfRunning")
      return plan(
        forcingStop,
        `fleet ${news.name} is RUNNING and ${forcingStop.join(", ")} can only change on a stopped fleet; ` +
          `updateStrategy is "failIfRunning", so nothing was changed. Stop the fleet (desiredState: "STOPPED") ` +
          `or use updateStrategy "stopStart" (stop, update, start) or "replace".`,
      );
    steps.push(...drain, { op: "stop", reason: "update" }, update(props));
    if (desired === "RUNNING") steps.push({ op: "start" });
    return plan(forcingStop);
  }

  if (desired === "STOPPED") {
    // Stopping anyway: stop first, then every change is allowed.
    steps.push(...drain, { op: "stop", reason: "desiredState" });
    if (props.length > 0) steps.push(update(props));
  } else if (props.length > 0) {
    steps.push(update(props));
  }
  return plan([]);
}

/**
 * An existing fleet that a create takes over (adoptExisting, or this resource's own interrupted
 * create): `olds` is the fleet as if this program had created it (adopt.ts adoptedState).
 */
export function planAdoption(olds: OldState, news: FleetInputs & { name: string }, live: StableState): FleetPlan {
  return { ...planUpdate(olds, news, live), kind: "adopt" };
}

/**
 * A change of a fleet in the stack: a replacement when the program changes what UpdateFleet cannot
 * (name, fleetType, region), or, under updateStrategy "replace", what needs a stop of a running
 * fleet; else an update in place. `live` is the fleet as read for this plan, or undefined when it
 * was not read (then the state the stack recorded counts).
 */
export function planChange(olds: OldState, news: FleetInputs & { name: string }, live?: LiveView, recorded?: Recorded): FleetPlan {
  const assumed: StableState = live?.state ?? stableState(olds.state ?? resolveDefaults(olds).desiredState);
  const stored: OldState = live !== undefined ? { ...olds, state: live.state } : olds;
  const changes = computeChanges(stored, news, live?.settings);
  const replace = replaceDecision(stored, news, changes);
  if (replace.replaces.length === 0) return planUpdate(stored, news, assumed, changes, recorded);
  // AppStream names are unique: a replacement that keeps the name must delete the old fleet first.
  const deleteBeforeCreate = news.name !== undefined && news.name === olds.name;
  const settings = settingsOf(news, olds);
  const remove = planDelete(assumed);
  const create = planCreate(news).steps;
  return {
    kind: "replace",
    fleet: olds.name ?? news.name,
    steps: deleteBeforeCreate ? [...remove, ...create] : [...create, ...remove],
    changes,
    settings,
    live: assumed,
    forcingStop: [],
    replacement: { ...replace, deleteBeforeCreate },
  };
}

/** A delete (of the old fleet of a replacement, or by `pulumi destroy`): stopped first if it runs. */
export function planDelete(live: StableState): Step[] {
  return [...(live === "RUNNING" ? [{ op: "stop", reason: "delete" } as Step] : []), { op: "delete" }];
}

/** The engine's diff, from the plan. */
export interface EngineDiff {
  changes: boolean;
  replaces: string[];
  deleteBeforeReplace: boolean;
}

/**
 * What diff() tells the engine: a change when the program changed anything (provider settings
 * included: they are stored), or when `up` has steps to run although it did not (a fleet stopped
 * or started outside Pulumi); the replacement and its order.
 */
export function engineDiff(plan: FleetPlan): EngineDiff {
  return {
    changes: hasAnyChange(plan.changes) || plan.steps.length > 0,
    replaces: [...plan.replacement.replaces],
    deleteBeforeReplace: plan.replacement.replaces.length > 0 && plan.replacement.deleteBeforeCreate,
  };
}

/** The engine-facing diff of a program against the stored state, the fleet as the stack recorded it. */
export function diffFleet(olds: OldState, news: FleetInputs & { name: string }): EngineDiff {
  return engineDiff(planChange(olds, news));
}
