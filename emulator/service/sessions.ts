/**
 * Streaming sessions. The API cannot create them (users do, by streaming), so the control API
 * opens and ends them; DescribeSessions reads them. An ended session disappears, as AWS only
 * lists live sessions.
 */
import { randomBytes, randomUUID } from "node:crypto";
import { ControlError } from "./errors";
import { freeSessionSlots, sessionCounts } from "./fleets/view";
import { compact } from "./json";
import { paginate } from "./pagination";
import {
  AUTHENTICATION_TYPES,
  CONNECTION_STATES,
  type AuthenticationType,
  type ConnectionState,
  type SessionJson,
} from "./types";
import type { CallContext } from "./context";
import type { Store } from "./store";

export interface DescribeSessionsInput {
  StackName?: string;
  FleetName?: string;
  UserId?: string;
  NextToken?: string;
  Limit?: number;
  AuthenticationType?: string;
  InstanceId?: string;
}

export interface OpenSessionArgs {
  stackName: string;
  fleetName: string;
  userId: string;
  authenticationType?: AuthenticationType;
  connectionState?: ConnectionState;
}

export class SessionBackend {
  constructor(private readonly store: Store) {}

  describeSessions(_ctx: CallContext, input: DescribeSessionsInput): { Sessions: SessionJson[]; NextToken?: string } {
    // Member constraints are the input shape's; an unknown stack or fleet has no sessions
    // (DescribeSessions declares no ResourceNotFoundException).
    // Without AuthenticationType the service lists API (streaming URL) sessions only.
    const auth = input.AuthenticationType ?? "API";
    const matching = [...this.store.sessions.values()].filter(({ session: s }) =>
      s.StackName === input.StackName &&
      s.FleetName === input.FleetName &&
      (s.AuthenticationType ?? "API") === auth &&
      (input.UserId === undefined || s.UserId === input.UserId) &&
      (input.InstanceId === undefined || s.InstanceId === input.InstanceId),
    );
    const key = (r: { seq: number }): string => String(r.seq).padStart(12, "0");
    const { page, nextToken } = paginate("DescribeSessions", matching, key, input.Limit ?? 20, input.NextToken);
    return compact({ Sessions: page.map((r) => structuredClone(r.session)), NextToken: nextToken });
  }

  /** Control API: a user starts streaming. The fleet must be RUNNING, associated, with room. */
  openSession(now: number, args: OpenSessionArgs): SessionJson {
    const problems = checkOpenArgs(args);
    if (problems) throw new ControlError(problems);
    const fleet = this.store.fleets.get(args.fleetName);
    const stack = this.store.stacks.get(args.stackName);
    if (!fleet) throw new ControlError(`Fleet ${args.fleetName} does not exist.`);
    if (!stack) throw new ControlError(`Stack ${args.stackName} does not exist.`);
    if (!stack.fleetNames.includes(args.fleetName)) {
      throw new ControlError(`Fleet ${args.fleetName} is not associated with stack ${args.stackName}.`);
    }
    const state = fleet.lifecycle.state;
    if (state !== "RUNNING") throw new ControlError(`Fleet ${args.fleetName} is ${state}; sessions need a RUNNING fleet.`);
    if (freeSessionSlots(fleet.settings, state, sessionCounts(this.store, args.fleetName)) === 0) {
      throw new ControlError(`Fleet ${args.fleetName} has no free capacity for another session.`);
    }
    const start = now / 1000;
    const session: SessionJson = {
      Id: randomUUID(),
      UserId: args.userId,
      StackName: args.stackName,
      FleetName: args.fleetName,
      State: "ACTIVE",
      ConnectionState: args.connectionState ?? "CONNECTED",
      StartTime: start,
      MaxExpirationTime: start + (fleet.settings.MaxUserDurationInSeconds ?? 57600),
      AuthenticationType: args.authenticationType ?? "API",
      NetworkAccessConfiguration: networkAccess(fleet.settings.VpcConfig !== undefined),
      InstanceId: `i-${randomBytes(9).toString("hex").slice(0, 17)}`,
      // ELASTIC fleets keep no instances of their own to drain.
      InstanceDrainStatus: fleet.settings.FleetType === "ELASTIC" ? "NOT_APPLICABLE" : "ACTIVE",
    };
    this.store.sessions.set(session.Id, { session, seq: ++this.store.sessionSeq });
    return structuredClone(session);
  }

  endSession(id: string): boolean {
    return this.store.sessions.delete(id);
  }
}

/**
 * The streaming instance's network interface: a private IPv4 address (and, in a VPC of the
 * account's own, an IPv6 address, as a dual-stack subnet gives one), and the ENI's id.
 */
function networkAccess(inVpc: boolean): NonNullable<SessionJson["NetworkAccessConfiguration"]> {
  const b = randomBytes(12);
  return {
    EniPrivateIpAddress: `10.0.${b[0]}.${1 + (b[1] % 254)}`,
    ...(inVpc ? { EniIpv6Addresses: [`2600:1f18:${b.readUInt16BE(2).toString(16)}:${b.readUInt16BE(4).toString(16)}::${b.readUInt16BE(6).toString(16)}`] } : {}),
    EniId: `eni-${b.subarray(0, 9).toString("hex").slice(0, 17)}`,
  };
}

function checkOpenArgs(a: OpenSessionArgs): string | undefined {
  for (const key of ["stackName", "fleetName", "userId"] as const) {
    if (typeof a[key] !== "string" || a[key] === "") return `${key} is required (a non-empty string).`;
  }
  if (a.userId.length < 2 || a.userId.length > 128) return "userId must be 2 to 128 characters long.";
  if (a.authenticationType !== undefined && !AUTHENTICATION_TYPES.includes(a.authenticationType)) {
    return `authenticationType must be one of ${AUTHENTICATION_TYPES.join(", ")}.`;
  }
  if (a.connectionState !== undefined && !CONNECTION_STATES.includes(a.connectionState)) {
    return `connectionState must be one of ${CONNECTION_STATES.join(", ")}.`;
  }
  return undefined;
}
