/**
 * One classification of AppStream / AWS errors, used by the SDK's retry strategy (retry.ts), by
 * the provider's own retries and waits (fleets.ts) and by the messages users read (explainError).
 *
 *  - "throttling":  AppStream's RequestLimitExceededException and the SDK's throttling codes;
 *                   retried with the throttling back-off.
 *  - "transient":   another change is in flight (ConcurrentModificationException), 5xx, dropped
 *                   or timed-out connections: the same call again may succeed.
 *  - "propagating": a role created seconds ago that IAM has not propagated yet (InvalidRoleException
 *                   naming the IAM role): time fixes it, within minutes.
 *  - "quota":       LimitExceededException, AppStream's code for account quotas (fleets per
 *                   account): no retry can fix it (the SDK would retry it as throttling).
 *  - "state":       ResourceInUseException: the fleet is not in a state that allows the call (it is
 *                   starting or stopping meanwhile, or RUNNING for a change that needs it stopped).
 *  - "notFound", "alreadyExists": the named resource's existence.
 *  - "client":      everything else: the request itself is wrong; retrying changes nothing.
 */
export type AwsErrorKind = "throttling" | "transient" | "propagating" | "quota" | "state" | "notFound" | "alreadyExists" | "client";

export function errorName(e: unknown): string | undefined {
  return typeof e === "object" && e !== null && "name" in e ? String((e as { name: unknown }).name) : undefined;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

const THROTTLING = /^(ThrottlingException|Throttling|RequestLimitExceededException|TooManyRequestsException|ProvisionedThroughputExceededException|SlowDown|RequestThrottled)$/;
const TRANSIENT = /^(ConcurrentModificationException|InternalFailure|InternalServerError|ServiceUnavailable|ServiceUnavailableException|RequestTimeout|RequestTimeoutException|TimeoutError)$/;
const NETWORK = /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket hang up/i;

export function classifyAwsError(e: unknown): AwsErrorKind {
  const name = errorName(e) ?? "";
  const message = errorMessage(e);
  const status = (e as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode ?? 0;
  const code = String((e as { code?: unknown } | undefined)?.code ?? "");
  if (THROTTLING.test(name) || status === 429) return "throttling";
  if (name === "LimitExceededException") return "quota";
  if (name === "InvalidRoleException" && /IAM role/i.test(message)) return "propagating";
  if (TRANSIENT.test(name) || status >= 500 || NETWORK.test(`${code} ${message}`)) return "transient";
  if (name === "ResourceNotFoundException") return "notFound";
  if (name === "ResourceAlreadyExistsException") return "alreadyExists";
  if (name === "ResourceInUseException") return "state";
  return "client";
}

/** A temporary failure: the same command again, later, is the fix. */
export function isTemporary(e: unknown): boolean {
  const k = classifyAwsError(e);
  return k === "throttling" || k === "transient";
}

/**
 * An AWS error as a message that says what to do. A temporary failure (5xx, throttling, a change
 * in flight, a dropped connection) that outlasted the SDK's retries is named as such: nothing was
 * changed by the failed call, and the same command again is the fix.
 */
export function explainError(e: unknown, command = "pulumi up"): string {
  const m = errorMessage(e);
  if (!isTemporary(e)) return m;
  const attempts = (e as { $metadata?: { attempts?: number } } | undefined)?.$metadata?.attempts;
  const tries = attempts !== undefined && attempts > 1 ? ` after ${attempts} attempts` : "";
  return `${m} (${errorName(e) || "network error"}${tries}: a temporary AWS or network failure that outlasted the retries; run \`${command}\` again)`;
}

/** A word as a POSIX shell reads it: as it is when it is safe, else single-quoted. */
export function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * An AWS CLI command a message suggests, complete: `aws appstream <operation> <args> --region
 * <region>`, every word shell-quoted, so it runs as printed (with the shell's own credentials, and
 * its AWS_ENDPOINT_URL_APPSTREAM when it points somewhere other than AWS).
 */
export function awsAppStreamCommand(operation: string, args: Record<string, string>, region: string): string {
  const words = ["aws", "appstream", operation, ...Object.entries(args).flatMap(([k, v]) => [`--${k}`, v]), "--region", region];
  return words.map(shellWord).join(" ");
}

/**
 * Why a fleet cannot be deleted while stacks are associated with it (AWS refuses DeleteFleet then),
 * with one complete disassociate command per stack.
 */
export function associatedStacksMessage(fleet: string, stacks: readonly string[], region: string): string {
  const commands = stacks.map((s) => `\`${awsAppStreamCommand("disassociate-fleet", { "fleet-name": fleet, "stack-name": s }, region)}\``);
  const them = stacks.length === 1 ? "it" : "them";
  return (
    `it is associated with stack${stacks.length === 1 ? "" : "s"} ${stacks.join(", ")} (AWS refuses to delete a fleet while a stack is associated with it). ` +
    `Disassociate ${them} first: remove the association from the program, or run ${commands.join(" and ")}; then run the Pulumi command again.`
  );
}
