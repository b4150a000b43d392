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
import type { BehaviourProperty } from "./diff";
import { COMPUTED_OUTPUTS, MANAGED_PROPERTIES, type ManagedProperty } from "./properties";
import { FLEET_TYPE } from "./tokens";
import type {
  ComputeCapacity,
  ComputeCapacityStatus,
  DesiredState,
  DomainJoinInfo,
  DrainOptions,
  FleetError,
  FleetTimeouts,
  FleetType,
  RootVolumeConfig,
  S3Location,
  UpdateStrategy,
  VpcConfig,
} from "./types";

type Inputs<T> = { [K in keyof T]: pulumi.Input<T[K]> };
/** An optional input: like @pulumi/aws, an Input that may also resolve to undefined (then absent). */
type Opt<T> = pulumi.Input<T | undefined>;
/** A string union that still accepts any string (a value read from config), validated at check. */
type Loose<T extends string> = T | (string & {});

/**
 * Arguments of a Fleet: those of @pulumi/aws's appstream.Fleet (same names and shapes, so an
 * `aws.appstream.FleetArgs` object compiles here), plus the AppStream settings it lacks and this
 * provider's behaviour inputs. String unions also take plain strings (from config), checked at
 * preview. docs/migration.md maps every argument and output of aws.appstream.Fleet.
 */
export interface FleetArgs {
  /** The fleet name. Default: `<resource name>-<7 characters>`, kept across updates. Changing it replaces the fleet. */
  name?: Opt<string>;
  /** The image, by name. One of imageName / imageArn (ELASTIC fleets take neither). */
  imageName?: Opt<string>;
  imageArn?: Opt<string>;
  /** e.g. stream.standard.medium. Changing it on a running fleet stops, updates and starts it. */
  instanceType: pulumi.Input<string>;
  /** ALWAYS_ON, ON_DEMAND (AWS default) or ELASTIC. Changing it replaces the fleet. */
  fleetType?: Opt<Loose<FleetType>>;
  /**
   * desiredInstances, or desiredSessions on multi-session fleets. (`available`, `inUse` and
   * `running` are there for @pulumi/aws compatibility: AWS reports them, in computeCapacityStatus;
   * setting one is refused at check.)
   */
  computeCapacity?: Opt<Inputs<ComputeCapacity & { available?: number; inUse?: number; running?: number }>>;
  vpcConfig?: Opt<{ subnetIds?: Opt<pulumi.Input<string>[]>; securityGroupIds?: Opt<pulumi.Input<string>[]> }>;
  maxUserDurationInSeconds?: Opt<number>;
  disconnectTimeoutInSeconds?: Opt<number>;
  idleDisconnectTimeoutInSeconds?: Opt<number>;
  description?: Opt<string>;
  displayName?: Opt<string>;
  enableDefaultInternetAccess?: Opt<boolean>;
  /** Empty or absent members mean "no domain join", as in Terraform / @pulumi/aws. */
  domainJoinInfo?: Opt<Inputs<DomainJoinInfo>>;
  iamRoleArn?: Opt<string>;
  streamView?: Opt<Loose<"APP" | "DESKTOP">>;
  platform?: Opt<string>;
  maxConcurrentSessions?: Opt<number>;
  usbDeviceFilterStrings?: Opt<pulumi.Input<string>[]>;
  sessionScriptS3Location?: Opt<Inputs<S3Location>>;
  maxSessionsPerInstance?: Opt<number>;
  rootVolumeConfig?: Opt<Inputs<RootVolumeConfig>>;
  disableImdsV1?: Opt<boolean>;
  tags?: Opt<Record<string, pulumi.Input<string>>>;
  /** The AWS region of the fleet (default: `aws:region`, then the AWS SDK's chain). Changing it replaces the fleet. */
  region?: Opt<string>;
  /** RUNNING (default) or STOPPED: the state the fleet is kept in. A stopped fleet costs nothing. */
  desiredState?: Opt<Loose<DesiredState>>;
  /** How a change that needs a stopped fleet is made on a running one: stopStart (default), replace, failIfRunning. */
  updateStrategy?: Opt<Loose<UpdateStrategy>>;
  /** Limits for create / update / delete, e.g. { create: "30m" } (defaults 30m / 30m / 20m). */
  timeouts?: Opt<Inputs<FleetTimeouts>>;
  /** Wait for streaming sessions to end before a stop. */
  drain?: Opt<Inputs<DrainOptions>>;
  /** Take over an existing fleet of the same name instead of failing. */
  adoptExisting?: Opt<boolean>;
}

