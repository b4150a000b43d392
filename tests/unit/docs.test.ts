import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { changeTableMarkdown, MANAGED_PROPERTIES } from "../../provider/fleet/properties";
import { ELASTIC_PLATFORMS } from "../../provider/fleet/validate";

const ROOT = path.join(__dirname, "..", "..");
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");

describe("docs", () => {
  it("docs/fleet-inputs.md has the change table exactly as the property registry says", () => {
    const doc = read("docs/fleet-inputs.md");
    const table = changeTableMarkdown();
    assert.ok(doc.includes(table), `docs/fleet-inputs.md lacks the registry's change table; it should contain:\n${table}`);
    for (const p of MANAGED_PROPERTIES) assert.ok(table.includes(`| \`${p}\` |`), `the table has no row for ${p}`);
  });

  it("the service's current name, Amazon WorkSpaces Applications (formerly AppStream 2.0), is where users search for it", () => {
    const name = "Amazon WorkSpaces Applications (formerly AppStream 2.0)";
    const flat = (text: string) => text.replace(/\s+/g, " ");
    for (const file of ["README.md", "docs/architecture.md", "emulator/README.md"]) assert.ok(flat(read(file)).includes(name), `${file} does not name the service as ${name}`);
    const pkg = JSON.parse(read("package.json")) as { description: string; keywords?: string[] };
    assert.ok(pkg.description.includes(name), "package.json's description");
    for (const k of ["amazon-workspaces-applications", "appstream"]) assert.ok(pkg.keywords?.includes(k), `package.json's keywords lack ${k}`);
    assert.ok(read("scripts/gen-schema.ts").includes(name), "the plugin schema's description (scripts/gen-schema.ts)");
  });

  it("docs/fleet-inputs.md's platform row names the platforms ELASTIC fleets take, as validation has them (ELASTIC_PLATFORMS)", () => {
    const row = read("docs/fleet-inputs.md").split("\n").find((l) => l.startsWith("| `platform` |")) ?? assert.fail("no platform row");
    const listed = /ELASTIC: ([A-Z0-9_, ]+?)(?: or ([A-Z0-9_]+))? \(/.exec(row);
    assert.ok(listed, row);
    assert.deepEqual([...listed[1].split(", "), ...(listed[2] ? [listed[2]] : [])], [...ELASTIC_PLATFORMS]);
  });

  it("the README gives the two commands", () => {
    const readme = read("README.md");
    assert.ok(readme.includes("npm install && npm run demo"));
    assert.ok(readme.includes("npm install && npm test"));
  });
});
