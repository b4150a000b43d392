/**
 * Injected faults (POST /_emulator/faults). Three kinds:
 * - call faults: the next `count` calls matching an operation (or "*") and optionally a fleet
 *   fail with an error, are throttled, lose their connection, or are answered late. The first
 *   matching fault in insertion order is consumed. A fault that fails a call stops it before
 *   the backend runs, so a failed mutating call changes nothing;
 * - startFailure: the next StartFleet of a fleet goes STARTING and then back to STOPPED with
 *   the given FleetErrors;
 * - describeLag: DescribeFleets reports a fleet's state as it was `seconds` ago, as an
 *   eventually consistent read can; stays until faults are cleared.
 * Every fault counts how many times it fired (`fired`): a call fault per call it faulted, a
 * startFailure per start it failed, a describeLag per DescribeFleets answer it made stale (the
 * state shown differed from the real one). `history()` keeps each fault added since the last
 * reset, used up or withdrawn ones included, so what fired can be read after the fact.
 * A fault with a `region` applies to calls and fleets of that region only; without one, to every
 * region (as before the emulator kept its state per region).
 */
import { AwsError, ControlError, InjectedError, InternalFailure, ThrottlingException } from "../service/errors";
import type { FleetError } from "../service/types";
import { isObject, type JsonObject } from "../service/constraints";
import { isRegionName } from "./regions";

export interface CallFaultSpec {
  type?: "call";
  operation: string;
  fleetName?: string;
  region?: string;
  count?: number;
  errorCode?: string;
  message?: string;
  httpStatus?: number;
  throttle?: boolean;
  dropConnection?: boolean;
  delayMs?: number;
}
export interface StartFailureSpec {
  type: "startFailure";
  fleetName: string;
  region?: string;
  fleetErrors?: FleetError[];
  count?: number;
}
export interface DescribeLagSpec {
  type: "describeLag";
  fleetName?: string;
  region?: string;
  seconds: number;
}
export type FaultSpec = CallFaultSpec | StartFailureSpec | DescribeLagSpec;

/** A fault waiting to fire; `remaining` counts down (describeLag has none); `fired` counts up. */
export type PendingFault = FaultSpec & { id: number; remaining?: number; fired: number };

/** A fault as added since the last reset: its count (none for describeLag), what fired, whether it is still pending. */
export type FaultRecord = FaultSpec & { id: number; count?: number; fired: number; pending: boolean };

/** What a consumed call fault does to the call. */
export interface CallFaultEffect {
  drop: boolean;
  delayMs: number;
  error?: AwsError;
}

const DEFAULT_FLEET_ERRORS: FleetError[] = [
  { ErrorCode: "INTERNAL_SERVICE_ERROR", ErrorMessage: "The fleet failed to start (injected by the emulator)." },
];

export class FaultQueue {
  private faults: PendingFault[] = [];
  /** Every fault added since the last clear(), pending or not (the same objects). */
  private added: PendingFault[] = [];
  private nextId = 1;

  constructor(private readonly knownOperations: (name: string) => boolean) {}

  /** Validates and queues a fault; returns its id. */
  add(raw: unknown): number {
    if (!isObject(raw)) throw new ControlError("A fault must be a JSON object.");
    const spec = this.parse(raw);
    const id = this.nextId++;
    const remaining = spec.type === "describeLag" ? undefined : (spec.count ?? 1);
    const f: PendingFault = { ...spec, id, ...(remaining !== undefined ? { remaining } : {}), fired: 0 };
    this.faults.push(f);
    this.added.push(f);
    return id;
  }

  list(): PendingFault[] {
    return structuredClone(this.faults);
  }

  /** The faults added since the last clear(), with their counts and what fired. */
  history(): FaultRecord[] {
    return this.added.map((f) => {
      const { remaining: _r, ...rest } = structuredClone(f);
      const count = f.type === "describeLag" ? undefined : (f.count ?? 1);
      return { ...rest, ...(count !== undefined ? { count } : {}), pending: this.faults.includes(f) };
    });
  }

  /** Withdraws the pending faults; what fired stays in history(). */
  withdraw(): void {
    this.faults = [];
  }

  /** No faults, no history (emulator reset). */
  clear(): void {
    this.faults = [];
    this.added = [];
  }

  takeCallFault(operation: string, fleetName: string | undefined, region: string): CallFaultEffect | undefined {
    const f = this.faults.find(
      (x): x is PendingFault & CallFaultSpec =>
        (x.type === undefined || x.type === "call") &&
        (x.operation === "*" || x.operation === operation) &&
        (x.fleetName === undefined || x.fleetName === fleetName) &&
        inRegion(x, region),
    );
    if (!f) return undefined;
    this.consume(f);
    return effectOf(f);
  }

  takeStartFailure(fleetName: string, region: string): FleetError[] | undefined {
    const f = this.faults.find(
      (x): x is PendingFault & StartFailureSpec => x.type === "startFailure" && x.fleetName === fleetName && inRegion(x, region),
    );
    if (!f) return undefined;
    this.consume(f);
    return structuredClone(f.fleetErrors ?? DEFAULT_FLEET_ERRORS);
  }

  describeLagMs(fleetName: string, region: string): number {
    let lag = 0;
    for (const f of this.faults) {
      if (f.type === "describeLag" && (f.fleetName === undefined || f.fleetName === fleetName) && inRegion(f, region)) {
        lag = Math.max(lag, f.seconds * 1000);
      }
    }
    return lag;
  }

