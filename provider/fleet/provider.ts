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
import { FleetWaitError } from "../aws/wait";
import { imageProblem } from "../lookups/image-check";
import { Reporter, stderrReporter } from "../log";
import { Behaviour, behaviourOf, flattenFleet, toCreateFleetRequest } from "./convert";
import { computeChanges, diffFleet, DiffResult, OldState, replaceDecision } from "./diff";
import { planUpdate, Step } from "./plan";
import { CheckFailure, FleetInputs, FleetOutputs } from "./types";
import { validateFleetInputs } from "./validate";
import { containsUnknown, parseDurationMs, plainJson } from "./values";

export const DEFAULT_TIMEOUTS = { create: "30m", update: "30m", delete: "20m" } as const;
/** How long create keeps retrying an IAM role that has not propagated yet. */
const PROPAGATION_BUDGET_MS = 3 * 60 * 1000;

/** Inputs as the engine hands them over: the Fleet's inputs plus the engine's own keys. */
export type RawInputs = FleetInputs & { __provider?: string; __resourceName?: string; __inputKeys?: string[] };
type Stored = OldState & { __provider?: string; __resourceName?: string; __inputKeys?: string[] };

/** Outputs as stored: the fleet plus which input keys the program set (so read can echo inputs). */
export type StoredOutputs = FleetOutputs & { __resourceName?: string; __inputKeys: string[] };

const COMPUTED_OUTPUTS = ["arn", "state", "computeCapacityStatus", "createdTime", "fleetErrors"] as const;

export interface ProviderDeps {
  client: () => AppStreamClient;
  reporter: Reporter;
  /** Random source for auto-naming (tests make it deterministic). */
  random: () => number;
  /** Whether check verifies the image with DescribeImages. */
  verifyImages: boolean;
}

