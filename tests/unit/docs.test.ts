import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { changeTableMarkdown, MANAGED_PROPERTIES } from "../../provider/fleet/properties";

const ROOT = path.join(__dirname, "..", "..");
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");

describe("docs", () => {
  it("docs/fleet-inputs.md has the change table exactly as the property registry says", () => {
    const doc = read("docs/fleet-inputs.md");
    const table = changeTableMarkdown();
    assert.ok(doc.includes(table), `docs/fleet-inputs.md lacks the registry's change table; it should contain:\n${table}`);
    for (const p of MANAGED_PROPERTIES) assert.ok(table.includes(`| \`${p}\` |`), `the table has no row for ${p}`);
  });

  it("the README gives the two commands", () => {
    const readme = read("README.md");
    assert.ok(readme.includes("npm install && npm run demo"));
    assert.ok(readme.includes("npm install && npm test"));
  });
});
