/**
 * The update plan: a pure function of (old outputs, new inputs, live stable state) giving the
 * ordered steps that bring the fleet to the program. Each step of kind stop/start includes its
 * wait. Rules: tags first (allowed in any state); a running fleet gets live changes in one
 * UpdateFleet; anything needing a stopped fleet stops it first (unless failIfRunning); the fleet
 * ends in desiredState; a fleet the user keeps stopped is never started.
 */
import type { UpdateFleetCommandInput } from "@aws-sdk/client-appstream";
import { toUpdateFleetRequest } from "./convert";
import { Changes, computeChanges, OldState, propertiesNeedingStop } from "./diff";
import { resolveDefaults } from "./defaults";
import { ManagedProperty, replacesFleet } from "./properties";
import { FleetInputs } from "./types";

export type Step =
  | { op: "untag"; keys: string[] }
  | { op: "tag"; tags: Record<string, string> }
  | { op: "drain" }
  | { op: "stop"; reason: "update" | "desiredState" }
  | { op: "update"; request: UpdateFleetCommandInput; properties: ManagedProperty[] }
  | { op: "start" };

export interface UpdatePlan {
  steps: Step[];
  changes: Changes;
  /** Properties that force a stop of the running fleet (empty when none or when it is stopped). */
  forcingStop: ManagedProperty[];
  /** Set when updateStrategy failIfRunning refuses: nothing may be called. */
  refusal?: string;
}

export type StableState = "RUNNING" | "STOPPED";

export function planUpdate(olds: OldState, news: FleetInputs & { name: string }, live: StableState): UpdatePlan {
  const changes = computeChanges(olds, news);
  const { fleetType, desiredState: desired, updateStrategy: strategy } = resolveDefaults(news, olds);
  // A property UpdateFleet cannot change is never sent: the diff replaced the fleet for it.
  const props = changes.properties.filter((p) => !replacesFleet(p, fleetType));
  const steps: Step[] = [];

  if (changes.tagsToRemove.length > 0) steps.push({ op: "untag", keys: changes.tagsToRemove });
  if (Object.keys(changes.tagsToSet).length > 0) steps.push({ op: "tag", tags: changes.tagsToSet });
  const update = (ps: ManagedProperty[]): Step => ({
    op: "update",
    request: toUpdateFleetRequest(news.name, ps, changes.removals, news),
    properties: ps,
  });
  const drain = news.drain !== undefined ? [{ op: "drain" } as Step] : [];

  if (live === "STOPPED") {
    if (props.length > 0) steps.push(update(props));
    if (desired === "RUNNING") steps.push({ op: "start" });
    return { steps, changes, forcingStop: [] };
  }

  const forcingStop = propertiesNeedingStop(props, fleetType);
  if (forcingStop.length > 0) {
    if (strategy === "failIfRunning") {
      return {
        steps: [],
        changes,
        forcingStop,
        refusal:
          `fleet ${news.name} is RUNNING and ${forcingStop.join(", ")} can only change on a stopped fleet; ` +
          `updateStrategy is "failIfRunning", so nothing was changed. Stop the fleet (desiredState: "STOPPED") ` +
          `or use updateStrategy "stopStart" (stop, update, start) or "replace".`,
      };
    }
    steps.push(...drain, { op: "stop", reason: "update" }, update(props));
    if (desired === "RUNNING") steps.push({ op: "start" });
    return { steps, changes, forcingStop };
  }

  if (desired === "STOPPED") {
    // Stopping anyway: stop first, then every change is allowed.
    steps.push(...drain, { op: "stop", reason: "desiredState" });
    if (props.length > 0) steps.push(update(props));
  } else if (props.length > 0) {
    steps.push(update(props));
  }
  return { steps, changes, forcingStop: [] };
}
