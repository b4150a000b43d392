/** TagResource / UntagResource / ListTagsForResource on fleet and stack ARNs. */
import { LimitExceededException, ResourceNotFoundException } from "./errors";
import type { Tags } from "./types";
import type { CallContext } from "./context";
import type { Store } from "./store";

/** A resource may carry at most 50 tags (TagResource API reference). */
export const MAX_TAGS = 50;

export class TagBackend {
  constructor(private readonly store: Store) {}

  tagResource(_ctx: CallContext, input: { ResourceArn?: string; Tags?: Tags }): Record<string, never> {
    // Member constraints (ARN pattern, tag keys and values, 1..50 tags) are the input shape's.
    const owner = this.owner(input.ResourceArn as string);
    const merged = { ...owner.tags, ...input.Tags };
    // Over the per-resource limit is a quota, not a malformed value: LimitExceededException,
    // the quota code TagResource declares.
    if (Object.keys(merged).length > MAX_TAGS) {
      throw new LimitExceededException(
        `The resource ${input.ResourceArn} would have ${Object.keys(merged).length} tags; the limit is ${MAX_TAGS}.`,
      );
    }
    owner.tags = merged;
    return {};
  }

  untagResource(_ctx: CallContext, input: { ResourceArn?: string; TagKeys?: string[] }): Record<string, never> {
    const owner = this.owner(input.ResourceArn as string);
    const tags = { ...owner.tags };
    for (const key of input.TagKeys ?? []) delete tags[key];
    owner.tags = tags;
    return {};
  }

  listTagsForResource(_ctx: CallContext, input: { ResourceArn?: string }): { Tags: Tags } {
    return { Tags: { ...this.owner(input.ResourceArn as string).tags } };
  }

  /** The fleet or stack whose ARN this is; the ARN must match exactly (region and account too). */
  private owner(arn: string): { tags: Tags } {
    const m = /^arn:aws:appstream:[^:]*:[^:]*:(fleet|stack)\/(.+)$/.exec(arn);
    const rec = m?.[1] === "fleet" ? this.store.fleets.get(m[2]) : m ? this.store.stacks.get(m[2]) : undefined;
    const recArn = rec ? ("arn" in rec ? rec.arn : rec.stack.Arn) : undefined;
    if (!rec || recArn !== arn) throw new ResourceNotFoundException(`The resource ${arn} does not exist.`);
    return rec;
  }
}
