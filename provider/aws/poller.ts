/**
 * Coalesced DescribeFleets, one poller per client (so per provider process: every Fleet of a
 * stack shares it).
 *
 * Fifty fleets waiting at once would each poll once a second: 50 DescribeFleets per second,
 * far above AppStream's rate limit, and the throttled retries drain the SDK's shared retry quota
 * until calls fail. Instead:
 *  - waits poll on a shared 1-second grid: a wait's next poll is moved to the latest grid tick
 *    not after the time its policy asked for, but at least one tick after its previous poll. So
 *    a fleet is still polled at most once per second, a poll is never later than the policy
 *    wanted (the detection bound holds), and all the polls due at one tick go out as ONE
 *    DescribeFleets with several Names (chunks of 25);
 *  - the first poll of a wait joins a tick already scheduled within the next second, if any
 *    (else it goes at once, as a lone wait always did); the grid's phase is set by a wait that
 *    starts while no other wait runs, so a lone wait polls exactly as it would on its own;
 *  - other lookups (findFleet) that arrive while one is in flight go together in the next call.
 * DescribeFleets with a name AppStream does not know fails the whole call with
 * ResourceNotFoundException: the batch is then asked again name by name.
 *
 * A wait's last answer is kept for the lookup that immediately follows it (the provider reads
 * the fleet again to report its outputs): single use, 150 ms at most, dropped by any call this
 * client makes that could change the fleet.
 */
import { AppStreamClient, DescribeFleetsCommand, Fleet as ApiFleet } from "@aws-sdk/client-appstream";

export const TICK_MS = 1000;
const MAX_NAMES = 25;
const REUSE_MS = 150;

type Answer = ApiFleet | undefined;
interface Request { resolve(f: Answer): void; reject(e: unknown): void }
interface Batch { requests: Map<string, Request[]> }

const errorName = (e: unknown) => (typeof e === "object" && e !== null && "name" in e ? String((e as { name: unknown }).name) : undefined);

const READ_ONLY = /^(Describe|List)/;

export class FleetPoller {
  private readonly ticks = new Map<number, Batch>();
  private asap: Batch | undefined;
  private asapInFlight = false;
  private readonly last = new Map<string, { at: number; fleet: Answer }>();
  private readonly generation = new Map<string, number>();
  /** The grid is every TICK_MS from `phase`; set by a wait that starts alone. */
  phase = 0;
  private active = 0;

