/**
 * The Fleet provider's implementation: check, diff, create, read, update, delete. The serialized
 * shim (resource.ts) loads this module by package name at call time, so state never holds more
 * than a few hundred bytes of code, and old state runs the installed version's code.
 */
import type { AppStreamClient } from "@aws-sdk/client-appstream";
import { appStreamClient, setConfiguredRegion } from "../aws/client";
import {
  associatedStacks,
  createFleet,
  deleteFleet,
  ensureRunning,
  ensureStopped,
  errorMessage,
  errorName,
  findFleet,
  fleetTags,
  LiveFleet,
  retryWhilePropagating,
  tagFleet,
  untagFleet,
  updateFleet,
  waitStable,
  WaitContext,
} from "../aws/fleets";
import { drainSessions } from "../aws/drain";
import { activeSessions } from "../aws/sessions";
import { FleetWaitError } from "../aws/wait";
import { resourceReporter } from "../engine-log";
import { imageProblem } from "../lookups/image-check";
import { Reporter } from "../log";
import { Behaviour, behaviourOf, flattenFleet, toCreateFleetRequest } from "./convert";
import { analyzeDiff, Changes, computeChanges, DiffResult, OldState, ReplaceDecision, replaceDecision } from "./diff";
import { planUpdate, Step, UpdatePlan } from "./plan";
import { previewWarnings } from "./preview";
import { CheckFailure, FleetInputs, FleetOutputs, FleetType } from "./types";
import { validateFleetInputs } from "./validate";
import { containsUnknown, parseDurationMs, plainJson } from "./values";

/**
 * The tag create() puts on the fleets it creates: a hash of the resource's URN. A create that was
 * interrupted (killed engine, lost CreateFleet answer) leaves a fleet the engine does not know;
 * the next create finds the name taken, sees this tag, and takes the fleet over instead of failing.
 * It is never shown in outputs and never removed by an update.
 */
export const OWNER_TAG = "pulumi-appstream-fleet:urn-sha256";
export function ownerTagValue(urn: string | undefined): string | undefined {
  return urn ? require("crypto").createHash("sha256").update(urn).digest("hex").slice(0, 40) : undefined;
}

export const DEFAULT_TIMEOUTS = { create: "30m", update: "30m", delete: "20m" } as const;
/** How long create keeps retrying an IAM role that has not propagated yet. */
const PROPAGATION_BUDGET_MS = 3 * 60 * 1000;

/** Inputs as the engine hands them over: the Fleet's inputs plus the engine's own keys. */
export type RawInputs = FleetInputs & { __provider?: string; __resourceName?: string; __inputKeys?: string[]; __urn?: string };
type Stored = OldState & { __provider?: string; __resourceName?: string; __inputKeys?: string[]; __urn?: string };

/** Outputs as stored: the fleet plus which input keys the program set (so read can echo inputs). */
export type StoredOutputs = FleetOutputs & { __resourceName?: string; __inputKeys: string[]; __urn?: string };

export const DEFAULT_DRAIN_TIMEOUT_SECONDS = 1800;
export const DEFAULT_DRAIN_POLL_SECONDS = 30;

const COMPUTED_OUTPUTS = ["arn", "state", "computeCapacityStatus", "createdTime", "fleetErrors"] as const;

export type ResourceReporter = Reporter & { flush(): Promise<void> };

export interface ProviderDeps {
  client: () => AppStreamClient;
  /** Where messages about one resource go (the engine's output, under its URN, when available). */
  reporter: (urn: string | undefined) => ResourceReporter;
  /** Random source for auto-naming (tests make it deterministic). */
  random: () => number;
  /** Whether check verifies the image with DescribeImages. */
  verifyImages: boolean;
}

export const defaultDeps = (): ProviderDeps => ({
  client: () => appStreamClient(),
  reporter: (urn) => resourceReporter(urn),
  random: Math.random,
  verifyImages: true,
});

/** An error the engine turns into "created/updated but failed": the fleet stays in state. */
export class FleetInitError extends Error {
  constructor(
    message: string,
    readonly id: string,
    readonly properties: Record<string, unknown>,
    readonly reasons: string[],
  ) {
    super(message);
    this.name = "FleetInitError";
  }
}

const AUTO_NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

export function autoName(resourceName: string, random: () => number): string {
  const prefix = resourceName.replace(/[^a-zA-Z0-9_.-]/g, "-").replace(/^[^a-zA-Z0-9]+/, "").slice(0, 93) || "fleet";
  let suffix = "";
  for (let i = 0; i < 7; i++) suffix += AUTO_NAME_CHARS[Math.floor(random() * AUTO_NAME_CHARS.length)];
  return `${prefix}-${suffix}`;
}

