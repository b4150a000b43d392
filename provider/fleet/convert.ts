/**
 * Expand (inputs -> AppStream API members) and flatten (API Fleet -> outputs). Pure functions.
 * Outputs are plain JSON: absent members are left out, times are ISO strings.
 */
import type { CreateFleetCommandInput, Fleet as ApiFleet, UpdateFleetCommandInput } from "@aws-sdk/client-appstream";
import { DEFAULTS, resolveDefaults } from "./defaults";
import { expandProperties, flattenProperties, MANAGED_PROPERTIES, ManagedProperty } from "./properties";
import {
  ComputeCapacityStatus,
  DesiredState,
  FleetInputs,
  FleetOutputs,
  FleetSettings,
  FleetState,
  FleetType,
  UpdateStrategy,
} from "./types";
import { plainJson } from "./values";

/** CreateFleet: every present setting (Name, InstanceType and FleetType included) and the tags. */
export function toCreateFleetRequest(inputs: FleetInputs & { name: string }): CreateFleetCommandInput {
  const tags = inputs.tags && Object.keys(inputs.tags).length > 0 ? inputs.tags : undefined;
  return plainJson({ ...expandProperties(MANAGED_PROPERTIES, inputs), Tags: tags } as unknown as CreateFleetCommandInput);
}

/**
 * UpdateFleet: the fleet's Name, the members of the changed properties (a property whose change
 * replaces the fleet is never among them: see planUpdate) and the settings to delete.
 */
export function toUpdateFleetRequest(
  name: string,
  changed: readonly ManagedProperty[],
  removals: readonly string[],
  inputs: FleetInputs,
): UpdateFleetCommandInput {
  return plainJson({
    ...expandProperties(changed, inputs),
    Name: name,
    AttributesToDelete: removals.length > 0 ? [...removals] : undefined,
  } as UpdateFleetCommandInput);
}

/** Behaviour inputs stored beside the fleet's own values in the outputs. */
export interface Behaviour {
  region?: string;
  desiredState: DesiredState;
  updateStrategy: UpdateStrategy;
  timeouts?: FleetInputs["timeouts"];
  drain?: FleetInputs["drain"];
  adoptExisting?: boolean;
  __resourceName?: string;
  /**
   * A plan the stored inputs hold (a state written by an earlier version, or a provider driven
   * without the Fleet class, whose check always records one): kept under an internal key, so the
   * outputs describe the fleet as it is and claim no action to come, while a refresh can still
   * give the inputs back unchanged (no diff). A Fleet's `up` stores no plan at all.
   */
  __lastPlan?: LastPlan;
}

/** The planned action inputs of the deployment that wrote a state (see Behaviour.__lastPlan). */
export interface LastPlan {
  plannedAction?: unknown;
  __plannedAction?: unknown;
}

type WithPlan = FleetInputs & { __resourceName?: string; plannedAction?: unknown; __plannedAction?: unknown; __lastPlan?: LastPlan };

/**
 * The last plan of inputs (check put `plannedAction` there), or of outputs: `__lastPlan`, or the
 * top-level `plannedAction` of outputs written by versions before it.
 */
export function lastPlanOf(v: WithPlan): LastPlan | undefined {
  if (v.plannedAction !== undefined || v.__plannedAction !== undefined) return { plannedAction: v.plannedAction, __plannedAction: v.__plannedAction };
  return v.__lastPlan;
}

export function behaviourOf(inputs: WithPlan): Behaviour {
  const { desiredState, updateStrategy } = resolveDefaults(inputs);
  return plainJson({
    region: inputs.region,
    desiredState,
    updateStrategy,
    timeouts: inputs.timeouts,
    drain: inputs.drain,
    adoptExisting: inputs.adoptExisting,
    __resourceName: inputs.__resourceName,
    __lastPlan: lastPlanOf(inputs),
  });
}

/** Seconds (SDK Date or epoch number) to an ISO string. */
function iso(t: Date | number | undefined): string | undefined {
  if (t === undefined) return undefined;
  const d = t instanceof Date ? t : new Date(t * 1000);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The region in a fleet's ARN (arn:PARTITION:appstream:REGION:ACCOUNT:fleet/NAME). */
const regionOfArn = (arn: string | undefined): string | undefined => arn?.split(":")[3] || undefined;

/**
 * The fleet as AWS reports it, in the provider's output shape. The region is the one recorded at
 * create (behaviour), else the one in the fleet's ARN.
 */
export function flattenFleet(f: ApiFleet, tags: Record<string, string>, behaviour: Behaviour): FleetOutputs {
  const status = f.ComputeCapacityStatus;
  const capacityStatus: ComputeCapacityStatus = {
    desired: status?.Desired ?? 0,
    running: status?.Running,
    inUse: status?.InUse,
    available: status?.Available,
    desiredUserSessions: status?.DesiredUserSessions,
    availableUserSessions: status?.AvailableUserSessions,
    activeUserSessions: status?.ActiveUserSessions,
    actualUserSessions: status?.ActualUserSessions,
    draining: status?.Draining,
    drainModeActiveUserSessions: status?.DrainModeActiveUserSessions,
    drainModeUnusedUserSessions: status?.DrainModeUnusedUserSessions,
  };
  return plainJson({
    ...behaviour,
    ...flattenProperties(f),
    region: (behaviour.region ?? regionOfArn(f.Arn)) as string,
    name: f.Name as string,
    arn: f.Arn as string,
    instanceType: f.InstanceType as string,
    fleetType: (f.FleetType ?? DEFAULTS.fleetType) as FleetType,
    tags,
    tagsAll: tags,
    state: f.State as FleetState,
    computeCapacityStatus: capacityStatus,
    createdTime: iso(f.CreatedTime as Date | number | undefined) ?? "",
    fleetErrors: (f.FleetErrors ?? []).map((e) => ({ errorCode: e.ErrorCode ?? "UNKNOWN", errorMessage: e.ErrorMessage ?? "" })),
  });
}
