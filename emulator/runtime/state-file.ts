/**
 * Optional persistence (--state-file): the whole store as JSON, written atomically (temporary
 * file + rename, so a crash never leaves half a file) shortly after each mutation and on close,
 * and read back at start. Fleets store their lifecycle as timestamps, so a transition in flight
 * when the emulator stopped completes at the right moment after a restart. Transient things
 * (call log, events, faults, throttle and delay config) are not saved.
 */
import { readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import type { StoreSnapshot } from "../service";

const FORMAT_VERSION = 1;

interface StateFileContent {
  format: "appstream-emulator-state";
  version: number;
  savedAt: number;
  store: StoreSnapshot;
}

export class StateFile {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly path: string,
    private readonly snapshot: () => StoreSnapshot,
    private readonly debounceMs = 20,
  ) {}

  /** The saved store, or undefined when the file does not exist yet. Throws on a corrupt file. */
  load(): StoreSnapshot | undefined {
    if (!existsSync(this.path)) return undefined;
    const text = readFileSync(this.path, "utf8");
    let parsed: Partial<StateFileContent>;
    try {
      parsed = JSON.parse(text) as Partial<StateFileContent>;
    } catch (e) {
      throw new Error(`State file ${this.path} is not valid JSON: ${(e as Error).message}`);
    }
    if (parsed.format !== "appstream-emulator-state" || parsed.version !== FORMAT_VERSION || !parsed.store) {
      throw new Error(`State file ${this.path} is not an AppStream emulator state file (version ${FORMAT_VERSION}).`);
    }
    return parsed.store;
  }

  /** Saves soon; many mutations in a burst make one write. */
  scheduleSave(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.save();
    }, this.debounceMs);
    this.timer.unref();
  }

  /** Writes now if a save is pending. */
  flush(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.save();
  }

  save(): void {
    const content: StateFileContent = {
      format: "appstream-emulator-state",
      version: FORMAT_VERSION,
      savedAt: Date.now(),
      store: this.snapshot(),
    };
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(content, null, 1));
    renameSync(tmp, this.path);
  }
}
