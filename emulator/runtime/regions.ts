/**
 * Regional state, as AWS keeps it and as moto models it: one backend (fleets, stacks, sessions,
 * tags, images) per region of the one account, created the first time a request or the control
 * API names the region, each seeded with the default images. The AWS API picks the backend from
 * the request's SigV4 credential scope, the control API from its `region` parameter; the
 * operations themselves never see a region other than their own.
 */
import { Backend, type BackendEnv, type StoreSnapshot } from "../service";
import type { ImageJson } from "../service/types";

/** A region name is a host label (the SDKs refuse anything else): us-east-1, eu-central-2, local. */
const REGION_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isRegionName(value: unknown): value is string {
  return typeof value === "string" && REGION_RE.test(value);
}

/** Every region's store, by region name (the state file's `regions`). */
export type RegionalSnapshot = Record<string, StoreSnapshot>;

export class RegionalBackends {
  private readonly backends = new Map<string, Backend>();

  constructor(
    private readonly images: readonly ImageJson[],
    private readonly envOf: (region: string) => BackendEnv,
  ) {}

  /** The region's backend, created (with the default images) on first use. */
  in(region: string): Backend {
    let backend = this.backends.get(region);
    if (backend === undefined) {
      backend = new Backend(this.images, this.envOf(region));
      this.backends.set(region, backend);
    }
    return backend;
  }

  /** The region's backend if it exists, without creating one (for the call log of a refused call). */
  peek(region: string): Backend | undefined {
    return this.backends.get(region);
  }

  /** The regions that have a backend, sorted. */
  regions(): string[] {
    return [...this.backends.keys()].sort();
  }

  entries(): [string, Backend][] {
    return [...this.backends.entries()];
  }

  /** No region has state any more (each gets fresh default images when next used). */
  clear(): void {
    this.backends.clear();
  }

  snapshot(): RegionalSnapshot {
    const out: RegionalSnapshot = {};
    for (const region of this.regions()) out[region] = this.in(region).store.snapshot();
    return out;
  }

  restore(snapshot: RegionalSnapshot): void {
    this.backends.clear();
    for (const [region, store] of Object.entries(snapshot)) this.in(region).store.restore(store);
  }
}
