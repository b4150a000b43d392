/**
 * AppStream fleet I/O: find, tag, and the convergent start/stop actions. Each action and its wait
 * travel together (startFleet starts and waits), and act only from a stable state, so calling them
 * again after an interruption is safe.
 */
import {
  AppStreamClient,
  CreateFleetCommand,
  CreateFleetCommandInput,
  DeleteFleetCommand,
  Fleet as ApiFleet,
  ListAssociatedStacksCommand,
  ListTagsForResourceCommand,
  StartFleetCommand,
  StopFleetCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdateFleetCommand,
  UpdateFleetCommandInput,
} from "@aws-sdk/client-appstream";
import { classifyAwsError, errorName } from "./errors";
import { alignPoll, pollerFor, TICK_MS } from "./poller";
import { Clock, FLEET_POLICY, ObservedFleet, PollPolicy, realClock, waitForFleet, WaitTarget } from "./wait";

export type LiveFleet = ApiFleet & ObservedFleet;

export { errorMessage, errorName } from "./errors";

function observe(f: ApiFleet): LiveFleet {
  return {
    ...f,
    state: f.State ?? "UNKNOWN",
    fleetErrors: (f.FleetErrors ?? []).map((e) => ({ errorCode: e.ErrorCode ?? "UNKNOWN", errorMessage: e.ErrorMessage ?? "" })),
  };
}

/**
 * The fleet, or undefined when AppStream does not know the name. Lookups made at the same time
 * share one DescribeFleets, and an answer less than a second old is used again (see poller.ts);
 * `fresh` asks AWS whatever was asked before (refresh: the user wants AWS's word now).
 */
export async function findFleet(client: AppStreamClient, name: string, opts: { fresh?: boolean } = {}): Promise<LiveFleet | undefined> {
  const f = await pollerFor(client).find(name, !opts.fresh);
  return f ? observe(f) : undefined;
}

/**
 * How old an account overview a preview's lookup may use (see FleetPoller.findInOverview): 5 s,
 * or APPSTREAM_PREVIEW_OVERVIEW_SECONDS (0: every preview lookup asks for its own fleet).
 */
export function previewOverviewMs(env: NodeJS.ProcessEnv = process.env): number {
  const v = Number(env.APPSTREAM_PREVIEW_OVERVIEW_SECONDS);
  return env.APPSTREAM_PREVIEW_OVERVIEW_SECONDS !== undefined && Number.isFinite(v) && v >= 0 ? v * 1000 : 5000;
}

/** The fleet, for a preview: from an account overview at most a few seconds old (one DescribeFleets for many fleets). */
export async function findFleetForPreview(client: AppStreamClient, name: string): Promise<LiveFleet | undefined> {
  const maxAge = previewOverviewMs();
  const f = maxAge > 0 ? await pollerFor(client).findInOverview(name, maxAge) : await pollerFor(client).find(name, false);
  return f ? observe(f) : undefined;
}

/**
 * Users streaming from the fleet now, as the fleet itself reports them (no extra call): active
 * user sessions on a multi-session fleet, instances in use otherwise (one user each).
 */
export function streamingUsers(f: LiveFleet): number {
  const s = f.ComputeCapacityStatus;
  if (f.state !== "RUNNING" && f.state !== "STARTING") return 0;
  return f.MaxSessionsPerInstance !== undefined ? (s?.ActiveUserSessions ?? 0) : (s?.InUse ?? 0);
}

export async function fleetTags(client: AppStreamClient, arn: string): Promise<Record<string, string>> {
  const out = await client.send(new ListTagsForResourceCommand({ ResourceArn: arn }));
  return { ...(out.Tags ?? {}) };
}

export async function associatedStacks(client: AppStreamClient, fleetName: string): Promise<string[]> {
  const names: string[] = [];
  let token: string | undefined;
  do {
    const out = await client.send(new ListAssociatedStacksCommand({ FleetName: fleetName, NextToken: token }));
    names.push(...(out.Names ?? []));
    token = out.NextToken;
  } while (token);
  return names;
}

export interface WaitContext {
  timeoutMs: number;
  clock?: Clock;
  policy?: PollPolicy;
  onProgress?: (message: string) => void;
}

const TIMER_JITTER_MS = 50;

