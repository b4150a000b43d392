/**
 * A fleet record as DescribeFleets shows it, including ComputeCapacityStatus derived from the
 * state and the open sessions. Capacity model (the API documents the fields, not the service's
 * arithmetic, so this is a simplification):
 * - single-session fleets: Desired = DesiredInstances; when RUNNING all desired instances run,
 *   InUse = open sessions, Available = Running - InUse; otherwise Running/InUse/Available = 0;
 * - multi-session fleets (MaxSessionsPerInstance): instances = DesiredInstances or
 *   ceil(DesiredSessions / MaxSessionsPerInstance); the *UserSessions fields count slots;
 * - ELASTIC fleets: capacity is MaxConcurrentSessions single-session slots, reported both as
 *   instances and as user sessions.
 */
import type { FleetRecord } from "../store";
import { compact } from "../json";
import type { ComputeCapacityStatus, FleetJson, FleetSettings, FleetState } from "../types";

export function fleetJson(rec: FleetRecord, activeSessions: number, shownState?: FleetState): FleetJson {
  const state = shownState ?? rec.lifecycle.state;
  // The Fleet shape has no ComputeCapacity: the desired capacity shows in ComputeCapacityStatus.
  const { ComputeCapacity: _desired, ...settings } = structuredClone(rec.settings);
  return compact({
    ...settings,
    Arn: rec.arn,
    State: state,
    ComputeCapacityStatus: capacityStatus(rec.settings, state, activeSessions),
    CreatedTime: rec.createdMs / 1000,
    FleetErrors: rec.fleetErrors.length ? structuredClone(rec.fleetErrors) : undefined,
  });
}

interface Capacity {
  instances: number;
  /** Session slots per instance (1 for single-session and elastic). */
  perInstance: number;
  desiredSessions?: number;
  multiSession: boolean;
}

function capacityOf(s: FleetSettings): Capacity {
  if (s.FleetType === "ELASTIC") {
    const max = s.MaxConcurrentSessions ?? 0;
    return { instances: max, perInstance: 1, desiredSessions: max, multiSession: true };
  }
  const per = s.MaxSessionsPerInstance;
  const cc = s.ComputeCapacity ?? {};
  if (per !== undefined) {
    const instances = cc.DesiredInstances ?? Math.ceil((cc.DesiredSessions ?? 0) / per);
    return { instances, perInstance: per, desiredSessions: cc.DesiredSessions ?? instances * per, multiSession: true };
  }
  return { instances: cc.DesiredInstances ?? 0, perInstance: 1, multiSession: false };
}

export function capacityStatus(s: FleetSettings, state: FleetState, active: number): ComputeCapacityStatus {
  const c = capacityOf(s);
  const running = state === "RUNNING" ? c.instances : 0;
  const inUse = state === "RUNNING" ? Math.min(running, Math.ceil(active / c.perInstance)) : 0;
  const status: ComputeCapacityStatus = { Desired: c.instances, Running: running, InUse: inUse, Available: running - inUse };
  if (!c.multiSession) return status;
  const actual = running * c.perInstance;
  const activeShown = state === "RUNNING" ? active : 0;
  return {
    ...status,
    Draining: 0,
    DesiredUserSessions: c.desiredSessions ?? 0,
    ActualUserSessions: actual,
    ActiveUserSessions: activeShown,
    AvailableUserSessions: Math.max(0, actual - activeShown),
  };
}

/** Free session slots, used to refuse a session the fleet has no room for. */
export function freeSessionSlots(s: FleetSettings, state: FleetState, active: number): number {
  if (state !== "RUNNING") return 0;
  const c = capacityOf(s);
  return Math.max(0, c.instances * c.perInstance - active);
}
