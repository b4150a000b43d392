/**
 * `pulumi package gen-sdk` on the schema the build wrote (dist/provider/plugin/schema.json), for
 * Python and Go, with the `pulumi` CLI this repository builds and the language hosts next to it
 * (codegen runs inside the language host). Checks what a user then imports: the Fleet resource
 * with its inputs, the three functions, the region config, the package version.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { pulumiBin, runPulumi } from "../../tools/pulumi-cli";
import { CACHE, ROOT, removeStaleRuns } from "../../tools/automation";

const SCHEMA = path.join(ROOT, "dist", "provider", "plugin", "schema.json");

describe("e2e: pulumi package gen-sdk makes Python and Go SDKs from the plugin's schema", function () {
  this.timeout(5 * 60 * 1000);
  let dir: string;
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).version as string;

  before(() => {
    assert.ok(fs.existsSync(SCHEMA), `${SCHEMA} is missing: run \`npm run build\``);
    removeStaleRuns();
    dir = path.join(CACHE, "gen-sdk");
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
  });

  const genSdk = async (language: string) => {
    const host = path.join(pulumiBin(), `pulumi-language-${language}`);
    assert.ok(fs.existsSync(host), `no pulumi-language-${language} next to ${pulumiBin()}/pulumi: gen-sdk runs codegen inside it (scripts/pulumi-cli.sh builds it)`);
    const r = await runPulumi(["package", "gen-sdk", SCHEMA, "--language", language, "--out", path.join(dir, "sdk")], { cwd: dir, stateDir: path.join(dir, "state") });
    assert.equal(r.code, 0, `${r.command}\n${r.stdout}\n${r.stderr}`);
    return path.join(dir, "sdk", language);
  };
  const read = (...p: string[]) => fs.readFileSync(path.join(...p), "utf8");

  it("python: pulumi_appstream_fleet with Fleet, get_image, get_images, get_sessions, config.region, at the package's version", async () => {
    const out = await genSdk("python");
    const pkg = path.join(out, "pulumi_appstream_fleet");
    assert.match(read(pkg, "fleet.py"), /class Fleet\(pulumi\.CustomResource\)/);
    assert.match(read(pkg, "fleet.py"), /instance_type: pulumi\.Input\[_builtins\.str\]/);
    assert.match(read(pkg, "fleet.py"), /"appstream-fleet:index:Fleet"/);
    // The schema's integers (AWS's Integer members) are ints, not floats.
    assert.match(read(pkg, "fleet.py"), /max_user_duration_in_seconds: pulumi\.Input\[Optional\[_builtins\.int\]\]/);
    assert.match(read(pkg, "_inputs.py"), /desired_instances: pulumi\.Input\[Optional\[_builtins\.int\]\]/);
    assert.match(read(pkg, "fleet.py"), /replace_on_changes=\["fleetType", "name"\]|replace_on_changes=\["name", "fleetType"\]/);
    for (const [file, fn] of [["get_image.py", "get_image"], ["get_images.py", "get_images"], ["get_sessions.py", "get_sessions"]])
      assert.match(read(pkg, file), new RegExp(`def ${fn}\\(`));
    assert.match(read(pkg, "config", "vars.py"), /def region\(/);
    // The plugin's download URL (the schema's pluginDownloadURL, from package.json's repository): the engine installs the plugin itself.
    assert.deepEqual(JSON.parse(read(pkg, "pulumi-plugin.json")), { resource: true, name: "appstream-fleet", version, server: "github://api.github.com/pulumi-appstream-fleet" });
  });

  it("go: package appstreamfleet with NewFleet, GetImage, GetImages, GetSessions, config.GetRegion", async () => {
    const out = await genSdk("go");
    const pkg = path.join(out, "appstreamfleet");
    assert.match(read(pkg, "fleet.go"), /func NewFleet\(ctx \*pulumi\.Context,/);
    assert.match(read(pkg, "fleet.go"), /InstanceType pulumi\.StringInput/);
    // The schema's integers (AWS's Integer members) take pulumi.Int, not pulumi.Float64.
    assert.match(read(pkg, "fleet.go"), /MaxUserDurationInSeconds pulumi\.IntPtrInput/);
    assert.match(read(pkg, "pulumiTypes.go"), /DesiredInstances +pulumi\.IntPtrInput/);
    assert.match(read(pkg, "getImage.go"), /func GetImage\(ctx \*pulumi\.Context, args \*GetImageArgs/);
    assert.match(read(pkg, "getImages.go"), /func GetImages\(/);
    assert.match(read(pkg, "getSessions.go"), /func GetSessions\(/);
    assert.match(read(pkg, "config", "config.go"), /func GetRegion\(/);
    // Its import path is the module the release publishes (package.json's repository + /sdk).
    assert.match(read(pkg, "fleet.go"), /"github\.com\/pulumi-appstream-fleet\/pulumi-appstream-fleet\/sdk\/go\/appstreamfleet\/internal"/);
  });
});
