/**
 * The defaults of a Fleet, resolved in one place: what an absent input means. AWS's own default
 * (FleetType ON_DEMAND, CreateFleet API reference) and this provider's behaviour defaults.
 */
import type { DesiredState, DrainOptions, FleetInputs, FleetType, UpdateStrategy } from "./types";

export const DEFAULTS = {
  fleetType: "ON_DEMAND",
  desiredState: "RUNNING",
  updateStrategy: "stopStart",
} as const satisfies { fleetType: FleetType; desiredState: DesiredState; updateStrategy: UpdateStrategy };

export interface Resolved {
  fleetType: FleetType;
  desiredState: DesiredState;
  updateStrategy: UpdateStrategy;
}

export const DEFAULT_DRAIN_TIMEOUT_SECONDS = 1800;
export const DEFAULT_DRAIN_POLL_SECONDS = 30;

/** The drain setting with its defaults filled in; undefined when the program sets no drain. */
export function resolveDrain(d: DrainOptions | undefined): Required<DrainOptions> | undefined {
  if (d === undefined) return undefined;
  return {
    timeoutSeconds: d.timeoutSeconds ?? DEFAULT_DRAIN_TIMEOUT_SECONDS,
    pollSeconds: d.pollSeconds ?? DEFAULT_DRAIN_POLL_SECONDS,
    onTimeout: d.onTimeout ?? "stop",
  };
}

/**
 * The settings that steer a change, with defaults filled in. The fleet type is the stored one
 * when there is one (a fleet's type cannot change in place), else the program's.
 */
export function resolveDefaults(news: Partial<FleetInputs>, olds: Partial<FleetInputs> = {}): Resolved {
  return {
    fleetType: (olds.fleetType ?? news.fleetType ?? DEFAULTS.fleetType) as FleetType,
    desiredState: (news.desiredState ?? DEFAULTS.desiredState) as DesiredState,
    updateStrategy: (news.updateStrategy ?? DEFAULTS.updateStrategy) as UpdateStrategy,
  };
}
