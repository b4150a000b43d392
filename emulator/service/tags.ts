/** TagResource / UntagResource / ListTagsForResource on fleet and stack ARNs. */
import { LimitExceededException, ResourceNotFoundException } from "./errors";
import type { Tags } from "./types";
import { ARN_PATTERN, TAG_KEY_PATTERN, Violations, checkTags, memberPath } from "./constraints";
import type { CallContext } from "./context";
import type { Store } from "./store";

/** A resource may carry at most 50 tags (TagResource API reference). */
export const MAX_TAGS = 50;

export class TagBackend {
  constructor(private readonly store: Store) {}

  tagResource(_ctx: CallContext, input: { ResourceArn?: string; Tags?: Tags }): Record<string, never> {
    const v = new Violations();
    checkArn(v, input.ResourceArn);
    if (v.required(memberPath("Tags"), input.Tags)) checkTags(v, memberPath("Tags"), input.Tags);
    v.throwIfAny();
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
    const v = new Violations();
    checkArn(v, input.ResourceArn);
    if (v.required(memberPath("TagKeys"), input.TagKeys)) {
      v.length(memberPath("TagKeys"), input.TagKeys, 1, MAX_TAGS);
      input.TagKeys?.forEach((k, i) => {
        v.length(memberPath("TagKeys", `${i + 1}`, "member"), k, 1, 128);
        v.pattern(memberPath("TagKeys", `${i + 1}`, "member"), k, TAG_KEY_PATTERN);
      });
    }
    v.throwIfAny();
    const owner = this.owner(input.ResourceArn as string);
    const tags = { ...owner.tags };
    for (const key of input.TagKeys ?? []) delete tags[key];
    owner.tags = tags;
    return {};
  }

  listTagsForResource(_ctx: CallContext, input: { ResourceArn?: string }): { Tags: Tags } {
    const v = new Violations();
    checkArn(v, input.ResourceArn);
    v.throwIfAny();
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

function checkArn(v: Violations, arn: string | undefined): void {
  if (v.required(memberPath("ResourceArn"), arn)) v.pattern(memberPath("ResourceArn"), arn, ARN_PATTERN);
}
