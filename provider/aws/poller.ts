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
 * So that no fleet is described more than once a second, whatever asks:
 *  - an answer less than a second old answers a lookup again (the provider's diff, then its
 *    update, then its outputs each look the fleet up), unless this client has since made a call
 *    that could change the fleet: such a call drops what is remembered of it, before and after;
 *    the fleet a mutating call returns (UpdateFleet's) is remembered in its place;
 *  - a wait's first poll goes at least a second after the last DescribeFleets that named the
 *    fleet (the poll that ended the previous wait, the lookup before StartFleet).
 * DescribeFleets is eventually consistent anyway: a second-old answer is as fresh as AWS promises.
 */
import { AppStreamClient, DescribeFleetsCommand, Fleet as ApiFleet } from "@aws-sdk/client-appstream";
import { Clock, realClock } from "./wait";

export const TICK_MS = 1000;
const MAX_NAMES = 25;
const REUSE_MS = TICK_MS;

type Answer = ApiFleet | undefined;
interface Request { resolve(f: Answer): void; reject(e: unknown): void }
interface Batch { requests: Map<string, Request[]> }
interface Overview {
  /** When its first page was asked for. */
  at: number;
  fleets: Map<string, ApiFleet>;
  /** Fleets this client has changed since (asked for by name). */
  stale: Set<string>;
  /** The fleets looked up in it. */
  asked: Set<string>;
  pages: number;
  next?: string;
  complete: boolean;
}

const errorName = (e: unknown) => (typeof e === "object" && e !== null && "name" in e ? String((e as { name: unknown }).name) : undefined);

const READ_ONLY = /^(Describe|List)/;

export class FleetPoller {
  private readonly ticks = new Map<number, Batch>();
  private asap: Batch | undefined;
  private asapInFlight = false;
  /** The last answer per fleet, with the time it arrived. */
  private readonly last = new Map<string, { at: number; fleet: Answer }>();
  /** When the last DescribeFleets that named the fleet was answered (kept even when its answer is dropped). */
  private readonly asked = new Map<string, number>();
  /** When the last DescribeFleets that named the fleet went out (each attempt, as it is sent). */
  private readonly sent = new Map<string, number>();
  /** Bumped by every call that may change the fleet ("*" for calls naming none). */
  private readonly generation = new Map<string, number>();
  /** The grid is every TICK_MS from `phase`; set by a wait that starts alone. */
  phase = 0;
  private active = 0;

  constructor(
    private readonly client: AppStreamClient,
    /** Where time is read and waited (tests drive a scripted clock). */
    private readonly clock: Clock = realClock,
  ) {
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
    // The time each DescribeFleets attempt really goes out, after signing and any rate limiting:
    // a wait spaces its next poll from it, so a request that left late (a busy process) does not
    // make the next one early.
    client.middlewareStack.add(
      (next, context) => async (args) => {
        if (String((context as { commandName?: string }).commandName ?? "") === "DescribeFleetsCommand") {
          const now = this.clock.now();
          for (const n of ((args.input ?? {}) as { Names?: string[] }).Names ?? []) this.sent.set(n, now);
        }
        return next(args);
      },
      { step: "finalizeRequest", priority: "low", name: "appStreamFleetPollerSent", override: true },
    );
  }

  /** When the last DescribeFleets naming the fleet went out, if any. */
  lastSent(name: string): number | undefined {
    return this.sent.get(name);
  }

  private touch(name: string): void {
    this.generation.set(name, (this.generation.get(name) ?? 0) + 1);
    if (name === "*") this.last.clear();
    else this.last.delete(name);
    if (name === "*") this.overview = undefined;
    else this.overview?.stale.add(name);
  }

  /**
   * The account overview: the fleets of the account and region, from DescribeFleets with no Names,
   * read one page at a time, as far as the lookups need (see findInOverview).
   */
  private overview: Overview | undefined;
  private paging: Promise<void> | undefined;
  /** When an overview last failed (e.g. a policy that allows DescribeFleets on named fleets only). */
  private overviewFailedAt = -Infinity;

  /**
   * A lookup for previews, which the engine makes one resource at a time: a preview of 50 fleets
   * would send 50 DescribeFleets in a row (and meet the throttle). Instead lookups within `maxAgeMs`
   * of the first share an overview of the account (DescribeFleets with no Names; AWS does not
   * document its page size), read a page at a time, only as far as needed:
   *  - the first lookup reads the first page; an account that fits on it is then read whole, in
   *    one call, whatever the number of fleets previewed;
   *  - a lone lookup (a preview of one fleet) whose fleet is not on that page asks for it by name
   *    rather than reading every page of a large account;
   *  - once a second fleet is looked up, the pages are read on until each fleet looked up is
   *    found, or the account has been read whole (then a fleet it lacks does not exist).
   * A fleet this client has changed since the overview read it, or an overview that could not be
   * read, falls back to a lookup of the name.
   */
  async findInOverview(name: string, maxAgeMs: number): Promise<Answer> {
    const now = this.clock.now();
    if (this.overview !== undefined && now - this.overview.at > maxAgeMs) this.overview = undefined;
    if (this.overview === undefined && now - this.overviewFailedAt <= maxAgeMs) return this.find(name, false);
    const o = (this.overview ??= { at: now, fleets: new Map(), stale: new Set(), asked: new Set(), pages: 0, complete: false });
    o.asked.add(name);
    // A fleet this client has changed is asked for by name anyway: no page is read for it.
    while (!o.complete && !o.fleets.has(name) && !o.stale.has(name) && (o.pages === 0 || o.asked.size > 1)) {
      await this.nextPage(o);
      if (this.overview !== o) return this.find(name, false);
    }
    if (o.stale.has(name)) return this.find(name, false);
    if (o.fleets.has(name)) return o.fleets.get(name);
    return o.complete ? undefined : this.find(name, false);
  }

  /** Reads the overview's next page (or waits for the one being read). */
  private nextPage(o: Overview): Promise<void> {
    this.paging ??= (async () => {
      try {
        const out = await this.client.send(new DescribeFleetsCommand({ NextToken: o.next }));
        for (const f of out.Fleets ?? []) if (f.Name && !o.fleets.has(f.Name)) o.fleets.set(f.Name, f);
        o.pages++;
        o.next = out.NextToken || undefined;
        o.complete = o.next === undefined;
      } catch {
        this.overviewFailedAt = this.clock.now();
        if (this.overview === o) this.overview = undefined;
      }
    })().finally(() => (this.paging = undefined));
    return this.paging;
  }

  /**
   * A lookup: an answer less than a second old, else the next DescribeFleets this client sends
   * (at once if none is in flight).
   */
  find(name: string, reuse = true): Promise<Answer> {
    const kept = this.last.get(name);
    if (reuse && kept && this.clock.now() - kept.at < REUSE_MS) return Promise.resolve(kept.fleet);
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
        void this.clock.sleep(Math.max(0, tick - this.clock.now())).then(() => {
          this.ticks.delete(tick);
          void this.run(b);
        });
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

  /** Remembers what a call that changed the fleet returned (UpdateFleet's Fleet), as an answer. */
  remember(name: string, fleet: ApiFleet): void {
    this.last.set(name, { at: this.clock.now(), fleet });
  }

  /**
   * The tick of a wait's first poll of `name` (the wait starts right after its StartFleet /
   * StopFleet), or undefined to poll at once. If the fleet was described less than a second ago,
   * a second after the wait began: a tick already scheduled in the second after that, else (a
   * lone wait) exactly then, setting the grid there, else the grid's next tick. Otherwise a tick
   * already scheduled within the second, if any, else at once. Either way the polls of a lone
   * wait are whole seconds after its command.
   */
  firstPollTick(name: string, now: number): number | undefined {
    const asked = this.asked.get(name);
    if (asked === undefined || asked + TICK_MS <= now) return this.scheduledTickWithin(now);
    const earliest = now + TICK_MS;
    const scheduled = this.scheduledTickWithin(earliest - 1);
    if (scheduled !== undefined) return scheduled;
    if (this.alone) {
      this.phase = earliest % TICK_MS;
      return earliest;
    }
    return alignPoll(earliest, earliest - TICK_MS, now, this.phase);
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
    const gen = (n: string) => `${this.generation.get(n) ?? 0}/${this.generation.get("*") ?? 0}`;
    const before = names.map(gen);
    // Answers are remembered unless a call that may change the fleet ran meanwhile.
    const answered = () => {
      const at = this.clock.now();
      names.forEach((n, i) => {
        this.asked.set(n, at);
        if (gen(n) === before[i]) this.last.set(n, { at, fleet: out.get(n) });
      });
      return out;
    };
    try {
      const res = await this.client.send(new DescribeFleetsCommand({ Names: names }));
      for (const n of names) out.set(n, (res.Fleets ?? []).find((f) => f.Name === n));
      return answered();
    } catch (e) {
      if (errorName(e) !== "ResourceNotFoundException") throw e;
      if (names.length === 1) {
        out.set(names[0], undefined);
        return answered();
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
