/**
 * Output: the table, the targets (met / NOT met / n/a with the numbers) and the timeline chart.
 */
import type { DetectionClass } from "./detection";
import { detections, POLL_GAP_TOLERANCE_MS, Scenario } from "./metrics";
import { Call, Ev, MUTATING_RATE } from "./shared";

export function fmt(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return "-";
  return Math.abs(ms) >= 10000 ? `${(ms / 1000).toFixed(1)}s` : `${Math.round(ms)}ms`;
}

export function table(rows: Scenario[]): string {
  const head = ["scenario", "wall", "phys.min", "overhead", "prov.ovh", "detect(max)", "poll gap", "DF/s max", "calls (by op)"];
  const lines = rows.map((r) => [
    (r.part === "cli" ? "pulumi up: " : "") + r.name + (r.error ? " [FAILED]" : ""),
    fmt(r.wallMs), fmt(r.physicalMinMs), fmt(r.overheadMs), fmt(r.providerOverheadMs), fmt(r.detectionLatencyMs), fmt(r.describeMinGapMs), String(r.describePerSecondMax),
    Object.entries(r.apiCalls).filter(([k]) => k !== "total").map(([k, v]) => `${k.replace("Fleet", "F").replace("Describe", "Desc")}:${v}`).join(" ") + ` =${r.apiCalls.total}` +
      (r.throttled !== undefined ? ` throttled:${r.throttled} failures:${r.failures}` : ""),
  ]);
  const w = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const row = (l: string[]) => l.map((c, i) => (i === l.length - 1 ? c : c.padEnd(w[i]))).join("  ");
  return [row(head), row(w.map((n) => "-".repeat(n))), ...lines.map(row)].join("\n");
}

/** `applicable: false`: the run cannot judge the target (the numbers are still given). */
export interface TargetResult { target: string; met: boolean; applicable?: false; detail: string }

