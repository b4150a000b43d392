/** Stack, association and tag operations. */
import { STACK_PASSTHROUGH, type CreateStackInput } from "../../service/stacks";
import type { Tags } from "../../service/types";
import { NAMES_PAGE, NAME_ONLY, STRING_LIST, TAGS, op, type Operation } from "./operation";

const PAIR = { struct: { FleetName: "string", StackName: "string" } } as const;
const ARN_ONLY = { struct: { ResourceArn: "string" } } as const;

export const STACK_OPERATIONS: Record<string, Operation> = {
  CreateStack: op<CreateStackInput>({
    shape: {
      struct: {
        Name: "string",
        DisplayName: "string",
        Description: "string",
        Tags: TAGS,
        ...Object.fromEntries(STACK_PASSTHROUGH.map((k) => [k, "any" as const])),
      },
    },
    mutating: true,
    names: "stack",
    run: (b, ctx, input) => b.stacks.createStack(ctx, input),
  }),
  DescribeStacks: op<{ Names?: string[]; NextToken?: string }>({
    shape: NAMES_PAGE,
    mutating: false,
    names: "stack",
    run: (b, ctx, input) => b.stacks.describeStacks(ctx, input),
  }),
  DeleteStack: op<{ Name?: string }>({
    shape: NAME_ONLY,
    mutating: true,
    names: "stack",
    run: (b, ctx, input) => b.stacks.deleteStack(ctx, input),
  }),
  AssociateFleet: op<{ FleetName?: string; StackName?: string }>({
    shape: PAIR,
    mutating: true,
    run: (b, ctx, input) => b.stacks.associateFleet(ctx, input),
  }),
  DisassociateFleet: op<{ FleetName?: string; StackName?: string }>({
    shape: PAIR,
    mutating: true,
    run: (b, ctx, input) => b.stacks.disassociateFleet(ctx, input),
  }),
  ListAssociatedStacks: op<{ FleetName?: string }>({
    shape: { struct: { FleetName: "string", NextToken: "string" } },
    mutating: false,
    run: (b, ctx, input) => b.stacks.listAssociatedStacks(ctx, input),
  }),
  ListAssociatedFleets: op<{ StackName?: string }>({
    shape: { struct: { StackName: "string", NextToken: "string" } },
    mutating: false,
    run: (b, ctx, input) => b.stacks.listAssociatedFleets(ctx, input),
  }),
  TagResource: op<{ ResourceArn?: string; Tags?: Tags }>({
    shape: { struct: { ResourceArn: "string", Tags: TAGS } },
    mutating: true,
    run: (b, ctx, input) => b.tags.tagResource(ctx, input),
  }),
  UntagResource: op<{ ResourceArn?: string; TagKeys?: string[] }>({
    shape: { struct: { ResourceArn: "string", TagKeys: STRING_LIST } },
    mutating: true,
    run: (b, ctx, input) => b.tags.untagResource(ctx, input),
  }),
  ListTagsForResource: op<{ ResourceArn?: string }>({
    shape: ARN_ONLY,
    mutating: false,
    run: (b, ctx, input) => b.tags.listTagsForResource(ctx, input),
  }),
};
