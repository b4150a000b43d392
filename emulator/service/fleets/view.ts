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
 * - drain mode (multi-session fleets): an image change on a RUNNING fleet puts the instances of
 *   the sessions open then into drain mode (sessions.ts marks them DRAINING): they serve those
 *   sessions until they end, on top of the desired capacity, and take no new ones.
 *   DrainModeActiveUserSessions counts their sessions, DrainModeUnusedUserSessions their free
 *   slots; ActiveUserSessions counts every active session, drained or not.
 */
import type { FleetRecord, Store } from "../store";
import { compact } from "../json";
import type { ComputeCapacityStatus, FleetJson, FleetSettings, FleetState } from "../types";

/** The open sessions of a fleet: all of them, and those on instances in drain mode. */
export interface SessionCounts {
  active: number;
  draining: number;
}

export function sessionCounts(store: Store, fleetName: string): SessionCounts {
  let active = 0;
  let draining = 0;
  for (const { session } of store.sessions.values()) {
    if (session.FleetName !== fleetName) continue;
    active++;
    if (session.InstanceDrainStatus === "DRAINING") draining++;
  }
  return { active, draining };
}

export function fleetJson(rec: FleetRecord, sessions: SessionCounts, shownState?: FleetState): FleetJson {
  const state = shownState ?? rec.lifecycle.state;
  // The Fleet shape has no ComputeCapacity: the desired capacity shows in ComputeCapacityStatus.
  const { ComputeCapacity: _desired, ...settings } = structuredClone(rec.settings);
  return compact({
    ...settings,
    Arn: rec.arn,
    State: state,
    ComputeCapacityStatus: capacityStatus(rec.settings, state, sessions),
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

export function capacityStatus(s: FleetSettings, state: FleetState, sessions: SessionCounts): ComputeCapacityStatus {
  const c = capacityOf(s);
  const running = state === "RUNNING" ? c.instances : 0;
  const shown = state === "RUNNING" ? sessions : { active: 0, draining: 0 };
  // Sessions on drained instances are not on the desired capacity.
  const onCapacity = shown.active - shown.draining;
  const inUse = Math.min(running, Math.ceil(onCapacity / c.perInstance));
  const status: ComputeCapacityStatus = { Desired: c.instances, Running: running, InUse: inUse, Available: running - inUse };
  if (!c.multiSession) return status;
  const actual = running * c.perInstance;
  const drainedInstances = Math.ceil(shown.draining / c.perInstance);
  return {
    ...status,
    Draining: 0,
    DesiredUserSessions: c.desiredSessions ?? 0,
    ActualUserSessions: actual,
    ActiveUserSessions: shown.active,
    AvailableUserSessions: Math.max(0, actual - onCapacity),
    DrainModeActiveUserSessions: shown.draining,
    DrainModeUnusedUserSessions: drainedInstances * c.perInstance - shown.draining,
  };
}

/** Free session slots, used to refuse a session the fleet has no room for (drained instances take none). */
export function freeSessionSlots(s: FleetSettings, state: FleetState, sessions: SessionCounts): number {
  if (state !== "RUNNING") return 0;
  const c = capacityOf(s);
  return Math.max(0, c.instances * c.perInstance - (sessions.active - sessions.draining));
}

/** Whether a live image change puts the fleet's instances into drain mode (multi-session fleets). */
export function drainsOnImageChange(s: FleetSettings): boolean {
  return s.FleetType !== "ELASTIC" && s.MaxSessionsPerInstance !== undefined;
}