  /** A DescribeFleets answer showed the fleet's lagged state, not its real one: the lag that set it fired. */
  describeLagShown(fleetName: string, region: string): void {
    let top: PendingFault | undefined;
    for (const f of this.faults) {
      if (f.type === "describeLag" && (f.fleetName === undefined || f.fleetName === fleetName) && inRegion(f, region) && (!top || f.seconds > (top as DescribeLagSpec).seconds)) top = f;
    }
    if (top) top.fired++;
  }

  private consume(f: PendingFault): void {
    f.fired++;
    f.remaining = (f.remaining ?? 1) - 1;
    if (f.remaining <= 0) this.faults = this.faults.filter((x) => x !== f);
  }

  private parse(raw: JsonObject): FaultSpec {
    const spec = this.parseKind(raw);
    const region = optionalString(raw, "region");
    if (region === undefined) return spec;
    if (!isRegionName(region)) throw new ControlError(`region must be a region name such as us-east-1, got ${JSON.stringify(region)}.`);
    return { ...spec, region };
  }

  private parseKind(raw: JsonObject): FaultSpec {
    const count = optionalCount(raw.count);
    const fleetName = optionalString(raw, "fleetName");
    if (raw.type === "startFailure") {
      if (fleetName === undefined) throw new ControlError("startFailure needs fleetName.");
      const fleetErrors = raw.fleetErrors === undefined ? undefined : parseFleetErrors(raw.fleetErrors);
      return { type: "startFailure", fleetName, ...(fleetErrors ? { fleetErrors } : {}), ...(count ? { count } : {}) };
    }
    if (raw.type === "describeLag") {
      if (typeof raw.seconds !== "number" || !(raw.seconds >= 0)) throw new ControlError("describeLag needs seconds >= 0.");
      return { type: "describeLag", seconds: raw.seconds, ...(fleetName !== undefined ? { fleetName } : {}) };
    }
    if (raw.type !== undefined && raw.type !== "call") {
      throw new ControlError(`Unknown fault type ${JSON.stringify(raw.type)} (call, startFailure, describeLag).`);
    }
    return this.parseCallFault(raw, count, fleetName);
  }

  private parseCallFault(raw: JsonObject, count: number | undefined, fleetName: string | undefined): CallFaultSpec {
    const operation = optionalString(raw, "operation");
    if (operation === undefined) throw new ControlError('A call fault needs "operation" (an operation name or "*").');
    if (operation !== "*" && !this.knownOperations(operation)) throw new ControlError(`Unknown operation ${operation}.`);
    const errorCode = optionalString(raw, "errorCode");
    const message = optionalString(raw, "message");
    const httpStatus = raw.httpStatus;
    if (httpStatus !== undefined && (typeof httpStatus !== "number" || !Number.isInteger(httpStatus) || httpStatus < 400 || httpStatus > 599)) {
      throw new ControlError("httpStatus must be an integer from 400 to 599.");
    }
    if (httpStatus !== undefined && httpStatus < 500 && errorCode === undefined) {
      throw new ControlError("A 4xx fault needs errorCode.");
    }
    const delayMs = raw.delayMs;
    if (delayMs !== undefined && (typeof delayMs !== "number" || delayMs < 0 || delayMs > 600_000)) {
      throw new ControlError("delayMs must be a number from 0 to 600000.");
    }
    const throttle = raw.throttle === true;
    const dropConnection = raw.dropConnection === true;
    if (!errorCode && httpStatus === undefined && !throttle && !dropConnection && delayMs === undefined) {
      throw new ControlError("A call fault needs one of errorCode, httpStatus, throttle, dropConnection, delayMs.");
    }
    return {
      operation,
      ...(fleetName !== undefined ? { fleetName } : {}),
      ...(count !== undefined ? { count } : {}),
      ...(errorCode !== undefined ? { errorCode } : {}),
      ...(message !== undefined ? { message } : {}),
      ...(httpStatus !== undefined ? { httpStatus } : {}),
      ...(throttle ? { throttle } : {}),
      ...(dropConnection ? { dropConnection } : {}),
      ...(delayMs !== undefined ? { delayMs } : {}),
    };
  }
}

function inRegion(f: { region?: string }, region: string): boolean {
  return f.region === undefined || f.region === region;
}

function effectOf(f: CallFaultSpec): CallFaultEffect {
  const effect: CallFaultEffect = { drop: f.dropConnection === true, delayMs: f.delayMs ?? 0 };
  if (f.throttle) effect.error = new ThrottlingException();
  else if (f.errorCode) effect.error = new InjectedError(f.errorCode, f.message ?? `${f.errorCode} (injected by the emulator)`, f.httpStatus ?? 400);
  else if (f.httpStatus !== undefined) {
    effect.error = f.message ? new InjectedError("InternalFailure", f.message, f.httpStatus) : withStatus(new InternalFailure(), f.httpStatus);
  }
  return effect;
}

function withStatus(e: InternalFailure, status: number): AwsError {
  return status === 500 ? e : new InjectedError(e.code, e.message, status);
}

function optionalString(raw: JsonObject, key: string): string | undefined {
  const v = raw[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "string" || v === "") throw new ControlError(`${key} must be a non-empty string.`);
  return v;
}

function optionalCount(v: unknown): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v !== "number" || !Number.isInteger(v) || v < 1) throw new ControlError("count must be an integer >= 1.");
  return v;
}

function parseFleetErrors(v: unknown): FleetError[] {
  if (!Array.isArray(v) || v.length === 0) throw new ControlError("fleetErrors must be a non-empty list.");
  return v.map((e) => {
    if (!isObject(e) || typeof e.ErrorCode !== "string") throw new ControlError("Each fleet error needs ErrorCode.");
    return { ErrorCode: e.ErrorCode, ErrorMessage: typeof e.ErrorMessage === "string" ? e.ErrorMessage : "" };
  });
}