export const defaultDeps = (): ProviderDeps => ({
  client: () => appStreamClient(),
  reporter: stderrReporter,
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
      const replacing = oldName !== undefined && replaceDecision(olds, { ...news, name: oldName }, computeChanges(olds, { ...news, name: oldName })).replaces.length > 0;
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
    return { inputs, failures };
  }

  async diff(_id: string, olds: Stored, news: RawInputs): Promise<DiffResult> {
    return diffFleet(olds, news);
  }

  async create(inputs: RawInputs): Promise<{ id: string; outs: StoredOutputs }> {
    const name = inputs.name as string;
    const client = this.deps.client();
    const ctx = this.waitContext(timeoutMs(inputs, "create"));
    const req = toCreateFleetRequest({ ...inputs, name });
    try {
      await retryWhilePropagating(() => createFleet(client, req), Math.min(PROPAGATION_BUDGET_MS, ctx.timeoutMs));
    } catch (e) {
      if (errorName(e) === "ResourceAlreadyExistsException") {
        throw new Error(
          `creating AppStream fleet ${name}: a fleet with this name already exists. To bring it under this ` +
            `program's management set \`adoptExisting: true\` on the Fleet, or choose another name.`,
        );
      }
      throw new Error(`creating AppStream fleet ${name}: ${errorMessage(e)}`);
    }
    this.deps.reporter.info(`fleet ${name}: created`);
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
    const fleet = await findFleet(client, id);
    if (fleet === undefined) return { id: "" };
    const behaviour: Behaviour = { ...behaviourOf(props as FleetInputs & { __resourceName?: string }), desiredState: desiredFromLive(fleet.state) };
    const outs = this.flatten(fleet, await fleetTags(client, fleet.Arn as string), behaviour, props.__inputKeys);
    return { id, props: outs, inputs: inputsFromOutputs(outs) };
  }

  async update(id: string, olds: Stored, news: RawInputs): Promise<{ outs: StoredOutputs }> {
    const name = id;
    const client = this.deps.client();
    const ctx = this.waitContext(timeoutMs(news, "update"));
    let live = await findFleet(client, name);
    if (live === undefined)
      throw new Error(`updating AppStream fleet ${name}: the fleet no longer exists (deleted outside Pulumi?). Run \`pulumi refresh\`, then \`pulumi up\` to create it again.`);
    if (live.state === "STARTING" || live.state === "STOPPING") live = await waitStable(client, name, ctx);
    const plan = planUpdate(olds, { ...news, name }, live.state as "RUNNING" | "STOPPED");
    if (plan.refusal) throw new Error(`updating AppStream fleet ${name}: ${plan.refusal}`);
    if (plan.forcingStop.length > 0)
      this.deps.reporter.info(`fleet ${name}: stopping to change ${plan.forcingStop.join(", ")} (stop, update, start)`);

    let stoppedByUs = false;
    for (const step of plan.steps) {
      try {
        const r = await this.runStep(client, step, live, ctx);
        live = r.fleet;
        if (step.op === "stop" && r.stopped) stoppedByUs = true;
      } catch (e) {
        let restartError: unknown;
        if (step.op === "update" && stoppedByUs) {
          // Never leave a fleet stopped by mistake: bring it back before reporting the failure.
          this.deps.reporter.warn(`fleet ${name}: UpdateFleet failed after the stop; starting the fleet again`);
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
    return { outs: await this.outputs(client, name, news) };
  }

  async delete(id: string, props: Stored): Promise<void> {
    const client = this.deps.client();
    const ctx = this.waitContext(timeoutMs(props as FleetInputs, "delete"));
    const fleet = await findFleet(client, id);
    if (fleet === undefined) return;
    const stacks = await associatedStacks(client, id);
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
      throw new Error(`deleting AppStream fleet ${id}: ${errorMessage(e)}`);
    }
  }

  private async runStep(client: AppStreamClient, step: Step, live: LiveFleet, ctx: WaitContext): Promise<{ fleet: LiveFleet; stopped?: boolean }> {
    const name = live.Name as string;
    switch (step.op) {
      case "untag":
        await untagFleet(client, live.Arn as string, step.keys);
        return { fleet: live };
      case "tag":
        await tagFleet(client, live.Arn as string, step.tags);
        return { fleet: live };
      case "drain":
        // Session drain arrives with the interruption-aware update work; until then a stop does not wait.
        return { fleet: live };
      case "stop": {
        const r = await ensureStopped(client, live, ctx);
        return { fleet: r.fleet, stopped: r.wasRunning };
      }
      case "update":
        await updateFleet(client, step.request);
        return { fleet: (await findFleet(client, name)) ?? live };
      case "start":
        return { fleet: await ensureRunning(client, live, ctx) };
    }
  }

  private waitContext(timeout: number): WaitContext {
    return { timeoutMs: timeout, onProgress: (m) => this.deps.reporter.info(m) };
  }

  private flatten(fleet: LiveFleet, tags: Record<string, string>, behaviour: Behaviour, inputKeys: string[] | undefined): StoredOutputs {
    return { ...flattenFleet(fleet, tags, behaviour), __inputKeys: inputKeys ?? [] };
  }

  private async outputs(client: AppStreamClient, name: string, inputs: RawInputs): Promise<StoredOutputs> {
    const fleet = await findFleet(client, name);
    if (fleet === undefined) throw new Error(`AppStream fleet ${name} disappeared while it was being changed`);
    const tags = await fleetTags(client, fleet.Arn as string);
    return this.flatten(fleet, tags, behaviourOf(inputs), inputs.__inputKeys);
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
    const reason = cause instanceof FleetWaitError || cause instanceof Error ? cause.message : String(cause);
    let properties: Record<string, unknown> = { ...(olds ?? {}), __provider: inputs.__provider };
    try {
      const fleet = await findFleet(client, name);
      if (fleet) {
        const behaviour = { ...behaviourOf(inputs), desiredState: desiredFromLive(fleet.state) };
        properties = { ...this.flatten(fleet, await fleetTags(client, fleet.Arn as string), behaviour, inputs.__inputKeys), __provider: inputs.__provider };
      }
    } catch {
      // Keep the last known properties; the message below still says what failed.
    }
    return new FleetInitError(`${what}: ${reason}`, name, plainJson(properties), [reason]);
  }
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
      if (k === "__resourceName" || k === "__inputKeys") inputs[k] = v;
      continue;
    }
    if (keys.has(k) || outs.__inputKeys.length === 0) inputs[k] = v;
  }
  return plainJson(inputs);
}
