#!/usr/bin/env node
/**
 * `appstream-preview-summary [--fail-on LIST] [FILE | -]`: reads the output of
 * `pulumi preview --json` (from FILE, or stdin when FILE is absent or "-") and prints a Markdown
 * summary of the AppStream fleets in it. Exit codes: 0 printed; 1 bad usage or input that is not
 * a preview (message on stderr); 2 printed, and a fleet's plan is one --fail-on names; 3 printed,
 * and the preview failed (its errors are listed; 3 wins over 2).
 *
 * stdin is read as a stream to its end: `pulumi preview --json | appstream-preview-summary` hands
 * over a pipe that may be empty for seconds while the engine works, and a synchronous read of a
 * non-blocking pipe fails with EAGAIN.
 */
import * as fs from "fs";
import { renderMarkdown } from "./markdown";
import { failingFleets, FAIL_ON_GROUPS, FAIL_ON_NAMES, FailOn, parseFailOn, parsePreview, PreviewInputError } from "./summary";

const NAME = "appstream-preview-summary";

export const USAGE = `Usage: ${NAME} [--fail-on LIST] [FILE | -]

Reads the output of \`pulumi preview --json\` from FILE, or from stdin when FILE is absent or "-",
and prints Markdown: one row per AppStream fleet with its planned action, the properties behind
it, the users streaming now, the drain setting and the expected interruption.

  --fail-on LIST  exit 2 (after printing) when a fleet's plan is one of LIST, comma-separated:
                  ${FAIL_ON_NAMES.join(", ")}.
                  stop = ${FAIL_ON_GROUPS.stop.join(" + ")}; interrupt = any plan that interrupts users.
  --help          this text.

Exit codes: 0 printed; 1 bad usage or input that is not a preview; 2 a plan --fail-on names;
3 the preview failed (each error is listed, and the plan shown is incomplete; 3 wins over 2).
`;

export interface CliResult {
  code: 0 | 1 | 2 | 3;
  stdout: string;
  stderr: string;
}

/** The whole CLI given its arguments and a reader of the input (pure but for the reader). */
export async function runCli(argv: readonly string[], read: (file: string | undefined) => string | Promise<string>): Promise<CliResult> {
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
      text = await read(file === "-" ? undefined : file);
    } catch (e) {
      return fail(`cannot read ${file ?? "stdin"}: ${(e as Error).message}`);
    }
    const summary = parsePreview(text);
    const stdout = renderMarkdown(summary);
    const failing = failOn ? failingFleets(summary, failOn) : [];
    const which = failing.map((f) => `${f.fleet} (${f.action})`).join(", ");
    const matched = failing.length > 0 ? `${NAME}: --fail-on matched: ${which}\n` : "";
    if (summary.errors.length > 0) {
      const n = summary.errors.length;
      return { code: 3, stdout, stderr: `${NAME}: the preview failed with ${n} error${n === 1 ? "" : "s"} (listed in the summary)\n${matched}` };
    }
    return failing.length === 0 ? { code: 0, stdout, stderr: "" } : { code: 2, stdout, stderr: matched };
  } catch (e) {
    if (e instanceof PreviewInputError) return fail(e.message);
    throw e;
  }
}

/** Reads a whole stream to its end (a pipe, a file, a socket), however slowly the writer writes. */
export async function readStream(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString("utf8");
}

async function readInput(file: string | undefined): Promise<string> {
  if (file !== undefined) return fs.readFileSync(file, "utf8");
  if (process.stdin.isTTY) throw new Error("no input: pass the file `pulumi preview --json` wrote, or pipe it in");
  return readStream(process.stdin);
}

if (require.main === module) {
  void runCli(process.argv.slice(2), readInput).then((r) => {
    process.stdout.write(r.stdout);
    process.stderr.write(r.stderr);
    process.exitCode = r.code;
  });
}
