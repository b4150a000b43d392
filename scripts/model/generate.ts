/**
 * Writes the model-derived modules (scripts/model/derive.ts) from the pinned model
 * (aws-model.env), or with --check only says which are stale (exit 1).
 *
 *   bash scripts/setup.sh --node 22 --aws -- ts-node --transpile-only scripts/model/generate.ts [--check]
 *
 * Prints `model: <path of service-2.json.gz>` and one line per file.
 */
import { mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadServiceModel } from "../../tools/service-model";
import { derivedModules } from "./derive";
import { readModelPin, REPO_ROOT } from "./pin";

function main(): number {
  const check = process.argv.includes("--check");
  const pin = readModelPin();
  const { model, path, via } = loadServiceModel();
  console.log(`model: ${path}`);
  console.log(`botocore ${pin.botocore} (${via})`);
  let stale = 0;
  for (const d of derivedModules(model, pin.botocore)) {
    const file = join(REPO_ROOT, d.path);
    const now = existsSync(file) ? readFileSync(file, "utf8") : undefined;
    if (now === d.text) {
      console.log(`${d.path}: up to date`);
      continue;
    }
    if (check) {
      console.log(`${d.path}: STALE (run npm run model:update -- ${pin.botocore})`);
      stale++;
      continue;
    }
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, d.text);
    console.log(`${d.path}: written`);
  }
  return stale > 0 ? 1 : 0;
}

process.exitCode = main();
