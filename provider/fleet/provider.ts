/**
 * The Fleet provider's entry points: check, diff, create, read, update, delete. The serialized
 * shim (resource.ts) loads this module by package name at call time, so state never holds more
 * than a few hundred bytes of code, and old state runs the installed version's code.
 *
 * The work is elsewhere, a file per concern: validation (validate.ts, properties.ts), the diff and
 * the plan (diff.ts, plan.ts: pure), carrying the plan out (apply.ts), adoption and the ownership
 * tag (adopt.ts, ownership.ts), stored state (state.ts), a check failure as the engine shows it
 * (engine-failure.ts), AWS I/O and its error classification (../aws/).
 */
import { clientRegion, setConfiguredRegion } from "../aws/client";
import { errorName, explainError } from "../aws/errors";
import { associatedStacks, createFleet, deleteFleet, ensureRunning, ensureStopped, findFleet, fleetTags, LiveFleet, retryWhilePropagating, streamingUsers } from "../aws/fleets";
import { imageProblem } from "../aws/images";
import { createHash } from "crypto";
import { adopt } from "./adopt";
import { canCheckLive, checkCreate, checkUpdate, LiveCheck, nameTakenMessage } from "./check-live";
import { confirmLive, converge, isStateConflict, timeoutMs, waitContext } from "./apply";
import { Behaviour, behaviourOf, toCreateFleetRequest } from "./convert";
import { dropEmptyNested } from "./properties";
import { resolveDefaults } from "./defaults";
import { defaultDeps, ProviderDeps } from "./deps";
import { forEngine } from "./engine-failure";
import { computeChanges, replaceDecision } from "./diff";
import { OWNER_TAG, ownerTagValue } from "./ownership";
import { EngineDiff, engineDiff, LiveView, liveView, planChange, planCreate } from "./plan";
import { interruptionWarnings, PLANNED_ACTION_LOG_PREFIX, PlannedAction, plannedAction, plannedActionLine, plannedActionLines, PreviewFacts, previewWarnings, stackAssociationMessage } from "./preview";
import { desiredFromLive, importedInputs, initError, inputsFromOutputs, RawInputs, readOutputs, Stored, storedOutputs, StoredOutputs } from "./state";
import { CheckFailure, FleetInputs } from "./types";
import { validateFleetInputs } from "./validate";
import { containsUnknown, plainJson } from "./values";

export { DEFAULT_TIMEOUTS } from "./apply";
export { DEFAULT_DRAIN_POLL_SECONDS, DEFAULT_DRAIN_TIMEOUT_SECONDS } from "./defaults";
export { defaultDeps, ProviderDeps, ResourceReporter } from "./deps";
export { explainError } from "../aws/errors";
export { OWNER_TAG, ownerTagValue } from "./ownership";
export { FleetInitError, inputsFromOutputs, RawInputs, StoredOutputs } from "./state";

/** How long the engine's second check of a replacement may come after the first (same deployment). */
const REPLACEMENT_MEMO_MS = 10 * 60_000;
/** How long diff trusts what check read for the same fleet (the engine calls them back to back). */
const PREVIEW_FACTS_MS = 10_000;
/** How long create keeps retrying an IAM role that has not propagated yet. */
const PROPAGATION_BUDGET_MS = 3 * 60 * 1000;

const AUTO_NAME_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * `<resource name>-<7 characters>`. With the resource's URN the suffix is derived from it (and
 * from the name being replaced, if any), so every check of one deployment, the preview and the
 * `up` after it agree on the name; without a URN (a provider used outside the engine) it is random.
 */
export function autoName(resourceName: string, urn: string | undefined, replacing: string | undefined, random: () => number): string {
  const prefix = resourceName.replace(/[^a-zA-Z0-9_.-]/g, "-").replace(/^[^a-zA-Z0-9]+/, "").slice(0, 93) || "fleet";
  let suffix = "";
  if (urn !== undefined) {
    const digest = createHash("sha256").update(`${urn}\n${replacing ?? ""}`).digest();
    for (let i = 0; i < 7; i++) suffix += AUTO_NAME_CHARS[digest[i] % AUTO_NAME_CHARS.length];
  } else {
    for (let i = 0; i < 7; i++) suffix += AUTO_NAME_CHARS[Math.floor(random() * AUTO_NAME_CHARS.length)];
  }
  return `${prefix}-${suffix}`;
}