export function targets(all: Scenario[], sizes: { providerBytes?: number; stateEntryBytes?: number }): TargetResult[] {
  const out: TargetResult[] = [];
  const waited = all.filter((s) => s.part !== "baseline" || s.name.includes("provider loop"));
  const misses = waited.flatMap((s) => s.detections.filter((d) => d.latencyMs === null || d.latencyMs > d.boundMs).map((d) => `${s.name}: ${d.transition} ${fmt(d.latencyMs)} > ${fmt(d.boundMs)}`));
  const nDet = waited.reduce((n, s) => n + s.detections.length, 0);
  const worst = waited.flatMap((s) => s.detections.map((d) => ({ s: s.name, r: (d.latencyMs ?? Infinity) / d.boundMs, d }))).sort((a, b) => b.r - a.r)[0];
  // A target is judged only on what this run measured: a run of some parts (--only) leaves out
  // the targets of the parts it did not run, rather than count them as met.
  if (nDet > 0) out.push({
    target: "each waited transition noticed within max(1 s, 10 % of its duration)",
    met: misses.length === 0,
    detail: `${nDet} transitions, ${misses.length} late` + (worst ? `; worst ${fmt(worst.d.latencyMs)} of ${fmt(worst.d.boundMs)} allowed (${worst.s})` : "") + (misses.length ? `; late: ${misses.slice(0, 5).join("; ")}` : ""),
  });
  const polled = waited.filter((s) => s.describeMinGapMs !== null);
  const lookupGaps = all.filter((s) => s.lookupMinGapMs !== null).map((s) => s.lookupMinGapMs as number);
  const fast = polled.filter((s) => s.describeFastGaps > 0);
  if (polled.length > 0) out.push({
    target: "at most one DescribeFleets per second per fleet",
    met: fast.length === 0,
    detail: (fast.length === 0 ? `no two consecutive polls of a fleet < ${POLL_GAP_TOLERANCE_MS} ms apart in ${polled.length} scenarios; ` : fast.map((s) => `${s.name}: ${s.describeFastGaps} gaps < ${POLL_GAP_TOLERANCE_MS} ms (min ${fmt(s.describeMinGapMs)})`).slice(0, 6).join("; ") + "; ") +
      `smallest gap between two polls of a wait ${fmt(Math.min(...polled.map((s) => s.describeMinGapMs as number)))}; ` +
      `coalesced (scale) runs: at most ${Math.max(0, ...all.filter((s) => s.part === "scale").map((s) => s.describePerSecondMax))} DescribeFleets requests in any second for all fleets together; ` +
      (lookupGaps.length > 0 ? `lookups outside waits (not polls) as close as ${fmt(Math.min(...lookupGaps))}` : "no two lookups of a fleet outside waits back to back"),
  });
  const ops = all.filter((s) => (s.part === "engine" || s.part === "provider") && !s.name.startsWith("no-change"));
  const cliOps = all.filter((s) => s.part === "cli" && !s.name.startsWith("no-change"));
  const allow = (s: Scenario) => Math.max(2000, 0.05 * s.physicalMinMs);
  const bad = ops.filter((s) => s.overheadMs > allow(s));
  if (ops.length > 0) out.push({
    target: "overhead of a lifecycle operation < max(2 s, 5 %) of its physical minimum (whole pulumi up / provider call)",
    met: bad.length === 0,
    detail: bad.length === 0 ? `all ${ops.length} within` : bad.map((s) => `${s.name}: ${fmt(s.overheadMs)} > ${fmt(allow(s))}`).join("; "),
  });
  if (cliOps.length > 0) {
    const badC = cliOps.filter((s) => s.overheadMs > allow(s));
    const noop = all.filter((s) => s.part === "cli" && s.name.startsWith("no-change")).map((s) => fmt(s.wallMs));
    out.push({
      target: "same, `pulumi up --yes` typed in a project directory (what a user waits for: language host, TypeScript compile, preview, update)",
      met: badC.length === 0,
      detail: (badC.length === 0 ? `all ${cliOps.length} within` : badC.map((s) => `${s.name}: ${fmt(s.overheadMs)} > ${fmt(allow(s))}`).join("; ")) + `; a no-change pulumi up --yes takes ${noop.join(", ")}`,
    });
  }
  const eng = ops.filter((s) => s.providerOverheadMs !== undefined);
  const badP = eng.filter((s) => (s.providerOverheadMs as number) > allow(s));
  if (eng.length > 0) out.push({
    target: "same, the provider's share only (first to last AWS call of the operation, engine's fixed cost excluded)",
    met: badP.length === 0,
    detail: badP.length === 0 ? `all ${eng.length} within; worst ${eng.map((s) => `${fmt(s.providerOverheadMs)} (${s.name})`).sort().pop()}` : badP.map((s) => `${s.name}: ${fmt(s.providerOverheadMs)} > ${fmt(allow(s))}`).join("; "),
  });
  const sc = all.filter((s) => s.name.startsWith("scale stop-update-start"));
  for (const D of [...new Set(sc.map((s) => s.transitionS))].sort((a, b) => a - b)) {
    const one = sc.find((s) => s.fleets === 1 && s.transitionS === D);
    const fifty = sc.find((s) => s.fleets === 50 && s.transitionS === D);
    if (!one || !fifty) continue;
    const ratio = fifty.wallMs / one.wallMs;
    const floor = fifty.throttleFloorMs ?? 0;
    const ratioFloor = fifty.wallMs / (one.wallMs + floor);
    // With short transitions the throttle alone (50 StopFleet at AWS-like rates) is more than a
    // quarter of one fleet's update: no provider can meet the ratio, so it is not judged there.
    const possible = one.wallMs + floor <= 1.25 * one.wallMs;
    out.push({
      target: `50 fleets: no failures, wall within 1.25x of one fleet's (${D} s transitions)`,
      met: (fifty.failures ?? 0) === 0 && !fifty.error && ratio <= 1.25,
      ...(possible ? {} : { applicable: false as const }),
      detail: `1 fleet ${fmt(one.wallMs)}, 50 fleets ${fmt(fifty.wallMs)} (x${ratio.toFixed(3)}), failures ${fifty.failures}, throttled calls ${fifty.throttled}; ` +
        `the throttle alone adds >= ${fmt(floor)} (40 StopFleet beyond the burst at ${MUTATING_RATE.ratePerSecond}/s): against one fleet + that floor x${ratioFloor.toFixed(3)}` +
        (possible ? "" : `; not judged: that floor is more than 25 % of one fleet's ${fmt(one.wallMs)}`),
    });
  }
  out.push(...previewTargets(all));
  if (sizes.providerBytes !== undefined) out.push({
    target: "serialized provider < 4 KB",
    met: (sizes.providerBytes ?? Infinity) < 4096,
    detail: `__provider ${sizes.providerBytes} bytes; one fleet's state entry ${sizes.stateEntryBytes} bytes`,
  });
  return out;
}

/** Each lifecycle step as a user types it (`pulumi up --yes` in a project) beside the Automation API's. */
export function cliPairs(all: Scenario[]) {
  return all.filter((s) => s.part === "cli").flatMap((c) => {
    const a = all.find((s) => s.part === "engine" && s.name === c.name);
    return [{ name: c.name, cliMs: c.wallMs, cliProviderMs: c.providerOverheadMs, autoMs: a?.automationMs, autoProcessMs: a?.wallMs, autoProviderMs: a?.providerOverheadMs }];
  });
}

