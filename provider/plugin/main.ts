/**
 * The resource plugin `appstream-fleet`: the engine runs `pulumi-resource-appstream-fleet`
 * (plugin/ at the package root, a small sh script), which runs this file with node. It serves the
 * schema the build generated beside it (schema.json, from the property registry:
 * scripts/gen-schema.ts) and the package's version, through @pulumi/pulumi's provider server.
 *
 * Nothing may be written to stdout before main(): the engine reads the port from the first line.
 */
import * as fs from "fs";
import * as path from "path";
import { main } from "@pulumi/pulumi/provider";
import { setConfiguredRegion } from "../aws/client";
import { useEngineAddress } from "../engine-log";
import { engineAddressArg, pluginConfig } from "./config";
import { AppStreamFleetPlugin, PACKAGE } from "./provider";

/** The package's version (the plugin's, and the schema's: the build writes it into both). */
export function packageVersion(): string {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "..", "package.json"), "utf8")) as { version: string };
  return pkg.version.replace(/^v/, "");
}

export function schemaPath(): string {
  return path.join(__dirname, "schema.json");
}

async function run(): Promise<void> {
  const args = process.argv.slice(2);
  setConfiguredRegion(pluginConfig().region, `${PACKAGE}:region`);
  useEngineAddress(engineAddressArg(args));
  let schema: string;
  try {
    schema = fs.readFileSync(schemaPath(), "utf8");
  } catch {
    throw new Error(`${schemaPath()} is missing: run \`npm run build\` (it writes the schema from the property registry)`);
  }
  await main(new AppStreamFleetPlugin(packageVersion(), schema), args);
}

if (require.main === module) {
  run().catch((e) => {
    process.stderr.write(`${PACKAGE}: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