/** Fleet.get of a name AppStream does not know. */
export class FleetNotFoundError extends Error {
  constructor(readonly fleetName: string) {
    super(`reading AppStream fleet ${fleetName}: no fleet of that name exists in this account and region (Fleet.get needs an existing fleet; check the name and aws:region)`);
    this.name = "FleetNotFoundError";
  }
}

export class FleetProviderImpl {
  /** Replacements planned by a check, by URN, for the engine's second check of the new resource. */
  private readonly replacements = new Map<string, { name: string; action: PlannedAction; at: number }>();
  /** What check() read about a fleet (its live state), and whether it warned, for diff a moment later. */
  private readonly previewFacts = new Map<string, { facts: PreviewFacts; live?: LiveView; delivered?: Promise<void>; at: number }>();

  /**
   * @param plannedActionIn where a check puts the planned action (docs/architecture.md, "The
   * planned action of a preview"): "inputs", the dynamic door (the Fleet tells a preview from an
   * update with `__dryRun`, and only a preview's inputs get it); "log", the plugin door (a plugin's
   * check cannot tell, and inputs go into the stack's state): the engine's log, at info level.
   */
  constructor(
    private readonly deps: ProviderDeps = defaultDeps(),
    private readonly plannedActionIn: "inputs" | "log" = "inputs",
  ) {}

  async configure(req: { config: { get(key: string): string | undefined } }): Promise<void> {
    setConfiguredRegion(req.config.get("aws:region"));
  }

  async check(olds: RawInputs, news: RawInputs): Promise<{ inputs: RawInputs; failures: CheckFailure[] }> {
    const inputs = dropEmptyNested({ ...news }) as RawInputs;
    delete inputs.__inputKeys;
    // The planned action goes into the inputs of a preview only: the inputs `up` stores in the
    // stack's state hold no plan (it would be untrue once applied), so the next `preview --diff`
    // shows the new plan alone. Without the key (a provider driven outside a Fleet), as a preview.
    const preview = inputs.__dryRun !== false;
    delete inputs.__dryRun;
    inputs.__inputKeys = Object.keys(inputs)
      .filter((k) => !k.startsWith("__") && inputs[k as keyof FleetInputs] !== undefined)
      .sort();
    // A replacement: the engine checks the new resource's inputs a second time, with no olds. That
    // check must give the name and the plan the first one gave (not "create", not "name taken").
    const replacement = olds.name === undefined ? this.takeReplacement(news.__urn) : undefined;
    if (inputs.name === undefined && replacement !== undefined) inputs.name = replacement.name;
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
      inputs.name = oldName !== undefined && !replacing ? oldName : autoName(news.__resourceName ?? "fleet", news.__urn, oldName, this.deps.random);
    }
    const { desiredState, updateStrategy } = resolveDefaults(inputs);
    inputs.desiredState = desiredState;
    inputs.updateStrategy = updateStrategy;

