/**
 * Every command the documents show still exists: npm scripts, the package's bins (read from
 * package.json) and their flags, dependencies run with npx, scripts run with bash. The checker is
 * tests/support/doc-commands.ts; the last cases prove it fails on made-up commands.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { checkDocument, CommandContext, docCommands, repoContext } from "../support/doc-commands";

const ROOT = path.join(__dirname, "..", "..");

/** The documents: every tracked Markdown file (README.md, docs/, the folders' READMEs). */
function documents(): string[] {
  const tracked = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.md"], { cwd: ROOT, encoding: "utf8" })
    .split("\0")
    .filter((f) => f && !f.startsWith("node_modules/") && fs.existsSync(path.join(ROOT, f)));
  return [...new Set(tracked)].sort();
}

describe("docs: every command shown still exists", function () {
  this.timeout(60_000);
  const ctx: CommandContext = repoContext(ROOT);

  it("the documents include README.md and docs/, and show commands of every kind checked", () => {
    const docs = documents();
    for (const d of ["README.md", "docs/setup.md", "docs/performance.md", "emulator/README.md", "bench/README.md"]) assert.ok(docs.includes(d), `${d} is not among the documents checked`);
    const all = docs.flatMap((d) => docCommands(d, fs.readFileSync(path.join(ROOT, d), "utf8")));
    const kinds = (p: (t: string[]) => boolean) => all.filter((c) => p(c.tokens)).length;
    assert.ok(kinds((t) => t[0] === "npm" && t[1] === "run") > 0, "no `npm run X` found: the extraction is broken");
    assert.ok(kinds((t) => t[0] === "npx" && ctx.bins[t[1]] !== undefined) > 0, "no `npx <bin>` found");
    assert.ok(kinds((t) => t[0] === "bash" && t[1]?.startsWith("scripts/")) > 0, "no `bash scripts/X` found");
  });

  it("the bins are package.json's, each with a --help (the flags are checked against it)", () => {
    assert.ok(Object.keys(ctx.bins).length >= 2);
    for (const bin of ["appstream-emulator", "appstream-preview-summary"]) {
      assert.ok(ctx.bins[bin], `package.json has no bin ${bin}`);
      assert.match(ctx.help(bin), /--help/, `${bin} --help prints its usage`);
    }
  });

  for (const doc of documents()) {
    it(`${doc}: its commands exist`, () => {
      const problems = checkDocument(ctx, doc, fs.readFileSync(path.join(ROOT, doc), "utf8"));
      assert.deepEqual(problems, [], problems.join("\n"));
    });
  }

  it("fails on made-up commands: a script, a bin's flag, a flag table row, a dependency, a bash script, a script's flag", () => {
    const made = [
      "```sh",
      "npm run no-such-script",
      "npx appstream-emulator --port 0 --no-such-flag 3",
      "appstream-preview-summary --fail-on=stop --made-up preview.json",
      "npx no-such-tool --version",
      "bash scripts/no-such-script.sh",
      "bash scripts/setup.sh --no-such-tool -- true",
      "npm run bench -- --quick --no-such-bench-flag",
      "```",
      "",
      "| Flag | Meaning |",
      "| --- | --- |",
      "| `--no-such-table-flag <n>` | made up |",
      "",
      "And inline: `npm run -s no-such-inline-script -- --x`; usage: `scripts/setup.sh [--aws] [--made-up-tool] -- command...`.",
    ].join("\n");
    const problems = checkDocument(ctx, "made-up.md", made);
    const expect = [
      /made-up\.md:2: .*package\.json has no script "no-such-script"/,
      /made-up\.md:3: .*appstream-emulator has no flag --no-such-flag/,
      /made-up\.md:4: .*appstream-preview-summary has no flag --made-up/,
      /made-up\.md:5: .*no-such-tool is neither a bin of this package nor of an installed dependency/,
      /made-up\.md:6: .*scripts\/no-such-script\.sh does not exist/,
      /made-up\.md:7: .*scripts\/setup\.sh does not take --no-such-tool/,
      /made-up\.md:8: .*npm run bench does not take --no-such-bench-flag/,
      /made-up\.md:13: the table's --no-such-table-flag: appstream-preview-summary has no such flag/,
      /made-up\.md:15: .*package\.json has no script "no-such-inline-script"/,
      /made-up\.md:15: .*scripts\/setup\.sh does not take --made-up-tool/,
    ];
    for (const re of expect) assert.ok(problems.some((p) => re.test(p)), `no problem matching ${re}; got:\n${problems.join("\n")}`);
    assert.equal(problems.length, expect.length, `exactly the made-up commands are reported:\n${problems.join("\n")}`);
    // The real ones on the same lines pass: --port, --fail-on, setup.sh's own flags, bench's --quick.
    assert.ok(!problems.some((p) => /--port|--fail-on|--aws|--quick\b/.test(p.replace(/`[^`]*`/, ""))), problems.join("\n"));
  });
});
