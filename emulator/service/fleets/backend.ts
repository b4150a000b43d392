/**
 * Fleet operations: one method per API operation, each owning its rules. Every method checks
 * everything first and mutates last, with no await in between, so concurrent calls (Node runs
 * one handler at a time) never see a half-applied change and a refused call changes nothing.
 */
import {
  ConcurrentModificationException,
  ResourceAlreadyExistsException,
  ResourceInUseException,
  ValidationException,
  fleetNotFound,
} from "../errors";
import { DEFAULT_ACCOUNT_ID, LIST_PAGE_SIZE } from "../constants";
import { applyUpdate, changedFields, updateVerdict } from "./update-rules";
import { checkCreateCapacity, checkFleetCombination, checkImageChoice } from "./validation";
import { drainsOnImageChange, fleetJson, sessionCounts } from "./view";
import { compact } from "../json";
import { COMMAND_OUTCOME, createLifecycle, fire, settle, stateAt, type StateChange } from "./lifecycle";
import { paginate } from "../pagination";
import type { CreateFleetInput, FleetJson, FleetSettings, FleetType, UpdateFleetInput } from "../types";
import { arnOf, type BackendEnv, type CallContext } from "../context";
import type { ImageBackend } from "../images/backend";
import { HISTORY_LIMIT, type FleetRecord, type Store } from "../store";

/** Values the service fills in when CreateFleet leaves them out. */
const CREATE_DEFAULTS = {
  MaxUserDurationInSeconds: 57600,
  DisconnectTimeoutInSeconds: 900,
  IdleDisconnectTimeoutInSeconds: 0,
  StreamView: "APP",
  EnableDefaultInternetAccess: false,
} as const;

export class FleetBackend {
  constructor(
    private readonly store: Store,
    private readonly images: ImageBackend,
    private readonly env: BackendEnv,
  ) {}

  createFleet(ctx: CallContext, input: CreateFleetInput): { Fleet: FleetJson } {
    const type = (input.FleetType ?? "ON_DEMAND") as FleetType;
    checkImageChoice(input, type !== "ELASTIC");
    const image = input.ImageName !== undefined || input.ImageArn !== undefined
      ? this.images.resolveForFleet(ctx, input)
      : undefined;
    const { Tags, FleetType: _type, ...members } = input;
    const settings = compact<FleetSettings>({
      ...CREATE_DEFAULTS,
      ...structuredClone(members),
      Name: input.Name as string,
      InstanceType: input.InstanceType as string,
      FleetType: type,
      ImageName: image?.Name,
      ImageArn: image?.Arn,
      Platform: input.Platform ?? image?.Platform,
    });
    checkFleetCombination(settings);
    checkCreateCapacity(settings);
    if (this.store.fleets.has(settings.Name)) {
      throw new ResourceAlreadyExistsException(`The fleet ${settings.Name} already exists.`);
    }
    const { lifecycle, change } = createLifecycle(ctx.now);
    const rec: FleetRecord = {
      settings,
      arn: arnOf(ctx.region, DEFAULT_ACCOUNT_ID, "fleet", settings.Name),
      createdMs: ctx.now,
      lifecycle,
      fleetErrors: [],
      history: [],
      tags: { ...(Tags ?? {}) },
    };
    this.store.fleets.set(settings.Name, rec);
    this.applyChange(rec, change);
    return { Fleet: this.view(rec) };
  }

  describeFleets(ctx: CallContext, input: { Names?: string[]; NextToken?: string }): { Fleets: FleetJson[]; NextToken?: string } {
    const show = (rec: FleetRecord): FleetJson => {
      const lag = this.env.describeLagMs(rec.settings.Name);
      const shown = lag > 0 ? stateAt(rec.history, ctx.now - lag) : undefined;
      if (shown !== undefined && shown !== rec.lifecycle.state) this.env.describeLagShown?.(rec.settings.Name);
      return this.view(rec, shown);
    };
    if (input.Names && input.Names.length > 0) {
      const recs = input.Names.map((name) => this.get(name));
      return { Fleets: recs.map(show) };
    }
    const all = [...this.store.fleets.values()];
    const { page, nextToken } = paginate("DescribeFleets", all, (f) => f.settings.Name, LIST_PAGE_SIZE, input.NextToken);
    return compact({ Fleets: page.map(show), NextToken: nextToken });
  }

