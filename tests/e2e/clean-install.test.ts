/**
 * README's first step on a clean clone: `npm ci` and `npm install` leave `git status` clean (no
 * rewritten package-lock.json, no stray file), print no EBADENGINE on the Node of this process (a
 * supported one: npm test runs on Node 22 through scripts/setup.sh --node), and build dist/ (the
 * package's `prepare`). A clone of the committed HEAD, in the OS's temporary directory.
 */
import { strict as assert } from "assert";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT, run } from "../support/user-project";

describe("e2e: npm ci and npm install on a clean clone leave git status clean", function () {
  this.timeout(10 * 60 * 1000);
  let clone: string;
  const git = (...args: string[]) => execFileSync("git", args, { cwd: clone, encoding: "utf8" });

  before(() => {
    clone = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "appstream-clean-clone-")), "repo");
    execFileSync("git", ["clone", "--quiet", ROOT, clone], { stdio: "ignore" });
  });
  after(() => {
    if (clone) fs.rmSync(path.dirname(clone), { recursive: true, force: true });
  });

  it("the lock file's root entry agrees with package.json (bins, engines, dependencies)", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(clone, "package.json"), "utf8"));
    const lock = JSON.parse(fs.readFileSync(path.join(clone, "package-lock.json"), "utf8"));
    const root = lock.packages[""];
    for (const k of ["bin", "engines", "dependencies", "devDependencies", "peerDependencies"]) assert.deepEqual(root[k], pkg[k], `package-lock.json's ${k}`);
  });

  for (const cmd of ["ci", "install"]) {
    it(`npm ${cmd}: git status --porcelain is empty, no EBADENGINE, dist/ built`, async () => {
      fs.rmSync(path.join(clone, "dist"), { recursive: true, force: true });
      const r = await run("npm", [cmd, "--prefer-offline", "--no-audit", "--no-fund"], { cwd: clone });
      assert.equal(r.code, 0, `npm ${cmd} failed:\n${r.stdout}\n${r.stderr}`);
      assert.ok(!/EBADENGINE/.test(r.stderr), `npm ${cmd} warned of an unsupported engine on Node ${process.versions.node}:\n${r.stderr}`);
      assert.equal(git("status", "--porcelain", "--untracked-files=all"), "", `npm ${cmd} changed the clone`);
      assert.ok(fs.existsSync(path.join(clone, "dist", "provider", "index.js")), "prepare built dist/");
    });
  }
});
