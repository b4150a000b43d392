/**
 * appstream-preview-summary: parsing `pulumi preview --json`, the Markdown, --fail-on, the CLI's
 * exit codes; and the compiled bin (dist/) run as a process, from a file and from stdin. The
 * previews here have the shape the engine prints (tests/e2e/preview-summary.test.ts checks the
 * same reader against the real engine's output).
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PlannedAction } from "../../provider/fleet/preview";
import { runCli } from "../../provider/preview-summary/cli";
import { drainCell, renderMarkdown } from "../../provider/preview-summary/markdown";
import { FAIL_ON_NAMES, FLEET_TYPE, failingFleets, parseFailOn, parsePreview, PreviewInputError, SUMMARY_ACTIONS } from "../../provider/preview-summary/summary";

const URN = (name: string, type = FLEET_TYPE) => `urn:pulumi:dev::office-vdi::${type}::${name}`;

function record(fleet: string, action: PlannedAction["action"], extra: Partial<PlannedAction> = {}): PlannedAction {
  return { version: 1, fleet, action, properties: [], removes: [], interruption: "none", summary: `fleet ${fleet}: ${action}`, ...extra };
}

function step(op: string, name: string, a?: PlannedAction, extra: Record<string, unknown> = {}) {
  return { op, urn: URN(name), newState: { type: FLEET_TYPE, inputs: { name: a?.fleet ?? name, ...(a ? { __plannedAction: a, plannedAction: "..." } : {}) } }, ...extra };
}

const deleteStep = (name: string, state = "RUNNING", op = "delete") => ({ op, urn: URN(name), oldState: { type: FLEET_TYPE, inputs: { name }, outputs: { name, state } } });

const preview = (steps: unknown[], diagnostics?: unknown[]) =>
  JSON.stringify({ config: { "aws:region": "us-east-1" }, steps: [{ op: "same", urn: URN("office-vdi-dev", "pulumi:pulumi:Stack"), newState: { type: "pulumi:pulumi:Stack" } }, ...steps], ...(diagnostics ? { diagnostics } : {}), changeSummary: {} });

const SSU = record("office", "stop-update-start", {
  properties: ["instanceType"],
  liveState: "RUNNING",
  activeSessions: 3,
  drain: { timeoutSeconds: 600, onTimeout: "stop" },
  interruption: "the fleet is stopped and started again; 3 users streaming now will be disconnected",
  summary: "fleet office will be stopped and restarted to change instanceType; 3 users are streaming now and will be disconnected",
});
const LIVE = record("kiosk", "live-update", { properties: ["displayName", "tags"], liveState: "RUNNING", summary: "fleet kiosk: displayName, tags change on the running fleet, nobody is disconnected" });

describe("preview summary: parsing pulumi preview --json", () => {
  it("one row per fleet from __plannedAction, sorted by fleet; the stack and project from the URNs", () => {
    const s = parsePreview(preview([step("update", "office", SSU), step("update", "kiosk", LIVE)]));
    assert.equal(s.stack, "dev");
    assert.equal(s.project, "office-vdi");
    assert.deepEqual(s.fleets.map((f) => [f.fleet, f.action, f.interrupts]), [["kiosk", "live-update", false], ["office", "stop-update-start", true]]);
    assert.deepEqual(s.fleets[1].properties, ["instanceType"]);
    assert.equal(s.fleets[1].activeSessions, 3);
    assert.deepEqual(s.fleets[1].drain, { timeoutSeconds: 600, onTimeout: "stop" });
  });

  it("interrupts is the provider's interruption other than none or none (...)", () => {
    const s = parsePreview(preview([
      step("update", "a", record("a", "refuse", { interruption: "none (nothing will be changed)" })),
      step("update", "b", record("b", "start", { interruption: "none (the fleet is started)" })),
      step("update", "c", record("c", "adopt", { interruption: "the fleet is stopped during the adoption" })),
      step("update", "d", record("d", "replace", { interruption: "none (the fleet is not running)" })),
    ]));
    assert.deepEqual(s.fleets.map((f) => [f.fleet, f.interrupts]), [["a", false], ["b", false], ["c", true], ["d", false]]);
  });

  it("a delete (no check, no record) from the step op, with the fleet's name and state from the old outputs", () => {
    const s = parsePreview(preview([deleteStep("old-office"), deleteStep("parked", "STOPPED")]));
    assert.deepEqual(s.fleets.map((f) => [f.fleet, f.action, f.liveState, f.interrupts]), [["old-office", "delete", "RUNNING", true], ["parked", "delete", "STOPPED", false]]);
  });

  it("a replacement whose record describes the new fleet (the engine's re-check) is a replace, with the step's replaceReasons", () => {
    const s = parsePreview(preview([
      { ...step("replace", "office", record("office-v2", "create", { summary: "fleet office-v2 will be created and started" })), replaceReasons: ["name"], oldState: { type: FLEET_TYPE, outputs: { name: "office", state: "RUNNING" } } },
    ]));
    assert.equal(s.fleets.length, 1);
    const f = s.fleets[0];
    assert.deepEqual([f.fleet, f.action, f.properties, f.interrupts, f.activeSessions], ["office", "replace", ["name"], true, undefined]);
    assert.match(f.summary, /^fleet office will be REPLACED by fleet office-v2/);
  });

  it("a replace record is used as it is; the replacement's three update steps fold into one row", () => {
    const rep = record("office", "replace", { properties: ["fleetType"], activeSessions: 2, liveState: "RUNNING", interruption: "2 users streaming now will be disconnected" });
    const s = parsePreview(preview([step("create-replacement", "office", rep), step("replace", "office", rep), deleteStep("office", "RUNNING", "delete-replaced")]));
    assert.equal(s.fleets.length, 1);
    assert.deepEqual([s.fleets[0].action, s.fleets[0].activeSessions, s.fleets[0].ops], ["replace", 2, ["create-replacement", "replace", "delete-replaced"]]);
  });

  it("same and read steps are left out; a fleet step without a record is unknown, naming the engine's op", () => {
    const s = parsePreview(preview([step("same", "calm", record("calm", "none")), step("read", "looked-up"), step("update", "blind")]));
    assert.deepEqual(s.fleets.map((f) => [f.fleet, f.action]), [["blind", "unknown"]]);
    assert.match(s.fleets[0].summary, /could not ask AWS.*the engine plans: update/);
  });

  it("a record of another version is unknown, saying to upgrade; other resource types are ignored", () => {
    const s = parsePreview(preview([step("update", "future", { ...LIVE, fleet: "future", version: 2 } as unknown as PlannedAction), { op: "create", urn: URN("bucket", "aws:s3/bucket:Bucket"), newState: { type: "aws:s3/bucket:Bucket", inputs: {} } }]));
    assert.deepEqual(s.fleets.map((f) => [f.fleet, f.action]), [["future", "unknown"]]);
    assert.match(s.fleets[0].summary, /version 2 is not understood.*upgrade/);
  });

  it("error diagnostics (a failed preview) are kept, with the resource name, once each, without colours or the error: prefix", () => {
    const s = parsePreview(preview([], [
      { urn: URN("office"), message: "error: fleet office: name: a fleet named office already exists\n", severity: "error" },
      { message: "warning: something\n", severity: "warning" },
      { urn: URN("office"), message: "error: fleet office: name: a fleet named office already exists\n", severity: "error" },
      { message: "error: Running program failed:\nError: \u001b[90mboom\u001b[39m\n", severity: "error" },
    ]));
    assert.deepEqual(s.errors, [
      { resource: "office", message: "fleet office: name: a fleet named office already exists" },
      { resource: undefined, message: "Running program failed:\nError: boom" },
    ]);
  });

  it("an empty preview (no steps key: the engine omits it) has no fleets", () => {
    assert.deepEqual(parsePreview(JSON.stringify({ config: {}, duration: 1000 })).fleets, []);
  });

  for (const [what, text, message] of [
    ["empty input", "  \n", /the input is empty/],
    ["text of pulumi preview --diff", "Previewing update (dev):\n  ~ pulumi-nodejs:dynamic/appstream:Fleet: (update)\n", /the input is not JSON .*without --diff/],
    ["a JSON array", "[]", /not an object/],
    ["pulumi stack export", JSON.stringify({ version: 3, deployment: { resources: [] } }), /not the output of `pulumi preview --json`.*stack export/],
    ["steps not an array", JSON.stringify({ steps: {} }), /steps must be an array/],
    ["a step without op", JSON.stringify({ steps: [{ urn: "x" }] }), /steps\[0\] has no op or urn/],
  ] as const) {
    it(`rejects ${what} with a clear message`, () => {
      assert.throws(() => parsePreview(text), (e: Error) => e instanceof PreviewInputError && message.test(e.message));
    });
  }
});

describe("preview summary: Markdown", () => {
  it("a table row per fleet with action, properties, users, drain, interruption; a line naming the interrupted fleets", () => {
    const md = renderMarkdown(parsePreview(preview([step("update", "office", SSU), step("update", "kiosk", LIVE), deleteStep("old")])));
    assert.equal(
      md.split("\n").slice(0, 9).join("\n"),
      [
        "### AppStream fleets in this preview — stack `dev` of `office-vdi`",
        "",
        "**2 fleets will be interrupted:** `office` (stop–update–start, 3 streaming now), `old` (delete).",
        "",
        "| Fleet | Planned action | Properties | Users streaming now | Drain | Expected interruption |",
        "|---|---|---|---|---|---|",
        "| `kiosk` | live update | `displayName`, `tags` | — | — | none |",
        "| `office` | **stop–update–start** | `instanceType` | 3 | waits up to 600s for sessions to end, then stops anyway | the fleet is stopped and started again; 3 users streaming now will be disconnected |",
        "| `old` | **delete** | — | not counted | not applied (a delete does not drain) | the fleet is stopped and deleted; everyone streaming from it is disconnected |",
      ].join("\n"),
    );
    assert.match(md, /<details><summary>What the provider says<\/summary>\n\n- `kiosk`: fleet kiosk: displayName, tags change on the running fleet, nobody is disconnected\n/);
  });

  it("says no fleet will be interrupted when that is so; a stop without drain stops at once", () => {
    const md = renderMarkdown(parsePreview(preview([step("update", "kiosk", LIVE)])));
    assert.match(md, /\n\nNo fleet will be interrupted\.\n\n\|/);
    const stop = record("lab", "stop", { properties: ["desiredState"], liveState: "RUNNING", activeSessions: 0, interruption: "the fleet is stopped; nobody is streaming now" });
    assert.match(renderMarkdown(parsePreview(preview([step("update", "lab", stop)]))), /\| `lab` \| \*\*stop\*\* \| `desiredState` \| 0 \| none: stops at once \|/);
  });

  it("refused updates, unchecked fleets and preview errors get their own lines; removals and a renamed resource show", () => {
    const refuse = record("strict", "refuse", { properties: ["instanceType"], activeSessions: 1, interruption: "none (nothing will be changed)" });
    const adopt = record("handmade", "adopt", { properties: ["displayName"], removes: ["tag owner"], interruption: "none" });
    const md = renderMarkdown(parsePreview(preview([step("update", "strict", refuse), step("update", "blind"), step("create", "adopted", adopt)])));
    // Not an all-clear while a fleet could not be checked.
    assert.match(md, /^No fleet the preview could check will be interrupted\.$/m);
    assert.doesNotMatch(md, /No fleet will be interrupted/);
    assert.match(md, /^\*\*1 update will be refused\*\* \(`pulumi up` fails for `strict` and changes nothing there\)\.$/m);
    assert.match(md, /^\*\*1 fleet could not be checked\*\* against AWS during the preview: `blind`\.$/m);
    assert.match(md, /^\| `strict` \| \*\*refused\*\* \| `instanceType` \| 1 \| — \| none \(nothing will be changed\) \|$/m);
    assert.match(md, /^\| `handmade` \(resource `adopted`\) \| adopt \| `displayName`, removes tag owner \|/m);
  });

  it("a failed preview: the errors first, each once, and no all-clear; the plan so far is marked incomplete", () => {
    const md = renderMarkdown(parsePreview(preview([step("update", "kiosk", LIVE)], [
      { urn: URN("office"), message: "error: boom | bad\n", severity: "error" },
      { message: "error: Running program '/p' failed with an unhandled exception:\nError: oops\n    at main (/p/index.ts:3:9)\n", severity: "error" },
    ])));
    const lines = md.split("\n");
    assert.deepEqual(lines.slice(0, 11), [
      "### AppStream fleets in this preview — stack `dev` of `office-vdi`",
      "",
      "**The preview FAILED with 2 errors:** `pulumi up` fails the same way until they are fixed.",
      "",
      "- `office`: boom \\| bad",
      "- Running program '/p' failed with an unhandled exception:",
      "  ```text",
      "  Error: oops",
      "      at main (/p/index.ts:3:9)",
      "  ```",
      "",
    ]);
    assert.equal(lines[11], "What the engine planned before it stopped (incomplete):");
    assert.ok(!md.includes("No fleet will be interrupted"), md);
    assert.match(md, /^No fleet planned so far would be interrupted\.$/m);
    const none = renderMarkdown(parsePreview(preview([], [{ urn: URN("office"), message: "error: bad input\n", severity: "error" }])));
    assert.ok(!/No AppStream fleet is created, changed or deleted|No fleet will be interrupted/.test(none), none);
    assert.match(none, /^No fleet plan could be made: the preview stopped before it planned any AppStream fleet change\.$/m);
  });

  it("the Drain column by action kind: only a plan that stops a running fleet drains", () => {
    const drain = { timeoutSeconds: 300, onTimeout: "stop" as const };
    const expected: Record<string, [string, string]> = {
      // [with a drain setting, without one], for a plan that interrupts when the kind can
      "stop-update-start": ["waits up to 300s for sessions to end, then stops anyway", "none: stops at once"],
      stop: ["waits up to 300s for sessions to end, then stops anyway", "none: stops at once"],
      adopt: ["waits up to 300s for sessions to end, then stops anyway", "none: stops at once"],
      replace: ["not applied (a delete does not drain)", "not applied (a delete does not drain)"],
      delete: ["not applied (a delete does not drain)", "not applied (a delete does not drain)"],
      start: ["—", "—"],
      create: ["—", "—"],
      "live-update": ["—", "—"],
      refuse: ["—", "—"],
      none: ["—", "—"],
      unknown: ["—", "—"],
    };
    assert.deepEqual(Object.keys(expected).sort(), [...SUMMARY_ACTIONS].sort(), "every action kind");
    for (const action of SUMMARY_ACTIONS) {
      const interrupts = ["stop-update-start", "stop", "adopt", "replace", "delete"].includes(action);
      assert.deepEqual([drainCell({ action, interrupts, drain }), drainCell({ action, interrupts, drain: undefined })], expected[action], action);
      // A plan that stops nobody (nobody streaming is still a stop; not running is not) drains nothing.
      assert.equal(drainCell({ action, interrupts: false, drain }), "—", `${action} that interrupts nobody`);
    }
    assert.equal(drainCell({ action: "stop", interrupts: true, drain: { timeoutSeconds: 60, onTimeout: "fail" } }), "waits up to 60s for sessions to end, then fails without stopping");
    // The record of a start carries the program's drain setting; the row must not say it stops.
    const start = record("lab", "start", { properties: [], liveState: "STOPPED", drain, interruption: "none (the fleet is started)" });
    const row = renderMarkdown(parsePreview(preview([step("update", "lab", start)]))).split("\n").find((l) => l.startsWith("| `lab`"));
    assert.equal(row, "| `lab` | start | — | — | — | none (the fleet is started) |");
  });

  it("cells cannot break the table or inject HTML", () => {
    const a = record("odd", "live-update", { properties: ["a|b"], interruption: "none", summary: "<script>x</script>\nnext" });
    const md = renderMarkdown(parsePreview(preview([step("update", "odd", a)])));
    const row = md.split("\n").find((l) => l.startsWith("| `odd`")) ?? assert.fail(md);
    assert.ok(row.includes("| `a\\|b` |"), row);
    assert.equal(row.split(/(?<!\\)\|/).length, 8, "six cells");
    assert.match(md, /- `odd`: &lt;script&gt;x&lt;\/script&gt; next$/m);
  });

  it("a preview without fleets says so", () => {
    assert.equal(renderMarkdown(parsePreview(preview([]))), "### AppStream fleets in this preview — stack `dev` of `office-vdi`\n\nNo fleet will be interrupted.\n\nNo AppStream fleet is created, changed or deleted.\n");
  });
});

describe("preview summary: --fail-on", () => {
  const s = parsePreview(preview([
    step("update", "office", SSU),
    step("update", "lab", record("lab", "stop", { interruption: "the fleet is stopped; nobody is streaming now" })),
    step("update", "kiosk", LIVE),
    step("update", "strict", record("strict", "refuse", { interruption: "none (nothing will be changed)" })),
    deleteStep("old"),
  ]));
  const names = (list: string) => failingFleets(s, parseFailOn(list)).map((f) => f.fleet);

  it("stop = stop-update-start and stop; each action also by its own name", () => {
    assert.deepEqual(names("stop"), ["lab", "office"]);
    assert.deepEqual(names("stop-update-start"), ["office"]);
    assert.deepEqual(names("refuse, delete"), ["old", "strict"]);
    assert.deepEqual(names("replace,create,adopt"), []);
  });

  it("interrupt = every fleet whose plan interrupts someone", () => {
    assert.deepEqual(names("interrupt"), ["lab", "office", "old"]);
  });

  it("an unknown word or an empty list is refused, listing the words", () => {
    assert.throws(() => parseFailOn("stop,restart"), /--fail-on: unknown action "restart"; use a comma-separated list of: adopt, create, delete, interrupt, live-update, none, refuse, replace, start, stop, stop-update-start, unknown/);
    assert.throws(() => parseFailOn(" , "), /--fail-on needs a comma-separated list/);
  });
});

describe("preview summary: the CLI", () => {
  const input = preview([step("update", "office", SSU), step("update", "kiosk", LIVE)]);
  const reader = (text: string) => (file: string | undefined) => {
    if (file === "missing.json") throw new Error("ENOENT: no such file");
    return text;
  };

  it("exit 0 and the Markdown; exit 2 with the fleets --fail-on matched, after printing", async () => {
    const ok = await runCli(["preview.json"], reader(input));
    assert.deepEqual([ok.code, ok.stderr], [0, ""]);
    assert.equal(ok.stdout, renderMarkdown(parsePreview(input)));
    const gated = await runCli(["--fail-on", "stop,replace,refuse", "-"], reader(input));
    assert.deepEqual([gated.code, gated.stdout, gated.stderr], [2, ok.stdout, "appstream-preview-summary: --fail-on matched: office (stop-update-start)\n"]);
    assert.equal((await runCli(["--fail-on=replace,refuse"], reader(input))).code, 0);
  });

  it("exit 3 for a failed preview, after printing its errors; 3 wins over --fail-on's 2", async () => {
    const failed = preview([step("update", "office", SSU)], [{ urn: URN("office"), message: "error: bad input\n", severity: "error" }]);
    const r = await runCli([], reader(failed));
    assert.deepEqual([r.code, r.stderr], [3, "appstream-preview-summary: the preview failed with 1 error (listed in the summary)\n"]);
    assert.match(r.stdout, /^\*\*The preview FAILED with 1 error:\*\*/m);
    const gated = await runCli(["--fail-on", "stop"], reader(failed));
    assert.equal(gated.code, 3);
    assert.match(gated.stderr, /the preview failed with 1 error .*\n.*--fail-on matched: office \(stop-update-start\)\n$/);
  });

  it("exit 1 with a message for bad usage and bad input", async () => {
    const cases: [string[], string, RegExp][] = [
      [["--fail-on"], input, /--fail-on needs a comma-separated list/],
      [["--fail-on", "bogus"], input, /unknown action "bogus"/],
      [["--colour"], input, /unknown option --colour/],
      [["a.json", "b.json"], input, /one input only \(got a.json and b.json\)/],
      [["missing.json"], input, /cannot read missing.json: ENOENT/],
      [[], "not json", /the input is not JSON/],
    ];
    for (const [argv, text, message] of cases) {
      const r = await runCli(argv, reader(text));
      assert.equal(r.code, 1, argv.join(" "));
      assert.equal(r.stdout, "");
      assert.match(r.stderr, message);
      assert.match(r.stderr, /^appstream-preview-summary: .*\nRun with --help for usage\.\n$/);
    }
  });

  it("--help prints the usage, naming what stop means and every exit code", async () => {
    const r = await runCli(["--help"], reader(""));
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^Usage: appstream-preview-summary \[--fail-on LIST\] \[FILE \| -\]/);
    assert.match(r.stdout, /stop = stop-update-start \+ stop/);
    assert.match(r.stdout, /Exit codes: 0 printed; 1 bad usage or input that is not a preview; 2 a plan --fail-on names;\n3 the preview failed/);
  });
});

