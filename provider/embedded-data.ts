/**
 * Undefined in the npm package. The release bundle (scripts/release/bundle.ts) replaces this module
 * with the facts the executable carries (./embedded.ts says which and why); the types of those
 * facts are declared here, so that this module imports nothing.
 */

/** The modules loaded "as @pulumi/pulumi resolves them". */
export type PulumiModuleId =
  | "@pulumi/pulumi/proto/provider_pb"
  | "@pulumi/pulumi/proto/engine_pb"
  | "@pulumi/pulumi/proto/engine_grpc_pb"
  | "google-protobuf/google/protobuf/struct_pb"
  | "@grpc/grpc-js";

export interface Embedded {
  /** package.json's name, version, engines.node and peerDependencies["@pulumi/pulumi"]. */
  packageJson: { name: string; version: string; engines?: { node?: string }; peerDependencies?: Record<string, string> };
  /** The version of the @pulumi/pulumi bundled in. */
  pulumiVersion: string;
  /** The schema the plugin serves (scripts/gen-schema.ts, with the release's pluginDownloadURL). */
  schema: string;
  /** Loaders of the modules of PULUMI_MODULE_IDS, bundled from @pulumi/pulumi's own resolution. */
  modules: Record<PulumiModuleId, () => unknown>;
}

export const EMBEDDED: Embedded | undefined = undefined;
