/**
 * What check() learns from AWS before anything runs, so that a preview says what `up` will do and
 * refuses, with the same words, what `up` would refuse:
 *  - for a new fleet: whether the name is taken (and then adoption, or a takeover of this
 *    resource's own interrupted create, or a failure naming the fix);
 *  - for a change: the fleet's live state and the users streaming, the plan (plan.ts), the
 *    planned action (preview.ts);
 *  - cross-field rules that depend on a value the program leaves to AWS (the idle timeout against
 *    the fleet's current or default disconnect timeout).
 */
import type { AppStreamClient } from "@aws-sdk/client-appstream";
import { clientRegion } from "../aws/client";
import { associatedStacks, findFleetForPreview, fleetTags, LiveFleet, streamingUsers } from "../aws/fleets";
import { describePlan } from "./apply";
import { adoptedState, fleetTypeMismatchMessage, nameTakenMessage } from "./adopt";

export { fleetTypeMismatchMessage, nameTakenMessage };
import { DEFAULTS, resolveDefaults } from "./defaults";
import { computeChanges, hasAnyChange, OldState, propertiesNeedingStop, ReplaceDecision, replaceDecision } from "./diff";
import { OWNER_TAG, ownerTagValue } from "./ownership";
import { planUpdate } from "./plan";
import { drainModeWords } from "./drain-mode";
import { disconnected, drainOf, driftNote, PlannedAction, plannedAction, removalsInWords, stackAssociationMessage, streaming } from "./preview";
import { RawInputs } from "./state";
import { CheckFailure } from "./types";
import { containsUnknown } from "./values";

/** AWS's default disconnect timeout (CreateFleet API reference, DisconnectTimeoutInSeconds). */
export const AWS_DEFAULT_DISCONNECT_TIMEOUT = 900;

export interface LiveCheck {
  failures: CheckFailure[];
  action?: PlannedAction;
  /** The message for the preview's diagnostics (adoption, a fleet stopped or started outside Pulumi), when there is one. */
  warning?: string;
  /** The fleet's state as read for this check (also when there is no action: nothing to do). */
  liveState?: string;
}

/**
 * The idle timeout against the disconnect timeout the fleet will really have: a timeout the program
 * does not set keeps the fleet's current one (AWS keeps its value), or AWS's default for a new
 * fleet. Both ways: an idle timeout against the fleet's disconnect timeout, and a disconnect
 * timeout against the fleet's idle timeout (UpdateFleet refuses either, after a stop it needed).
 */
function idleAgainstDisconnect(name: string, inputs: RawInputs, liveDisconnect: number | undefined, existing: boolean, liveIdle?: number): CheckFailure[] {
  const idle = inputs.idleDisconnectTimeoutInSeconds;
  const setDisconnect = inputs.disconnectTimeoutInSeconds;
  if (idle === undefined && typeof setDisconnect === "number" && typeof liveIdle === "number" && liveIdle !== 0 && liveIdle >= setDisconnect)
    return [
      {
        property: "disconnectTimeoutInSeconds",
        reason: `must be more than idleDisconnectTimeoutInSeconds (${setDisconnect} <= ${liveIdle}): the program does not set idleDisconnectTimeoutInSeconds, and fleet ${name} has ${liveIdle} now (AWS keeps it). Set idleDisconnectTimeoutInSeconds below ${setDisconnect} (0 turns it off), or a larger disconnect timeout.`,
      },
    ];
  if (typeof idle !== "number" || idle === 0 || setDisconnect !== undefined) return [];
  const disconnect = liveDisconnect ?? AWS_DEFAULT_DISCONNECT_TIMEOUT;
  if (idle < disconnect) return [];
  const whose = existing && liveDisconnect !== undefined ? `fleet ${name} has disconnectTimeoutInSeconds ${disconnect} now` : `fleet ${name} gets AWS's default disconnectTimeoutInSeconds of ${disconnect}`;
  return [
    {
      property: "idleDisconnectTimeoutInSeconds",
      reason: `must be less than disconnectTimeoutInSeconds (${idle} >= ${disconnect}): the program does not set disconnectTimeoutInSeconds, and ${whose}. Set disconnectTimeoutInSeconds above ${idle}, or a smaller idle timeout.`,
    },
  ];
}