function timeoutMs(inputs: FleetInputs, kind: keyof typeof DEFAULT_TIMEOUTS): number {
  return parseDurationMs(inputs.timeouts?.[kind]) ?? (parseDurationMs(DEFAULT_TIMEOUTS[kind]) as number);
}

/**
 * An AWS error as a message that says what to do. A temporary failure (5xx, throttling, a change
 * in flight, a dropped connection) that outlasted the SDK's retries is named as such: nothing was
 * changed by the failed call, and the same command again is the fix.
 */
export function explainError(e: unknown, command = "pulumi up"): string {
  const m = errorMessage(e);
  const name = errorName(e) ?? "";
  const meta = (e as { $metadata?: { httpStatusCode?: number; attempts?: number } } | undefined)?.$metadata;
  const code = String((e as { code?: unknown } | undefined)?.code ?? "");
  const transient =
    (meta?.httpStatusCode ?? 0) >= 500 ||
    /^(ThrottlingException|RequestLimitExceededException|TooManyRequestsException|ConcurrentModificationException|InternalFailure|ServiceUnavailable|RequestTimeout|TimeoutError)$/.test(name) ||
    /ECONNRESET|ECONNREFUSED|EPIPE|ETIMEDOUT|socket hang up/i.test(`${code} ${m}`);
  if (!transient) return m;
  const tries = meta?.attempts !== undefined && meta.attempts > 1 ? ` after ${meta.attempts} attempts` : "";
  return `${m} (${name || "network error"}${tries}: a temporary AWS or network failure that outlasted the retries; run \`${command}\` again)`;
}

/**
 * DescribeFleets can lag behind a recent transition (it may still say STOPPED seconds after a
 * start). A stable state that contradicts the one recorded at the end of the last operation is
 * confirmed by re-reading for up to this long before a plan is made on it; a real change made
 * outside Pulumi costs only this delay.
 */
const LAG_CONFIRM_MS = 5000;
const STABLE_STATES = ["RUNNING", "STOPPED"];

/** The live state as the desiredState it amounts to (a refresh records what AWS really does). */
function desiredFromLive(state: string): "RUNNING" | "STOPPED" {
  return state === "RUNNING" || state === "STARTING" ? "RUNNING" : "STOPPED";
}

export class FleetProviderImpl {
  constructor(private readonly deps: ProviderDeps = defaultDeps()) {}

