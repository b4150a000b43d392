/**
 * Benchmark of the Fleet provider against the physical limit (the emulator's transition delays).
 *
 *   npm run bench            # full: transitions of 2 s, 10 s, 60 s through the engine, 300 s at the
 *                            # provider level, scale 1/10/50 fleets, SDK-waiter baseline up to 300 s
 *   npm run bench -- --quick # about a minute or two: 2 s transitions, scale 1/10/50, baseline at 2 s
 *
 * Not a test: it asserts nothing, it measures and prints, per target, "met" / "NOT met" with the
 * numbers, and writes bench/results.json and bench/stop-update-start.svg.
 *
 * Three independent parts run at the same time, each against its own emulator (the transition
 * delays are an emulator-wide setting):
 *  A. the real Pulumi engine (Automation API, our package installed from npm pack, as in
 *     tests/e2e): lifecycle scenarios per transition length, then the scale runs;
 *  B. (full only) the provider implementation called in this process, for the 5-minute
 *     transitions (six `pulumi up`s of 5-10 minutes each would not fit in the time box);
 *  C. the baseline: our wait loop and the SDK's waiters (default delays) waiting for the same
 *     transitions side by side, on the same machine at the same time.
 *
 * Measures, from the emulator's logs (not from the provider's own view):
 *  - detection latency of a waited transition = arrival time of the first successful call naming
 *    the fleet after the transition's logical time (events log) - that time. A DescribeFleets that
 *    names several fleets (a coalesced poll) names none in the call log: it counts for every fleet.
 *  - overhead = wall - physical minimum; for engine runs also the provider's share:
 *    (last AWS call - first AWS call of the operation) - physical minimum, where the check's
 *    DescribeImages is not part of the operation.
 *
 * This file orchestrates the parts; each lives in its own module: shared.ts (options, throttle,
 * emulator processes, the CLI timer), metrics.ts (what a scenario measures), engine.ts (A),
 * scale.ts (scale runs), provider-level.ts (B), baseline.ts (C), report.ts (table, targets, chart).
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { installedProject, installPackage, Installed } from "../tools/automation";
import { baseline } from "./baseline";
import { lifecycleCli } from "./cli";
import { lifecycleEngine } from "./engine";
import { Scenario } from "./metrics";
import { DetectionClass, detectionClass, jitterFor } from "./detection";
import { IMPORT_COST_RUNS, IMPORT_COST_TARGET_MS, ImportCost, importCost } from "./import-cost";
import { previewScale } from "./preview";
import { pluginDoor, PluginDoorResult, pluginDoorReport } from "./plugin-door";
import { lifecycleProvider } from "./provider-level";
import { cliPairs, detectionTargets, fmt, svg, table, targets } from "./report";
import { languageHost } from "../tools/pulumi-cli";
import { scaleEngine } from "./scale";
import { cliTimer, Emu, ONLY, ONLY_GIVEN, QUICK, ROOT, THROTTLE } from "./shared";
import { startEmulatorProcess } from "../tools/emulator-process";

async function main() {
  const started = Date.now();
  const on = (p: string) => ONLY.includes(p);
  const lengths = !on("engine") ? [] : QUICK ? [2] : [2, 10, 60];
  // The same lifecycle typed as a user does, `pulumi up --yes` in a project directory (cli.ts),
  // after the Automation API's on the same emulator; needs the nodejs language host.
  const cliLengths = !on("cli") ? [] : QUICK ? [2] : [2, 10, 60];
  const providerLengths = !on("provider") || QUICK ? [] : [300];
  const baselineLengths = !on("baseline") ? [] : QUICK ? [2] : [2, 10, 60, 300];
  // Quick mode measures the 1- and 50-fleet updates only (the 10-fleet run adds nothing a quick
  // check needs), on its own emulator at the same time as the lifecycle runs.
  // BENCH_SCALE_N=1,50 and BENCH_SCALE_S=30: other scale runs, while working on the provider.
  const scaleN = !on("scale") ? [] : process.env.BENCH_SCALE_N ? process.env.BENCH_SCALE_N.split(",").map(Number) : QUICK ? [1, 50] : [1, 10, 50];
  const scaleD = Number(process.env.BENCH_SCALE_S ?? (QUICK ? 2 : 30));
  // Previews of 1, 10 and 50 fleets, alone on the machine (the ratio to one fleet is the figure):
  // the median of 3 of each (full), one of each (quick).
  const previewN = !on("preview") ? [] : [1, 10, 50];
  const previewRuns = QUICK ? 1 : 3;
  // Detection latency as a distribution: transitions of random length per class (detection.ts).
  const detectionD = !on("detection") ? [] : QUICK ? [2] : [2, 10, 60, 300];
  const detection: DetectionClass[] = [];
  // Import cost: require("pulumi-appstream-fleet") after @pulumi/pulumi, median of 10 fresh
  // processes (quick and full alike: about 15 s), first, alone on the machine.
  let imports: ImportCost | undefined;
  // The plugin door (plugin-door.ts): start-up of the executable vs the Node script, 50-fleet previews of both doors.
  let plugin: PluginDoorResult | undefined;
  const log = (m: string) => process.stderr.write(`[bench +${Math.round((Date.now() - started) / 1000)}s] ${m}\n`);

  if (on("import")) {
    try {
      log(`import cost: require("pulumi-appstream-fleet") after @pulumi/pulumi, ${IMPORT_COST_RUNS} fresh processes (package installed from npm pack)`);
      imports = importCost(installedProject());
    } catch (e) {
      log(`part failed (import): ${(e as Error)?.stack ?? e}`);
    }
  }

  const [eA, eC, eS] = await Promise.all([startEmulatorProcess(), startEmulatorProcess(), startEmulatorProcess()]);
  const A = new Emu(eA), C = new Emu(eC), S = new Emu(eS);
  const results: Scenario[] = [];
  const sizes: { providerBytes?: number; stateEntryBytes?: number } = {};
  const timelines: Record<string, any> = {};
  // A part that fails is reported and the others go on (its rows are missing from the table).
  const part = (what: string, f: () => Promise<void>) => f().catch((e) => log(`part failed (${what}): ${(e as Error)?.stack ?? e}`));
  const baselines = (ls: number[]) => part("baseline", async () => { for (const D of ls) { log(`baseline, ${D}s transitions`); await baseline(C, D, results); } });
  const providerLevel = () => part("provider", async () => { for (const D of providerLengths) { log(`provider-level lifecycle, ${D}s transitions`); await lifecycleProvider(D, results); } });
  try {
    const needEngine = lengths.length + cliLengths.length + scaleN.length + previewN.length + (on("plugin") ? 1 : 0) > 0;
    const host = cliLengths.length > 0 ? languageHost() : undefined;
    if (cliLengths.length > 0 && !host) log("no pulumi-language-nodejs next to pulumi: the project-directory (`pulumi up`) runs are SKIPPED; only the Automation API figures are measured (see scripts/PULUMI-CLI.md)");
    if (needEngine) log("installing the package into a project (npm pack; reused while the build is unchanged), as tests/e2e do");
    const inst = needEngine ? await installPackage() : undefined;
    const lifecycle = () => part("engine", async () => {
      const cli = lengths.length > 0 ? cliTimer(inst as Installed) : undefined;
      for (const D of [...new Set([...lengths, ...(host ? cliLengths : [])])].sort((a, b) => a - b)) {
        if (cli && lengths.includes(D)) { log(`engine lifecycle, ${D}s transitions (Automation API)`); await lifecycleEngine(cli, A, D, results, sizes, timelines); }
        if (host && cliLengths.includes(D)) { log(`engine lifecycle, ${D}s transitions (pulumi up --yes in a project directory)`); await lifecycleCli(A, D, results).catch((e) => log(`part failed (cli ${D}s): ${(e as Error)?.message ?? e}`)); }
      }
    });
    const scale = () => part("scale", async () => {
      if (scaleN.length === 0) return;
      const cli = cliTimer(inst as Installed);
      for (const N of scaleN) { log(`engine scale, ${N} fleets, ${scaleD}s transitions, throttled${QUICK ? " (update only)" : ""}`); await scaleEngine(cli, QUICK ? S : A, N, scaleD, Math.max(8, N), results, !QUICK); }
    });
    const previews = () => part("preview", async () => {
      if (previewN.length === 0) return;
      const emu = new Emu(await startEmulatorProcess());
      try {
        await previewScale(cliTimer(inst as Installed), emu, previewN, previewRuns, results, log);
      } finally {
        await emu.emu.close();
      }
    });
    const detect = (ds: number[]) => part("detection", async () => {
      await Promise.all(ds.flatMap((D) => (["lone", "shared"] as const).map(async (mode) => {
        log(`detection, ${D}s (+ up to ${jitterFor(D)}s) transitions, ${mode} waits`);
        detection.push(await detectionClass(D, mode));
      })));
    });
    const pluginPart = () => part("plugin", async () => {
      if (!on("plugin")) return;
      const emu = new Emu(await startEmulatorProcess());
      try {
        plugin = await pluginDoor(cliTimer(inst as Installed), emu, { runs: QUICK ? 1 : 3, startRuns: QUICK ? 5 : 15, fleets: 50 }, log);
      } finally {
        await emu.emu.close();
      }
    });
    if (QUICK) {
      // Everything at once: the lifecycle and the scale runs on their own emulators; then the
      // previews alone, then the detection classes.
      await Promise.all([lifecycle(), scale(), baselines(baselineLengths)]);
      await previews();
      await pluginPart();
      await detect(detectionD);
    } else {
      // Phase 1: the lifecycle through the engine, alone but for the short baselines (light: one
      // fleet each), so that the engine's numbers are not those of a crowded machine.
      const short = baselineLengths.filter((D) => D < 300);
      await Promise.all([lifecycle(), baselines(short)]);
      // The previews, alone; then the detection classes up to 60 s (the 5-minute one waits
      // beside the long scale runs in phase 2).
      await previews();
      await pluginPart();
      await detect(detectionD.filter((D) => D < 300));
      // Phase 2, the long waits: 1 and 50 fleets updated with realistic 5-minute transitions
      // (update only, each on its own emulator, i.e. account) are set up first; then, while they
      // wait, the 30 s scale runs, the provider-level runs and the 5-minute baselines.
      const realistic = on("scale") && !process.env.BENCH_SCALE_N ? [1, 50] : [];
      let readyCount = 0;
      let allReady!: () => void;
      const ready = new Promise<void>((r) => (allReady = r));
      const arrived = () => { if (++readyCount === realistic.length) allReady(); };
      if (realistic.length === 0) allReady();
      const long = realistic.map((N) => part(`scale ${N} x 300s`, async () => {
        let once = false;
        const arrive = () => { if (!once) arrived(); once = true; };
        const emu = new Emu(await startEmulatorProcess());
        try {
          log(`engine scale, ${N} fleets, 300s transitions, throttled (update only)`);
          await scaleEngine(cliTimer(inst as Installed), emu, N, 300, Math.max(8, N), results, false, arrive);
        } finally {
          arrive(); // a setup that failed must not hold the rest back
          await emu.emu.close();
        }
      }));
      await ready;
      await Promise.all([...long, scale(), providerLevel(), baselines(baselineLengths.filter((D) => D >= 300)), detect(detectionD.filter((D) => D >= 300))]);
    }
  } finally {
    await Promise.all([eA.close(), eC.close(), eS.close()]);
  }

  const order = { cli: 0, engine: 1, provider: 2, scale: 3, preview: 4, baseline: 5 };
  results.sort((a, b) => order[a.part] - order[b.part] || a.transitionS - b.transitionS || (a.fleets ?? 0) - (b.fleets ?? 0));
  // Baseline ratios: SDK waiter detection latency / ours, per transition length and target.
  const ratios = baselineLengths.flatMap((D) =>
    (["start", "stop"] as const).map((k) => {
      const ours = results.find((r) => r.name === `${k} wait, provider loop (${D}s)`);
      const sdk = results.find((r) => r.name === `${k} wait, SDK waiter (${D}s)`);
      return { transitionS: D, wait: k, oursWallMs: ours?.wallMs, sdkWallMs: sdk?.wallMs, oursDetectMs: ours?.detectionLatencyMs, sdkDetectMs: sdk?.detectionLatencyMs, oursCalls: ours?.apiCalls.total, sdkCalls: sdk?.apiCalls.total, wallRatio: ours && sdk ? +(sdk.wallMs / ours.wallMs).toFixed(2) : null };
    }),
  );
  detection.sort((a, b) => a.transitionS - b.transitionS || a.mode.localeCompare(b.mode));
  const tgt = [...detectionTargets(detection), ...targets(results, sizes)];
  if (imports)
    tgt.push({
      target: `require("pulumi-appstream-fleet") adds <= ${IMPORT_COST_TARGET_MS} ms to @pulumi/pulumi's own load (median of ${imports.runs} fresh processes)`,
      met: imports.packageMs <= IMPORT_COST_TARGET_MS,
      detail: `median ${fmt(imports.packageMs)} (min ${fmt(imports.packageMinMs)}, max ${fmt(imports.packageMaxMs)}), ${imports.modules} modules, AWS SDK client ${imports.sdkLoaded ? "loaded" : "not loaded"}; @pulumi/pulumi itself ${fmt(imports.pulumiMs)}`,
    });
  const out = {
    mode: QUICK ? "quick" : "full",
    date: new Date(started).toISOString(),
    durationS: Math.round((Date.now() - started) / 1000),
    machine: { node: process.version, cpus: os.cpus().length },
    ...(ONLY_GIVEN ? { only: ONLY } : {}),
    throttle: THROTTLE,
    providerBytes: sizes.providerBytes,
    stateEntryBytes: sizes.stateEntryBytes,
    targets: tgt,
    baseline: ratios,
    cliVsAutomation: cliPairs(results),
    detection,
    importCost: imports,
    pluginDoor: plugin,
    scenarios: results,
  };
  // results.json is the last run; results.<mode>.json keeps each mode's last run of every part
  // (a run of some parts, --only=..., does not replace it).
  const resultsFile = path.join(__dirname, "results.json");
  fs.writeFileSync(resultsFile, JSON.stringify(out, null, 2) + "\n");
  if (!ONLY_GIVEN) fs.writeFileSync(path.join(__dirname, `results.${out.mode}.json`), JSON.stringify(out, null, 2) + "\n");
  const longest = Object.keys(timelines).map(Number).sort((a, b) => a - b);
  const pick = timelines[String(longest.includes(10) ? 10 : longest[longest.length - 1])];
  // The README's chart comes from the full run (10 s transitions); a quick run writes its own.
  const svgFile = path.join(__dirname, QUICK ? "stop-update-start.quick.svg" : "stop-update-start.svg");
  if (pick) fs.writeFileSync(svgFile, svg(pick));

  console.log(`\nBenchmark (${out.mode}), ${out.durationS}s, node ${process.version}, ${out.machine.cpus} CPUs\n`);
  if (results.length > 0) console.log(table(results));
  const pairs = cliPairs(results);
  if (pairs.length > 0) {
    console.log(`\npulumi up --yes in a project directory (what a user waits for; previews first) vs the Automation API (inline program, --skip-preview), same steps, same emulator`);
    for (const p of pairs) console.log(`  ${p.name.padEnd(28)} CLI ${fmt(p.cliMs).padStart(7)} (first to last AWS call ${fmt(p.cliProviderMs)} over the minimum, its preview's calls included)   Automation API ${fmt(p.autoMs).padStart(7)} (process ${fmt(p.autoProcessMs)}, provider's share ${fmt(p.autoProviderMs)})`);
  }
  const measured = ratios.filter((r) => r.oursWallMs !== undefined || r.sdkWallMs !== undefined);
  if (measured.length > 0) console.log(`\nBaseline: SDK waiters (defaults 30 s / 120 s) vs the provider's loop, same transitions, same time`);
  for (const r of measured) console.log(`  ${r.wait} ${r.transitionS}s: provider loop ${fmt(r.oursWallMs ?? null)} (${r.oursCalls} calls, detect ${fmt(r.oursDetectMs)}), SDK waiter ${fmt(r.sdkWallMs ?? null)} (${r.sdkCalls} calls, detect ${fmt(r.sdkDetectMs)}), x${r.wallRatio}`);
  if (detection.length > 0) {
    console.log(`\nDetection latency (transitions of D + uniform [0, J) s; p50 / p95 / max from the emulator's logs)`);
    for (const d of detection) console.log(`  ${String(d.transitionS).padStart(3)} s class, ${d.mode.padEnd(6)}: ${d.transitions} transitions of ${fmt(d.lengthMinMs)}-${fmt(d.lengthMaxMs)}: p50 ${fmt(d.p50Ms)}, p95 ${fmt(d.p95Ms)}, max ${fmt(d.maxMs)} (target p95 <= ${fmt(d.boundMs)})`);
  }
  if (imports) {
    console.log(`\nImport cost: require("pulumi-appstream-fleet") after @pulumi/pulumi, ${imports.runs} fresh processes`);
    console.log(`  package ${fmt(imports.packageMs)} median (min ${fmt(imports.packageMinMs)}, max ${fmt(imports.packageMaxMs)}), ${imports.modules} modules loaded, AWS SDK client ${imports.sdkLoaded ? "loaded" : "not loaded"}; @pulumi/pulumi alone ${fmt(imports.pulumiMs)}`);
  }
  if (plugin) console.log(`\n${pluginDoorReport(plugin, fmt).join("\n")}`);
  if (sizes.providerBytes !== undefined) console.log(`\nSerialized provider: ${sizes.providerBytes} bytes; one fleet's state entry: ${sizes.stateEntryBytes} bytes`);
  console.log(`\nTargets:`);
  for (const t of tgt) console.log(`  [${t.applicable === false ? "n/a" : t.met ? "met" : "NOT met"}] ${t.target}: ${t.detail}`);
  console.log(`\nWritten: ${path.relative(ROOT, resultsFile)}${ONLY_GIVEN ? "" : `, bench/results.${out.mode}.json`}${pick ? `, ${path.relative(ROOT, svgFile)}` : ""}`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
