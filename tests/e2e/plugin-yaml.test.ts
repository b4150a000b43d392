/**
 * The resource plugin `appstream-fleet` as a YAML user runs it: examples/yaml (its resource and
 * function name the plugin's version and pluginDownloadURL in their options) in an empty
 * directory, with the `pulumi` CLI and `pulumi-language-yaml`, nothing installed: the engine
 * downloads the plugin archive of the release itself (tests/support/plugin-scenario.ts, where the
 * scenario of every language is: getImage, a RUNNING fleet, stop-update-start on an instanceType
 * change, a bad input refused at preview, refresh --expect-no-changes, destroy, no Node.js).
 * Here also: the change's warning in the plain and the --json preview; `pulumi import` through
 * the executable (its patched read, see provider/plugin/main.ts); and last, the way to run
 * from a checkout of this repository: the same program with `plugins.providers` pointing at the
 * checkout's plugin/ directory (the plugin's sh script, on Node.js), with downloads off.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { parsePreview } from "../../provider/preview-summary/summary";
import { describePluginProgram } from "../support/plugin-scenario";
import { assertOk, pluginEnv, shown } from "../support/pulumi-project";
import { ROOT } from "../../tools/automation";
import { runPulumi } from "../../tools/pulumi-cli";

const FLEET = "yaml-fleet";

/** A Pulumi.yaml with `plugins.providers` naming `pluginDir` for appstream-fleet (docs/languages.md, "From a checkout"). */
function withPluginPath(project: string, pluginDir: string): string {
  assert.match(project, /^runtime: yaml\n/m);
  return project.replace(/^runtime: yaml\n/m, `runtime: yaml\nplugins:\n  providers:\n    - name: appstream-fleet\n      path: ${pluginDir}\n`);
}

describePluginProgram({
  language: "yaml",
  files: ["Pulumi.yaml"],
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
  more(p) {
    it("pulumi import reaches the executable's read (the import patch works inside the bundle): a missing fleet fails with the provider's message", async () => {
      const r = await p.pulumi("import", "appstream-fleet:index:Fleet", "ghost", "no-such-fleet", "--yes", "--protect=false");
      assert.notEqual(r.code, 0);
      assert.match(shown(r), /no-such-fleet: no fleet of that name exists/);
      assert.doesNotMatch(shown(r), /toJavaScript/);
      assert.deepEqual(p.mutatingOps(await p.calls()), []);
    });
    it("from a checkout: the example with plugins.providers at this repository's plugin/ directory previews the same fleet (downloads off)", async () => {
      const checkout = `${p.dir}-checkout`;
      const stateDir = `${p.stateDir}-checkout`;
      for (const d of [checkout, stateDir]) {
        fs.rmSync(d, { recursive: true, force: true });
        fs.mkdirSync(d, { recursive: true });
      }
      fs.writeFileSync(path.join(checkout, "Pulumi.yaml"), withPluginPath(fs.readFileSync(path.join(ROOT, "examples", "yaml", "Pulumi.yaml"), "utf8"), path.join(ROOT, "plugin")));
      const env = pluginEnv(p.emu.url, stateDir, { id: "AKIDCHECKOUT", secret: "checkout-secret" });
      const run = (...args: string[]) => runPulumi(args, { cwd: checkout, stateDir, env });
      assertOk(await run("stack", "init", "checkout"));
      assertOk(await run("config", "set", "appstream-fleet:region", "us-east-1"));
      const r = await run("preview");
      assertOk(r);
      assert.match(r.stdout, /\+\s+appstream-fleet:index:Fleet\s+fleet\s+create/);
      assert.ok(!fs.existsSync(path.join(stateDir, "home", "plugins", `resource-appstream-fleet-v${p.release().manifest.version}`)), "the plugin came from plugins.providers, not a download");
      assert.deepEqual(p.mutatingOps(await p.calls()), []);
    });
  },
});
