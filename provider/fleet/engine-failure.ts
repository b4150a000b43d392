/**
 * A check failure as the engine will show it (check's failures, provider.ts). Pure.
 */
import { CheckFailure } from "./types";

/**
 * A check failure as the `pulumi` CLI will print it. The engine prints a failure that names a
 * property as "property P value V has a problem: R", V being the top-level input P as Go prints it:
 * `{map[desiredInstances:{-1}]}` for an object, `{<nil>}` for a path that is no top-level input or
 * an absent one; and a failure without a property as "has a problem: R". The engine looks V up in
 * the program's inputs (`program`), not in what check returns (`inputs`, with an auto-name and
 * defaults). So only a failure on a scalar top-level input the program sets keeps its property (the
 * engine then shows `value {0}`); every other one (a nested path, an object or list input, an input
 * the program leaves out) goes without a property, its reason starting with the full path and,
 * unless the reason already shows it, the value as JSON:
 * `computeCapacity.desiredSessions = 4: needs maxSessionsPerInstance ...`.
 */
export function forEngine(f: CheckFailure, inputs: Record<string, unknown>, program: Record<string, unknown> = inputs): CheckFailure {
  const top = /^[^.[]+/.exec(f.property)?.[0] ?? f.property;
  const given = program[top];
  if (top === f.property && given !== undefined && (given === null || ["string", "number", "boolean"].includes(typeof given))) return f;
  const value = valueAt(inputs, f.property, top) ?? valueAt(program, f.property, top);
  if (value === undefined) return { property: "", reason: `${f.property}: ${f.reason}` };
  const json = JSON.stringify(value) ?? String(value);
  const shown = json.length > 80 ? `${json.slice(0, 79)}…` : json;
  const escape = (t: string) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const forms = typeof value === "string" && value.length >= 3 ? [json, value] : [json];
  const alreadyShown = forms.some((t) => new RegExp(`(^|[^\\w.-])${escape(t)}($|[^\\w.-])`).test(f.reason));
  return { property: "", reason: alreadyShown ? `${f.property}: ${f.reason}` : `${f.property} = ${shown}: ${f.reason}` };
}

/** The input at a failure's path: `a.b`, `a[0]`, `tags.<key>` (a tag key may hold dots). */
function valueAt(inputs: Record<string, unknown>, path: string, top: string): unknown {
  if (top === "tags" && path.startsWith("tags.")) {
    const tags = inputs.tags;
    return tags !== null && typeof tags === "object" ? (tags as Record<string, unknown>)[path.slice(5)] : undefined;
  }
  let v: unknown = inputs;
  for (const part of path.split(/\.|\[(\d+)\]/).filter((x) => x !== undefined && x !== "")) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string, unknown>)[part];
  }
  return v;
}
