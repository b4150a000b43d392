/**
 * The supported-versions check (provider/support-check.ts): its range reading, its one-line
 * messages, and that package.json, .ci/run and the check agree on the supported versions.
 * What a user sees through `pulumi preview` is tested in tests/e2e/user-project.test.ts.
 */
import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { TESTED_NODE_MAJORS, packageFacts, satisfies, unsupportedReason } from "../../provider/support-check";

const ROOT = path.resolve(__dirname, "..", "..");
const PKG = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));

describe("support-check: supported Node.js and @pulumi/pulumi", () => {
  it("reads package.json's engines.node and peerDependencies (the one source of both ranges)", () => {
    const f = packageFacts();
    assert.deepEqual(f, { name: "pulumi-appstream-fleet", version: PKG.version, node: PKG.engines.node, pulumi: PKG.peerDependencies["@pulumi/pulumi"] });
    // Both are of a form satisfies() reads (it throws on any other).
    satisfies("22.0.0", f.node);
    satisfies("3.200.0", f.pulumi);
  });

  it("satisfies: >=M, >=M.m.p, ^M.m.p; any other form throws", () => {
    assert.equal(satisfies("22.0.0", ">=22"), true);
    assert.equal(satisfies("24.3.1", ">=22"), true);
    assert.equal(satisfies("20.20.2", ">=22"), false);
    assert.equal(satisfies("v21.99.99", ">=22"), false);
    assert.equal(satisfies("22.5.0", ">=22.5.1"), false);
    assert.equal(satisfies("3.139.0", "^3.139.0"), true);
    assert.equal(satisfies("3.276.0", "^3.139.0"), true);
    assert.equal(satisfies("3.138.9", "^3.139.0"), false);
    assert.equal(satisfies("4.0.0", "^3.139.0"), false);
    assert.equal(satisfies("3.200.0-alpha.1", "^3.139.0"), true);
    assert.throws(() => satisfies("3.1.0", "~3.1.0"), /unsupported range form '~3\.1\.0'/);
    assert.throws(() => satisfies("3.1.0", "^0.1.0"), /unsupported range form/);
    assert.throws(() => satisfies("x", ">=1"), /cannot read the version 'x'/);
  });

  it("every supported Node major (TESTED_NODE_MAJORS) is inside engines.node, the one below is not", () => {
    for (const m of TESTED_NODE_MAJORS) assert.equal(satisfies(`${m}.0.0`, PKG.engines.node), true, `Node ${m}`);
    assert.equal(satisfies(`${Math.min(...TESTED_NODE_MAJORS) - 1}.99.99`, PKG.engines.node), false);
  });

  it("npm test's Node (package.json's scripts) plus .ci/run's USER_PROJECT_NODE_MAJORS are the supported majors", () => {
    const test: string = PKG.scripts.test;
    const m = /setup\.sh --node (\d+)/.exec(test);
    assert.ok(m, `npm test runs through scripts/setup.sh --node <major>: ${test}`);
    for (const [name, script] of Object.entries(PKG.scripts as Record<string, string>))
      if (/setup\.sh/.test(script)) assert.match(script, new RegExp(`setup\\.sh --node ${m[1]}\\b`), `npm run ${name} runs on Node ${m[1]}`);
    const ci = fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8");
    const c = /USER_PROJECT_NODE_MAJORS="\$\{USER_PROJECT_NODE_MAJORS:-([\d,]+)\}" npm test/.exec(ci);
    assert.ok(c, ".ci/run runs npm test with USER_PROJECT_NODE_MAJORS");
    const all = [Number(m[1]), ...c[1].split(",").map(Number)].sort((a, b) => a - b);
    assert.deepEqual(all, [...TESTED_NODE_MAJORS].sort((a, b) => a - b));
  });

  const facts = { name: "pulumi-appstream-fleet", version: "0.1.0", node: ">=22", pulumi: "^3.139.0" };

  it("supported: no reason", () => {
    assert.equal(unsupportedReason(facts, "22.23.5", "3.139.0"), undefined);
    assert.equal(unsupportedReason(facts, "24.1.0", "3.276.0"), undefined);
  });

  it("an old Node: one line naming the supported and the found versions", () => {
    const r = unsupportedReason(facts, "20.20.2", "3.276.0") as string;
    assert.match(r, /^pulumi-appstream-fleet 0\.1\.0 supports Node\.js >=22 \(tested: 22 and 24\); this is Node\.js 20\.20\.2 \(.*\): put Node\.js 22 or 24 first on PATH$/);
    assert.ok(!r.includes("\n"));
  });

  it("an @pulumi/pulumi outside the peer range, or none: one line naming the range and the fix", () => {
    assert.equal(
      unsupportedReason(facts, "22.0.0", "3.100.0", "/p/node_modules/@pulumi/pulumi"),
      "pulumi-appstream-fleet 0.1.0 supports @pulumi/pulumi ^3.139.0; this program loads @pulumi/pulumi 3.100.0 (/p/node_modules/@pulumi/pulumi): npm install @pulumi/pulumi@^3.139.0",
    );
    assert.match(unsupportedReason(facts, "22.0.0", "4.0.0") as string, /supports @pulumi\/pulumi \^3\.139\.0; this program loads @pulumi\/pulumi 4\.0\.0: npm install/);
    assert.equal(unsupportedReason(facts, "22.0.0", null), "pulumi-appstream-fleet 0.1.0 needs @pulumi/pulumi ^3.139.0, which is not installed: npm install @pulumi/pulumi@^3.139.0");
  });
});
