/**
 * The plugin as ONE JavaScript file, for the self-contained executable (./sea.ts): esbuild bundles
 * the compiled plugin (dist/provider/plugin/main.js) with everything it loads (@pulumi/pulumi's
 * provider server, @grpc/grpc-js, the AWS SDK), and replaces the module
 * dist/provider/embedded-data.js with the facts the plugin otherwise reads from files beside
 * it (provider/embedded.ts): package.json's version and supported ranges, the schema, the
 * bundled @pulumi/pulumi's version, and static requires of the protobuf and gRPC modules that
 * the bundled server itself uses (resolved the way @pulumi/pulumi resolves them, so the import
 * patch and the engine's Log client get the same module instances). The npm package is not
 * changed by any of this: it keeps reading its files.
 */
import * as esbuild from "esbuild";
import * as fs from "fs";
import * as path from "path";
import { PULUMI_MODULE_IDS } from "../../provider/embedded";
import { readPackageJson } from "./repository";

const ROOT = path.resolve(__dirname, "..", "..");
export const PLUGIN_MAIN = path.join(ROOT, "dist", "provider", "plugin", "main.js");
const EMBEDDED_DATA = path.join(ROOT, "dist", "provider", "embedded-data.js");
export const SCHEMA = path.join(ROOT, "dist", "provider", "plugin", "schema.json");

/** The source of the module that replaces embedded-data.js inside the bundle. */
export function embeddedModuleSource(schema: string): string {
  const pkg = readPackageJson() as any;
  const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json", { paths: [ROOT] }));
  const pulumiVersion = JSON.parse(fs.readFileSync(path.join(pulumiDir, "package.json"), "utf8")).version as string;
  const file = (id: string) =>
    id.startsWith("@pulumi/pulumi/") ? require.resolve(path.join(pulumiDir, id.slice("@pulumi/pulumi/".length))) : require.resolve(id, { paths: [pulumiDir] });
  const modules = PULUMI_MODULE_IDS.map((id) => `    ${JSON.stringify(id)}: () => require(${JSON.stringify(file(id))}),`).join("\n");
  const packageJson = { name: pkg.name, version: pkg.version, engines: pkg.engines, peerDependencies: pkg.peerDependencies };
  return [
    `"use strict";`,
    `exports.EMBEDDED = {`,
    `  packageJson: ${JSON.stringify(packageJson)},`,
    `  pulumiVersion: ${JSON.stringify(pulumiVersion)},`,
    `  schema: ${JSON.stringify(schema)},`,
    `  modules: {`,
    modules,
    `  },`,
    `};`,
    ``,
  ].join("\n");
}

export interface BundleResult {
  /** The bundle's bytes. */
  bytes: number;
  /** The largest inputs, for the log (bytes in the output). */
  largest: { input: string; bytes: number }[];
}

/**
 * @pulumi/pulumi loads TypeScript (3.5 MB minified, about a third of a plugin's start-up) only to
 * serialize the closures of dynamic providers, which a plugin never does: left out of a bundle,
 * with a module that says so if anything ever reaches for it.
 */
export const withoutTypeScript: esbuild.Plugin = {
  name: "without-typescript",
  setup(build) {
    build.onLoad({ filter: /[\\/]@pulumi[\\/]pulumi[\\/]typescript-shim\.js$/ }, () => ({
      contents: `module.exports = new Proxy({}, { get(_, k) { throw new Error("TypeScript is not in this plugin executable (@pulumi/pulumi needs it only to serialize dynamic providers' closures); asked for: " + String(k)); } });`,
      loader: "js",
    }));
  },
};

/** Bundles the script `contents` (resolved from `resolveDir`) into `outFile`: CommonJS for Node 22, minified. */
export function bundleScript(contents: string, resolveDir: string, outFile: string, plugins: esbuild.Plugin[] = []) {
  return esbuild.build({
    stdin: { contents, resolveDir, sourcefile: "sea-entry.js", loader: "js" },
    bundle: true,
    platform: "node",
    target: "node22",
    format: "cjs",
    outfile: outFile,
    minify: true,
    legalComments: "eof",
    metafile: true,
    logLevel: "error",
    plugins: [withoutTypeScript, ...plugins],
  });
}

/** Bundles the plugin into `outFile` (CommonJS, Node 22), with `schema` (the text the plugin serves) inside. */
export async function bundlePlugin(outFile: string, schema: string): Promise<BundleResult> {
  for (const f of [PLUGIN_MAIN, EMBEDDED_DATA]) if (!fs.existsSync(f)) throw new Error(`${f} is missing: run \`npm run build\` first`);
  const embedded: esbuild.Plugin = {
    name: "appstream-fleet-embedded",
    setup(build) {
      build.onLoad({ filter: /[\\/]provider[\\/]embedded-data\.js$/ }, (args) => {
        if (path.resolve(args.path) !== EMBEDDED_DATA) return undefined;
        return { contents: embeddedModuleSource(schema), loader: "js", resolveDir: path.dirname(EMBEDDED_DATA) };
      });
    },
  };
  const result = await bundleScript(`require(${JSON.stringify(PLUGIN_MAIN)}).start();\n`, ROOT, outFile, [embedded]);
  const inputs = Object.entries(result.metafile.outputs[path.relative(process.cwd(), outFile)]?.inputs ?? {});
  const byPackage = new Map<string, number>();
  for (const [input, { bytesInOutput }] of inputs) {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(input);
    const key = m ? m[1] : "(this package)";
    byPackage.set(key, (byPackage.get(key) ?? 0) + bytesInOutput);
  }
  const largest = [...byPackage].map(([input, bytes]) => ({ input, bytes })).sort((a, b) => b.bytes - a.bytes).slice(0, 6);
  // The replacement must have happened: a bundle reading files beside itself would fail only at run time.
  const text = fs.readFileSync(outFile, "utf8");
  if (!text.includes(JSON.stringify(PULUMI_MODULE_IDS[0]).slice(1, -1)) || !text.includes("pulumiVersion")) throw new Error(`${outFile}: the embedded facts are not in the bundle (esbuild did not load ${EMBEDDED_DATA} through the plugin)`);
  return { bytes: fs.statSync(outFile).size, largest };
}