function desiredWords(inputs: RawInputs): string {
  return resolveDefaults(inputs).desiredState === "RUNNING" ? "created and started" : "created (kept STOPPED)";
}

/** A new fleet: the name taken or free, adoption. */
export async function checkCreate(client: AppStreamClient, inputs: RawInputs): Promise<LiveCheck> {
  const name = inputs.name as string;
  const live = await findFleetForPreview(client, name);
  if (live === undefined) {
    const failures = idleAgainstDisconnect(name, inputs, undefined, false);
    const summary = `fleet ${name} will be ${desiredWords(inputs)}`;
    return { failures, action: { version: 1, fleet: name, action: "create", properties: [], removes: [], interruption: "none", summary } };
  }
  const tags = await fleetTags(client, live.Arn as string);
  const ours = ownerTagValue(inputs.__urn) !== undefined && tags[OWNER_TAG] === ownerTagValue(inputs.__urn);
  if (inputs.adoptExisting !== true && !ours) return { failures: [{ property: "name", reason: nameTakenMessage(name) }] };
  const liveType = live.FleetType ?? DEFAULTS.fleetType;
  if (inputs.fleetType !== undefined && inputs.fleetType !== liveType)
    return { failures: [{ property: "fleetType", reason: fleetTypeMismatchMessage(name, liveType, inputs.fleetType) }] };
  const failures = idleAgainstDisconnect(name, inputs, live.DisconnectTimeoutInSeconds, true, live.IdleDisconnectTimeoutInSeconds);
  return { failures, ...(await adoptionAction(client, live, tags, inputs, ours)) };
}

async function adoptionAction(client: AppStreamClient, live: LiveFleet, tags: Record<string, string>, inputs: RawInputs, ours: boolean): Promise<{ action: PlannedAction; warning: string }> {
  const name = live.Name as string;
  const olds = adoptedState(live, tags, inputs);
  const stable = live.state === "STARTING" ? "RUNNING" : live.state === "STOPPING" ? "STOPPED" : (live.state as "RUNNING" | "STOPPED");
  const plan = planUpdate(olds, { ...inputs, name }, stable);
  const removes = removalsInWords(plan.changes);
  const then = plan.refusal ? `the update will fail: ${plan.refusal}` : plan.steps.length === 0 ? "it already matches the program" : `then: ${describePlan(plan)}`;
  const why = ours ? "an earlier, interrupted update of this resource created it: this update takes it over" : "this update ADOPTS it instead of creating it";
  const updated = plan.steps.flatMap((s) => (s.op === "update" ? s.properties : []));
  const stops = plan.steps.some((s) => s.op === "stop");
  const running = live.state === "RUNNING" || live.state === "STARTING";
  const sessions = stops && running ? streamingUsers(live) : undefined;
  const streamingNow = sessions === undefined ? "" : `; ${disconnected(sessions)}`;
  const summary = `fleet ${name} already exists (${live.state}): ${why}; ${then}${streamingNow}${removes.length > 0 ? `; REMOVES ${removes.join(", ")}` : ""}`;
  const action: PlannedAction = {
    version: 1,
    fleet: name,
    action: plan.refusal ? "refuse" : "adopt",
    properties: plan.forcingStop.length > 0 ? plan.forcingStop : updated,
    removes,
    liveState: live.state,
    ...(sessions !== undefined ? { activeSessions: sessions } : {}),
    ...(stops && inputs.drain !== undefined ? { drain: drainOf(inputs) } : {}),
    interruption: stops ? `the fleet is stopped during the adoption; ${disconnected(sessions)}` : "none",
    summary,
  };
  return { action, warning: summary };
}

