/**
 * The resource plugin `appstream-fleet`: the engine runs `pulumi-resource-appstream-fleet`
 * (plugin/ at the package root, a small sh script), which runs this file with node. It serves the
 * schema the build generated beside it (schema.json, from the property registry:
 * scripts/gen-schema.ts) and the package's version, through @pulumi/pulumi's provider server.
 * The self-contained executable of a release (`npm run release`) runs the same code bundled, with
 * the schema, the version and @pulumi/pulumi's modules carried inside it (../embedded.ts).
 *
 * Nothing may be written to stdout before main(): the engine reads the port from the first line.
 */
import * as fs from "fs";
import * as path from "path";
import { main } from "@pulumi/pulumi/provider";
import { setConfiguredRegion } from "../aws/client";
import { useEngineAddress } from "../engine-log";
import { engineAddressArg, pluginConfig } from "./config";
import { embedded, pulumiModule } from "../embedded";
import { AppStreamFleetPlugin, PACKAGE } from "./provider";

/** The package's version (the plugin's, and the schema's: the build writes it into both). */
export function packageVersion(): string {
  const inside = embedded();
  if (inside) return inside.packageJson.version.replace(/^v/, "");
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { version: string };
  return pkg.version.replace(/^v/, "");
}

/**
 * Makes `pulumi import` reach the plugin's read. The engine's Read for an import carries no stored
 * properties (there is no state yet), and @pulumi/pulumi's provider server (provider/server.js,
 * `read`, checked in 3.276.0) calls `req.getProperties().toJavaScript()` unconditionally, so every
 * import failed with "Cannot read properties of undefined (reading 'toJavaScript')" before the
 * provider was asked. Here an unset `properties` reads as an empty Struct, which the server hands
 * to read() as `{}`: the core's read takes that as a first read (as the dynamic door's Fleet.get).
 * Upstream: import through Node providers is pulumi/pulumi#3550 (open); pulumi/pulumi#14668 made
 * the server return a read's inputs for imports but left this dereference. No upstream issue for
 * this exact failure was found. The patch changes nothing when properties are set.
 */
export function acceptReadWithoutProperties(): void {
  // The very modules the server uses (google-protobuf as @pulumi/pulumi resolves it; inside the
  // executable, the bundled copies the bundled server uses).
  const { ReadRequest } = pulumiModule("@pulumi/pulumi/proto/provider_pb") as typeof import("@pulumi/pulumi/proto/provider_pb");
  const { Struct } = pulumiModule("google-protobuf/google/protobuf/struct_pb") as typeof import("google-protobuf/google/protobuf/struct_pb");
  const proto = ReadRequest.prototype as InstanceType<typeof ReadRequest> & { [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const getProperties = proto.getProperties;
  proto.getProperties = function (this: InstanceType<typeof ReadRequest>) {
    return getProperties.call(this) ?? new Struct();
  };
  proto[PATCHED] = true;
}
const PATCHED = Symbol.for("appstream-fleet:read-without-properties");

export function schemaPath(): string {
  return path.join(__dirname, "schema.json");
}

async function run(): Promise<void> {
  // An unsupported Node.js or @pulumi/pulumi: loading the check throws its one-line message,
  // which the catch below prints alone (the engine shows a plugin's output when it exits early).
  require("../support-check");
  const args = process.argv.slice(2);
  acceptReadWithoutProperties();
  setConfiguredRegion(pluginConfig().region, `${PACKAGE}:region`);
  useEngineAddress(engineAddressArg(args));
  let schema = embedded()?.schema;
  if (schema === undefined) {
    try {
      schema = fs.readFileSync(schemaPath(), "utf8");
    } catch {
      throw new Error(`${schemaPath()} is missing: run \`npm run build\` (it writes the schema from the property registry)`);
    }
  }
  await main(new AppStreamFleetPlugin(packageVersion(), schema), args);
}

/** Runs the plugin; an error that stops it is printed as one line on stderr, and the exit code is 1. */
export function start(): void {
  run().catch((e) => {
    process.stderr.write(`${PACKAGE}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}

if (require.main === module) start();
