/**
 * What a preview should tell the person reviewing it: which fleets a change will stop, replace or
 * refuse, why, and how many people are streaming from them right now. Pure: the caller gathers
 * the live state and the session count.
 */
import { Changes, propertiesNeedingStop, ReplaceDecision } from "./diff";
import { FleetInputs, FleetType } from "./types";

export interface PreviewFacts {
  name: string;
  changes: Changes;
  replace: ReplaceDecision;
  deleteBeforeReplace: boolean;
  news: FleetInputs;
  fleetType: FleetType;
  /** The fleet's live state, when it could be read. */
  liveState?: string;
  /** ACTIVE streaming sessions on the fleet's stacks, when they could be counted. */
  activeSessions?: number;
}

function streaming(n: number | undefined): string {
  if (n === undefined) return "";
  if (n === 0) return "; no users are streaming now";
  return `; ${n} user${n === 1 ? " is" : "s are"} streaming now and will be disconnected`;
}

function drainText(news: FleetInputs): string {
  const d = news.drain;
  if (d === undefined) return "";
  const limit = d.timeoutSeconds ?? 1800;
  const then = (d.onTimeout ?? "stop") === "fail" ? "then fail without stopping" : "then stop anyway";
  return ` (the update first waits up to ${limit}s for sessions to end, ${then})`;
}

/** Warnings for the preview; empty when the change interrupts nobody. */
export function previewWarnings(f: PreviewFacts): string[] {
  const out: string[] = [];
  const running = f.liveState === "RUNNING" || f.liveState === "STARTING";
  if (f.replace.replaces.length > 0) {
    const order = f.deleteBeforeReplace
      ? "the old fleet is deleted first (same name), so nobody can stream until the new one runs"
      : "the new fleet is created and started before the old one is deleted";
    out.push(`fleet ${f.name} will be REPLACED: ${f.replace.reasons.join("; ")}; ${order}${running ? streaming(f.activeSessions) : ""}`);
    return out;
  }
  if (!running) return out;
  const stopping = propertiesNeedingStop(f.changes.properties, f.fleetType);
  const strategy = f.news.updateStrategy ?? "stopStart";
  const desired = f.news.desiredState ?? "RUNNING";
  if (stopping.length > 0 && strategy === "failIfRunning") {
    out.push(`the update of fleet ${f.name} will FAIL: it is ${f.liveState} and ${stopping.join(", ")} can only change on a stopped fleet (updateStrategy "failIfRunning"); nothing will be changed`);
  } else if (stopping.length > 0) {
    const restart = desired === "RUNNING" ? "stopped and restarted" : "stopped (desiredState STOPPED)";
    out.push(`fleet ${f.name} will be ${restart} to change ${stopping.join(", ")}${streaming(f.activeSessions)}${drainText(f.news)}`);
  } else if (desired === "STOPPED") {
    out.push(`fleet ${f.name} will be stopped (desiredState STOPPED)${streaming(f.activeSessions)}${drainText(f.news)}`);
  }
  return out;
}
