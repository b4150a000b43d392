/**
 * Stored-state bookkeeping: the shapes the engine hands over and keeps (inputs with the engine's
 * own `__` keys, outputs with the input keys the program set), how outputs are made from a live
 * fleet, what a refresh records as inputs, and the error that keeps a failed fleet in state.
 */
import type { AppStreamClient } from "@aws-sdk/client-appstream";
import { findFleet, fleetTags, LiveFleet } from "../aws/fleets";
import { explainError } from "../aws/errors";
import { FleetWaitError } from "../aws/wait";
import { Behaviour, behaviourOf, flattenFleet, lastPlanOf } from "./convert";
import { BEHAVIOUR_PROPERTIES, OldState } from "./diff";
import { userTags } from "./ownership";
import type { PlannedAction } from "./preview";
import { COMPUTED_OUTPUTS, MANAGED_PROPERTIES, removalAttribute } from "./properties";
import { FleetInputs, FleetOutputs } from "./types";
import { plainJson } from "./values";

/**
 * Inputs as the engine hands them over: the Fleet's inputs plus the engine's own keys, and the
 * planned action check() adds for previews (preview.ts).
 */
export type RawInputs = FleetInputs & {
  __provider?: string;
  __resourceName?: string;
  __inputKeys?: string[];
  __urn?: string;
  /** Set by the Fleet class: false when the program runs for `pulumi up` (not a preview); check removes it. */
  __dryRun?: boolean;
  /** The planned action in lines for `pulumi preview --diff` (preview.ts plannedActionLines). */
  plannedAction?: string[];
  __plannedAction?: PlannedAction;
};
/** What a diff, update, read or delete finds in state (older versions may lack members). */
export type Stored = OldState & { __provider?: string; __resourceName?: string; __inputKeys?: string[]; __urn?: string };
/** Outputs as stored: the fleet plus which input keys the program set (so read can echo inputs). */
export type StoredOutputs = FleetOutputs & { __resourceName?: string; __inputKeys: string[]; __urn?: string };

/** The live state as the desiredState it amounts to (a refresh records what AWS really does). */
export function desiredFromLive(state: string): "RUNNING" | "STOPPED" {
  return state === "RUNNING" || state === "STARTING" ? "RUNNING" : "STOPPED";
}

/** The outputs to store for a live fleet. */
export function storedOutputs(fleet: LiveFleet, tags: Record<string, string>, behaviour: Behaviour, inputKeys: string[] | undefined, urn: string | undefined): StoredOutputs {
  return plainJson({ ...flattenFleet(fleet, userTags(tags), behaviour), __inputKeys: inputKeys ?? [], __urn: urn });
}

/** The fleet as AWS has it now, as outputs. */
export async function readOutputs(client: AppStreamClient, name: string, inputs: RawInputs): Promise<StoredOutputs> {
  const fleet = await findFleet(client, name);
  if (fleet === undefined) throw new Error(`AppStream fleet ${name} disappeared while it was being changed`);
  const tags = await fleetTags(client, fleet.Arn as string);
  return storedOutputs(fleet, tags, behaviourOf(inputs), inputs.__inputKeys, inputs.__urn);
}

/**
 * The inputs a refresh records: the live values of the keys the program sets (so that the next
 * `up` compares the program with what AWS really has), the behaviour inputs, and any setting AWS
 * has that an update would delete (vpcConfig, iamRoleArn, ...: those with an AttributesToDelete
 * value). The last ones make the next `pulumi preview --diff` show such a drifted setting as
 * removed (`- vpcConfig`), which is what the update will do, instead of an update with no line.
 */
export function inputsFromOutputs(outs: StoredOutputs): Record<string, unknown> {
  const removable = MANAGED_PROPERTIES.filter((p) => removalAttribute(p) !== undefined);
  const keys = new Set([...outs.__inputKeys, "desiredState", "updateStrategy", ...removable]);
  const inputs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(outs)) {
    if ((COMPUTED_OUTPUTS as readonly string[]).includes(k)) continue;
    if (k === "plannedAction" || k === "__plannedAction") continue; // outputs of older versions: see lastPlanOf
    if (k.startsWith("__")) {
      if (k === "__resourceName" || k === "__inputKeys" || k === "__urn") inputs[k] = v;
      continue;
    }
    if (keys.has(k) || outs.__inputKeys.length === 0) inputs[k] = v;
  }
  // The plan the inputs held when this state was written goes back as it was: a refresh changes
  // no input but the fleet's own values, so it shows only real drift.
  const plan = lastPlanOf(outs as Parameters<typeof lastPlanOf>[0]);
  if (plan?.plannedAction !== undefined) inputs.plannedAction = plan.plannedAction;
  if (plan?.__plannedAction !== undefined) inputs.__plannedAction = plan.__plannedAction;
  return plainJson(inputs);
}

/** The inputs a Fleet has: the managed settings, tags and the behaviour inputs. */
const FLEET_INPUTS: ReadonlySet<string> = new Set([...MANAGED_PROPERTIES, "tags", ...BEHAVIOUR_PROPERTIES]);

/**
 * The inputs a first read records (`pulumi import`; the dynamic door's Fleet.get): those of a
 * program that declares the fleet as AWS has it. Every setting AWS reports, tags, region and the
 * behaviour inputs; no output that is not an input (tagsAll); the image named once (AWS reports
 * both the name and the ARN, and a program may set only one: the name, as the docs' programs do).
 * `pulumi import` writes the program from these, and checks them: each passes check.
 */
export function importedInputs(outs: StoredOutputs): Record<string, unknown> {
  const inputs = inputsFromOutputs(outs);
  for (const k of Object.keys(inputs)) if (!k.startsWith("__") && !FLEET_INPUTS.has(k)) delete inputs[k];
  if (inputs.imageName !== undefined) delete inputs.imageArn;
  return inputs;
}

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

/**
 * Builds the error for a failure after the fleet exists: it carries the fleet's id and its live
 * properties, so the engine keeps the fleet in state (nothing orphaned) and state matches AWS.
 */
export async function initError(client: AppStreamClient, what: string, cause: unknown, name: string, inputs: RawInputs, olds?: Stored): Promise<FleetInitError> {
  const reason = cause instanceof FleetWaitError ? cause.message : explainError(cause);
  let properties: Record<string, unknown> = { ...(olds ?? {}), __provider: inputs.__provider };
  try {
    const fleet = await findFleet(client, name);
    if (fleet) {
      const behaviour = { ...behaviourOf(inputs), desiredState: desiredFromLive(fleet.state) };
      properties = { ...storedOutputs(fleet, await fleetTags(client, fleet.Arn as string), behaviour, inputs.__inputKeys, inputs.__urn), __provider: inputs.__provider };
    }
  } catch {
    // Keep the last known properties; the message below still says what failed.
  }
  return new FleetInitError(`${what}: ${reason}`, name, plainJson(properties), [reason]);
}
