#!/usr/bin/env node
/**
 * `appstream-preview-summary [--fail-on LIST] [FILE | -]`: reads the output of
 * `pulumi preview --json` (from FILE, or stdin when FILE is absent or "-") and prints a Markdown
 * summary of the AppStream fleets in it. Exit codes: 0 printed; 1 bad usage or input that is not
 * a preview (message on stderr); 2 printed, and a fleet's plan is one --fail-on names.
 */
import * as fs from "fs";
import { failingFleets, FAIL_ON_GROUPS, FAIL_ON_NAMES, FailOn, parseFailOn, parsePreview, PreviewInputError, renderMarkdown } from "./summary";

const NAME = "appstream-preview-summary";

export const USAGE = `Usage: ${NAME} [--fail-on LIST] [FILE | -]

Reads the output of \`pulumi preview --json\` from FILE, or from stdin when FILE is absent or "-",
and prints Markdown: one row per AppStream fleet with its planned action, the properties behind
it, the users streaming now, the drain setting and the expected interruption.

  --fail-on LIST  exit 2 (after printing) when a fleet's plan is one of LIST, comma-separated:
                  ${FAIL_ON_NAMES.join(", ")}.
                  stop = ${FAIL_ON_GROUPS.stop.join(" + ")}; interrupt = any plan that interrupts users.
  --help          this text.

Exit codes: 0 printed; 1 bad usage or input that is not a preview; 2 a plan --fail-on names.
`;

export interface CliResult {
  code: 0 | 1 | 2;
  stdout: string;
  stderr: string;
}

/** The whole CLI given its arguments and a reader of the input (pure but for the reader). */
export function runCli(argv: readonly string[], read: (file: string | undefined) => string): CliResult {
  let file: string | undefined;
  let failOn: FailOn | undefined;
  const fail = (message: string): CliResult => ({ code: 1, stdout: "", stderr: `${NAME}: ${message}\nRun with --help for usage.\n` });
  try {
    for (let i = 0; i < argv.length; i++) {
      const a = argv[i];
      if (a === "--help" || a === "-h") return { code: 0, stdout: USAGE, stderr: "" };
      if (a === "--fail-on" || a.startsWith("--fail-on=")) {
        const v = a === "--fail-on" ? argv[++i] : a.slice("--fail-on=".length);
        if (v === undefined) return fail(`--fail-on needs a comma-separated list of: ${FAIL_ON_NAMES.join(", ")}`);
        failOn = parseFailOn(v);
      } else if (a.startsWith("-") && a !== "-") return fail(`unknown option ${a}`);
      else if (file !== undefined) return fail(`one input only (got ${file} and ${a})`);
      else file = a;
    }
    let text: string;
    try {
      text = read(file === "-" ? undefined : file);
    } catch (e) {
      return fail(`cannot read ${file ?? "stdin"}: ${(e as Error).message}`);
    }
    const summary = parsePreview(text);
    const stdout = renderMarkdown(summary);
    const failing = failOn ? failingFleets(summary, failOn) : [];
    if (failing.length === 0) return { code: 0, stdout, stderr: "" };
    const which = failing.map((f) => `${f.fleet} (${f.action})`).join(", ");
    return { code: 2, stdout, stderr: `${NAME}: --fail-on matched: ${which}\n` };
  } catch (e) {
    if (e instanceof PreviewInputError) return fail(e.message);
    throw e;
  }
}

function readInput(file: string | undefined): string {
  if (file !== undefined) return fs.readFileSync(file, "utf8");
  if (process.stdin.isTTY) throw new Error("no input: pass the file `pulumi preview --json` wrote, or pipe it in");
  return fs.readFileSync(0, "utf8");
}

if (require.main === module) {
  const r = runCli(process.argv.slice(2), readInput);
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exitCode = r.code;
}
