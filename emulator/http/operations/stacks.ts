/** Stack, association and tag operations. */
import type { CreateStackInput } from "../../service/stacks";
import type { Tags } from "../../service/types";
import { op, type Operation } from "./operation";

export const STACK_OPERATIONS: Record<string, Operation> = {
  CreateStack: op<CreateStackInput>("CreateStack", {
    mutating: true,
    names: "stack",
    run: (b, ctx, input) => b.stacks.createStack(ctx, input),
  }),
  DescribeStacks: op<{ Names?: string[]; NextToken?: string }>("DescribeStacks", {
    mutating: false,
    names: "stack",
    run: (b, ctx, input) => b.stacks.describeStacks(ctx, input),
  }),
  DeleteStack: op<{ Name?: string }>("DeleteStack", {
    mutating: true,
    names: "stack",
    run: (b, ctx, input) => b.stacks.deleteStack(ctx, input),
  }),
  AssociateFleet: op<{ FleetName?: string; StackName?: string }>("AssociateFleet", {
    mutating: true,
    run: (b, ctx, input) => b.stacks.associateFleet(ctx, input),
  }),
  DisassociateFleet: op<{ FleetName?: string; StackName?: string }>("DisassociateFleet", {
    mutating: true,
    run: (b, ctx, input) => b.stacks.disassociateFleet(ctx, input),
  }),
  ListAssociatedStacks: op<{ FleetName?: string }>("ListAssociatedStacks", {
    mutating: false,
    run: (b, ctx, input) => b.stacks.listAssociatedStacks(ctx, input),
  }),
  ListAssociatedFleets: op<{ StackName?: string }>("ListAssociatedFleets", {
    mutating: false,
    run: (b, ctx, input) => b.stacks.listAssociatedFleets(ctx, input),
  }),
  TagResource: op<{ ResourceArn?: string; Tags?: Tags }>("TagResource", {
    mutating: true,
    run: (b, ctx, input) => b.tags.tagResource(ctx, input),
  }),
  UntagResource: op<{ ResourceArn?: string; TagKeys?: string[] }>("UntagResource", {
    mutating: true,
    run: (b, ctx, input) => b.tags.untagResource(ctx, input),
  }),
  ListTagsForResource: op<{ ResourceArn?: string }>("ListTagsForResource", {
    mutating: false,
    run: (b, ctx, input) => b.tags.listTagsForResource(ctx, input),
  }),
};
