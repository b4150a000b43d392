/** A typed client of the control API (/_emulator/...), over Node's global fetch. */
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

  async calls(since?: number): Promise<CallRecord[]> {
    const query = since === undefined ? "" : `?since=${since}`;
    return (await this.request<{ calls: CallRecord[] }>("GET", `calls${query}`)).calls;
  }

  async clearCalls(): Promise<void> {
    await this.request("POST", "calls/clear", {});
  }

  async events(since?: number): Promise<FleetEvent[]> {
    const query = since === undefined ? "" : `?since=${since}`;
    return (await this.request<{ events: FleetEvent[] }>("GET", `events${query}`)).events;
  }

  /** The fleets as they really are (no describe lag), in DescribeFleets' shape. */
  async fleets(): Promise<FleetJson[]> {
    return (await this.request<{ fleets: FleetJson[] }>("GET", "fleets")).fleets;
  }

  async openSession(args: OpenSessionArgs): Promise<SessionJson> {
    return (await this.request<{ session: SessionJson }>("POST", "sessions", args)).session;
  }

  async endSession(id: string): Promise<void> {
    await this.request("DELETE", `sessions/${encodeURIComponent(id)}`);
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

  /** Adds or replaces images by name; resolves to how many were sent. */
  async addImages(images: ImageInput[]): Promise<number> {
    return (await this.request<{ count: number }>("POST", "images", { images })).count;
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
