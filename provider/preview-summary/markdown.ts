/**
 * The preview summary (summary.ts: the fleets of a `pulumi preview --json` and their plans) as
 * Markdown for a pull request comment or a job summary: the opening lines, one table row per
 * fleet, the provider's own lines folded. Pure.
 */
import type { FleetRow, PreviewSummary, SummaryAction } from "./summary";

const LABEL: Record<SummaryAction, string> = {
  create: "create",
  adopt: "adopt",
  "live-update": "live update",
  "stop-update-start": "stop–update–start",
  replace: "replace",
  refuse: "refused",
  start: "start",
  stop: "stop",
  none: "no fleet change",
  delete: "delete",
  unknown: "unknown",
};

/** Text safe inside a Markdown table cell. */
function cell(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
}
/** A code span; in a table cell a pipe stays escaped (GFM splits cells before code spans). */
const code = (s: string) => `\`${s.replace(/`/g, "'").replace(/\|/g, "\\|")}\``;

function actionCell(f: FleetRow): string {
  const label = LABEL[f.action];
  return f.interrupts || f.action === "refuse" ? `**${label}**` : label;
}

function propertiesCell(f: FleetRow): string {
  const parts = f.properties.map(code);
  if (f.removes.length > 0) parts.push(`removes ${f.removes.map(cell).join(", ")}`);
  return parts.length > 0 ? parts.join(", ") : "—";
}

function usersCell(f: FleetRow): string {
  if (f.activeSessions !== undefined) return String(f.activeSessions);
  if (f.interrupts && f.fromLog) return "see the summary";
  return f.interrupts ? "not counted" : "—";
}

/**
 * Plans that stop a running fleet with the provider's stop, the one the drain setting applies to
 * (an adoption's record carries the drain only when its plan stops the fleet).
 */
const STOPS: ReadonlySet<SummaryAction> = new Set(["stop-update-start", "stop", "adopt"]);

/**
 * The Drain column, by action kind: only a plan that stops a running fleet drains. A delete or a
 * replacement deletes the fleet without draining; a start, a create, a live update, a refused
 * update and no change stop nothing, so a drain setting in their record does not apply ("—").
 */
export function drainCell(f: Pick<FleetRow, "action" | "interrupts" | "drain" | "fromLog">): string {
  if (f.action === "replace" || f.action === "delete") return f.interrupts ? "not applied (a delete does not drain)" : "—";
  if (!STOPS.has(f.action) || !f.interrupts) return "—";
  if (f.fromLog) return "see the summary"; // the plugin door's line: the drain setting is in its words, not a field
  if (f.drain) return `waits up to ${f.drain.timeoutSeconds}s for sessions to end, then ${f.drain.onTimeout === "fail" ? "fails without stopping" : "stops anyway"}`;
  return "none: stops at once";
}

function fleetCell(f: FleetRow): string {
  return f.resource === f.fleet ? code(f.fleet) : `${code(f.fleet)} (resource ${code(f.resource)})`;
}

/** The summary as Markdown for a pull request comment or a job summary. */
export function renderMarkdown(s: PreviewSummary): string {
  const lines: string[] = [];
  const where = s.stack ? ` — stack ${code(s.stack)}${s.project ? ` of ${code(s.project)}` : ""}` : "";
  lines.push(`### AppStream fleets in this preview${where}`, "");
  const failed = s.errors.length > 0;
  if (failed) {
    // First, and never followed by an all-clear: `pulumi up` stops at the same errors, and the
    // plan below is only what the engine planned before it stopped.
    const n = s.errors.length;
    lines.push(`**The preview FAILED with ${n} error${n === 1 ? "" : "s"}:** \`pulumi up\` fails the same way until ${n === 1 ? "it is" : "they are"} fixed.`, "");
    for (const e of s.errors) {
      // The first line in the list; the rest (a program's exception, its stack) verbatim below it.
      const [first, ...rest] = e.message.split("\n");
      lines.push(`- ${e.resource ? `${code(e.resource)}: ` : ""}${cell(first)}`);
      if (rest.length > 0) lines.push("  ```text", ...rest.map((l) => `  ${l.replace(/```/g, "'''")}`), "  ```");
    }
    lines.push("");
    if (s.fleets.length === 0) {
      lines.push("No fleet plan could be made: the preview stopped before it planned any AppStream fleet change.");
      return lines.join("\n") + "\n";
    }
    lines.push("What the engine planned before it stopped (incomplete):", "");
  }
  const interrupted = s.fleets.filter((f) => f.interrupts);
  const unchecked = s.fleets.filter((f) => f.action === "unknown").length;
  if (interrupted.length === 0)
    lines.push(failed ? "No fleet planned so far would be interrupted." : unchecked > 0 ? "No fleet the preview could check will be interrupted." : "No fleet will be interrupted.");
  else {
    const each = interrupted.map((f) => `${code(f.fleet)} (${LABEL[f.action]}${f.activeSessions !== undefined ? `, ${f.activeSessions} streaming now` : ""})`);
    lines.push(`**${interrupted.length} fleet${interrupted.length === 1 ? "" : "s"} will be interrupted:** ${each.join(", ")}.`);
  }
  const refused = s.fleets.filter((f) => f.action === "refuse");
  if (refused.length > 0) lines.push("", `**${refused.length} update${refused.length === 1 ? "" : "s"} will be refused** (\`pulumi up\` fails for ${refused.map((f) => code(f.fleet)).join(", ")} and changes nothing there).`);
  const unknown = s.fleets.filter((f) => f.action === "unknown");
  if (unknown.length > 0) lines.push("", `**${unknown.length} fleet${unknown.length === 1 ? "" : "s"} could not be checked** against AWS during the preview: ${unknown.map((f) => code(f.fleet)).join(", ")}.`);
  lines.push("");
  if (s.fleets.length === 0) {
    lines.push("No AppStream fleet is created, changed or deleted.");
    return lines.join("\n") + "\n";
  }
  lines.push("| Fleet | Planned action | Properties | Users streaming now | Drain | Expected interruption |", "|---|---|---|---|---|---|");
  for (const f of s.fleets) lines.push(`| ${fleetCell(f)} | ${actionCell(f)} | ${propertiesCell(f)} | ${usersCell(f)} | ${cell(drainCell(f))} | ${cell(f.interruption)} |`);
  lines.push("", "<details><summary>What the provider says</summary>", "");
  for (const f of s.fleets) lines.push(`- ${code(f.fleet)}: ${cell(f.summary)}`);
  lines.push("", "</details>");
  return lines.join("\n") + "\n";
}
