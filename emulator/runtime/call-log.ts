/**
 * The call log (every AWS call, refused ones included) and the event log (every fleet state
 * transition, stamped with the instant it logically happened). Tests and benchmarks read them
 * through the control API to assert what a client did and how late it noticed a change.
 */
import { LOG_CAPACITY } from "./defaults";
import type { FleetState } from "../service/types";
import { isObject } from "../service/constraints";

export interface CallRecord {
  seq: number;
  /** ms epoch at which the call arrived. */
  time: number;
  /** The region the call went to: its SigV4 credential scope's, or the emulator's default region. */
  region: string;
  operation: string;
  fleetName?: string;
  stackName?: string;
  /** The fleet's real state when the call arrived (absent when the fleet does not exist). */
  fleetState?: FleetState;
  /** Absent on success. "ConnectionDropped" when a fault closed the socket unanswered. */
  errorCode?: string;
  /** 0 when no response was sent (dropped connection). */
  httpStatus: number;
}

export interface FleetEvent {
  seq: number;
  /** ms epoch of the transition. */
  time: number;
  /** The region of the fleet. */
  region: string;
  fleetName: string;
  /** null: the fleet was created. */
  from: FleetState | null;
  /** null: the fleet was deleted. */
  to: FleetState | null;
}

/** An append-only log with sequence numbers that keep counting across `clear()`. */
export class SequencedLog<T extends { seq: number }> {
  private items: T[] = [];
  private seq = 0;

  append(entry: Omit<T, "seq">): T {
    const item = { seq: ++this.seq, ...entry } as T;
    this.items.push(item);
    if (this.items.length > LOG_CAPACITY) this.items.splice(0, this.items.length - LOG_CAPACITY);
    return item;
  }

  /** The entries after `since` (all without it) that pass `keep`. */
  list(since?: number, keep?: (item: T) => boolean): T[] {
    return this.items.filter((i) => (since === undefined || i.seq > since) && (keep === undefined || keep(i)));
  }

  /** Empties the log; sequence numbers keep counting so `since` cursors stay valid. */
  clear(): void {
    this.items = [];
  }

  /** Empties the log and restarts numbering (emulator reset). */
  reset(): void {
    this.items = [];
    this.seq = 0;
  }
}

/**
 * The fleet and stack a request names: Name (per operation), FleetName, StackName, the
 * resource of a ResourceArn, or the single entry of Names.
 */
export function subjectOf(names: "fleet" | "stack" | undefined, body: unknown): { fleetName?: string; stackName?: string } {
  if (!isObject(body)) return {};
  const str = (v: unknown): string | undefined => (typeof v === "string" ? v : undefined);
  const out: { fleetName?: string; stackName?: string } = {};
  const single = Array.isArray(body.Names) && body.Names.length === 1 ? str(body.Names[0]) : undefined;
  const named = str(body.Name) ?? single;
  const arn = /^arn:[^:]*:appstream:[^:]*:[^:]*:(fleet|stack)\/(.+)$/.exec(str(body.ResourceArn) ?? "");
  out.fleetName = str(body.FleetName) ?? (names === "fleet" ? named : undefined) ?? (arn?.[1] === "fleet" ? arn[2] : undefined);
  out.stackName = str(body.StackName) ?? (names === "stack" ? named : undefined) ?? (arn?.[1] === "stack" ? arn[2] : undefined);
  if (out.fleetName === undefined) delete out.fleetName;
  if (out.stackName === undefined) delete out.stackName;
  return out;
}