  async configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
    setConfiguredRegion(req.config.get("aws:region"));
  }

  async check(olds: RawInputs, news: RawInputs): Promise<{ inputs: RawInputs; failures: CheckFailure[] }> {
    const inputs: RawInputs = { ...news };
    delete inputs.__inputKeys;
    inputs.__inputKeys = Object.keys(news)
      .filter((k) => !k.startsWith("__") && news[k as keyof FleetInputs] !== undefined)
      .sort();
    if (inputs.name === undefined) {
      // Auto-naming: keep the name already given unless this change replaces the fleet, in which
      // case a fresh name lets the new fleet be created before the old one is deleted.
      const oldName = olds.name;
      let replacing = false;
      try {
        replacing = oldName !== undefined && replaceDecision(olds, { ...news, name: oldName }, computeChanges(olds, { ...news, name: oldName })).replaces.length > 0;
      } catch {
        // Malformed inputs (e.g. tags: true): validation below reports them; keep the name.
      }
      inputs.name = oldName !== undefined && !replacing ? oldName : autoName(news.__resourceName ?? "fleet", this.deps.random);
    }
    inputs.desiredState = inputs.desiredState ?? "RUNNING";
    inputs.updateStrategy = inputs.updateStrategy ?? "stopStart";

    const failures = validateFleetInputs(inputs as unknown as Record<string, unknown>);
    if (failures.length === 0 && this.deps.verifyImages) {
      const imageChanged = news.imageName !== olds.imageName || news.imageArn !== olds.imageArn;
      const known = !containsUnknown(news.imageName) && !containsUnknown(news.imageArn);
      if (imageChanged && known) {
        const problem = await imageProblem(this.deps.client(), { imageName: news.imageName, imageArn: news.imageArn });
        if (problem) failures.push({ property: news.imageArn !== undefined ? "imageArn" : "imageName", reason: problem });
      }
    }
    if (failures.length === 0 && inputs.adoptExisting === true && olds.name === undefined && !containsUnknown(inputs.name)) {
      await this.announceAdoption(inputs);
    }
    return { inputs, failures };
  }

  async diff(_id: string, olds: Stored, news: RawInputs): Promise<DiffResult> {
    // The engine diffs only inputs check() accepted; anything else gets a message, not a TypeError.
    const invalid = validateFleetInputs(news as unknown as Record<string, unknown>);
    if (invalid.length > 0)
      throw new Error(`AppStream fleet ${olds.name ?? _id}: invalid inputs: ${invalid.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    const { result, changes, replace } = analyzeDiff(olds, news);
    if (result.changes) await this.warnAboutInterruptions(olds, news, result, changes, replace);
    else if (olds.state === "STARTING" || olds.state === "STOPPING") {
      // The last operation ended (timed out, interrupted) with the fleet in transition: the next
      // `up` must wait it out and make sure it reached desiredState (a start can still fail).
      return { ...result, changes: true };
    }
    return result;
  }

  async create(inputs: RawInputs): Promise<{ id: string; outs: StoredOutputs }> {
    const name = inputs.name as string;
    const client = this.deps.client();
    const reporter = this.deps.reporter(inputs.__urn);
    const ctx = this.waitContext(timeoutMs(inputs, "create"), reporter);
    if (inputs.adoptExisting === true) {
      const existing = await findFleet(client, name);
      if (existing !== undefined) return this.adopt(client, existing, inputs, ctx, reporter);
    }
    const req = toCreateFleetRequest({ ...inputs, name });
    const owner = ownerTagValue(inputs.__urn);
    if (owner !== undefined && Object.keys(req.Tags ?? {}).length < 50) req.Tags = { ...(req.Tags ?? {}), [OWNER_TAG]: owner };
    try {
      await retryWhilePropagating(() => createFleet(client, req), Math.min(PROPAGATION_BUDGET_MS, ctx.timeoutMs));
    } catch (e) {
      if (errorName(e) === "ResourceAlreadyExistsException") {
        // Ours (an interrupted create of this very resource)? Then take it over, converging it.
        const existing = owner === undefined ? undefined : await findFleet(client, name).catch(() => undefined);
        if (existing !== undefined && (await fleetTags(client, existing.Arn as string).catch(() => ({}) as Record<string, string>))[OWNER_TAG] === owner) {
          reporter.info(`fleet ${name}: already created by an earlier, interrupted update of this resource; taking it over`);
          return this.adopt(client, existing, inputs, ctx, reporter);
        }
        throw new Error(
          `creating AppStream fleet ${name}: a fleet with this name already exists. To bring it under this ` +
            `program's management set \`adoptExisting: true\` on the Fleet, or choose another name.`,
        );
      }
      throw new Error(`creating AppStream fleet ${name}: ${explainError(e)}`);
    }
    reporter.info(`fleet ${name}: created`);
    if ((inputs.desiredState ?? "RUNNING") === "RUNNING") {
      try {
        const created = await findFleet(client, name);
        if (created === undefined) throw new Error(`fleet ${name} was not found right after CreateFleet`);
        await ensureRunning(client, created, ctx);
      } catch (e) {
        // The fleet exists: hand it to the engine with the error, so it is in state, not orphaned.
        throw await this.initError(client, `starting AppStream fleet ${name}`, e, name, inputs);
      }
    }
    return { id: name, outs: await this.outputs(client, name, inputs) };
  }

  async read(id: string, props: Stored): Promise<{ id?: string; props?: StoredOutputs; inputs?: Record<string, unknown> }> {
    const client = this.deps.client();
    try {
      const fleet = await findFleet(client, id, { fresh: true });
      if (fleet === undefined) return { id: "" };
      const behaviour: Behaviour = { ...behaviourOf(props as FleetInputs & { __resourceName?: string }), desiredState: desiredFromLive(fleet.state) };
      const outs = this.flatten(fleet, await fleetTags(client, fleet.Arn as string), behaviour, props.__inputKeys, props.__urn);
      return { id, props: outs, inputs: inputsFromOutputs(outs) };
    } catch (e) {
      throw new Error(`refreshing AppStream fleet ${id}: ${explainError(e, "pulumi refresh")}`);
    }
  }

  async update(id: string, olds: Stored, news: RawInputs): Promise<{ outs: StoredOutputs }> {
    const client = this.deps.client();
    const reporter = this.deps.reporter(news.__urn);
    const ctx = this.waitContext(timeoutMs(news, "update"), reporter);
    let live: LiveFleet | undefined;
    try {
      live = await findFleet(client, id);
    } catch (e) {
      throw new Error(`updating AppStream fleet ${id}: ${explainError(e)}`);
    }
    if (live === undefined)
      throw new Error(`updating AppStream fleet ${id}: the fleet no longer exists (deleted outside Pulumi?). Run \`pulumi refresh\`, then \`pulumi up\` to create it again.`);
    await this.converge(client, id, olds, news, live, ctx, reporter);
    return { outs: await this.outputs(client, id, news) };
  }

  async delete(id: string, props: Stored): Promise<void> {
    const client = this.deps.client();
    const reporter = this.deps.reporter(props.__urn);
    const ctx = this.waitContext(timeoutMs(props as FleetInputs, "delete"), reporter);
    let fleet: LiveFleet | undefined;
    let stacks: string[] = [];
    try {
      fleet = await findFleet(client, id);
      if (fleet !== undefined) fleet = await this.confirmLive(client, id, fleet, props.state);
      if (fleet !== undefined) stacks = await associatedStacks(client, id);
    } catch (e) {
      throw new Error(`deleting AppStream fleet ${id}: ${explainError(e, "pulumi destroy")}`);
    }
    if (fleet === undefined) return;
    if (stacks.length > 0)
      throw new Error(
        `deleting AppStream fleet ${id}: it is associated with stack(s) ${stacks.join(", ")}. Disassociate it first ` +
          `(remove the association from the program, or \`aws appstream disassociate-fleet --fleet-name ${id} --stack-name ${stacks[0]}\`).`,
      );
    try {
      await ensureStopped(client, fleet, ctx);
      await deleteFleet(client, id);
    } catch (e) {
      if (errorName(e) === "ResourceNotFoundException") return;
      throw new Error(`deleting AppStream fleet ${id}: ${explainError(e, "pulumi destroy")}`);
    }
  }

  /** The live fleet, re-read while it contradicts the recorded state (see LAG_CONFIRM_MS). */
  private async confirmLive(client: AppStreamClient, name: string, live: LiveFleet, recorded: string | undefined): Promise<LiveFleet> {
    if (recorded === undefined || recorded === live.state || !STABLE_STATES.includes(recorded) || !STABLE_STATES.includes(live.state)) return live;
    const until = Date.now() + LAG_CONFIRM_MS;
    while (Date.now() < until) {
      await new Promise((r) => setTimeout(r, 1000));
      const again = await findFleet(client, name);
      if (again === undefined || again.state !== live.state) return again ?? live;
    }
    return live;
  }

  /**
   * Brings the live fleet to the program: waits out STARTING/STOPPING, plans (pure), runs the
   * steps. A failure after the fleet was stopped starts it again before the error is reported,
   * and the error carries the live properties so the stack's state matches AWS.
   */
  private async converge(client: AppStreamClient, name: string, olds: Stored, news: RawInputs, live: LiveFleet, ctx: WaitContext, reporter: Reporter): Promise<void> {
    live = await this.confirmLive(client, name, live, olds.state);
    if (live.state === "STARTING" || live.state === "STOPPING") live = await waitStable(client, name, ctx);
    const plan = planUpdate(olds, { ...news, name }, live.state as "RUNNING" | "STOPPED");
    if (plan.refusal) throw new Error(`updating AppStream fleet ${name}: ${plan.refusal}`);
    if (plan.forcingStop.length > 0) reporter.info(`fleet ${name}: stopping to change ${plan.forcingStop.join(", ")} (stop, update, start)`);

    let stoppedByUs = false;
    for (const step of plan.steps) {
      try {
        const r = await this.runStep(client, step, live, news, ctx, reporter);
        live = r.fleet;
        if (step.op === "stop" && r.stopped) stoppedByUs = true;
      } catch (e) {
        let restartError: unknown;
        if (step.op === "update" && stoppedByUs) {
          // Never leave a fleet stopped by mistake: bring it back before reporting the failure.
          reporter.warn(`fleet ${name}: UpdateFleet failed after the stop; starting the fleet again`);
          try {
            const now = await findFleet(client, name);
            if (now) await ensureRunning(client, now, ctx);
          } catch (re) {
            restartError = re;
          }
        }
        const what = `${describeStep(step)} AppStream fleet ${name}`;
        const err = await this.initError(client, what, e, name, { ...olds, ...news, name } as RawInputs, olds);
        if (restartError !== undefined) err.message += `; starting it again also failed: ${errorMessage(restartError)}`;
        else if (step.op === "update" && stoppedByUs) err.message += "; the fleet was started again with its previous configuration";
        throw err;
      }
    }
  }

  /** create with adoptExisting: take the existing fleet over and converge it like an update. */
  private async adopt(client: AppStreamClient, existing: LiveFleet, inputs: RawInputs, ctx: WaitContext, reporter: Reporter): Promise<{ id: string; outs: StoredOutputs }> {
    const name = existing.Name as string;
    const liveType = existing.FleetType ?? "ON_DEMAND";
    if (inputs.fleetType !== undefined && inputs.fleetType !== liveType)
      throw new Error(
        `adopting AppStream fleet ${name}: it is ${liveType} but the program says ${inputs.fleetType}; a fleet type cannot change in place. ` +
          `Set fleetType: "${liveType}", or give the new fleet another name.`,
      );
    reporter.info(`fleet ${name}: adopting the existing fleet (${existing.state})`);
    const olds = this.adoptedState(existing, await fleetTags(client, existing.Arn as string), inputs);
    await this.converge(client, name, olds, inputs, existing, ctx, reporter);
    return { id: name, outs: await this.outputs(client, name, inputs) };
  }

  private adoptedState(fleet: LiveFleet, tags: Record<string, string>, inputs: RawInputs): StoredOutputs {
    return this.flatten(fleet, tags, { ...behaviourOf(inputs), desiredState: desiredFromLive(fleet.state) }, inputs.__inputKeys, inputs.__urn);
  }

  /** Preview: says that `up` takes over an existing fleet, and what it will do to it. */
  private async announceAdoption(inputs: RawInputs): Promise<void> {
    const name = inputs.name as string;
    const reporter = this.deps.reporter(inputs.__urn);
    try {
      const client = this.deps.client();
      const live = await findFleet(client, name);
      if (live === undefined) return;
      const olds = this.adoptedState(live, await fleetTags(client, live.Arn as string), inputs);
      const stable = live.state === "STARTING" ? "RUNNING" : live.state === "STOPPING" ? "STOPPED" : (live.state as "RUNNING" | "STOPPED");
      const plan = planUpdate(olds, { ...inputs, name }, stable);
      const what = plan.refusal ? `the update will fail: ${plan.refusal}` : plan.steps.length === 0 ? "it already matches the program" : `then: ${describePlan(plan)}`;
      reporter.warn(`fleet ${name} already exists (${live.state}): this update ADOPTS it instead of creating it; ${what}`);
    } catch (e) {
      reporter.warn(`fleet ${name}: could not check for an existing fleet to adopt: ${errorMessage(e)}`);
    }
    await reporter.flush();
  }

  /** Preview honesty: warns about stops, replacements and refusals, with the streaming users. */
  private async warnAboutInterruptions(olds: Stored, news: RawInputs, result: DiffResult, changes: Changes, replace: ReplaceDecision): Promise<void> {
    const name = olds.name ?? (news.name as string);
    const mayStop = replace.replaces.length > 0 || changes.properties.length > 0 || changes.behaviour.includes("desiredState");
    if (!mayStop) return;
    const reporter = this.deps.reporter(news.__urn ?? olds.__urn);
    let liveState: string | undefined = olds.state;
    let sessions: number | undefined;
    try {
      const client = this.deps.client();
      const live = await findFleet(client, name);
      liveState = live?.state;
      if (liveState === "RUNNING" || liveState === "STARTING") sessions = (await activeSessions(client, name)).total;
    } catch {
      // The warning still goes out, from the last known state and without a session count.
    }
    const fleetType = (olds.fleetType ?? news.fleetType ?? "ON_DEMAND") as FleetType;
    for (const w of previewWarnings({ name, changes, replace, deleteBeforeReplace: result.deleteBeforeReplace, news, fleetType, liveState, activeSessions: sessions }))
      reporter.warn(w);
    await reporter.flush();
  }

  private async runStep(client: AppStreamClient, step: Step, live: LiveFleet, news: RawInputs, ctx: WaitContext, reporter: Reporter): Promise<{ fleet: LiveFleet; stopped?: boolean }> {
    const name = live.Name as string;
    switch (step.op) {
      case "untag":
        await untagFleet(client, live.Arn as string, step.keys);
        return { fleet: live };
      case "tag":
        await tagFleet(client, live.Arn as string, step.tags);
        return { fleet: live };
      case "drain": {
        const d = news.drain ?? {};
        await drainSessions({
          fleetName: name,
          timeoutSeconds: d.timeoutSeconds ?? DEFAULT_DRAIN_TIMEOUT_SECONDS,
          pollSeconds: d.pollSeconds ?? DEFAULT_DRAIN_POLL_SECONDS,
          onTimeout: d.onTimeout ?? "stop",
          countActive: async () => (await activeSessions(client, name)).total,
          onProgress: (m) => reporter.info(m),
        });
        return { fleet: live };
      }
      case "stop": {
        const r = await ensureStopped(client, live, ctx);
        return { fleet: r.fleet, stopped: r.wasRunning };
      }
      case "update":
        return { fleet: (await updateFleet(client, step.request)) ?? (await findFleet(client, name)) ?? live };
      case "start":
        return { fleet: await ensureRunning(client, live, ctx) };
    }
  }

  private waitContext(timeout: number, reporter: Reporter): WaitContext {
    return { timeoutMs: timeout, onProgress: (m) => reporter.info(m) };
  }

  private flatten(fleet: LiveFleet, tags: Record<string, string>, behaviour: Behaviour, inputKeys: string[] | undefined, urn: string | undefined): StoredOutputs {
    const userTags = { ...tags };
    delete userTags[OWNER_TAG];
    return plainJson({ ...flattenFleet(fleet, userTags, behaviour), __inputKeys: inputKeys ?? [], __urn: urn });
  }

  private async outputs(client: AppStreamClient, name: string, inputs: RawInputs): Promise<StoredOutputs> {
    const fleet = await findFleet(client, name);
    if (fleet === undefined) throw new Error(`AppStream fleet ${name} disappeared while it was being changed`);
    const tags = await fleetTags(client, fleet.Arn as string);
    return this.flatten(fleet, tags, behaviourOf(inputs), inputs.__inputKeys, inputs.__urn);
  }

  /**
   * Builds the error for a failure after the fleet exists: it carries the fleet's id and its live
   * properties, so the engine keeps the fleet in state (nothing orphaned) and state matches AWS.
   */
  private async initError(
    client: AppStreamClient,
    what: string,
    cause: unknown,
    name: string,
    inputs: RawInputs,
    olds?: Stored,
  ): Promise<FleetInitError> {
    const reason = cause instanceof FleetWaitError ? cause.message : explainError(cause);
    let properties: Record<string, unknown> = { ...(olds ?? {}), __provider: inputs.__provider };
    try {
      const fleet = await findFleet(client, name);
      if (fleet) {
        const behaviour = { ...behaviourOf(inputs), desiredState: desiredFromLive(fleet.state) };
        properties = { ...this.flatten(fleet, await fleetTags(client, fleet.Arn as string), behaviour, inputs.__inputKeys, inputs.__urn), __provider: inputs.__provider };
      }
    } catch {
      // Keep the last known properties; the message below still says what failed.
    }
    return new FleetInitError(`${what}: ${reason}`, name, plainJson(properties), [reason]);
  }
}

