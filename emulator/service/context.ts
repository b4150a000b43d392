import type { Progress } from "./fleets/lifecycle";
import type { FleetError, FleetState } from "./types";

/** Per-call facts the backend needs: the clock reading and the caller's region. */
export interface CallContext {
  /** ms epoch at which the call arrived. */
  now: number;
  /** From the SigV4 credential scope; resources get ARNs in this region. */
  region: string;
}

/** A fleet state change as the event log records it; `to: null` is a deletion. */
export interface FleetTransitionRecord {
  from: FleetState | null;
  to: FleetState | null;
  at: number;
}

/** What the backend asks of the rest of the emulator (faults, config, event log). */
export interface BackendEnv {
  progress: Progress;
  /** Consumes a pending startFailure fault for the fleet, if any. */
  takeStartFailure(fleetName: string): FleetError[] | undefined;
  /** How far behind DescribeFleets reports this fleet's state (describeLag fault), in ms. */
  describeLagMs(fleetName: string): number;
  /** A DescribeFleets answer showed a lagged state that differs from the real one (counts the fault as fired). */
  describeLagShown?(fleetName: string): void;
  recordTransition(fleetName: string, t: FleetTransitionRecord): void;
}

export function arnOf(region: string, accountId: string, type: "fleet" | "stack", name: string): string {
  return `arn:aws:appstream:${region}:${accountId}:${type}/${name}`;
}