export async function waitFleet(
  client: AppStreamClient,
  name: string,
  target: WaitTarget,
  ctx: WaitContext,
  previousErrors?: ObservedFleet["fleetErrors"],
): Promise<LiveFleet | undefined> {
  const common = { fleetName: name, target, timeoutMs: ctx.timeoutMs, policy: ctx.policy ?? FLEET_POLICY, previousErrors, onProgress: ctx.onProgress };
  if (ctx.clock) return waitForFleet<LiveFleet>({ ...common, clock: ctx.clock, describe: () => findFleet(client, name) });

  // Real time: polls go out on the poller's shared 1-second grid, together with every other
  // wait's poll of the same tick (one DescribeFleets for all), never later than the policy wants.
  const poller = pollerFor(client);
  let lastPoll: number | undefined;
  let pending: Promise<ApiFleet | undefined> | undefined;
  const clock: Clock = {
    now: () => Date.now(),
    sleep: (ms) => {
      const now = Date.now();
      // From the later of the poll's tick and the moment its request really went out; a request
      // within the jitter allowance of its tick counts as on time (else every poll would slip to
      // the grid's next tick, two seconds apart).
      const previous = Math.max(lastPoll ?? now - TICK_MS, (poller.lastSent(name) ?? -Infinity) - TIMER_JITTER_MS);
      const tick = alignPoll(now + ms, previous, now, poller.phase);
      lastPoll = tick;
      pending = poller.pollAt(name, tick);
      pending.catch(() => undefined); // awaited by describe(); no unhandled rejection meanwhile
      return new Promise((r) => setTimeout(r, Math.max(0, tick - Date.now())));
    },
  };
  const describe = async () => {
    let p = pending;
    pending = undefined;
    // A timer that fired late (a busy process) moves the next poll too, so that two polls of
    // this fleet stay a second apart; lateness within the jitter allowance keeps the grid.
    if (lastPoll !== undefined) lastPoll = Math.max(lastPoll, Date.now() - TIMER_JITTER_MS);
    if (p === undefined) {
      // The first poll: a second after the fleet's last DescribeFleets; joins a tick already
      // scheduled within the second, else goes at once.
      const now = Date.now();
      const tick = poller.firstPollTick(name, now);
      lastPoll = tick ?? now;
      if (tick === undefined && poller.alone) poller.phase = now % TICK_MS;
      p = tick !== undefined ? poller.pollAt(name, tick) : poller.find(name, false);
    }
    const f = await p;
    return f ? observe(f) : undefined;
  };
  const end = poller.beginWait();
  try {
    return await waitForFleet<LiveFleet>({ ...common, clock, describe });
  } finally {
    end();
  }
}

/** Waits out STARTING/STOPPING; returns the fleet in RUNNING or STOPPED. */
export async function waitStable(client: AppStreamClient, name: string, ctx: WaitContext): Promise<LiveFleet> {
  const f = await waitFleet(client, name, "STABLE", ctx);
  return f as LiveFleet;
}

/** Starts a stopped fleet and waits for RUNNING; a running fleet is left alone. */
export async function ensureRunning(client: AppStreamClient, fleet: LiveFleet, ctx: WaitContext): Promise<LiveFleet> {
  const name = fleet.Name as string;
  if (fleet.state === "RUNNING") return fleet;
  const stable = fleet.state === "STOPPED" ? fleet : await waitStable(client, name, ctx);
  if (stable.state === "RUNNING") return stable;
  await client.send(new StartFleetCommand({ Name: name }));
  return (await waitFleet(client, name, "RUNNING", ctx, stable.fleetErrors)) as LiveFleet;
}

/** Stops a running fleet and waits for STOPPED. Reports whether it had to stop it. */
export async function ensureStopped(
  client: AppStreamClient,
  fleet: LiveFleet,
  ctx: WaitContext,
): Promise<{ fleet: LiveFleet; wasRunning: boolean }> {
  const name = fleet.Name as string;
  if (fleet.state === "STOPPED") return { fleet, wasRunning: false };
  const stable = fleet.state === "RUNNING" ? fleet : await waitStable(client, name, ctx);
  if (stable.state === "STOPPED") return { fleet: stable, wasRunning: false };
  await client.send(new StopFleetCommand({ Name: name }));
  return { fleet: (await waitFleet(client, name, "STOPPED", ctx)) as LiveFleet, wasRunning: true };
}

export async function createFleet(client: AppStreamClient, req: CreateFleetCommandInput): Promise<void> {
  await client.send(new CreateFleetCommand(req));
}

/** Updates the fleet; returns the fleet as UpdateFleet describes it (remembered as the latest answer). */
export async function updateFleet(client: AppStreamClient, req: UpdateFleetCommandInput): Promise<LiveFleet | undefined> {
  const out = await client.send(new UpdateFleetCommand(req));
  if (!out.Fleet || !req.Name) return undefined;
  pollerFor(client).remember(req.Name, out.Fleet);
  return observe(out.Fleet);
}

export async function deleteFleet(client: AppStreamClient, name: string): Promise<void> {
  await client.send(new DeleteFleetCommand({ Name: name }));
}

export async function tagFleet(client: AppStreamClient, arn: string, tags: Record<string, string>): Promise<void> {
  await client.send(new TagResourceCommand({ ResourceArn: arn, Tags: tags }));
}

export async function untagFleet(client: AppStreamClient, arn: string, keys: string[]): Promise<void> {
  await client.send(new UntagResourceCommand({ ResourceArn: arn, TagKeys: keys }));
}

/**
 * Repeats `call` while it fails with an error that time will fix (a role created seconds ago that
 * IAM has not propagated yet, another change still in flight), up to `budgetMs`.
 */
export async function retryWhilePropagating<T>(call: () => Promise<T>, budgetMs: number, clock: Clock = realClock): Promise<T> {
  const started = clock.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (e) {
      const kind = classifyAwsError(e);
      const propagating = kind === "propagating" || errorName(e) === "ConcurrentModificationException";
      const delay = Math.min(10000, 1000 * 2 ** attempt);
      if (!propagating || clock.now() - started + delay > budgetMs) throw e;
      await clock.sleep(delay);
    }
  }
}