/** The plan in words, for previews: "stop, update instanceType, start". */
export function describePlan(plan: UpdatePlan): string {
  return plan.steps
    .map((s) => (s.op === "update" ? `update ${s.properties.join(", ")}` : s.op === "tag" ? `tag ${Object.keys(s.tags).join(", ")}` : s.op === "untag" ? `untag ${s.keys.join(", ")}` : s.op))
    .join(", ");
}

function describeStep(step: Step): string {
  switch (step.op) {
    case "untag":
      return "removing tags from";
    case "tag":
      return "tagging";
    case "drain":
      return "draining sessions of";
    case "stop":
      return "stopping";
    case "update":
      return `updating ${step.properties.join(", ")} of`;
    case "start":
      return "starting";
  }
}

/**
 * The inputs a refresh records: the live values of the keys the program sets (so that the next
 * `up` compares the program with what AWS really has), plus the behaviour inputs.
 */
export function inputsFromOutputs(outs: StoredOutputs): Record<string, unknown> {
  const keys = new Set([...outs.__inputKeys, "desiredState", "updateStrategy"]);
  const inputs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(outs)) {
    if ((COMPUTED_OUTPUTS as readonly string[]).includes(k)) continue;
    if (k.startsWith("__")) {
      if (k === "__resourceName" || k === "__inputKeys" || k === "__urn") inputs[k] = v;
      continue;
    }
    if (keys.has(k) || outs.__inputKeys.length === 0) inputs[k] = v;
  }
  return plainJson(inputs);
}
