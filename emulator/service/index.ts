/** The backend: the emulated AppStream service, one area object per group of operations. */
import type { ImageJson } from "./types";
import type { BackendEnv } from "./context";
import { FleetBackend } from "./fleets/backend";
import { ImageBackend } from "./images/backend";
import { SessionBackend } from "./sessions";
import { StackBackend } from "./stacks";
import { Store } from "./store";
import { TagBackend } from "./tags";

export type { BackendEnv, CallContext, FleetTransitionRecord } from "./context";
export type { StoreSnapshot } from "./store";
export type { OpenSessionArgs } from "./sessions";

export class Backend {
  readonly store: Store;
  readonly images: ImageBackend;
  readonly fleets: FleetBackend;
  readonly stacks: StackBackend;
  readonly sessions: SessionBackend;
  readonly tags: TagBackend;

  constructor(defaultImages: readonly ImageJson[], env: BackendEnv) {
    this.store = new Store(defaultImages);
    this.images = new ImageBackend(this.store);
    this.fleets = new FleetBackend(this.store, this.images, env);
    this.stacks = new StackBackend(this.store, this.fleets);
    this.sessions = new SessionBackend(this.store);
    this.tags = new TagBackend(this.store);
  }
}
