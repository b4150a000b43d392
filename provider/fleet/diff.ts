/**
 * Pure comparison of the stored outputs (what AWS had) with the program's new inputs: which
 * properties change, which settings are removed, and whether the change replaces the fleet.
 */
import { DEFAULTS, resolveDefaults } from "./defaults";
import { FleetAttribute, MANAGED_PROPERTIES, ManagedProperty, PROPERTIES, removalAttribute, replacesFleet, runningChangeMode } from "./properties";
import { FleetInputs, FleetOutputs, FleetSettings, FleetType } from "./types";
import { containsUnknown, normalise, sameValue } from "./values";

export const BEHAVIOUR_PROPERTIES = ["region", "desiredState", "updateStrategy", "timeouts", "drain", "adoptExisting"] as const;
export type BehaviourProperty = (typeof BEHAVIOUR_PROPERTIES)[number];

export interface Changes {
  /** Managed properties whose value changes (set, changed or removed). */
  properties: ManagedProperty[];
  /** AttributesToDelete for settings removed from the program. */
  removals: FleetAttribute[];
  /** Tag keys to remove and tags to add or change. */
  tagsToRemove: string[];
  tagsToSet: Record<string, string>;
  /** This provider's behaviour inputs that change. */
  behaviour: BehaviourProperty[];
  /** Properties whose new value is unknown (preview only). */
  unknown: string[];
}

/** The stored state a diff compares against: the previous outputs (older versions may lack members). */
export type OldState = Partial<FleetOutputs>;

/**
 * What the program changes against the stored state. With `live` (the fleet's settings as AWS
 * reports them now, when the caller read the fleet), a setting the program changes that AWS
 * already has as the program says (a value set to AWS's own default, a setting made outside
 * Pulumi) needs no call and is not a change; the stored state alone decides the rest (settings
 * changed outside Pulumi that the program does not change show with `pulumi refresh`).
 */
export function computeChanges(olds: OldState, news: FleetInputs, live?: Partial<FleetSettings>): Changes {
  /** AWS has the program's value already. */
  const awsHas = (p: ManagedProperty, nv: unknown) => live !== undefined && sameValue(live[p], nv, p);
  /** AWS has nothing to remove. */
  const awsLacks = (v: unknown) => live !== undefined && normalise(v) === undefined;
  const properties: ManagedProperty[] = [];
  const removals: FleetAttribute[] = [];
  const unknown: string[] = [];
  for (const p of MANAGED_PROPERTIES) {
    const nv = news[p];
    const ov = olds[p];
    if (containsUnknown(nv)) {
      unknown.push(p);
      properties.push(p);
      continue;
    }
    if (normalise(nv) === undefined) {
      const attribute = removalAttribute(p);
      if (attribute !== undefined && normalise(ov) !== undefined && !awsLacks(live?.[p])) {
        properties.push(p);
        removals.push(attribute);
      }
      continue;
    }
    if (!sameValue(ov, nv, p) && !awsHas(p, nv)) {
      properties.push(p);
      // Security groups removed while the VPC config stays: AWS needs the narrower attribute.
      const groups = (v: OldState["vpcConfig"]) => normalise(v?.securityGroupIds);
      if (p === "vpcConfig" && groups(news.vpcConfig) === undefined && groups(olds.vpcConfig) !== undefined && !awsLacks(live?.vpcConfig?.securityGroupIds))
        removals.push("VPC_CONFIGURATION_SECURITY_GROUP_IDS");
    }
  }

  const oldTags = olds.tags ?? {};
  const newTags = news.tags ?? {};
  const tagsToRemove = containsUnknown(newTags) ? [] : Object.keys(oldTags).filter((k) => !(k in newTags));
  const tagsToSet: Record<string, string> = {};
  for (const [k, v] of Object.entries(newTags)) if (oldTags[k] !== v) tagsToSet[k] = v;
  if (containsUnknown(newTags)) unknown.push("tags");

  const withDefaults = (v: Partial<FleetInputs>) => ({ ...v, ...resolveDefaults(v) });
  const nd = withDefaults(news);
  const od = withDefaults(olds);
  // region: absent in the program means "where the fleet is" (the region recorded at create).
  const behaviour = BEHAVIOUR_PROPERTIES.filter((b) => !(b === "region" && nd.region === undefined) && (containsUnknown(nd[b]) || !sameValue(od[b], nd[b])));

  return { properties, removals, tagsToRemove, tagsToSet, behaviour, unknown };
}

export function hasAnyChange(c: Changes): boolean {
  return c.properties.length + c.tagsToRemove.length + Object.keys(c.tagsToSet).length + c.behaviour.length + c.unknown.length > 0;
}

/** Properties among `props` that cannot be changed on a RUNNING fleet of this type. */
export function propertiesNeedingStop(props: readonly ManagedProperty[], fleetType: FleetType): ManagedProperty[] {
  return props.filter((p) => runningChangeMode(p, fleetType) === "stopped");
}

export interface ReplaceDecision {
  replaces: string[];
  /** Why, in words, for previews and logs. */
  reasons: string[];
}

/** Whether the fleet counts as running for the purpose of deciding a replacement. */
function fleetIsUp(olds: OldState): boolean {
  return olds.state === "RUNNING" || olds.state === "STARTING" || (olds.state === undefined && (olds.desiredState ?? DEFAULTS.desiredState) === "RUNNING");
}

/**
 * Replacement: a new name or fleet type (UpdateFleet cannot change them), or, under
 * updateStrategy "replace", any change that would otherwise stop a running fleet.
 */
export function replaceDecision(olds: OldState, news: FleetInputs, changes: Changes): ReplaceDecision {
  const replaces: string[] = [];
  const reasons: string[] = [];
  const { fleetType, updateStrategy: strategy } = resolveDefaults(news, olds);
  // An auto-named fleet (the program sets no name) gets a new name only because it is replaced for
  // another reason: the new name is a consequence, not a cause, and is not reported as one.
  const inputKeys = (news as { __inputKeys?: unknown }).__inputKeys;
  const autoNamed = Array.isArray(inputKeys) && !inputKeys.includes("name");
  for (const p of changes.properties) {
    if (!replacesFleet(p, fleetType) || (p === "name" && autoNamed)) continue;
    replaces.push(p);
    reasons.push(`${p} changes (${(PROPERTIES[p] as { replaceReason?: string }).replaceReason ?? `UpdateFleet cannot change ${PROPERTIES[p].aws}`})`);
  }
  // A fleet lives in one region: another region is another fleet. (A region given where none was
  // recorded is the one the fleet was created in, or an older state: no replacement.)
  if (news.region !== undefined && olds.region !== undefined && !containsUnknown(news.region) && news.region !== olds.region) {
    replaces.push("region");
    reasons.push(`region changes (${olds.region} -> ${news.region}: a fleet lives in one region, so a new one is created there)`);
  }
  if (strategy === "replace" && fleetIsUp(olds)) {
    const stopping = propertiesNeedingStop(changes.properties, fleetType);
    for (const p of stopping) if (!replaces.includes(p)) replaces.push(p);
    if (stopping.length > 0)
      reasons.push(`updateStrategy is "replace" and ${stopping.join(", ")} cannot change while the fleet runs`);
  }
  return { replaces, reasons };
}
