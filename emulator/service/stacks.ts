/** Stack operations and fleet-stack associations. */
import {
  LimitExceededException,
  ResourceAlreadyExistsException,
  ResourceInUseException,
  stackNotFound,
} from "./errors";
import { DEFAULT_ACCOUNT_ID, LIST_PAGE_SIZE } from "./constants";
import { compact } from "./json";
import { paginate } from "./pagination";
import type { StackJson, Tags } from "./types";
import { Violations, memberPath } from "./constraints";
import { STACK_SETTINGS } from "./shapes";
import { arnOf, type CallContext } from "./context";
import type { FleetBackend } from "./fleets/backend";
import type { StackRecord, Store } from "./store";

/** CreateStack's members (their shapes in `shapes.ts`, checked before the backend runs). */
export type CreateStackInput = { Name?: string; Tags?: Tags } & { [K in keyof typeof STACK_SETTINGS]?: unknown };

export class StackBackend {
  constructor(
    private readonly store: Store,
    private readonly fleets: FleetBackend,
  ) {}

  createStack(ctx: CallContext, input: CreateStackInput): { Stack: StackJson } {
    const name = required("Name", input.Name);
    if (this.store.stacks.has(name)) throw new ResourceAlreadyExistsException(`The stack ${name} already exists.`);
    const settings: Record<string, unknown> = {};
    for (const key of Object.keys(STACK_SETTINGS) as (keyof typeof STACK_SETTINGS)[]) {
      if (input[key] !== undefined) settings[key] = structuredClone(input[key]);
    }
    const app = input.ApplicationSettings as { Enabled: boolean; SettingsGroup?: string } | undefined;
    if (app) {
      // The answer's ApplicationSettingsResponse adds the bucket AWS creates for the settings
      // (choice: one fixed name per region and account, as AWS keeps one bucket per both).
      settings.ApplicationSettings = compact({
        Enabled: app.Enabled,
        SettingsGroup: app.SettingsGroup,
        S3BucketName: app.Enabled ? `appstream-app-settings-${ctx.region}-${DEFAULT_ACCOUNT_ID}-emulator` : undefined,
      });
    }
    const stack = compact<StackJson>({
      Arn: arnOf(ctx.region, DEFAULT_ACCOUNT_ID, "stack", name),
      Name: name,
      CreatedTime: ctx.now / 1000,
      ...settings,
    });
    this.store.stacks.set(name, { stack, fleetNames: [], tags: { ...(input.Tags ?? {}) } });
    return { Stack: structuredClone(stack) };
  }

  describeStacks(_ctx: CallContext, input: { Names?: string[]; NextToken?: string }): { Stacks: StackJson[]; NextToken?: string } {
    if (input.Names && input.Names.length > 0) {
      return { Stacks: input.Names.map((n) => structuredClone(this.get(n).stack)) };
    }
    const all = [...this.store.stacks.values()];
    const { page, nextToken } = paginate("DescribeStacks", all, (s) => s.stack.Name, LIST_PAGE_SIZE, input.NextToken);
    return compact({ Stacks: page.map((s) => structuredClone(s.stack)), NextToken: nextToken });
  }

  deleteStack(_ctx: CallContext, input: { Name?: string }): Record<string, never> {
    const rec = this.get(required("Name", input.Name));
    if (rec.fleetNames.length > 0) {
      throw new ResourceInUseException(
        `The stack ${rec.stack.Name} is associated with fleet ${rec.fleetNames.join(", ")}. ` +
          "To delete the stack, you must dissociate it from the fleet.",
      );
    }
    this.store.stacks.delete(rec.stack.Name);
    return {};
  }

  /**
   * A stack streams from one fleet; a fleet may serve several stacks (choice: the console
   * offers one fleet per stack, and LimitExceededException is AssociateFleet's declared code for
   * it). Associating a pair that is already associated succeeds without effect.
   */
  associateFleet(_ctx: CallContext, input: { FleetName?: string; StackName?: string }): Record<string, never> {
    const { fleetName, stack } = this.pair(input);
    if (stack.fleetNames.includes(fleetName)) return {};
    if (stack.fleetNames.length > 0) {
      throw new LimitExceededException(
        `The stack ${stack.stack.Name} is already associated with fleet ${stack.fleetNames[0]}. A stack can be associated with one fleet.`,
      );
    }
    stack.fleetNames.push(fleetName);
    return {};
  }

  /** Dissociating ends the pair's sessions; dissociating a pair that is not associated is a no-op. */
  disassociateFleet(_ctx: CallContext, input: { FleetName?: string; StackName?: string }): Record<string, never> {
    const { fleetName, stack } = this.pair(input);
    stack.fleetNames = stack.fleetNames.filter((f) => f !== fleetName);
    this.store.endSessions((s) => s.FleetName === fleetName && s.StackName === stack.stack.Name);
    return {};
  }

  listAssociatedStacks(_ctx: CallContext, input: { FleetName?: string }): { Names: string[] } {
    const fleet = required("FleetName", input.FleetName);
    const names = [...this.store.stacks.values()].filter((s) => s.fleetNames.includes(fleet)).map((s) => s.stack.Name);
    return { Names: names.sort() };
  }

  listAssociatedFleets(_ctx: CallContext, input: { StackName?: string }): { Names: string[] } {
    const stack = this.store.stacks.get(required("StackName", input.StackName));
    return { Names: [...(stack?.fleetNames ?? [])].sort() };
  }

  get(name: string): StackRecord {
    const rec = this.store.stacks.get(name);
    if (!rec) throw stackNotFound(name);
    return rec;
  }

  private pair(input: { FleetName?: string; StackName?: string }): { fleetName: string; stack: StackRecord } {
    const v = new Violations();
    v.required(memberPath("FleetName"), input.FleetName);
    v.required(memberPath("StackName"), input.StackName);
    v.throwIfAny();
    const fleetName = this.fleets.get(input.FleetName as string).settings.Name;
    return { fleetName, stack: this.get(input.StackName as string) };
  }
}

function required(member: string, value: string | undefined): string {
  const v = new Violations();
  v.required(memberPath(member), value);
  v.throwIfAny();
  return value as string;
}
