/**
 * What check() learns from AWS before anything runs, so that a preview says what `up` will do and
 * refuses, with the same words, what `up` would refuse:
 *  - for a new fleet: whether the name is taken (and then adoption, or a takeover of this
 *    resource's own interrupted create, or a failure naming the fix);
 *  - for a change: the fleet's live state and the users streaming (those on instances in drain
 *    mode too), the plan (plan.ts), the planned action (preview.ts);
 *  - cross-field rules that depend on a value the program leaves to AWS (the idle timeout against
 *    the fleet's current or default disconnect timeout).
 */
import type { AppStreamClient } from "@aws-sdk/client-appstream";
import { clientRegion } from "../aws/client";
import { associatedStacks, findFleetForPreview, fleetTags, streamingUsers } from "../aws/fleets";
import { adoptedState, fleetTypeMismatchMessage, nameTakenMessage } from "./adopt";
import { DEFAULTS, resolveDefaults } from "./defaults";
import { OldState } from "./diff";
import { OWNER_TAG, ownerTagValue } from "./ownership";
import { engineDiff, FleetPlan, LiveView, liveView, planAdoption, planChange, planCreate, stableState } from "./plan";
import { PreviewFacts, stackAssociationMessage } from "./preview";
import { RawInputs } from "./state";
import { CheckFailure } from "./types";
import { containsUnknown } from "./values";

export { fleetTypeMismatchMessage, nameTakenMessage };

/** AWS's default disconnect timeout (CreateFleet API reference, DisconnectTimeoutInSeconds). */
export const AWS_DEFAULT_DISCONNECT_TIMEOUT = 900;

export interface LiveCheck {
  failures: CheckFailure[];
  /** What `up` will do (undefined: nothing to do, or the fleet is gone). */
  plan?: FleetPlan;
  /** The fleet as read (its state and settings), when it exists. */
  live?: LiveView;
  /** What was read beside the plan: the fleet's state, the users streaming, the state the stack recorded. */
  facts: PreviewFacts;
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

/** A new fleet: the name taken or free, adoption. */
export async function checkCreate(client: AppStreamClient, inputs: RawInputs): Promise<LiveCheck> {
  const name = inputs.name as string;
  const live = await findFleetForPreview(client, name);
  if (live === undefined) return { failures: idleAgainstDisconnect(name, inputs, undefined, false), plan: planCreate({ ...inputs, name }), facts: {} };
  const tags = await fleetTags(client, live.Arn as string);
  const ours = ownerTagValue(inputs.__urn) !== undefined && tags[OWNER_TAG] === ownerTagValue(inputs.__urn);
  const facts: PreviewFacts = { liveState: live.state, streaming: streamingUsers(live), drainMode: live.ComputeCapacityStatus, ...(ours ? { takeover: true } : {}) };
  if (inputs.adoptExisting !== true && !ours) return { failures: [{ property: "name", reason: nameTakenMessage(name) }], facts };
  const liveType = live.FleetType ?? DEFAULTS.fleetType;
  if (inputs.fleetType !== undefined && inputs.fleetType !== liveType)
    return { failures: [{ property: "fleetType", reason: fleetTypeMismatchMessage(name, liveType, inputs.fleetType) }], facts };
  const failures = idleAgainstDisconnect(name, inputs, live.DisconnectTimeoutInSeconds, true, live.IdleDisconnectTimeoutInSeconds);
  return { failures, plan: planAdoption(adoptedState(live, tags, inputs), { ...inputs, name }, stableState(live.state)), facts };
}

/**
 * An existing fleet: its live state, users streaming, the plan. Asked also when the program did
 * not change: a fleet stopped or started outside Pulumi is not where the program wants it, and
 * `up` will start or stop it (the preview says so without --refresh).
 */
export async function checkUpdate(client: AppStreamClient, olds: RawInputs, inputs: RawInputs): Promise<LiveCheck> {
  const name = olds.name as string;
  const live = await findFleetForPreview(client, name);
  if (live === undefined) return { failures: [], facts: {} }; // gone: the update says so (refresh, then up)
  // The stack's inputs, with what only AWS knows: the fleet's type (a program may leave it to AWS).
  const stored: OldState = { ...(olds as OldState), fleetType: (live.FleetType ?? olds.fleetType) as OldState["fleetType"] };
  const recordedState = resolveDefaults(olds).desiredState;
  const facts: PreviewFacts = { liveState: live.state, streaming: streamingUsers(live), drainMode: live.ComputeCapacityStatus, recordedState };
  const view = liveView(live);
  const plan = planChange(stored, { ...inputs, name: inputs.name as string }, view, recordedState);
  if (!engineDiff(plan).changes) return { failures: [], facts, live: view };
  const failures = idleAgainstDisconnect(name, inputs, live.DisconnectTimeoutInSeconds, true, live.IdleDisconnectTimeoutInSeconds);
  if (plan.kind === "replace" && failures.length === 0) failures.push(...(await replacementRefusal(client, name, inputs, olds, plan)));
  return { failures, plan, facts, live: view };
}

/**
 * A replacement deletes the fleet, and AWS refuses DeleteFleet while the fleet is associated with
 * a stack: `up` would fail there (after creating the new fleet, when the name changes). The
 * preview fails first, with the delete's own message.
 */
async function replacementRefusal(client: AppStreamClient, name: string, inputs: RawInputs, olds: RawInputs, plan: FleetPlan): Promise<CheckFailure[]> {
  const replace = plan.replacement;
  const stacks = await associatedStacks(client, name);
  if (stacks.length === 0) return [];
  const region = olds.region ?? inputs.region ?? (await clientRegion(client));
  const property = replace.replaces.includes("name") ? "name" : plan.settings.updateStrategy === "replace" && !replace.replaces.some((p) => p === "fleetType" || p === "region") ? "updateStrategy" : replace.replaces[0];
  return [{ property, reason: `${stackAssociationMessage(name, stacks, region)} This update replaces the fleet (${replace.reasons.join("; ")}), so \`pulumi up\` would delete it and fail there. (An association this program manages would be removed first by Pulumi, but a preview cannot tell it from one made elsewhere: remove it from the program in one \`pulumi up\`, then make this change.)` }];
}

/** Whether check can ask AWS about this fleet now (a name unknown at preview cannot be looked up). */
export function canCheckLive(inputs: RawInputs): boolean {
  return typeof inputs.name === "string" && !containsUnknown(inputs.name);
}
