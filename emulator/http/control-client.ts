/**
 * A typed client of the control API (/_emulator/...), over Node's global fetch. A `region`
 * argument names the region whose state a call reads or changes (the logs: whose entries it
 * lists); without it, the emulator's default region (the logs: every region's entries).
 */
import type { OpenSessionArgs } from "../service";
import type { CallRecord, FleetEvent } from "../runtime/call-log";
import type { FaultRecord, FaultSpec, PendingFault } from "../runtime/faults";
import type { EmulatorConfig } from "../runtime/runtime";
import type { ThrottleConfig } from "./throttle";
import type { FleetJson, ImageJson, SessionJson } from "../service/types";

export type { OpenSessionArgs } from "../service";

/** An image to add: a Name and any other Image members (defaults fill the rest). */
export type ImageInput = Partial<ImageJson> & { Name: string };

export interface ConfigUpdate {
  startDelaySeconds?: number;
  stopDelaySeconds?: number;
  transitionJitterSeconds?: number;
  throttle?: ThrottleConfig;
}

/** GET /_emulator/regions. */
export interface RegionsJson {
  /** Where unsigned requests and control calls naming no region go (--region). */
  defaultRegion: string;
  /** The regions holding state (named by an AWS call or a control API change since the last reset, or loaded), sorted. */
  regions: string[];
}

function query(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
  const text = q.toString();
  return text ? `?${text}` : "";
}

export class EmulatorControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class EmulatorControl {
  private readonly base: string;

  constructor(url: string) {
    this.base = url.replace(/\/+$/, "");
  }

  async reset(): Promise<void> {
    await this.request("POST", "reset", {});
  }

  async calls(since?: number, region?: string): Promise<CallRecord[]> {
    return (await this.request<{ calls: CallRecord[] }>("GET", `calls${query({ since, region })}`)).calls;
  }

  async clearCalls(): Promise<void> {
    await this.request("POST", "calls/clear", {});
  }

  async events(since?: number, region?: string): Promise<FleetEvent[]> {
    return (await this.request<{ events: FleetEvent[] }>("GET", `events${query({ since, region })}`)).events;
  }

  /** The emulator's default region and the regions it holds state in. */
  async regions(): Promise<RegionsJson> {
    return this.request<RegionsJson>("GET", "regions");
  }

  /** The fleets of a region as they really are (no describe lag), in DescribeFleets' shape. */
  async fleets(region?: string): Promise<FleetJson[]> {
    return (await this.request<{ fleets: FleetJson[] }>("GET", `fleets${query({ region })}`)).fleets;
  }

  async openSession(args: OpenSessionArgs, region?: string): Promise<SessionJson> {
    return (await this.request<{ session: SessionJson }>("POST", `sessions${query({ region })}`, args)).session;
  }

  async endSession(id: string, region?: string): Promise<void> {
    await this.request("DELETE", `sessions/${encodeURIComponent(id)}${query({ region })}`);
  }

  /** Queues a fault; resolves to its id. */
  async fault(spec: FaultSpec): Promise<number> {
    return (await this.request<{ id: number }>("POST", "faults", spec)).id;
  }

  async faults(): Promise<PendingFault[]> {
    return (await this.request<{ faults: PendingFault[] }>("GET", "faults")).faults;
  }

  /** Every fault added since the last reset, used up or withdrawn ones included, with what fired. */
  async faultHistory(): Promise<FaultRecord[]> {
    return (await this.request<{ faults: FaultRecord[] }>("GET", "faults/history")).faults;
  }

  async clearFaults(): Promise<void> {
    await this.request("DELETE", "faults");
  }

  /** Adds or replaces images by name in a region; resolves to how many were sent. */
  async addImages(images: ImageInput[], region?: string): Promise<number> {
    return (await this.request<{ count: number }>("POST", `images${query({ region })}`, { images })).count;
  }

  /** Changes part of the configuration (nothing when omitted); resolves to the whole of it. */
  async config(partial: ConfigUpdate = {}): Promise<EmulatorConfig> {
    return this.request<EmulatorConfig>("POST", "config", partial);
  }

  private async request<T = unknown>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}/_emulator/${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (!res.ok) {
      const error = (parsed as { error?: unknown }).error;
      throw new EmulatorControlError(res.status, `${method} /_emulator/${path}: ${res.status} ${String(error ?? text)}`);
    }
    return parsed as T;
  }
}