  constructor(private readonly client: AppStreamClient) {
    // Any call that may change a fleet drops what we remember of it (before and after the call).
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const op = String((context as { commandName?: string }).commandName ?? "");
        if (READ_ONLY.test(op.replace(/Command$/, ""))) return next(args);
        const input = (args.input ?? {}) as Record<string, unknown>;
        const arn = typeof input.ResourceArn === "string" ? /:fleet\/(.+)$/.exec(input.ResourceArn)?.[1] : undefined;
        const name = String(input.Name ?? input.FleetName ?? arn ?? "*");
        this.touch(name);
        try {
          return await next(args);
        } finally {
          this.touch(name);
        }
      },
      { step: "initialize", name: "appStreamFleetPollerInvalidate", override: true },
    );
  }

  private touch(name: string): void {
    this.generation.set(name, (this.generation.get(name) ?? 0) + 1);
    if (name === "*") this.last.clear();
    else this.last.delete(name);
  }

  /** A lookup: answered by the next DescribeFleets this client sends (at once if none is in flight). */
  find(name: string, reuse = true): Promise<Answer> {
    const kept = this.last.get(name);
    if (reuse && kept && Date.now() - kept.at <= REUSE_MS) {
      this.last.delete(name);
      return Promise.resolve(kept.fleet);
    }
    return new Promise((resolve, reject) => {
      this.asap ??= { requests: new Map() };
      add(this.asap, name, { resolve, reject });
      this.kickAsap();
    });
  }

  private kickAsap(): void {
    if (this.asapInFlight || !this.asap) return;
    this.asapInFlight = true;
    setImmediate(async () => {
      const batch = this.asap as Batch;
      this.asap = undefined;
      try {
        await this.run(batch);
      } finally {
        this.asapInFlight = false;
        this.kickAsap();
      }
    });
  }

  /** A wait's poll at grid tick `tick` (epoch ms), sent with every other poll of that tick. */
  pollAt(name: string, tick: number): Promise<Answer> {
    return new Promise((resolve, reject) => {
      let batch = this.ticks.get(tick);
      if (!batch) {
        const b: Batch = { requests: new Map() };
        batch = b;
        this.ticks.set(tick, b);
        setTimeout(() => {
          this.ticks.delete(tick);
          void this.run(b);
        }, Math.max(0, tick - Date.now()));
      }
      add(batch, name, { resolve, reject });
    });
  }

  /** Counts the waits in progress; a wait that starts alone sets the grid's phase. */
  beginWait(): () => void {
    this.active++;
    let ended = false;
    return () => {
      if (!ended) this.active--;
      ended = true;
    };
  }

  /** Whether the caller is the only wait in progress. */
  get alone(): boolean {
    return this.active <= 1;
  }

  /** The earliest tick already scheduled within (now, now + TICK_MS], if any. */
  scheduledTickWithin(now: number): number | undefined {
    let best: number | undefined;
    for (const t of this.ticks.keys()) if (t > now && t <= now + TICK_MS && (best === undefined || t < best)) best = t;
    return best;
  }

  /** Remembers a wait's final answer for the lookup that follows it. */
  keep(name: string, fleet: Answer): void {
    this.last.set(name, { at: Date.now(), fleet });
  }

  private async run(batch: Batch): Promise<void> {
    const names = [...batch.requests.keys()];
    for (let i = 0; i < names.length; i += MAX_NAMES) {
      const chunk = names.slice(i, i + MAX_NAMES);
      let answers: Map<string, Answer>;
      try {
        answers = await this.describe(chunk);
      } catch (e) {
        for (const n of chunk) for (const r of batch.requests.get(n) ?? []) r.reject(e);
        continue;
      }
      for (const n of chunk) for (const r of batch.requests.get(n) ?? []) r.resolve(answers.get(n));
    }
  }

  private async describe(names: string[]): Promise<Map<string, Answer>> {
    const out = new Map<string, Answer>();
    try {
      const res = await this.client.send(new DescribeFleetsCommand({ Names: names }));
      for (const n of names) out.set(n, (res.Fleets ?? []).find((f) => f.Name === n));
      return out;
    } catch (e) {
      if (errorName(e) !== "ResourceNotFoundException") throw e;
      if (names.length === 1) {
        out.set(names[0], undefined);
        return out;
      }
    }
    // One of the names is unknown: ask name by name.
    const each = await Promise.all(names.map((n) => this.describe([n])));
    for (const m of each) for (const [k, v] of m) out.set(k, v);
    return out;
  }
}

function add(batch: Batch, name: string, r: Request): void {
  const list = batch.requests.get(name);
  if (list) list.push(r);
  else batch.requests.set(name, [r]);
}

const pollers = new WeakMap<AppStreamClient, FleetPoller>();

export function pollerFor(client: AppStreamClient): FleetPoller {
  let p = pollers.get(client);
  if (!p) {
    p = new FleetPoller(client);
    pollers.set(client, p);
  }
  return p;
}

/**
 * The grid tick (every TICK_MS from `phase`) for a wait's next poll: the latest tick not after
 * `wanted`, at least TICK_MS after the previous poll; never in the past.
 */
export function alignPoll(wanted: number, previousPoll: number, now: number, phase = 0): number {
  const down = (t: number) => Math.floor((t - phase) / TICK_MS) * TICK_MS + phase;
  let tick = down(wanted);
  const earliest = previousPoll + TICK_MS;
  if (tick < earliest) tick = down(earliest) === earliest ? earliest : down(earliest) + TICK_MS;
  return Math.max(tick, now);
}
