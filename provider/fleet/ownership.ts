/**
 * The tag create() puts on the fleets it creates: a hash of the resource's URN. A create that was
 * interrupted (killed engine, lost CreateFleet answer) leaves a fleet the engine does not know;
 * the next create finds the name taken, sees this tag, and takes the fleet over instead of failing.
 * It is never shown in outputs and never removed by an update.
 */
import { createHash } from "crypto";

export const OWNER_TAG = "pulumi-appstream-fleet:urn-sha256";

export function ownerTagValue(urn: string | undefined): string | undefined {
  return urn ? createHash("sha256").update(urn).digest("hex").slice(0, 40) : undefined;
}

/** The fleet's tags as the program sees them: without the ownership tag. */
export function userTags(tags: Record<string, string>): Record<string, string> {
  const out = { ...tags };
  delete out[OWNER_TAG];
  return out;
}