/**
 * The serialized provider's one function: loads this package by name at call time (from the
 * program's directory) and calls a method of its implementation. Every method of the shim goes
 * through it, so the engine stores its code once (the serialized provider stays well under 4 KB).
 */
const call = (m: string, a: unknown[]): Promise<any> => require("pulumi-appstream-fleet").fleetProviderImpl()[m](...a);

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
 * property of a fleet read with Fleet.get.
 */
export const OUTPUTS: readonly string[] = [...MANAGED_PROPERTIES, "tags", "tagsAll", "region", "desiredState", "updateStrategy", ...COMPUTED_OUTPUTS];

export { FLEET_TYPE };

/** Compile-time proof that FleetArgs has exactly the registry's properties, tags and the behaviour inputs. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type AssertTrue<T extends true> = T;
export type FleetArgsMatchRegistry = AssertTrue<Same<keyof FleetArgs, ManagedProperty | "tags" | BehaviourProperty>>;

/** An AppStream 2.0 fleet, kept in `desiredState`, changed the way AWS allows. */
export class Fleet extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly arn: pulumi.Output<string>;
  declare readonly state: pulumi.Output<string>;
  declare readonly imageName: pulumi.Output<string | undefined>;
  declare readonly imageArn: pulumi.Output<string | undefined>;
  declare readonly instanceType: pulumi.Output<string>;
  declare readonly fleetType: pulumi.Output<FleetType>;
  declare readonly computeCapacity: pulumi.Output<ComputeCapacity | undefined>;
  declare readonly computeCapacityStatus: pulumi.Output<ComputeCapacityStatus>;
  declare readonly vpcConfig: pulumi.Output<VpcConfig | undefined>;
  declare readonly maxUserDurationInSeconds: pulumi.Output<number | undefined>;
  declare readonly disconnectTimeoutInSeconds: pulumi.Output<number | undefined>;
  declare readonly idleDisconnectTimeoutInSeconds: pulumi.Output<number | undefined>;
  declare readonly description: pulumi.Output<string | undefined>;
  declare readonly displayName: pulumi.Output<string | undefined>;
  declare readonly enableDefaultInternetAccess: pulumi.Output<boolean | undefined>;
  declare readonly domainJoinInfo: pulumi.Output<DomainJoinInfo | undefined>;
  declare readonly iamRoleArn: pulumi.Output<string | undefined>;
  declare readonly streamView: pulumi.Output<string | undefined>;
  declare readonly platform: pulumi.Output<string | undefined>;
  declare readonly maxConcurrentSessions: pulumi.Output<number | undefined>;
  declare readonly usbDeviceFilterStrings: pulumi.Output<string[] | undefined>;
  declare readonly sessionScriptS3Location: pulumi.Output<S3Location | undefined>;
  declare readonly maxSessionsPerInstance: pulumi.Output<number | undefined>;
  declare readonly rootVolumeConfig: pulumi.Output<RootVolumeConfig | undefined>;
  declare readonly disableImdsV1: pulumi.Output<boolean | undefined>;
  declare readonly tags: pulumi.Output<Record<string, string>>;
  /** Every tag on the fleet, as @pulumi/aws's tagsAll (this provider adds no default tags: the same as tags). */
  declare readonly tagsAll: pulumi.Output<Record<string, string>>;
  /** The region the fleet lives in. */
  declare readonly region: pulumi.Output<string>;
  declare readonly createdTime: pulumi.Output<string>;
  declare readonly fleetErrors: pulumi.Output<FleetError[]>;
  declare readonly desiredState: pulumi.Output<DesiredState>;
  declare readonly updateStrategy: pulumi.Output<UpdateStrategy>;

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

