/**
 * The resource plugin `appstream-fleet` as a YAML user runs it: examples/yaml with the `pulumi`
 * CLI, language host `pulumi-language-yaml` (found next to `pulumi`, as scripts/pulumi-cli.sh
 * places it), against the emulator, with PULUMI_IGNORE_AMBIENT_PLUGINS and
 * PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION so that only `plugins.providers` can supply the
 * plugin. The plugin is the installed package's (`npm pack` + `npm install`, harness.ts):
 * `plugins.providers[].path` points at node_modules/pulumi-appstream-fleet/plugin. The region
 * comes only from `appstream-fleet:region` (no AWS_REGION, no AWS config file).
 *
 * The scenario of every language (tests/support/plugin-scenario.ts): the program looks up an
 * image with getImage, creates a RUNNING fleet, changes instanceType (the preview warns of the
 * stop under the fleet and plans STOP-UPDATE-START; `up` stops, updates and starts, as the
 * emulator's call log shows), refuses a bad instanceType at preview with the provider's message,
 * refreshes with no changes and destroys the fleet. Here also: the change's warning in the plain
 * and the --json preview, and last, the same example previews from a checkout, with `path` at
 * this repository's plugin/ directory.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parsePreview } from "../../provider/preview-summary/summary";
import { describePluginProgram, examplePulumiYaml } from "../support/plugin-scenario";
import { assertOk, shown } from "../support/pulumi-project";
import { CACHE, ROOT } from "./harness";

const FLEET = "yaml-fleet";

describePluginProgram({
  language: "yaml",
  files: [],
  fleet: FLEET,
  async previewChange({ pulumi }) {
    const plain = await pulumi("preview");
    assertOk(plain);
    assert.match(shown(plain), /warning: fleet yaml-fleet will be stopped and restarted to change instanceType/);
    const json = await pulumi("preview", "--json");
    assertOk(json);
    const diagnostics: { urn?: string; severity?: string; message?: string }[] = JSON.parse(json.stdout).diagnostics ?? [];
    assert.ok(
      diagnostics.some((d) => d.severity === "warning" && (d.urn ?? "").endsWith("::appstream-fleet:index:Fleet::fleet") && /fleet yaml-fleet will be stopped and restarted/.test(d.message ?? "")),
      `the --json preview carries the warning under the fleet's URN: ${JSON.stringify(diagnostics)}`,
    );
    // The plugin's plan is its log's info message under the fleet: the summary's row comes from it.
    const summary = parsePreview(json.stdout);
    assert.deepEqual(summary.fleets.map((f) => [f.resource, f.fleet, f.action, f.interrupts]), [["fleet", FLEET, "stop-update-start", true]]);
    assert.match(summary.fleets[0].summary, /will be stopped and restarted to change instanceType/);
  },
  more({ pulumiIn, initStack, calls, mutatingOps }) {
    it("from a checkout: the example with plugins.providers at this repository's plugin/ directory previews the same fleet", async () => {
      const checkout = path.join(CACHE, "plugin-yaml-checkout");
      fs.rmSync(checkout, { recursive: true, force: true });
      fs.mkdirSync(checkout, { recursive: true });
      fs.writeFileSync(path.join(checkout, "Pulumi.yaml"), examplePulumiYaml("yaml", path.join(ROOT, "plugin")));
      await initStack("checkout", { "appstream-fleet:region": "us-east-1" }, checkout);
      const r = await pulumiIn(checkout, "preview");
      assertOk(r);
      assert.match(r.stdout, /\+\s+appstream-fleet:index:Fleet\s+fleet\s+create/);
      assert.deepEqual(mutatingOps(await calls()), []);
    });
  },
});