  updateFleet(ctx: CallContext, input: UpdateFleetInput): { Fleet: FleetJson } {
    // UpdateFleet's model marks nothing required, but a fleet must be named.
    const rec = this.get(requiredName(input.Name));
    checkImageChoice(input, false);
    const state = rec.lifecycle.state;
    const changed = changedFields(rec.settings, input);
    const verdict = updateVerdict(state, rec.settings.FleetType, changed);
    if (!verdict.allowed && verdict.reason === "in-transition") {
      throw new ResourceInUseException(
        `Cannot update fleet ${rec.settings.Name} while it is ${state}. Wait until the fleet is RUNNING or STOPPED.`,
      );
    }
    if (!verdict.allowed) {
      throw new ResourceInUseException(
        `Cannot update the attribute for fleet ${rec.settings.Name} when it is ACTIVE. ` +
          "The fleet must be stopped to complete this action.",
      );
    }
    const next = applyUpdate(rec.settings, input);
    if (changed.includes("ImageName") || changed.includes("ImageArn")) {
      const image = this.images.resolveForFleet(ctx, input);
      next.ImageName = image.Name;
      next.ImageArn = image.Arn;
    }
    checkFleetCombination(next);
    const imageChanged = next.ImageName !== rec.settings.ImageName || next.ImageArn !== rec.settings.ImageArn;
    rec.settings = next;
    if (imageChanged && state === "RUNNING" && drainsOnImageChange(next)) {
      // New sessions go to instances of the new image; the instances serving the sessions open
      // now drain: they keep those sessions until they end (DrainMode* in ComputeCapacityStatus).
      for (const { session } of this.store.sessions.values()) if (session.FleetName === next.Name) session.InstanceDrainStatus = "DRAINING";
    }
    return { Fleet: this.view(rec) };
  }

  deleteFleet(ctx: CallContext, input: { Name?: string }): Record<string, never> {
    const rec = this.get(requiredName(input.Name));
    const name = rec.settings.Name;
    if (rec.lifecycle.state !== "STOPPED") {
      throw new ResourceInUseException(
        `Cannot delete fleet ${name} while it is ${rec.lifecycle.state}. Stop the fleet before you delete it.`,
      );
    }
    const associated = [...this.store.stacks.values()].some((s) => s.fleetNames.includes(name));
    if (associated) {
      throw new ResourceInUseException(
        `The fleet ${name} is associated with a stack. To delete the fleet, you must dissociate it from the stack.`,
      );
    }
    this.store.fleets.delete(name);
    this.store.endSessions((s) => s.FleetName === name);
    this.env.recordTransition(name, { from: rec.lifecycle.state, to: null, at: ctx.now });
    return {};
  }

  startFleet(ctx: CallContext, input: { Name?: string }): Record<string, never> {
    const rec = this.get(requiredName(input.Name));
    const outcome = COMMAND_OUTCOME.StartFleet[rec.lifecycle.state];
    if (outcome === "noop") return {};
    if (outcome === "conflict") {
      throw new ConcurrentModificationException(
        `Fleet ${rec.settings.Name} is ${rec.lifecycle.state}. Wait until it is STOPPED before you start it.`,
      );
    }
    const failure = this.env.takeStartFailure(rec.settings.Name);
    rec.fleetErrors = []; // errors describe the previous attempt
    this.applyChange(rec, fire(rec.lifecycle, "StartFleet", ctx.now, this.env.progress, failure));
    return {};
  }

  stopFleet(ctx: CallContext, input: { Name?: string }): Record<string, never> {
    const rec = this.get(requiredName(input.Name));
    const outcome = COMMAND_OUTCOME.StopFleet[rec.lifecycle.state];
    if (outcome === "noop") return {};
    if (outcome === "conflict") {
      throw new ConcurrentModificationException(
        `Fleet ${rec.settings.Name} is ${rec.lifecycle.state}. Wait until it is RUNNING before you stop it.`,
      );
    }
    this.applyChange(rec, fire(rec.lifecycle, "StopFleet", ctx.now, this.env.progress));
    // Stopping a fleet ends its streaming sessions.
    this.store.endSessions((s) => s.FleetName === rec.settings.Name);
    return {};
  }

  /** Settles every due timed transition of every fleet, in time order. Returns how many. */
  settleAll(now: number): number {
    const due: { rec: FleetRecord; change: StateChange }[] = [];
    for (const rec of this.store.fleets.values()) {
      for (const change of settle(rec.lifecycle, now)) due.push({ rec, change });
    }
    due.sort((a, b) => a.change.at - b.change.at);
    for (const { rec, change } of due) this.applyChange(rec, change);
    return due.length;
  }

  /** Fleets as they really are (control API), without describe lag. */
  rawFleets(): FleetJson[] {
    return [...this.store.fleets.values()].map((rec) => this.view(rec));
  }

  get(name: string): FleetRecord {
    const rec = this.store.fleets.get(name);
    if (!rec) throw fleetNotFound(name);
    return rec;
  }

  private view(rec: FleetRecord, shownState?: FleetRecord["lifecycle"]["state"]): FleetJson {
    return fleetJson(rec, sessionCounts(this.store, rec.settings.Name), shownState);
  }

  private applyChange(rec: FleetRecord, change: StateChange): void {
    if (change.fleetErrors) rec.fleetErrors = structuredClone(change.fleetErrors);
    rec.history.push({ at: change.at, state: change.to });
    if (rec.history.length > HISTORY_LIMIT) rec.history.splice(0, rec.history.length - HISTORY_LIMIT);
    this.env.recordTransition(rec.settings.Name, { from: change.from, to: change.to, at: change.at });
  }
}

function requiredName(name: string | undefined): string {
  if (name === undefined) throw new ValidationException("1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
  return name;
}
