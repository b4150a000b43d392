/**
 * The public Fleet resource and the serialized provider shim.
 *
 * The engine stores the provider object, serialized, in every fleet's state and runs it in a
 * separate process. The shim below is deliberately tiny: each method loads this package by name
 * at call time and delegates, so nothing of the AWS SDK, no credentials and no configuration are
 * captured (see docs/architecture.md: capturing the SDK by value fails to serialize, credentials must
 * never be captured, and `require` inside a method resolves from the program's directory).
 */
import * as pulumi from "@pulumi/pulumi";
import { COMPUTED_OUTPUTS, MANAGED_PROPERTIES } from "./properties";
import { FLEET_TYPE } from "./tokens";
import type { FleetInputs, FleetOutputs, RequiredInput } from "./types";

/** An optional input: like @pulumi/aws, an Input that may also resolve to undefined (then absent). */
type Opt<T> = pulumi.Input<T | undefined>;
/** A string union that still accepts any string (a value read from config), validated at check. */
type Loose<T extends string> = T | (string & {});
/**
 * A value as a Fleet argument: a string union also takes any string (checked at preview), and a
 * list's items and an object's members are Inputs of their own (another resource's Output), as in
 * @pulumi/aws.
 */
type Arg<T> = T extends string ? (string extends T ? string : Loose<T>) : T extends readonly (infer E)[] ? pulumi.Input<Arg<E>>[] : T extends object ? { [K in keyof T]: Opt<Arg<NonNullable<T[K]>>> } : T;

/**
 * What @pulumi/aws's appstream.FleetArgs has beyond this package's inputs, so that an object of
 * that type compiles here: the members of computeCapacity that AWS reports (refused at check:
 * read them from computeCapacityStatus).
 */
interface AwsFleetArgsExtras {
  computeCapacity: { available?: number; inUse?: number; running?: number };
}
type ArgShape = { [K in keyof FleetInputs]: K extends keyof AwsFleetArgsExtras ? FleetInputs[K] & AwsFleetArgsExtras[K] : FleetInputs[K] };

/**
 * Arguments of a Fleet: its inputs (FleetSettings and FleetBehaviour, types.ts: the names, types
 * and docs are declared there once), each an Input. Those of @pulumi/aws's appstream.Fleet have
 * the same names and shapes, so an `aws.appstream.FleetArgs` object compiles here; string unions
 * also take plain strings (from config), checked at preview. docs/migration.md maps every argument
 * and output of aws.appstream.Fleet.
 */
export interface FleetArgs
  extends OptionalArgs,
    RequiredArgs {}
type OptionalArgs = { [K in keyof Omit<ArgShape, RequiredInput>]?: Opt<Arg<NonNullable<ArgShape[K]>>> };
type RequiredArgs = { [K in keyof Pick<ArgShape, RequiredInput>]-?: pulumi.Input<Arg<NonNullable<ArgShape[K]>>> };

/**
 * The serialized provider's one function: loads this package by name at call time (from the
 * program's directory) and calls a method of its implementation. Every method of the shim goes
 * through it, so the engine stores its code once (the serialized provider stays well under 4 KB).
 */
const call = (m: string, a: unknown[]): Promise<any> => require("pulumi-appstream-fleet/fleet/host").fleetProviderImpl()[m](...a);

/**
 * The dynamic provider. Constructible with no arguments; each method delegates to the
 * implementation loaded by package name, so nothing of the SDK, no credentials and no
 * configuration are captured.
 */
export class FleetProvider implements pulumi.dynamic.ResourceProvider {
  configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    return call("configure", [req]);
  }
  check(olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
    return call("check", [olds, news]);
  }
  diff(id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
    return call("diff", [id, olds, news]);
  }
  create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
    return call("create", [inputs]);
  }
  read(id: string, props?: any): Promise<pulumi.dynamic.ReadResult> {
    return call("read", [id, props]);
  }
  update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
    return call("update", [id, olds, news]);
  }
  delete(id: string, props: any): Promise<void> {
    return call("delete", [id, props]);
  }
}

/**
 * What the engine serializes, once per program: a plain object with the same methods as
 * FleetProvider (a class instance would add its prototype and constructor to the state).
 */
const sharedProvider: pulumi.dynamic.ResourceProvider = {
  configure: (...a) => call("configure", a),
  check: (...a) => call("check", a),
  diff: (...a) => call("diff", a),
  create: (...a) => call("create", a),
  read: (...a) => call("read", a),
  update: (...a) => call("update", a),
  delete: (...a) => call("delete", a),
};

/**
 * Every output: a key the program leaves out must still be registered (as undefined) for the
 * engine to fill it with what AWS reports, e.g. the default disconnect timeout, or every
 * property of a fleet read with Fleet.get. (The behaviour inputs timeouts, drain and adoptExisting
 * are stored, not registered: a program reads them from its own arguments.)
 */
export const OUTPUTS = [...MANAGED_PROPERTIES, "tags", "tagsAll", "region", "desiredState", "updateStrategy", ...COMPUTED_OUTPUTS] as const satisfies readonly (keyof FleetOutputs)[];
type OutputKey = (typeof OUTPUTS)[number];

/** The Fleet's outputs, typed from FleetOutputs (types.ts): an Output per registered key. */
type FleetOutputProperties = { readonly [K in keyof Pick<FleetOutputs, OutputKey>]-?: pulumi.Output<FleetOutputs[K]> };

export { FLEET_TYPE };

/** The outputs of a Fleet (FleetOutputs, types.ts). */
export interface Fleet extends FleetOutputProperties {}

/** An AppStream 2.0 fleet, kept in `desiredState`, changed the way AWS allows. */
export class Fleet extends pulumi.dynamic.Resource {
  constructor(name: string, args: FleetArgs, opts?: pulumi.CustomResourceOptions) {
    const props: Record<string, unknown> = {
      ...args,
      __resourceName: name,
      // The provider sends its preview warnings and progress to the engine under this URN.
      __urn: opts?.id === undefined ? pulumi.createUrn(name, FLEET_TYPE, opts?.parent) : undefined,
      // Whether this run is a preview: only a preview's check records the planned action in the
      // inputs, so the stack's state never holds a plan (check removes this key).
      __dryRun: opts?.id === undefined ? pulumi.runtime.isDryRun() : undefined,
    };
    for (const k of OUTPUTS) if (!(k in props)) props[k] = undefined;
    super(sharedProvider, name, props, opts, "appstream", "Fleet");
  }

  /**
   * A read-only reference to an existing fleet, by AppStream name: every output, nothing managed
   * (Pulumi reads the fleet on each `up` and never changes or deletes it).
   */
  static get(name: string, fleetName: pulumi.Input<string>, opts?: pulumi.CustomResourceOptions): Fleet {
    return new Fleet(name, {} as FleetArgs, { ...opts, id: fleetName });
  }
}