    const failures = validateFleetInputs(inputs as unknown as Record<string, unknown>);
    if (failures.length === 0 && this.deps.verifyImages) {
      const imageChanged = news.imageName !== olds.imageName || news.imageArn !== olds.imageArn;
      const known = !containsUnknown(news.imageName) && !containsUnknown(news.imageArn);
      if (imageChanged && known) {
        const problem = await imageProblem(this.deps.client(inputs.region ?? olds.region), { imageName: news.imageName, imageArn: news.imageArn });
        if (problem) failures.push({ property: news.imageArn !== undefined ? "imageArn" : "imageName", reason: problem });
      }
    }
    if (failures.length === 0 && replacement !== undefined) {
      if (preview && this.plannedActionIn === "inputs") {
        inputs.plannedAction = plannedActionLines(replacement.action);
        inputs.__plannedAction = replacement.action;
      }
    } else if (failures.length === 0 && canCheckLive(inputs)) failures.push(...(await this.checkLive(olds, inputs, preview)));
    return { inputs, failures: failures.map((f) => forEngine(f, inputs as unknown as Record<string, unknown>, news as unknown as Record<string, unknown>)) };
  }

  /** The replacement recorded by the first check of this resource (consumed), if recent. */
  private takeReplacement(urn: string | undefined): { name: string; action: PlannedAction } | undefined {
    if (urn === undefined) return undefined;
    const r = this.replacements.get(urn);
    this.replacements.delete(urn);
    return r !== undefined && this.deps.clock.now() - r.at < REPLACEMENT_MEMO_MS ? r : undefined;
  }

  /**
   * Asks AWS what `up` will meet (check-live.ts): refusals become check failures, and the planned
   * action goes into the inputs of a preview: `plannedAction`, the lines `pulumi preview --diff`
   * prints under the fleet on stdout, and `__plannedAction`, the structured record in `pulumi
   * preview --json`. The diff ignores both (they are not settings), so they never cause an update
   * by themselves. What check read (the live state) is kept a few seconds for diff.
   */
  private async checkLive(olds: RawInputs, inputs: RawInputs, preview: boolean): Promise<CheckFailure[]> {
    const reporter = this.deps.reporter(inputs.__urn);
    let live: LiveCheck;
    try {
      const client = this.deps.client(inputs.region ?? olds.region);
      live = olds.name === undefined ? await checkCreate(client, inputs) : await checkUpdate(client, olds, inputs);
    } catch (e) {
      // AWS could not be asked (no credentials yet, a network failure): the preview goes on without
      // the planned action; `up` meets the same question and reports it.
      reporter.warn(`fleet ${inputs.name}: could not read the fleet from AWS for the preview: ${explainError(e, "pulumi preview")}`);
      await reporter.flush();
      return [];
    }
    const plan = live.failures.length === 0 ? live.plan : undefined;
    if (plan !== undefined) {
      const record = plainJson(plannedAction(plan, live.facts)); // no undefined member: the engine refuses them
      if (this.plannedActionIn === "log") reporter.info(`${PLANNED_ACTION_LOG_PREFIX}${plannedActionLine(record)}`);
      else if (preview) {
        inputs.plannedAction = plannedActionLines(record);
        inputs.__plannedAction = record;
      }
      if (plan.kind === "replace" && inputs.__urn !== undefined) this.replacements.set(inputs.__urn, { name: inputs.name as string, action: record, at: this.deps.clock.now() });
      for (const w of previewWarnings(plan, live.facts)) reporter.warn(w);
    }
    // The engine shows the warnings once they reach it (its Log RPC). For a fleet in the stack the
    // engine calls diff next, and diff waits for them: the round trip runs while the engine moves
    // from check to diff, not before it. A new fleet gets no diff: check waits.
    const delivered = reporter.flush();
    if (olds.name === undefined || live.live === undefined) await delivered;
    if (live.live !== undefined) this.previewFacts.set(inputs.name as string, { facts: live.facts, live: live.live, delivered, at: this.deps.clock.now() });
    else this.previewFacts.delete(inputs.name as string);
    return live.failures.map((f) => ({ ...f, reason: f.property === "name" || f.property === "fleetType" ? f.reason : `fleet ${inputs.name}: ${f.reason}` }));
  }

  async diff(_id: string, olds: Stored, news: RawInputs): Promise<EngineDiff> {
    // The engine diffs only inputs check() accepted; anything else gets a message, not a TypeError.
    const invalid = validateFleetInputs(news as unknown as Record<string, unknown>);
    if (invalid.length > 0)
      throw new Error(`AppStream fleet ${olds.name ?? _id}: invalid inputs: ${invalid.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
    const name = olds.name ?? (news.name as string);
    // The fleet as check() of this step read it a moment ago: whether a change replaces the fleet
    // (updateStrategy "replace" replaces only a running fleet), and whether a fleet stopped or
    // started outside Pulumi needs an update, go by its live state, as the planned action did.
    const seen = this.seenByCheck(name);
    const plan = planChange(olds, { ...news, name: (news.name as string | undefined) ?? name }, seen?.live, olds.state);
    const result = engineDiff(plan);
    await seen?.delivered; // check's warnings reached the engine
    if (result.changes) {
      if (seen === undefined) await this.warnWithoutCheck(olds, news);
      return result;
    }
    // The last operation ended (timed out, interrupted) with the fleet in transition: the next
    // `up` must wait it out and make sure it reached desiredState (a start can still fail).
    if (olds.state === "STARTING" || olds.state === "STOPPING") return { ...result, changes: true };
    return result;
  }

  async create(given: RawInputs): Promise<{ id: string; outs: StoredOutputs }> {
    const name = given.name as string;
    const client = this.deps.client(given.region);
    // The region the fleet lives in, recorded in its outputs: later operations go there, whatever
    // aws:region says by then.
    const inputs: RawInputs = { ...given, region: given.region ?? (await clientRegion(client)) };
    const reporter = this.deps.reporter(inputs.__urn);
    const ctx = waitContext(timeoutMs(inputs, "create"), reporter);
    if (inputs.adoptExisting === true) {
      const existing = await findFleet(client, name);
      if (existing !== undefined) return adopt(client, this.deps.clock, existing, inputs, ctx, reporter);
    }
    // The plan of a create (plan.ts): CreateFleet, then StartFleet unless the program keeps it stopped.
    for (const step of planCreate({ ...inputs, name }).steps) {
      if (step.op === "create") {
        const req = toCreateFleetRequest({ ...inputs, name });
        const owner = ownerTagValue(inputs.__urn);
        if (owner !== undefined && Object.keys(req.Tags ?? {}).length < 50) req.Tags = { ...(req.Tags ?? {}), [OWNER_TAG]: owner };
        try {
          await retryWhilePropagating(() => createFleet(client, req), Math.min(PROPAGATION_BUDGET_MS, ctx.timeoutMs), this.deps.clock);
        } catch (e) {
          if (errorName(e) === "ResourceAlreadyExistsException") {
            // Ours (an interrupted create of this very resource)? Then take it over, converging it.
            const existing = owner === undefined ? undefined : await findFleet(client, name).catch(() => undefined);
            if (existing !== undefined && (await fleetTags(client, existing.Arn as string).catch(() => ({}) as Record<string, string>))[OWNER_TAG] === owner) {
              reporter.info(`fleet ${name}: already created by an earlier, interrupted update of this resource; taking it over`);
              return adopt(client, this.deps.clock, existing, inputs, ctx, reporter);
            }
            throw new Error(`creating AppStream fleet ${name}: ${nameTakenMessage(name)}`);
          }
          throw new Error(`creating AppStream fleet ${name}: ${explainError(e)}`);
        }
        reporter.info(`fleet ${name}: created`);
      } else if (step.op === "start") {
        try {
          const created = await findFleet(client, name);
          if (created === undefined) throw new Error(`fleet ${name} was not found right after CreateFleet`);
          await ensureRunning(client, created, ctx);
        } catch (e) {
          // The fleet exists: hand it to the engine with the error, so it is in state, not orphaned.
          throw await initError(client, `starting AppStream fleet ${name}`, e, name, inputs);
        }
      } else throw new Error(`${step.op} is not a step of a create`);
    }
    return { id: name, outs: await readOutputs(client, name, inputs) };
  }

  async read(id: string, props?: Stored | null): Promise<{ id?: string; props?: StoredOutputs; inputs?: Record<string, unknown> }> {
    const client = this.deps.client(props?.region ?? undefined);
    try {
      const fleet = await findFleet(client, id, { fresh: true });
      // props is absent for a fleet read with Fleet.get (and may be null or {} from older engines).
      const old: Stored = props ?? {};
      // Fleet.get's first read (nothing stored yet): a fleet that does not exist is an error, as in
      // @pulumi/aws; for a fleet in state, an empty id tells the engine it is gone.
      const firstRead = old.__inputKeys === undefined && old.arn === undefined;
      if (fleet === undefined && firstRead) throw new FleetNotFoundError(id);
      if (fleet === undefined) return { id: "" };
      // The region it was found in is recorded (Fleet.get, import, an older state), as create
      // does: later operations go there, whatever aws:region says by then.
      const region = old.region ?? (await clientRegion(client));
      const behaviour: Behaviour = { ...behaviourOf(old as FleetInputs), region, desiredState: desiredFromLive(fleet.state) };
      const outs = storedOutputs(fleet, await fleetTags(client, fleet.Arn as string), behaviour, old.__inputKeys, old.__urn);
      return { id, props: outs, inputs: firstRead ? importedInputs(outs) : inputsFromOutputs(outs) };
    } catch (e) {
      if (e instanceof FleetNotFoundError) throw e;
      throw new Error(`refreshing AppStream fleet ${id}: ${explainError(e, "pulumi refresh")}`);
    }
  }

  async update(id: string, olds: Stored, news: RawInputs): Promise<{ outs: StoredOutputs }> {
    const client = this.deps.client(olds.region ?? news.region);
    const reporter = this.deps.reporter(news.__urn);
    const ctx = waitContext(timeoutMs(news, "update"), reporter);
    let live: LiveFleet | undefined;
    try {
      live = await findFleet(client, id);
    } catch (e) {
      throw new Error(`updating AppStream fleet ${id}: ${explainError(e)}`);
    }
    if (live === undefined)
      throw new Error(`updating AppStream fleet ${id}: the fleet no longer exists (deleted outside Pulumi?). Run \`pulumi refresh\`, then \`pulumi up\` to create it again.`);
    await converge(client, this.deps.clock, id, olds, news, live, ctx, reporter);
    return { outs: await readOutputs(client, id, { ...news, region: news.region ?? olds.region }) };
  }

  async delete(id: string, props: Stored): Promise<void> {
    const client = this.deps.client(props.region);
    const reporter = this.deps.reporter(props.__urn);
    const ctx = waitContext(timeoutMs(props as FleetInputs, "delete"), reporter);
    let fleet: LiveFleet | undefined;
    let stacks: string[] = [];
    try {
      fleet = await findFleet(client, id);
      if (fleet !== undefined) fleet = await confirmLive(client, this.deps.clock, id, fleet, props.state);
      if (fleet !== undefined) stacks = await associatedStacks(client, id);
    } catch (e) {
      throw new Error(`deleting AppStream fleet ${id}: ${explainError(e, "pulumi destroy")}`);
    }
    if (fleet === undefined) return;
    if (stacks.length > 0) throw new Error(stackAssociationMessage(id, stacks, props.region ?? (await clientRegion(client))));
    for (let attempt = 0; ; attempt++) {
      try {
        await ensureStopped(client, fleet, ctx);
        await deleteFleet(client, id);
        return;
      } catch (e) {
        if (errorName(e) === "ResourceNotFoundException") return;
        if (isStateConflict(e) && attempt < 3) {
          // Planned on a stale or lagging answer (the fleet was started or stopped meanwhile):
          // read it again and stop it from the state it is really in.
          fleet = await findFleet(client, id, { fresh: true }).catch(() => fleet);
          if (fleet === undefined) return;
          reporter.info(`fleet ${id}: AWS refused the delete while the fleet is ${fleet.state}; stopping it first from there`);
          continue;
        }
        throw new Error(`deleting AppStream fleet ${id}: ${explainError(e, "pulumi destroy")}`);
      }
    }
  }

  /** What check() of this step read about the fleet (within PREVIEW_FACTS_MS), if it did. */
  private seenByCheck(name: string): { facts: PreviewFacts; live?: LiveView; delivered?: Promise<void> } | undefined {
    const seen = this.previewFacts.get(name);
    return seen !== undefined && this.deps.clock.now() - seen.at < PREVIEW_FACTS_MS ? seen : undefined;
  }

  /**
   * Preview honesty when check() could not read the fleet (AWS did not answer it): the warnings of
   * stops, replacements and refusals, from the fleet read now (or the last known state, without a
   * session count).
   */
  private async warnWithoutCheck(olds: Stored, news: RawInputs): Promise<void> {
    const name = olds.name ?? (news.name as string);
    const reporter = this.deps.reporter(news.__urn ?? olds.__urn);
    let facts: PreviewFacts = { liveState: olds.state };
    let live: LiveView | undefined;
    try {
      const fleet = await findFleet(this.deps.client(olds.region ?? news.region), name);
      if (fleet === undefined) return; // gone: the update says so
      facts = { liveState: fleet.state, streaming: streamingUsers(fleet), drainMode: fleet.ComputeCapacityStatus };
      live = liveView(fleet);
    } catch {
      // The warning still goes out, from the last known state and without a session count.
    }
    for (const w of interruptionWarnings(planChange(olds, { ...news, name: (news.name as string | undefined) ?? name }, live), facts)) reporter.warn(w);
    await reporter.flush();
  }
}
