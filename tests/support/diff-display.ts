/**
 * Reading the stdout of `pulumi preview --diff` as a reviewer reads a PR comment made from it: the
 * `plannedAction` list under each fleet. Pulumi prints a list element by element:
 *
 *       ~ plannedAction: [
 *           ~ [0]: "CREATE: fleet web will be created and started" => "STOP-UPDATE-START: fleet web ...;"
 *           + [1]: "3 users are streaming now and will be disconnected"
 *         ]
 *
 * (`+ plannedAction: [` and `[0]: "..."` when the stack's state holds no plan; `- [i]` lines are
 * lines of the old plan, deleted).
 */

/** The new value of a displayed string: `"new"`, or `"old" => "new"` for a changed one. */
export function newValue(shown: string): string {
  try {
    return JSON.parse(shown);
  } catch {
    for (let i = shown.indexOf('" => "'); i >= 0; i = shown.indexOf('" => "', i + 1)) {
      try {
        JSON.parse(shown.slice(0, i + 1));
        return JSON.parse(shown.slice(i + 5));
      } catch {
        // a " => " inside the old string: try the next one
      }
    }
    throw new Error(`not a displayed string: ${shown}`);
  }
}

/** The plannedAction lines (new values, in order) under each resource, by resource name. */
export function plannedActionsByResource(stdout: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  let resource: string | undefined;
  let collecting: string[] | undefined;
  for (const l of stdout.split("\n")) {
    const urn = /\[urn=urn:pulumi:[^\]]*::([^:\]]+)\]/.exec(l);
    if (urn) {
      resource = urn[1];
      collecting = undefined;
      continue;
    }
    if (/^\s*[~+]?\s*plannedAction\s*:\s*(".*" => )?\[$/.test(l) && resource !== undefined) {
      collecting = [];
      out.set(resource, collecting);
      continue;
    }
    if (collecting === undefined) continue;
    const m = /^\s*([~+-]?)\s*\[(\d+)\]: (".*")$/.exec(l);
    if (!m) {
      collecting = undefined;
      continue;
    }
    if (m[1] !== "-") collecting.push(newValue(m[3]));
  }
  return out;
}
