/**
 * Application Auto Scaling owns the capacity (tests/support/autoscaling-scenario.ts), through both
 * doors, each as a user runs it with the `pulumi` CLI in a project directory:
 *
 *  - the dynamic door: a TypeScript program with `ignoreChanges` in its resource options, the
 *    package installed from `npm pack` (tools/automation.ts), region from `aws:region`;
 *  - the plugin door: a YAML program with `options: ignoreChanges`, the installed package's plugin
 *    in `plugins.providers`, region from `appstream-fleet:region`.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { IMAGE, MULTI, PROGRAM, SINGLE, describeAutoscaling } from "../support/autoscaling-scenario";
import { requireLanguageHost } from "../support/language-sdk";
import { pluginEnv } from "../support/pulumi-project";
import { CACHE, ROOT, installedProject, removeStaleRuns } from "../../tools/automation";
import { languageHost, pulumiBin } from "../../tools/pulumi-cli";

describeAutoscaling({
  door: "dynamic",
  token: "pulumi-nodejs:dynamic/appstream:Fleet",
  dir: path.join(CACHE, "autoscaling-ts"),
  stateDir: path.join(CACHE, "autoscaling-ts-state"),
  check() {
    assert.ok(languageHost(pulumiBin()), "no pulumi-language-nodejs next to pulumi: run `bash scripts/pulumi-cli.sh` (scripts/PULUMI-CLI.md)");
    if (!fs.existsSync(path.join(ROOT, "dist", "emulator", "cli.js"))) throw new Error("dist/ is missing: run `npm run build` first");
    removeStaleRuns();
  },
  setup(dir) {
    const installed = installedProject();
    fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: autoscaling-ts\nruntime: nodejs\n");
    fs.copyFileSync(path.join(installed, "package.json"), path.join(dir, "package.json"));
    fs.symlinkSync(path.join(installed, "node_modules"), path.join(dir, "node_modules"), "dir");
    const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, "examples", "quickstart", "tsconfig.json"), "utf8"));
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ ...tsconfig, files: ["index.ts"] }, null, 2));
  },
  write(dir, { ignoreCapacity, displayName }) {
    const opts = (property: string) => (ignoreCapacity ? `{ ignoreChanges: ["computeCapacity.${property}"] }` : "{}");
    const display = displayName !== undefined ? `\n  displayName: ${JSON.stringify(displayName)},` : "";
    fs.writeFileSync(
      path.join(dir, "index.ts"),
      `import { Fleet } from "pulumi-appstream-fleet";

// Application Auto Scaling owns the capacity: Pulumi sets it at creation and leaves it to AWS after.
export const single = new Fleet("single", {
  name: "${SINGLE}",
  imageName: "${IMAGE}",
  instanceType: "stream.standard.small",
  fleetType: "ON_DEMAND",${display}
  computeCapacity: { desiredInstances: ${PROGRAM.desiredInstances} },
}, ${opts("desiredInstances")}).name;

export const multi = new Fleet("multi", {
  name: "${MULTI}",
  imageName: "${IMAGE}",
  instanceType: "stream.standard.large",
  fleetType: "ON_DEMAND",${display}
  maxSessionsPerInstance: ${PROGRAM.maxSessionsPerInstance},
  computeCapacity: { desiredSessions: ${PROGRAM.desiredSessions} },
}, ${opts("desiredSessions")}).name;
`,
    );
  },
  config: { "aws:region": "us-west-2" },
  env(url, stateDir) {
    // The region only from aws:region: no AWS_REGION, no AWS config file.
    const { PULUMI_IGNORE_AMBIENT_PLUGINS: _ignored, ...env } = pluginEnv(url, stateDir, { id: "AKIDAUTOSCALINGTS", secret: "autoscaling-ts-secret" });
    return env;
  },
});

describeAutoscaling({
  door: "plugin",
  token: "appstream-fleet:index:Fleet",
  dir: path.join(CACHE, "autoscaling-yaml"),
  stateDir: path.join(CACHE, "autoscaling-yaml-state"),
  check() {
    requireLanguageHost("yaml", pulumiBin());
    removeStaleRuns();
  },
  setup() {
    const plugin = path.join(installedProject(), "node_modules", "pulumi-appstream-fleet", "plugin", "pulumi-resource-appstream-fleet");
    assert.ok(fs.existsSync(plugin), `the npm package has no plugin executable (${plugin})`);
  },
  write(dir, { ignoreCapacity, displayName }) {
    const pluginDir = path.join(installedProject(), "node_modules", "pulumi-appstream-fleet", "plugin");
    const options = (property: string) => (ignoreCapacity ? `    options:\n      ignoreChanges:\n        - computeCapacity.${property}\n` : "");
    const display = displayName !== undefined ? `\n      displayName: ${JSON.stringify(displayName)}` : "";
    fs.writeFileSync(
      path.join(dir, "Pulumi.yaml"),
      `name: autoscaling-yaml
runtime: yaml
plugins:
  providers:
    - name: appstream-fleet
      path: ${pluginDir}
resources:
  # Application Auto Scaling owns the capacity: Pulumi sets it at creation and leaves it to AWS after.
  single:
    type: appstream-fleet:index:Fleet
    properties:
      name: ${SINGLE}
      imageName: ${IMAGE}
      instanceType: stream.standard.small
      fleetType: ON_DEMAND${display}
      computeCapacity:
        desiredInstances: ${PROGRAM.desiredInstances}
${options("desiredInstances")}  multi:
    type: appstream-fleet:index:Fleet
    properties:
      name: ${MULTI}
      imageName: ${IMAGE}
      instanceType: stream.standard.large
      fleetType: ON_DEMAND${display}
      maxSessionsPerInstance: ${PROGRAM.maxSessionsPerInstance}
      computeCapacity:
        desiredSessions: ${PROGRAM.desiredSessions}
${options("desiredSessions")}`,
    );
  },
  config: { "appstream-fleet:region": "us-west-2" },
  env: (url, stateDir) => pluginEnv(url, stateDir, { id: "AKIDAUTOSCALINGYAML", secret: "autoscaling-yaml-secret" }),
});
