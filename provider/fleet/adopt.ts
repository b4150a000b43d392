/**
 * Adoption: `adoptExisting: true` takes over a fleet of the same name instead of failing, and
 * converges it like an update; a preview says so, with what the update will do to it.
 */
import type { AppStreamClient } from "@aws-sdk/client-appstream";
import { errorMessage } from "../aws/errors";
import { findFleet, fleetTags, LiveFleet, WaitContext } from "../aws/fleets";
import { Clock } from "../aws/wait";
import { Reporter } from "../log";
import { converge, describePlan } from "./apply";
import { behaviourOf } from "./convert";
import { DEFAULTS } from "./defaults";
import { ResourceReporter } from "./deps";
import { planUpdate } from "./plan";
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
    throw new Error(
      `adopting AppStream fleet ${name}: it is ${liveType} but the program says ${inputs.fleetType}; a fleet type cannot change in place. ` +
        `Set fleetType: "${liveType}", or give the new fleet another name.`,
    );
  reporter.info(`fleet ${name}: adopting the existing fleet (${existing.state})`);
  const olds = adoptedState(existing, await fleetTags(client, existing.Arn as string), inputs);
  await converge(client, clock, name, olds, inputs, existing, ctx, reporter);
  return { id: name, outs: await readOutputs(client, name, inputs) };
}

/** The existing fleet as if this program had created it: what the adoption's plan starts from. */
export function adoptedState(fleet: LiveFleet, tags: Record<string, string>, inputs: RawInputs): StoredOutputs {
  return storedOutputs(fleet, tags, { ...behaviourOf(inputs), desiredState: desiredFromLive(fleet.state) }, inputs.__inputKeys, inputs.__urn);
}

/** Preview: says that `up` takes over an existing fleet, and what it will do to it. */
export async function announceAdoption(client: () => AppStreamClient, reporter: ResourceReporter, inputs: RawInputs): Promise<void> {
  const name = inputs.name as string;
  try {
    const c = client();
    const live = await findFleet(c, name);
    if (live === undefined) return;
    const olds = adoptedState(live, await fleetTags(c, live.Arn as string), inputs);
    const stable = live.state === "STARTING" ? "RUNNING" : live.state === "STOPPING" ? "STOPPED" : (live.state as "RUNNING" | "STOPPED");
    const plan = planUpdate(olds, { ...inputs, name }, stable);
    const what = plan.refusal ? `the update will fail: ${plan.refusal}` : plan.steps.length === 0 ? "it already matches the program" : `then: ${describePlan(plan)}`;
    reporter.warn(`fleet ${name} already exists (${live.state}): this update ADOPTS it instead of creating it; ${what}`);
  } catch (e) {
    reporter.warn(`fleet ${name}: could not check for an existing fleet to adopt: ${errorMessage(e)}`);
  }
  await reporter.flush();
}
