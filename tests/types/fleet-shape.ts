/**
 * The fleet's shape is declared once (FleetSettings, FleetBehaviour and FleetOutputs in
 * provider/fleet/types.ts); everything else follows it, and this file, type-checked with the
 * project (`npm run typecheck`), fails to compile when one of them misses a property:
 *  - the dynamic Fleet's arguments (FleetArgs) are exactly the inputs, those of REQUIRED_INPUTS
 *    required;
 *  - the outputs it registers (OUTPUTS) and types (the Fleet class) are every member of
 *    FleetOutputs but the stored behaviour inputs a program reads from its own arguments;
 *  - the property registry has an entry per setting (properties.ts: `satisfies` over
 *    ManagedProperty, every member of FleetSettings but tags).
 * The plugin's schema is generated from the same types (scripts/gen-schema.ts; its keys are
 * compared in tests/unit/schema.test.ts). tests/unit/fleet-shape.test.ts shows that this file does
 * fail when a member is added to the types alone.
 */
import type { Fleet, FleetArgs, OUTPUTS } from "../../provider/fleet/resource";
import type { ManagedProperty, PROPERTIES } from "../../provider/fleet/properties";
import type { FleetInputs, FleetOutputs, FleetSettings, RequiredInput } from "../../provider/fleet/types";

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AssertTrue<T extends true> = T;
type RequiredKeys<T> = { [K in keyof T]-?: {} extends Pick<T, K> ? never : K }[keyof T];
/** Behaviour inputs kept in the outputs (state) but not registered as the Fleet's outputs. */
type StoredOnly = "timeouts" | "drain" | "adoptExisting";

export type ArgumentsAreTheInputs = AssertTrue<Same<keyof FleetArgs, keyof FleetInputs>>;
export type RequiredArguments = AssertTrue<Same<RequiredKeys<FleetArgs>, RequiredInput>>;
export type RegisteredOutputs = AssertTrue<Same<(typeof OUTPUTS)[number] | StoredOnly, keyof FleetOutputs>>;
export type FleetClassOutputs = AssertTrue<Same<Extract<keyof Fleet, keyof FleetOutputs>, (typeof OUTPUTS)[number]>>;
export type RegistryEntries = AssertTrue<Same<keyof typeof PROPERTIES, Exclude<keyof FleetSettings, "tags">>>;
export type ManagedIsSettings = AssertTrue<Same<ManagedProperty, Exclude<keyof FleetSettings, "tags">>>;
