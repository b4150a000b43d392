/**
 * Adoption: `adoptExisting: true` takes over a fleet of the same name instead of failing, and
 * converges it like an update (check-live.ts tells the preview what that update will do).
 */
import type { AppStreamClient } from "@aws-sdk/client-appstream";
import { findFleet, fleetTags, LiveFleet, WaitContext } from "../aws/fleets";
import { Clock } from "../aws/wait";
import { Reporter } from "../log";
import { converge } from "./apply";
import { behaviourOf } from "./convert";
import { DEFAULTS } from "./defaults";
import { desiredFromLive, RawInputs, readOutputs, storedOutputs, StoredOutputs } from "./state";

/** create with adoptExisting: take the existing fleet over and converge it like an update. */
export async function adopt(
  client: AppStreamClient,
  clock: Clock,
  existing: LiveFleet,
  inputs: RawInputs,
  ctx: WaitContext,
  reporter: Reporter,
): Promise<{ id: string; outs: StoredOutputs }> {
  const name = existing.Name as string;
  const liveType = existing.FleetType ?? DEFAULTS.fleetType;
  if (inputs.fleetType !== undefined && inputs.fleetType !== liveType)
    throw new Error(`adopting AppStream fleet ${name}: ${fleetTypeMismatchMessage(name, liveType, inputs.fleetType)}`);
  reporter.info(`fleet ${name}: adopting the existing fleet (${existing.state})`);
  const olds = adoptedState(existing, await fleetTags(client, existing.Arn as string), inputs);
  await converge(client, clock, name, olds, inputs, existing, ctx, reporter);
  return { id: name, outs: await readOutputs(client, name, inputs) };
}

/** The existing fleet as if this program had created it: what the adoption's plan starts from. */
export function adoptedState(fleet: LiveFleet, tags: Record<string, string>, inputs: RawInputs): StoredOutputs {
  return storedOutputs(fleet, tags, { ...behaviourOf(inputs), desiredState: desiredFromLive(fleet.state) }, inputs.__inputKeys, inputs.__urn);
}

/** Words shared with create(): the name is taken and the program did not ask to adopt. */
export function nameTakenMessage(name: string): string {
  return `a fleet named ${name} already exists. To bring it under this program's management set \`adoptExisting: true\` on the Fleet, or choose another name.`;
}

/** Words shared with adopt(): the live fleet type differs from the program's. */
export function fleetTypeMismatchMessage(name: string, liveType: string, programType: string): string {
  return `fleet ${name} is ${liveType} but the program says ${programType}; a fleet type cannot change in place. Set fleetType: "${liveType}", or give the new fleet another name.`;
}
