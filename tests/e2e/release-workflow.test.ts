/**
 * The release workflow (.github/workflows/release.yml) cannot run here (no GitHub, no registry
 * credentials): it is checked with actionlint (github.com/rhysd/actionlint, built by
 * `scripts/setup.sh --actionlint`): syntax, job and step references, expressions and their types,
 * action inputs. A copy with a broken reference must fail, so the check is known to bite. And the
 * workflow publishes every artifact `npm run release` makes.
 */
import { strict as assert } from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../../tools/automation";

const WORKFLOW = path.join(ROOT, ".github", "workflows", "release.yml");

function actionlint(): string {
  for (const d of [...(process.env.PATH ?? "").split(path.delimiter), ...fs.readdirSync(path.join(ROOT, ".cache", "actionlint"), { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(ROOT, ".cache", "actionlint", e.name))]) {
    const f = path.join(d, "actionlint");
    if (d && fs.existsSync(f)) return f;
  }
  throw new Error("no actionlint on PATH or in .cache/actionlint: run `bash scripts/setup.sh --actionlint`");
}

const lint = (file: string) => spawnSync(actionlint(), ["-no-color", file], { cwd: ROOT, encoding: "utf8" });

describe("e2e: the release workflow, checked by actionlint", function () {
  this.timeout(60_000);
  const text = fs.readFileSync(WORKFLOW, "utf8");

  it("actionlint finds nothing in .github/workflows/release.yml", () => {
    const r = lint(WORKFLOW);
    assert.equal(r.status, 0, `actionlint:\n${r.stdout}${r.stderr}`);
  });

  it("a copy with a reference to a step output that does not exist fails the check", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "actionlint-"));
    try {
      fs.mkdirSync(path.join(dir, ".github", "workflows"), { recursive: true });
      const broken = path.join(dir, ".github", "workflows", "release.yml");
      assert.ok(text.includes("steps.version.outputs.version"));
      fs.writeFileSync(broken, text.replace("steps.version.outputs.version", "steps.no_such_step.outputs.version"));
      const r = lint(broken);
      assert.notEqual(r.status, 0, "actionlint accepted a reference to a missing step");
      assert.match(r.stdout, /no_such_step/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("runs on a version tag, builds with npm run release, and publishes each artifact where its ecosystem installs from", () => {
    assert.match(text, /on:\n {2}push:\n {4}tags: \["v\*"\]/);
    assert.match(text, /run: npm run release/);
    for (const [what, re] of [
      ["plugin archives on the GitHub release", /gh release create[\s\S]*pulumi-resource-appstream-fleet-v"\$\{VERSION\}"-linux-\*\.tar\.gz/],
      ["npm", /npm publish "dist\/release\/pulumi-appstream-fleet-\$\{VERSION\}\.tgz"/],
      ["PyPI", /pypa\/gh-action-pypi-publish/],
      ["the Go module tag", /git push origin "sdk\/v\$\{VERSION\}"/],
      ["Maven Central", /central\.sonatype\.com\/api\/v1\/publisher\/upload/],
      ["NuGet", /dotnet nuget push/],
    ] as const)
      assert.match(text, re, `the workflow does not publish to ${what}`);
  });
});
