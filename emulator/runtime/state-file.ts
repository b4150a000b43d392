/**
 * Optional persistence (--state-file): every region's store as JSON, written atomically
 * (temporary file + rename, so a crash never leaves half a file) shortly after each mutation and
 * on close, and read back at start. Fleets store their lifecycle as timestamps, so a transition in
 * flight when the emulator stopped completes at the right moment after a restart. Transient
 * things (call log, events, faults, throttle and delay config) are not saved.
 *
 * Format 2 (written): `{"format": "appstream-emulator-state", "version": 2, "savedAt": <ms>,
 * "regions": {"<region>": <store>, ...}}`. Format 1 (emulators before regional state):
 * `{..., "version": 1, "store": <store>}`, one store for every region; it loads into the default
 * region (v1Regions), except the fleets and stacks whose ARN names another region.
 */
import { readFileSync, renameSync, writeFileSync, existsSync } from "node:fs";
import type { StoreSnapshot } from "../service";
import { isObject } from "../service/json";
import { isRegionName, type RegionalSnapshot } from "./regions";

const FORMAT = "appstream-emulator-state";
const FORMAT_VERSION = 2;

interface StateFileContent {
  format: typeof FORMAT;
  version: number;
  savedAt: number;
  regions: RegionalSnapshot;
}

export class StateFile {
  private timer: NodeJS.Timeout | undefined;

  constructor(
    readonly path: string,
    private readonly snapshot: () => RegionalSnapshot,
    /** Where a version 1 file's one store goes. */
    private readonly defaultRegion: string,
    private readonly debounceMs = 20,
  ) {}

  /** The saved stores by region, or undefined when the file does not exist yet. Throws on a corrupt file. */
  load(): RegionalSnapshot | undefined {
    if (!existsSync(this.path)) return undefined;
    const text = readFileSync(this.path, "utf8");
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (e) {
      throw new Error(`State file ${this.path} is not valid JSON: ${(e as Error).message}`);
    }
    const notOurs = new Error(`State file ${this.path} is not an AppStream emulator state file (version 1 or ${FORMAT_VERSION}).`);
    if (!isObject(parsed) || parsed.format !== FORMAT) throw notOurs;
    if (parsed.version === 1 && isObject(parsed.store)) return v1Regions(parsed.store as unknown as StoreSnapshot, this.defaultRegion);
    if (parsed.version !== FORMAT_VERSION || !isObject(parsed.regions)) throw notOurs;
    for (const region of Object.keys(parsed.regions)) {
      if (!isRegionName(region) || !isObject(parsed.regions[region])) {
        throw new Error(`State file ${this.path}: ${JSON.stringify(region)} under "regions" is not a region with its store.`);
      }
    }
    return parsed.regions as unknown as RegionalSnapshot;
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
      format: FORMAT,
      version: FORMAT_VERSION,
      savedAt: Date.now(),
      regions: this.snapshot(),
    };
    const tmp = `${this.path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(content, null, 1));
    renameSync(tmp, this.path);
  }
}

/**
 * A version 1 store (one for all regions) as regional stores. It goes into the default region,
 * but a fleet or stack whose ARN names another region goes there: it was created by a call signed
 * for that region (the ARN took the caller's region), and that is where its clients look for it.
 * Sessions follow their fleet; each region gets the file's images. An association between a
 * fleet and a stack that end up in different regions is dropped (AWS has none across regions).
 */
export function v1Regions(store: StoreSnapshot, defaultRegion: string): RegionalSnapshot {
  const out: RegionalSnapshot = {};
  const storeIn = (region: string): StoreSnapshot =>
    (out[region] ??= { fleets: [], stacks: [], sessions: [], images: structuredClone(store.images ?? []), sessionSeq: store.sessionSeq ?? 0 });
  const regionOfArn = (arn: unknown): string => {
    const region = typeof arn === "string" ? /^arn:[^:]*:appstream:([^:]*):/.exec(arn)?.[1] : undefined;
    return isRegionName(region) ? region : defaultRegion;
  };
  storeIn(defaultRegion);
  const fleetRegion = new Map<string, string>();
  for (const fleet of store.fleets ?? []) {
    const region = regionOfArn(fleet.arn);
    storeIn(region).fleets.push(fleet);
    fleetRegion.set(fleet.settings.Name, region);
  }
  for (const stack of store.stacks ?? []) {
    const region = regionOfArn(stack.stack.Arn);
    storeIn(region).stacks.push({ ...stack, fleetNames: stack.fleetNames.filter((name) => fleetRegion.get(name) === region) });
  }
  for (const session of store.sessions ?? []) storeIn(fleetRegion.get(session.session.FleetName) ?? defaultRegion).sessions.push(session);
  return out;
}
