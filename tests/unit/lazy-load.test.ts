/**
 * Importing the package stays cheap: `require("pulumi-appstream-fleet")` loads neither the AWS
 * SDK's AppStream client nor the fleet implementation; they load on first use (aws/sdk.ts,
 * fleetProviderImpl in fleet/host.ts). What is loaded is checked, not how long it takes: the time is
 * the benchmark's (`npm run bench -- --only=import`, docs/performance.md).
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as path from "path";

const ROOT = path.join(__dirname, "..", "..");

/** Runs `body` in a fresh node process after requiring the built package; returns what it prints (JSON). */
function fresh(body: string): any {
  const script = `
    const loaded = () => Object.keys(require.cache).map((k) => k.split(require("path").sep).join("/"));
    const pkg = require(${JSON.stringify(path.join(ROOT, "dist", "provider", "index.js"))});
    (async () => { ${body} })().then((r) => process.stdout.write(JSON.stringify(r)), (e) => { console.error(e); process.exit(1); });`;
  return JSON.parse(execFileSync(process.execPath, ["-e", script], { cwd: ROOT, encoding: "utf8", env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } }));
}

const sdk = (files: string[]) => files.filter((f) => f.includes("/@aws-sdk/client-appstream/"));
const impl = (files: string[]) => files.filter((f) => /\/dist\/provider\/(fleet\/provider|aws\/fleets|aws\/retry)\.js$/.test(f));

describe("importing the package loads the AWS SDK and the fleet implementation only when used", function () {
  this.timeout(60_000);

  it("require loads neither; Fleet, the lookups and their errors are there", () => {
    const r = fresh(`return { files: loaded(), exports: Object.keys(pkg).sort() }`);
    assert.deepEqual(sdk(r.files), [], "the AWS SDK's AppStream client was loaded by the import");
    assert.deepEqual(impl(r.files), [], "the fleet implementation was loaded by the import");
    for (const e of ["Fleet", "FleetProvider", "getImage", "getImageOutput", "getImages", "getSessions", "LookupArgumentError", "fleetProviderImpl"]) assert.ok(r.exports.includes(e), `${e} is not exported`);
  });

  it("the serialized shim's fleetProviderImpl() loads the implementation (one per process)", () => {
    const r = fresh(`
      const a = pkg.fleetProviderImpl();
      return { same: a === pkg.fleetProviderImpl(), methods: ["check", "diff", "create", "read", "update", "delete"].filter((m) => typeof a[m] === "function"), files: loaded() };`);
    assert.equal(r.same, true);
    assert.deepEqual(r.methods, ["check", "diff", "create", "read", "update", "delete"]);
    assert.ok(impl(r.files).length > 0 && sdk(r.files).length > 0, "the implementation and the SDK are loaded once it is used");
  });

  it("the shim's entry, pulumi-appstream-fleet/fleet/host, and the root's fleetProviderImpl (which 0.1.0 states' shims call) are one implementation", () => {
    const r = fresh(`
      const host = require("pulumi-appstream-fleet/fleet/host");
      return { same: host.fleetProviderImpl() === pkg.fleetProviderImpl(), file: require.resolve("pulumi-appstream-fleet/fleet/host").split(require("path").sep).join("/") };`);
    assert.equal(r.same, true);
    assert.match(r.file, /\/dist\/provider\/fleet\/host\.js$/);
  });

  it("a lookup's argument check refuses a bad value, naming it, from AWS's model's enums without loading the SDK", () => {
    const r = fresh(`
      try { await pkg.getImage({ nameRegex: "^x", type: "BOGUS" }); return { ok: true }; }
      catch (e) { return { name: e.name, message: e.message, sdk: loaded().some((f) => f.includes("/@aws-sdk/client-appstream/")) }; }`);
    assert.equal(r.name, "LookupArgumentError");
    assert.match(r.message, /type/);
    assert.match(r.message, /PUBLIC/);
    assert.equal(r.sdk, false, "the enums are the model's (provider/generated/aws-model.ts), not the SDK's");
  });
});