/**
 * An existing fleet: its live state, users streaming, the planned action. Asked also when the
 * program did not change: a fleet stopped or started outside Pulumi is not where the program
 * wants it, and `up` will start or stop it (the preview says so without --refresh).
 */
export async function checkUpdate(client: AppStreamClient, olds: RawInputs, inputs: RawInputs, recordedState?: string): Promise<LiveCheck> {
  const name = olds.name as string;
  const changes = computeChanges(olds as OldState, inputs);
  const live = await findFleetForPreview(client, name);
  if (live === undefined) return { failures: [] }; // gone: the update says so (refresh, then up)
  const { desiredState: wanted } = resolveDefaults(inputs);
  const drift = driftNote(name, live.state, wanted, recordedState);
  if (!hasAnyChange(changes) && drift === undefined) return { failures: [], liveState: live.state };
  const failures = idleAgainstDisconnect(name, inputs, live.DisconnectTimeoutInSeconds, true, live.IdleDisconnectTimeoutInSeconds);
  const stored: OldState = { ...(olds as OldState), state: live.state as OldState["state"], fleetType: (live.FleetType ?? olds.fleetType) as OldState["fleetType"] };
  const { fleetType, desiredState } = resolveDefaults(inputs, stored);
  const replace = replaceDecision(stored, inputs, changes);
  if (replace.replaces.length > 0 && failures.length === 0) failures.push(...(await replacementRefusal(client, name, inputs, olds, replace)));
  const running = live.state === "RUNNING" || live.state === "STARTING";
  const stops = replace.replaces.length > 0 || propertiesNeedingStop(changes.properties, fleetType).length > 0 || desiredState === "STOPPED";
  const sessions = running && stops ? streamingUsers(live) : undefined;
  const deleteBeforeReplace = replace.replaces.length > 0 && inputs.name !== undefined && inputs.name === olds.name;
  const action = plannedAction({ name, changes, replace, deleteBeforeReplace, news: inputs, fleetType, liveState: live.state, activeSessions: sessions, recordedState });
  // Of the users streaming, those on instances in drain mode (drain-mode.ts): said where the plan counts them.
  const drainMode = action.activeSessions ? drainModeWords(live.ComputeCapacityStatus) : "";
  if (drainMode !== "") Object.assign(action, { summary: action.summary + drainMode, interruption: action.interruption + drainMode });
  return { failures, action, liveState: live.state, ...(drift !== undefined ? { warning: drift + streaming(action.activeSessions) + drainMode } : {}) };
}

/**
 * A replacement deletes the fleet, and AWS refuses DeleteFleet while the fleet is associated with
 * a stack: `up` would fail there (after creating the new fleet, when the name changes). The
 * preview fails first, with the delete's own message.
 */
async function replacementRefusal(client: AppStreamClient, name: string, inputs: RawInputs, olds: RawInputs, replace: ReplaceDecision): Promise<CheckFailure[]> {
  const stacks = await associatedStacks(client, name);
  if (stacks.length === 0) return [];
  const region = olds.region ?? inputs.region ?? (await clientRegion(client));
  const property = replace.replaces.includes("name") ? "name" : resolveDefaults(inputs).updateStrategy === "replace" && !replace.replaces.some((p) => p === "fleetType" || p === "region") ? "updateStrategy" : replace.replaces[0];
  return [{ property, reason: `${stackAssociationMessage(name, stacks, region)} This update replaces the fleet (${replace.reasons.join("; ")}), so \`pulumi up\` would delete it and fail there. (An association this program manages would be removed first by Pulumi, but a preview cannot tell it from one made elsewhere: remove it from the program in one \`pulumi up\`, then make this change.)` }];
}

/** Whether check can ask AWS about this fleet now (a name unknown at preview cannot be looked up). */
export function canCheckLive(inputs: RawInputs): boolean {
  return typeof inputs.name === "string" && !containsUnknown(inputs.name);
}