/** Detection latency per length class and way of waiting: p95 <= max(1 s, 5 % of the class's length), over at least 30 transitions. */
export function detectionTargets(classes: DetectionClass[]): TargetResult[] {
  if (classes.length === 0) return [];
  const bad = classes.filter((d) => d.p95Ms === null || d.p95Ms > d.boundMs || d.transitions < 30 || d.unseen > 0);
  return [{
    target: "detection latency p95 <= max(1 s, 5 % of the transition), over >= 30 transitions of random length per class and way of waiting",
    met: bad.length === 0,
    detail: classes.map((d) => `${d.transitionS} s ${d.mode}: ${d.transitions} transitions, p50 ${fmt(d.p50Ms)}, p95 ${fmt(d.p95Ms)} (<= ${fmt(d.boundMs)}), max ${fmt(d.maxMs)}${d.unseen ? `, ${d.unseen} unseen` : ""}`).join("; "),
  }];
}

/**
 * Previews at scale (issue: PRs preview every stack). A preview reads each fleet once, in one
 * round: coalesced, that is ceil(N / 25) DescribeFleets (25 fleets per call). The wall ratio is
 * shown beside the control's (no-op resources registered like fleets: the engine's and the SDK's
 * floor), and the calls beside the account's size (the overview's pages are the account's).
 */
function previewTargets(all: Scenario[]): TargetResult[] {
  const pv = all.filter((s) => s.part === "preview").sort((a, b) => (a.fleets ?? 0) - (b.fleets ?? 0));
  if (pv.length === 0) return [];
  const out: TargetResult[] = [];
  const one = pv.find((s) => s.fleets === 1);
  const fifty = pv.find((s) => s.fleets === 50);
  const calls = (s: Scenario, op: string) => s.apiCalls[op] ?? 0;
  const line = (s: Scenario) =>
    `${s.fleets} fleets ${fmt(s.wallMs)}${one ? ` (x${(s.wallMs / one.wallMs).toFixed(2)})` : ""}: DescribeFleets ${calls(s, "DescribeFleets")} (${s.describeFleetsSingle ?? 0} naming one fleet), ` +
    `ListAssociatedStacks ${calls(s, "ListAssociatedStacks")}, DescribeSessions ${calls(s, "DescribeSessions")} for ${s.stacks} stacks, DescribeImages ${calls(s, "DescribeImages")}, throttled ${s.throttled}` +
    (s.error ? `, FAILED: ${s.error.slice(0, 120)}` : "");
  if (one && fifty) {
    const ratio = fifty.wallMs / one.wallMs;
    out.push({
      target: "pulumi preview of 50 fleets (stop-forcing change, stacks with open sessions, AWS-like throttle) within 1.2x of one fleet's",
      met: ratio <= 1.2 && !fifty.error && !one.error,
      detail:
        `1 fleet ${fmt(one.wallMs)} (runs ${one.runsMs?.map((m) => fmt(m)).join(", ")}), 50 fleets ${fmt(fifty.wallMs)} (runs ${fifty.runsMs?.map((m) => fmt(m)).join(", ")}): x${ratio.toFixed(2)}` +
        (one.controlMs && fifty.controlMs
          ? `; the floor, no-op resources registered like fleets: 1 ${fmt(one.controlMs)}, 50 ${fmt(fifty.controlMs)}: x${(fifty.controlMs / one.controlMs).toFixed(2)}; ` +
            `the provider's share at 50 fleets ${fmt(fifty.wallMs - fifty.controlMs)} (${fmt((fifty.wallMs - fifty.controlMs) / 50)} a fleet), at 1 fleet ${fmt(one.wallMs - one.controlMs)}`
          : ""),
    });
  }
  const over = pv.filter((s) => calls(s, "DescribeFleets") > Math.ceil((s.fleets ?? 1) / 25));
  out.push({
    target: "previews: DescribeFleets coalesced, at most 1 per 25 fleets per round (a preview is one round)",
    met: over.length === 0,
    detail:
      pv.map((s) => `${s.fleets} fleets: ${calls(s, "DescribeFleets")} (allowed ${Math.ceil((s.fleets ?? 1) / 25)})`).join("; ") +
      (pv[0]?.accountFleets !== undefined ? `; the account holds ${pv[0].accountFleets} fleets (${Math.ceil(pv[0].accountFleets / 25)} overview pages)` : ""),
  });
  const sessionsOver = pv.filter((s) => calls(s, "DescribeSessions") > (s.stacks ?? 0));
  out.push({
    target: "previews: session counting at most 1 DescribeSessions per stack",
    met: sessionsOver.length === 0,
    detail: pv.map((s) => `${s.fleets} fleets, ${s.stacks} stacks: DescribeSessions ${calls(s, "DescribeSessions")}, ListAssociatedStacks ${calls(s, "ListAssociatedStacks")}; ${s.sessionWarnings} session warnings printed`).join("; "),
  });
  const throttledAny = pv.filter((s) => (s.throttled ?? 0) > 0);
  out.push({
    target: "previews: no throttled call",
    met: throttledAny.length === 0,
    detail: pv.map(line).join("; "),
  });
  return out;
}

