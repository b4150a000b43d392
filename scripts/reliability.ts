/**
 * `npm run test:reliability`: runs mocha over tests/reliability (fault matrix, interruptions,
 * model-based sequences, bad input, needless interruptions, credentials), then prints one row per
 * scenario (scenario, faults injected, how many fired, outcome, invariants), the scenarios whose
 * faults never fired, and the closing line
 *   reliability: S scenarios, F faults fired, B bad inputs, L lost, O orphaned, W wrong-state, N needless interruptions, M preview mismatches
 * F counts what fired (the emulator's count per fault, GET /_emulator/faults/history, or what the
 * test saw for faults outside the emulator); B the invalid and random inputs tried, apart; N the
 * fleets stopped by an operation that applied no change (tests/reliability/needless.test.ts); M the
 * programs whose preview announced other mutating calls than `up` made (preview-steps.test.ts).
 * Exit status: mocha's (any failed assertion or invariant), or 1 if L+O+W+N+M > 0 or a scenario's
 * fault never fired without the scenario saying why that is expected.
 *
 * Env: RELIABILITY_FULL=1 (the whole matrix, 100 x 8 model runs, 1000 garbage inputs, every
 * engine case), RELIABILITY_SEED / RELIABILITY_PATH (replay fast-check), RELIABILITY_RUNS /
 * RELIABILITY_STEPS (model size), RELIABILITY_NEEDLESS_RUNS (random values per fleet type),
 * RELIABILITY_PREVIEW_RUNS (random programs of the preview property),
 * RELIABILITY_GREP (mocha --grep). Provider progress lines
 * (stderr) go to .cache/reliability/mocha-stderr.log.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { ScenarioResult, unexpectedlyUnfired } from "../tools/reliability-results";

const ROOT = path.resolve(__dirname, "..");
const DIR = path.join(ROOT, ".cache", "reliability");
fs.mkdirSync(DIR, { recursive: true });
const results = path.join(DIR, `results-run-${process.pid}.jsonl`);
const stderrLog = path.join(DIR, "mocha-stderr.log");
fs.rmSync(results, { force: true });

const started = Date.now();
const args = [path.join(ROOT, "node_modules", "mocha", "bin", "mocha.js"), "--timeout", "900000", "tests/reliability/*.test.ts"];
if (process.env.RELIABILITY_GREP) args.push("--grep", process.env.RELIABILITY_GREP);
const err = fs.openSync(stderrLog, "w");
const r = spawnSync(process.execPath, args, {
  cwd: ROOT,
  stdio: ["ignore", "inherit", err],
  env: { ...process.env, RELIABILITY_RESULTS: results, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
});
fs.closeSync(err);
const seconds = Math.round((Date.now() - started) / 1000);

/** A result line as tests/reliability/lib.ts writes it. */
type Row = ScenarioResult;
const rows: Row[] = fs.existsSync(results)
  ? fs.readFileSync(results, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Row)
  : [];

const clip = (s: string, n: number) => (s.length > n ? s.slice(0, n - 1) + "…" : s);
const pad = (s: string, n: number) => clip(s, n).padEnd(n);
const W = { scenario: 58, faults: 44, fired: 9, outcome: 60 };
/** What fired, or the inputs tried: "2", "0 (expected)", "NEVER", "3 inputs". */
const firedCell = (row: Row) =>
  row.badInputs > 0 && row.faultsFired === 0 ? `${row.badInputs} in` : (row.unfired ?? []).length > 0 ? (row.unfiredExpected ? `${row.faultsFired} (ok)` : row.faultsFired > 0 ? `${row.faultsFired} PART` : "NEVER") : String(row.faultsFired);
console.log("");
console.log(`${pad("scenario", W.scenario)} | ${pad("faults injected / bad input", W.faults)} | ${pad("fired", W.fired)} | ${pad("outcome", W.outcome)} | invariants`);
console.log(`${"-".repeat(W.scenario)}-+-${"-".repeat(W.faults)}-+-${"-".repeat(W.fired)}-+-${"-".repeat(W.outcome)}-+-----------`);
for (const row of rows) {
  const bad = row.lost + row.orphaned + row.wrong + (row.needless ?? 0) + (row.previewMismatches ?? 0);
  const inv = bad === 0 ? "hold" : `FAIL L${row.lost} O${row.orphaned} W${row.wrong}${row.needless ? ` N${row.needless}` : ""}${row.previewMismatches ? ` M${row.previewMismatches}` : ""}`;
  console.log(`${pad(`[${row.suite}] ${row.scenario}`, W.scenario)} | ${pad(row.faults.join(", "), W.faults)} | ${pad(firedCell(row), W.fired)} | ${pad(row.outcome.replace(/\s+/g, " "), W.outcome)} | ${inv}`);
  if (bad > 0) for (const d of row.details ?? []) console.log(`    ${d}`);
}
// Faults that never fired: a scenario that says why that is expected is listed, not failed.
const unfired = rows.filter((r) => (r.unfired ?? []).length > 0);
const unexpected = rows.filter(unexpectedlyUnfired);
if (unfired.length > 0) {
  console.log("");
  console.log(`Faults that never fired (${unexpected.length} scenario(s) FAIL for it; the others say why it is expected):`);
  for (const r of unfired) {
    console.log(`  ${unexpectedlyUnfired(r) ? "FAIL" : "ok  "} [${r.suite}] ${r.scenario}: ${(r.unfired ?? []).join(", ")}${r.unfiredExpected ? ` (expected: ${r.unfiredExpected})` : ""}`);
    if (r.firedDetail?.length) console.log(`       ${r.firedDetail.join("; ")}`);
  }
}
const sum = (k: "faultsFired" | "badInputs" | "lost" | "orphaned" | "wrong" | "needless" | "previewMismatches") => rows.reduce((n, x) => n + (x[k] ?? 0), 0);
const L = sum("lost");
const O = sum("orphaned");
const Wr = sum("wrong");
const N = sum("needless");
const M = sum("previewMismatches");
console.log("");
console.log(`(${seconds}s; mocha exit ${r.status}; provider progress in ${path.relative(ROOT, stderrLog)}; results ${path.relative(ROOT, results)})`);
console.log(
  `reliability: ${rows.length} scenarios, ${sum("faultsFired")} faults fired, ${sum("badInputs")} bad inputs, ${L} lost, ${O} orphaned, ${Wr} wrong-state, ${N} needless interruptions, ${M} preview mismatches`,
);
process.exit(r.status !== 0 ? r.status ?? 1 : L + O + Wr + N + M > 0 || unexpected.length > 0 ? 1 : 0);
