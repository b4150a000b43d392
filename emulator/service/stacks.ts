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
import { NAME_PATTERN, Violations, checkTags, memberPath } from "./constraints";
import { arnOf, type CallContext } from "./context";
import type { FleetBackend } from "./fleets/backend";
import type { StackRecord, Store } from "./store";

/** CreateStack members the emulator keeps and echoes without interpreting them. */
export const STACK_PASSTHROUGH = [
  "StorageConnectors",
  "RedirectURL",
  "FeedbackURL",
  "UserSettings",
  "AccessEndpoints",
  "EmbedHostDomains",
  "StreamingExperienceSettings",
] as const;

export interface CreateStackInput {
  Name?: string;
  DisplayName?: string;
  Description?: string;
  Tags?: Tags;
  [passthrough: string]: unknown;
}

export class StackBackend {
  constructor(
    private readonly store: Store,
    private readonly fleets: FleetBackend,
  ) {}

  createStack(ctx: CallContext, input: CreateStackInput): { Stack: StackJson } {
    const v = new Violations();
    if (v.required(memberPath("Name"), input.Name)) v.pattern(memberPath("Name"), input.Name, NAME_PATTERN);
    v.length(memberPath("DisplayName"), input.DisplayName, 0, 100);
    v.length(memberPath("Description"), input.Description, 0, 256);
    checkTags(v, memberPath("Tags"), input.Tags);
    v.throwIfAny();
    const name = input.Name as string;
    if (this.store.stacks.has(name)) throw new ResourceAlreadyExistsException(`The stack ${name} already exists.`);
    const passthrough = Object.fromEntries(STACK_PASSTHROUGH.map((k) => [k, structuredClone(input[k])]));
    const stack = compact<StackJson>({
      Arn: arnOf(ctx.region, DEFAULT_ACCOUNT_ID, "stack", name),
      Name: name,
      DisplayName: input.DisplayName,
      Description: input.Description,
      CreatedTime: ctx.now / 1000,
      ...passthrough,
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