/** The stop-update-start timeline: AWS state (events) against provider actions (calls). */
export function svg(tl: { t0: number; t1: number; calls: Call[]; events: Ev[]; transitionS: number }): string {
  const W = 960, left = 110, right = 20, H = 250;
  const span = Math.max(1, tl.t1 - tl.t0);
  const x = (t: number) => left + ((t - tl.t0) / span) * (W - left - right);
  const colors: Record<string, string> = { RUNNING: "#4caf50", STOPPING: "#ff9800", STOPPED: "#9e9e9e", STARTING: "#2196f3" };
  const fleet = tl.events[0]?.fleetName ?? tl.calls.find((c) => c.fleetName)?.fleetName;
  const evs = tl.events.filter((e) => e.fleetName === fleet);
  const segs: { from: number; to: number; state: string }[] = [];
  let state = evs.length > 0 ? (evs[0].from ?? "RUNNING") : "RUNNING";
  let at = tl.t0;
  for (const e of evs) {
    segs.push({ from: at, to: e.time, state });
    state = e.to ?? "GONE";
    at = e.time;
  }
  segs.push({ from: at, to: tl.t1, state });
  const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;");
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" font-family="sans-serif" font-size="11">`);
  parts.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  parts.push(`<text x="10" y="18" font-size="13" font-weight="bold">${esc(`stop-update-start through pulumi up, transitions of ${tl.transitionS} s (emulator): AWS state vs provider calls`)}</text>`);
  parts.push(`<text x="10" y="60">AWS state</text><text x="10" y="118">provider calls</text>`);
  for (const s of segs) {
    parts.push(`<rect x="${x(s.from).toFixed(1)}" y="40" width="${Math.max(0.5, x(s.to) - x(s.from)).toFixed(1)}" height="30" fill="${colors[s.state] ?? "#eee"}"/>`);
    if (x(s.to) - x(s.from) > 50) parts.push(`<text x="${(x(s.from) + 4).toFixed(1)}" y="60" fill="white">${s.state}</text>`);
  }
  const mine = tl.calls.filter((c) => c.fleetName === fleet || (c.operation === "DescribeFleets" && !c.fleetName));
  let lastLabelX = -100;
  let row = 0;
  for (const c of mine) {
    const cx = x(c.time);
    const mut = c.operation !== "DescribeFleets" && !c.operation.startsWith("List") && !c.operation.startsWith("DescribeImages");
    parts.push(`<line x1="${cx.toFixed(1)}" y1="90" x2="${cx.toFixed(1)}" y2="${mut ? 140 : 125}" stroke="${mut ? "#d32f2f" : "#333"}" stroke-width="${mut ? 2 : 1}"/>`);
    if (mut) {
      row = cx - lastLabelX < 70 ? row + 1 : 0;
      parts.push(`<text x="${(cx + 2).toFixed(1)}" y="${152 + row * 12}" fill="#d32f2f">${esc(c.operation)}</text>`);
      lastLabelX = cx;
    }
  }
  for (const d of detections(tl.calls, tl.events)) {
    if (d.latencyMs === null) continue;
    parts.push(`<line x1="${x(d.atMs).toFixed(1)}" y1="75" x2="${x(d.atMs + d.latencyMs).toFixed(1)}" y2="75" stroke="black" stroke-width="3"/>`);
    parts.push(`<text x="${x(d.atMs).toFixed(1)}" y="86" font-size="10">noticed after ${d.latencyMs} ms</text>`);
  }
  const ticks = Math.ceil(span / 1000);
  const step = ticks > 40 ? Math.ceil(ticks / 20) : 1;
  for (let s = 0; s <= ticks; s += step) {
    const tx = x(tl.t0 + s * 1000);
    parts.push(`<line x1="${tx.toFixed(1)}" y1="195" x2="${tx.toFixed(1)}" y2="200" stroke="#666"/><text x="${(tx - 4).toFixed(1)}" y="212" fill="#666">${s}s</text>`);
  }
  parts.push(`<line x1="${left}" y1="195" x2="${W - right}" y2="195" stroke="#666"/>`);
  parts.push(`<text x="10" y="240" fill="#444">Bars: fleet state from the emulator's events log. Ticks: AWS calls as they arrived (thin: DescribeFleets / reads; red: mutating). Black bars: detection latency.</text>`);
  parts.push(`</svg>`);
  return parts.join("\n") + "\n";
}
