/**
 * The names a release publishes, derived from package.json's `repository` alone
 * (scripts/release/repository.ts), and what the plugin executable carries instead of files
 * (provider/embedded.ts, scripts/release/bundle.ts), without building anything.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { embeddedModuleSource } from "../../scripts/release/bundle";
import { repository } from "../../scripts/release/repository";
import { PULUMI_MODULE_IDS, pulumiModule } from "../../provider/embedded";

const ROOT = path.resolve(__dirname, "..", "..");

describe("release: names derived from package.json's repository", () => {
  it("this repository: the download URL names the owner only (the repository is pulumi-<plugin>), the Go module is <repo>/sdk, the Maven group io.github.<owner>", () => {
    const r = repository();
    assert.equal(r.url, "https://github.com/pulumi-appstream-fleet/pulumi-appstream-fleet");
    assert.equal(r.pluginDownloadURL, "github://api.github.com/pulumi-appstream-fleet");
    assert.equal(r.goModule, "github.com/pulumi-appstream-fleet/pulumi-appstream-fleet/sdk");
    assert.equal(r.mavenGroup, "io.github.pulumi-appstream-fleet");
  });

  it("a fork under another name: every name follows its URL (git+ and .git forms too)", () => {
    const r = repository({ repository: { url: "git+https://github.com/Acme/appstream-tools.git" } });
    assert.equal(r.pluginDownloadURL, "github://api.github.com/Acme/appstream-tools");
    assert.equal(r.goModule, "github.com/Acme/appstream-tools/sdk");
    assert.equal(r.mavenGroup, "io.github.acme");
  });

  it("no repository, or one not on GitHub, is refused naming the field", () => {
    assert.throws(() => repository({}), /package\.json's "repository" must be https:\/\/github\.com\/<owner>\/<repo>/);
    assert.throws(() => repository({ repository: "https://gitlab.com/a/b" }), /"repository"/);
  });

  it("the schema the build wrote carries the same download URL and Go import path", () => {
    const schema = JSON.parse(fs.readFileSync(path.join(ROOT, "dist", "provider", "plugin", "schema.json"), "utf8"));
    const r = repository();
    assert.equal(schema.pluginDownloadURL, r.pluginDownloadURL);
    assert.equal(schema.repository, r.url);
    assert.equal(schema.language.go.importBasePath, `${r.goModule}/go/appstreamfleet`);
  });
});

describe("release: what the plugin executable carries instead of files beside it", () => {
  it("outside the executable, pulumiModule loads the modules @pulumi/pulumi's provider server uses (the same instances)", () => {
    const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
    assert.equal(pulumiModule("@pulumi/pulumi/proto/provider_pb"), require(path.join(pulumiDir, "proto", "provider_pb.js")));
    assert.equal(pulumiModule("google-protobuf/google/protobuf/struct_pb"), require(require.resolve("google-protobuf/google/protobuf/struct_pb", { paths: [pulumiDir] })));
  });

  it("the bundle's replacement module: package.json's version and ranges, the schema, and a static require of an existing file for every module", () => {
    const src = embeddedModuleSource('{"name":"x"}');
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
    assert.match(src, new RegExp(`"version":"${pkg.version.replace(/\./g, "\\.")}"`));
    assert.match(src, /"engines":\{"node":">=22"\}/);
    assert.match(src, /schema: "\{\\"name\\":\\"x\\"\}"/);
    for (const id of PULUMI_MODULE_IDS) {
      const m = new RegExp(`${JSON.stringify(id).replace(/[/.]/g, "\\$&")}: \\(\\) => require\\(("[^"]+")\\)`).exec(src);
      assert.ok(m, `no loader for ${id}`);
      assert.ok(fs.existsSync(JSON.parse(m[1])), `${id} resolves to a missing file ${m[1]}`);
    }
  });
});
