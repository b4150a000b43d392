/**
 * Users streaming from instances in drain mode, in words for the preview. After an image change
 * of a running multi-session fleet, AWS puts the instances that serve open sessions into drain
 * mode: they keep those sessions until they end, take no new ones, and DescribeFleets counts
 * them apart (ComputeCapacityStatus.DrainModeActiveUserSessions, DrainModeUnusedUserSessions).
 * A stop or a replacement disconnects them too, so where the preview says how many users are
 * streaming it adds how many of them are on drained instances. Pure.
 */

/** ComputeCapacityStatus's drain-mode counts (the SDK's names). */
export interface DrainModeCounts {
  DrainModeActiveUserSessions?: number;
  DrainModeUnusedUserSessions?: number;
}

/**
 * "; 2 of the users streaming are on instances in drain mode after an image change (1 unused
 * session slot there)",
 * or "" when no session is on a drained instance (or the counts are not reported).
 */
export function drainModeWords(counts: DrainModeCounts | undefined): string {
  const active = counts?.DrainModeActiveUserSessions ?? 0;
  if (!(active > 0)) return "";
  const unused = counts?.DrainModeUnusedUserSessions ?? 0;
  const slots = unused > 0 ? ` (${unused} unused session slot${unused === 1 ? "" : "s"} there)` : "";
  return `; ${active} of the users streaming ${active === 1 ? "is" : "are"} on instances in drain mode after an image change${slots}`;
}
