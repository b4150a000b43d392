/**
 * The emulator's in-memory state, and its snapshot for the state file. Plain data only: the
 * rules live in the area backends (`fleets/backend.ts`, `stacks.ts`, ...).
 */
import type { Lifecycle } from "./fleets/lifecycle";
import type {
  FleetError,
  FleetSettings,
  FleetState,
  ImageJson,
  SessionJson,
  StackJson,
  Tags,
} from "./types";

export interface FleetRecord {
  settings: FleetSettings;
  arn: string;
  createdMs: number;
  lifecycle: Lifecycle;
  fleetErrors: FleetError[];
  /** Recent states with their start times, oldest first; DescribeFleets lag reads it. */
  history: { at: number; state: FleetState }[];
  tags: Tags;
}

export interface StackRecord {
  stack: StackJson;
  fleetNames: string[];
  tags: Tags;
}

export interface SessionRecord {
  session: SessionJson;
  /** Creation order, the pagination key of DescribeSessions. */
  seq: number;
}

/** How many past states a fleet remembers: enough for any sensible describe lag. */
export const HISTORY_LIMIT = 50;

export interface StoreSnapshot {
  fleets: FleetRecord[];
  stacks: StackRecord[];
  sessions: SessionRecord[];
  images: ImageJson[];
  sessionSeq: number;
}

export class Store {
  readonly fleets = new Map<string, FleetRecord>();
  readonly stacks = new Map<string, StackRecord>();
  readonly sessions = new Map<string, SessionRecord>();
  readonly images = new Map<string, ImageJson>();
  sessionSeq = 0;

  constructor(private readonly defaultImages: readonly ImageJson[]) {
    this.reset();
  }

  reset(): void {
    this.fleets.clear();
    this.stacks.clear();
    this.sessions.clear();
    this.images.clear();
    for (const image of this.defaultImages) this.images.set(image.Name, structuredClone(image));
    this.sessionSeq = 0;
  }

  snapshot(): StoreSnapshot {
    return structuredClone({
      fleets: [...this.fleets.values()],
      stacks: [...this.stacks.values()],
      sessions: [...this.sessions.values()],
      images: [...this.images.values()],
      sessionSeq: this.sessionSeq,
    });
  }

  restore(s: StoreSnapshot): void {
    this.fleets.clear();
    this.stacks.clear();
    this.sessions.clear();
    this.images.clear();
    for (const f of s.fleets) this.fleets.set(f.settings.Name, f);
    for (const st of s.stacks) this.stacks.set(st.stack.Name, st);
    for (const se of s.sessions) this.sessions.set(se.session.Id, se);
    for (const i of s.images) this.images.set(i.Name, i);
    this.sessionSeq = s.sessionSeq;
  }

  activeSessionCount(fleetName: string): number {
    let n = 0;
    for (const { session } of this.sessions.values()) if (session.FleetName === fleetName) n++;
    return n;
  }

  /** Ends sessions matching the predicate (the emulator drops ended sessions). */
  endSessions(match: (s: SessionJson) => boolean): number {
    let n = 0;
    for (const [id, { session }] of this.sessions) {
      if (match(session)) {
        this.sessions.delete(id);
        n++;
      }
    }
    return n;
  }
}
