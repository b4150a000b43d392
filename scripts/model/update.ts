/**
 * `npm run model:update -- <botocore version> [--awscli <version>]`: moves the pin of AWS's
 * service model (aws-model.env), installs that botocore (scripts/setup.sh --aws), regenerates the
 * model-derived modules (scripts/model/derive.ts), runs the typecheck and the model suites, and
 * prints what changed in AppStream's fleet, image, session and stack shapes (scripts/model/diff.ts).
 *
 * The AWS CLI stays at AWSCLI_VERSION unless --awscli names another (aws-model.env says why the
 * CLI is installed over the pinned botocore rather than with its own). If the new botocore cannot
 * be installed or has no AppStream model, the pin is put back and nothing is regenerated.
 * Exit code: 0 when the typecheck and the suites pass, 1 otherwise (the files stay written: the
 * failures say what the code must learn about the new model), 2 on bad arguments.
 */
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync, existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { loadServiceModel, type ServiceModel } from "../../tools/service-model";
import { derivedModules } from "./derive";
import { modelDiff } from "./diff";
import { readModelPin, REPO_ROOT, writeModelPin, type ModelPin } from "./pin";

const MODEL_SUITES = ["tests/unit/aws-model.test.ts", "tests/unit/model-conformance.test.ts", "tests/emulator/service-model.test.ts", "tests/emulator/aws-cli.test.ts"];

function usage(message: string): never {
  console.error(`model:update: ${message}\nusage: npm run model:update -- <botocore version> [--awscli <awscli version>]`);
  process.exit(2);
}

function parseArgs(argv: string[]): { botocore: string; awscli?: string } {
  let botocore: string | undefined;
  let awscli: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--awscli") awscli = argv[++i];
    else if (argv[i].startsWith("-")) usage(`unknown option ${argv[i]}`);
    else if (botocore === undefined) botocore = argv[i];
    else usage(`one botocore version, got ${botocore} and ${argv[i]}`);
  }
  if (botocore === undefined) usage("name the botocore version to pin (pip index versions botocore)");
  for (const v of [botocore, awscli]) if (v !== undefined && !/^\d+\.\d+\.\d+$/.test(v)) usage(`not a version: ${v}`);
  return { botocore, awscli };
}

/** The pinned model: scripts/setup.sh --aws installs the pinned botocore if needed and names its Python. */
function installedModel(pin: ModelPin): ServiceModel {
  const r = spawnSync("bash", [join(REPO_ROOT, "scripts", "setup.sh"), "--aws", "--", "sh", "-c", 'printf "%s\\n" "$APPSTREAM_BOTOCORE_PYTHON"'], {
    cwd: REPO_ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  const python = r.stdout.trim().split("\n").pop() ?? "";
  if (r.status !== 0 || python === "") throw new Error(`scripts/setup.sh --aws could not install botocore ${pin.botocore} with awscli ${pin.awscli} (see above)`);
  const env = { ...process.env, APPSTREAM_BOTOCORE_PYTHON: python, APPSTREAM_SERVICE_MODEL: "" };
  return loadServiceModel(env).model;
}

function run(command: string, args: string[]): boolean {
  console.log(`\n$ ${[command, ...args].join(" ")}`);
  return spawnSync(command, args, { cwd: REPO_ROOT, stdio: "inherit" }).status === 0;
}

function main(): number {
  const args = parseArgs(process.argv.slice(2));
  const before = readModelPin();
  const after: ModelPin = { botocore: args.botocore, awscli: args.awscli ?? before.awscli };
  console.log(`model:update: botocore ${before.botocore} -> ${after.botocore} (awscli ${before.awscli} -> ${after.awscli})`);
  const oldModel = installedModel(before);
  writeModelPin(after);
  let newModel: ServiceModel;
  try {
    newModel = installedModel(after);
  } catch (e) {
    writeModelPin(before);
    console.error(`model:update: ${(e as Error).message}; the pin is back at botocore ${before.botocore}`);
    return 1;
  }
  const written: string[] = [];
  for (const d of derivedModules(newModel, after.botocore)) {
    const file = join(REPO_ROOT, d.path);
    if (existsSync(file) && readFileSync(file, "utf8") === d.text) continue;
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, d.text);
    written.push(d.path);
  }
  const typecheck = run(join(REPO_ROOT, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json", "--noEmit"]);
  const suites = run("bash", [join(REPO_ROOT, "scripts", "setup.sh"), "--node", "22", "--aws", "--", join(REPO_ROOT, "node_modules", ".bin", "mocha"), ...MODEL_SUITES]);
  console.log(`\n== AppStream's model, botocore ${before.botocore} -> ${after.botocore}`);
  for (const line of modelDiff(oldModel, newModel)) console.log(line);
  console.log(`\n== pin: aws-model.env BOTOCORE_VERSION=${after.botocore} AWSCLI_VERSION=${after.awscli}`);
  console.log(`== regenerated: ${written.length ? written.join(", ") : "nothing (already up to date)"}`);
  console.log(`== typecheck: ${typecheck ? "passed" : "FAILED"}; model suites (${MODEL_SUITES.join(", ")}): ${suites ? "passed" : "FAILED"}`);
  if (!typecheck || !suites) console.log("   The failures above say what the code must learn about the new model (docs/architecture.md, \"AWS's model\").");
  return typecheck && suites ? 0 : 1;
}

process.exitCode = main();
