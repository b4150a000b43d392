import { strict as assert } from "assert";
import * as fs from "fs";
import * as path from "path";
import { PROPERTY_RULES } from "../../provider/fleet/rules";

/** The README's table of how each change is made must say what the code does. */
describe("README", () => {
  const readme = fs.readFileSync(path.join(__dirname, "..", "..", "README.md"), "utf8");
  const label = { live: "live", stopped: "stop–update–start", replace: "replace" } as const;

  it("documents every property's change mode per fleet type and its removal exactly as rules.ts", () => {
    for (const [p, r] of Object.entries(PROPERTY_RULES)) {
      const removal = r.removal === "unmanaged" ? "kept (AWS keeps its value)" : `\`${r.removal}\``;
      const row = `| \`${p}\` | ${label[r.running.ALWAYS_ON]} | ${label[r.running.ON_DEMAND]} | ${label[r.running.ELASTIC]} | ${removal} |`;
      assert.ok(readme.includes(row), `README lacks the row: ${row}`);
    }
  });

  it("gives the two commands", () => {
    assert.ok(readme.includes("npm install && npm run demo"));
    assert.ok(readme.includes("npm install && npm test"));
  });
});