describe("preview summary: the compiled bin", () => {
  const ROOT = path.resolve(__dirname, "..", "..");
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
  const bin = path.join(ROOT, pkg.bin["appstream-preview-summary"]);
  const input = preview([step("update", "office", SSU)]);

  it("is declared in package.json, under a folder npm pack ships, and starts with a node shebang", () => {
    assert.equal(pkg.bin["appstream-preview-summary"], "dist/provider/preview-summary/cli.js");
    assert.ok((pkg.files as string[]).some((f) => pkg.bin["appstream-preview-summary"].startsWith(`${f}/`)));
    assert.equal(fs.readFileSync(bin, "utf8").split("\n")[0], "#!/usr/bin/env node");
  });

  it("reads a file argument, and stdin; exits 2 on --fail-on, 1 on bad input", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-summary-"));
    try {
      const file = path.join(dir, "preview.json");
      fs.writeFileSync(file, input);
      const fromFile = spawnSync(process.execPath, [bin, file], { encoding: "utf8" });
      assert.equal(fromFile.status, 0, fromFile.stderr);
      assert.equal(fromFile.stdout, renderMarkdown(parsePreview(input)));
      const fromStdin = spawnSync(process.execPath, [bin, "--fail-on", "stop"], { input, encoding: "utf8" });
      assert.equal(fromStdin.status, 2);
      assert.equal(fromStdin.stdout, fromFile.stdout);
      assert.equal(fromStdin.stderr, "appstream-preview-summary: --fail-on matched: office (stop-update-start)\n");
      const bad = spawnSync(process.execPath, [bin], { input: '{"version":3,"deployment":{}}', encoding: "utf8" });
      assert.equal(bad.status, 1);
      assert.equal(bad.stdout, "");
      assert.match(bad.stderr, /appstream-preview-summary: the input is not the output of `pulumi preview --json`/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("reads stdin behind a real shell pipe, a slow writer and an empty one (no EAGAIN)", function () {
    this.timeout(30_000);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "preview-summary-"));
    try {
      const file = path.join(dir, "preview.json");
      fs.writeFileSync(file, input);
      const sh = (script: string) => spawnSync("bash", ["-c", script], { encoding: "utf8", env: { ...process.env, BIN: bin, NODE: process.execPath, FILE: file } });
      const expected = renderMarkdown(parsePreview(input));
      for (const script of [
        'cat "$FILE" | "$NODE" "$BIN"',
        '(sleep 1; cat "$FILE") | "$NODE" "$BIN"',
        '(head -c 100 "$FILE"; sleep 1; tail -c +101 "$FILE") | "$NODE" "$BIN" -',
      ]) {
        const r = sh(script);
        assert.equal(r.stderr, "", script);
        assert.deepEqual([r.status, r.stdout], [0, expected], script);
      }
      const empty = sh('(sleep 1) | "$NODE" "$BIN"');
      assert.equal(empty.status, 1);
      assert.match(empty.stderr, /the input is empty/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("preview summary: the CI example and the docs agree with the bin", () => {
  const ROOT = path.resolve(__dirname, "..", "..");
  const read = (f: string) => fs.readFileSync(path.join(ROOT, f), "utf8");

  it("examples/ci runs the bin by its package.json name with --fail-on words it accepts", () => {
    const pkg = JSON.parse(read("package.json"));
    const wf = read("examples/ci/fleet-preview-summary.yml");
    const m = /npx (\S+) --fail-on (\S+) preview\.json/.exec(wf) ?? assert.fail("the workflow does not run the summary");
    assert.ok(pkg.bin[m[1]], `${m[1]} is not a bin of package.json`);
    assert.deepEqual([...parseFailOn(m[2]).actions].sort(), ["refuse", "replace", "stop", "stop-update-start"]);
    assert.match(wf, /pulumi preview --stack "\$STACK" --json > preview\.json/);
    assert.match(read("examples/ci/pulumi-actions-diff.yml"), /diff: true\n\s+comment-on-pr: true/);
  });

  it("docs/previews.md documents every --fail-on word and the exit codes", () => {
    const doc = read("docs/previews.md");
    assert.ok(doc.includes("## In pull requests"), "the section heading");
    const section = doc.slice(doc.indexOf("## In pull requests"));
    for (const w of FAIL_ON_NAMES) assert.ok(section.includes(`\`${w}\``), `--fail-on word ${w} is not in docs/previews.md`);
    assert.match(section, /`stop` = `stop-update-start` and `stop`/);
    assert.match(section, /Exit codes: `0` printed; `1` bad usage[^]*`2` a plan `--fail-on` names[^]*`3` the preview failed/);
  });
});
