/**
 * What the self-contained plugin executable carries in place of files read beside the code.
 *
 * From the npm package (and a checkout) the plugin reads package.json (its version, the supported
 * ranges), dist/provider/plugin/schema.json, and loads @pulumi/pulumi's generated protobuf modules
 * and @grpc/grpc-js by resolving them from @pulumi/pulumi's folder (the very instances its
 * provider server uses). Inside the executable (`npm run release`: an esbuild bundle in a Node
 * single executable application, scripts/release/bundle.ts) there are no such files and
 * `require.resolve` finds nothing: the bundler replaces the module `./embedded-data` with one
 * that holds these facts, read at bundle time, and static requires of the same module files the
 * bundled server uses. Outside the executable `EMBEDDED` is undefined and everything reads files as
 * before. It sits at the provider/ root, under every layer, because the version check
 * (support-check.ts) and the engine's log (engine-log.ts) read it as well as the plugin's entry.
 */
import * as path from "path";
import { EMBEDDED, type Embedded, type PulumiModuleId } from "./embedded-data";

export type { Embedded, PulumiModuleId };

export const PULUMI_MODULE_IDS: readonly PulumiModuleId[] = [
  "@pulumi/pulumi/proto/provider_pb",
  "@pulumi/pulumi/proto/engine_pb",
  "@pulumi/pulumi/proto/engine_grpc_pb",
  "google-protobuf/google/protobuf/struct_pb",
  "@grpc/grpc-js",
];

/** The facts of the executable, or undefined outside it. */
export function embedded(): Embedded | undefined {
  return EMBEDDED;
}

/**
 * A module as @pulumi/pulumi resolves it: its own files (`@pulumi/pulumi/proto/...`) and its
 * dependencies (google-protobuf, @grpc/grpc-js), which may sit under its own node_modules.
 */
export function pulumiModule(id: PulumiModuleId): any {
  if (EMBEDDED) return EMBEDDED.modules[id]();
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  if (id.startsWith("@pulumi/pulumi/")) return require(path.join(pulumiDir, id.slice("@pulumi/pulumi/".length)));
  return require(require.resolve(id, { paths: [pulumiDir] }));
}
