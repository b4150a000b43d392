/**
 * What changed between two AppStream service models in the shapes of fleets, images, sessions
 * and stacks (every shape their operations' inputs and outputs reach): members and enum values
 * added or removed, a member's shape, required members, lengths, ranges and patterns, shapes
 * new or gone, and the instance types InstanceType's documentation lists. Pure; the lines are
 * what `npm run model:update` prints.
 */
import type { ModelShape, ServiceModel } from "../../tools/service-model";
import { documentedInstanceTypes, reachableShapes } from "./derive";

export const AREAS: Record<string, readonly string[]> = {
  fleet: ["CreateFleet", "UpdateFleet", "DescribeFleets"],
  image: ["DescribeImages"],
  session: ["DescribeSessions"],
  stack: ["CreateStack", "UpdateStack", "DescribeStacks"],
};

function shapesOf(model: ServiceModel, ops: readonly string[]): Set<string> {
  return new Set(reachableShapes(model, ops.filter((op) => model.operations[op]), true));
}

const list = (values: readonly string[]): string => values.join(", ");

function describeNew(name: string, s: ModelShape): string {
  if (s.type === "structure") return `+ ${name} (new structure: ${list(Object.keys(s.members ?? {}))})`;
  if (s.enum) return `+ ${name} (new enum: ${list(s.enum)})`;
  return `+ ${name} (new ${s.type}${constraintText(s)})`;
}

function constraintText(s: ModelShape): string {
  const parts = [s.min !== undefined ? `min ${s.min}` : "", s.max !== undefined ? `max ${s.max}` : "", s.pattern !== undefined ? `pattern ${s.pattern}` : ""].filter(Boolean);
  return parts.length ? `, ${parts.join(", ")}` : "";
}

/** The changes of one shape present in both models. */
function shapeChanges(name: string, a: ModelShape, b: ModelShape): string[] {
  const out: string[] = [];
  if (a.type !== b.type) out.push(`~ ${name}: type ${a.type} -> ${b.type}`);
  if (a.enum || b.enum) {
    const added = (b.enum ?? []).filter((v) => !(a.enum ?? []).includes(v));
    const removed = (a.enum ?? []).filter((v) => !(b.enum ?? []).includes(v));
    if (added.length) out.push(`+ ${name} enum values: ${list(added)}`);
    if (removed.length) out.push(`- ${name} enum values: ${list(removed)}`);
  }
  for (const key of ["min", "max", "pattern"] as const) {
    if (a[key] !== b[key]) out.push(`~ ${name} ${key}: ${a[key] ?? "(none)"} -> ${b[key] ?? "(none)"}`);
  }
  const am = a.members ?? {};
  const bm = b.members ?? {};
  for (const m of Object.keys(bm)) {
    if (!am[m]) out.push(`+ ${name}.${m} (${bm[m].shape})`);
    else if (am[m].shape !== bm[m].shape) out.push(`~ ${name}.${m}: shape ${am[m].shape} -> ${bm[m].shape}`);
    else if (!am[m].deprecated && bm[m].deprecated) out.push(`~ ${name}.${m}: deprecated`);
  }
  for (const m of Object.keys(am)) if (!bm[m]) out.push(`- ${name}.${m}`);
  const ar = a.required ?? [];
  const br = b.required ?? [];
  const nowRequired = br.filter((r) => !ar.includes(r));
  const noLonger = ar.filter((r) => !br.includes(r));
  if (nowRequired.length) out.push(`~ ${name} now requires: ${list(nowRequired)}`);
  if (noLonger.length) out.push(`~ ${name} no longer requires: ${list(noLonger)}`);
  for (const k of ["member", "key", "value"] as const) {
    if (a[k]?.shape !== b[k]?.shape) out.push(`~ ${name} ${k}: ${a[k]?.shape ?? "(none)"} -> ${b[k]?.shape ?? "(none)"}`);
  }
  return out;
}

function instanceTypeChanges(a: ServiceModel, b: ServiceModel): string[] {
  const read = (m: ServiceModel) => {
    try {
      return documentedInstanceTypes(m);
    } catch {
      return { all: [], elastic: [] };
    }
  };
  const [x, y] = [read(a), read(b)];
  const out: string[] = [];
  const added = y.all.filter((t) => !x.all.includes(t));
  const removed = x.all.filter((t) => !y.all.includes(t));
  if (added.length) out.push(`+ instance types (InstanceType's documentation): ${list(added)}`);
  if (removed.length) out.push(`- instance types (InstanceType's documentation): ${list(removed)}`);
  const eAdded = y.elastic.filter((t) => !x.elastic.includes(t));
  const eRemoved = x.elastic.filter((t) => !y.elastic.includes(t));
  if (eAdded.length) out.push(`+ ELASTIC instance types: ${list(eAdded)}`);
  if (eRemoved.length) out.push(`- ELASTIC instance types: ${list(eRemoved)}`);
  return out;
}

/** The lines of the diff, area by area ("fleet (CreateFleet, UpdateFleet, DescribeFleets):" then changes, or "no change"). */
export function modelDiff(before: ServiceModel, after: ServiceModel): string[] {
  const out: string[] = [];
  if (before.metadata.protocol !== after.metadata.protocol || JSON.stringify(before.metadata.protocols) !== JSON.stringify(after.metadata.protocols)) {
    out.push(`protocols: ${list(before.metadata.protocols ?? [before.metadata.protocol])} -> ${list(after.metadata.protocols ?? [after.metadata.protocol])}`);
  }
  for (const [area, ops] of Object.entries(AREAS)) {
    const a = shapesOf(before, ops);
    const b = shapesOf(after, ops);
    const lines: string[] = area === "fleet" ? instanceTypeChanges(before, after) : [];
    for (const name of [...new Set([...a, ...b])].sort()) {
      if (!a.has(name) && b.has(name)) lines.push(before.shapes[name] ? `+ ${name} (now reached)` : describeNew(name, after.shapes[name]));
      else if (a.has(name) && !b.has(name)) lines.push(after.shapes[name] ? `- ${name} (no longer reached)` : `- ${name} (shape removed)`);
      else lines.push(...shapeChanges(name, before.shapes[name], after.shapes[name]));
    }
    out.push(`${area} (${ops.join(", ")}):`);
    out.push(...(lines.length ? lines.map((l) => `  ${l}`) : ["  no change"]));
  }
  return out;
}
