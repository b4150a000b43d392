/**
 * Repo-internal plumbing, not part of the examples: makes `import ... from "pulumi-appstream-fleet"`
 * inside examples/* resolve to THIS checkout (its built dist/) without an `npm install` in each
 * example directory.
 *
 * Why it is needed: each example has its own package.json (they are standalone Pulumi projects),
 * so Node's package self-reference, which works for code directly in the repo, does not apply to
 * them. This creates the link `examples/node_modules/pulumi-appstream-fleet -> ../..` (what
 * `npm install` of `file:../..` would create, minus a second copy of @pulumi/pulumi): the
 * examples then load our package and @pulumi/pulumi, @pulumi/aws from the repo's node_modules,
 * one copy of each, as the unit tests and the demo need.
 *
 * Use: `linkLocalPackage()` before importing an example's program (tests, scripts/demo.ts), or
 * `npx ts-node --transpile-only examples/link-local-package.ts`. `npm run build` must have run.
 * examples/node_modules is git-ignored.
 */
import * as fs from "fs";
import * as path from "path";

const PACKAGE = "pulumi-appstream-fleet";
const ROOT = path.resolve(__dirname, "..");

/** Creates (or checks) the link; returns its path. Idempotent and safe to call concurrently. */
export function linkLocalPackage(): string {
  const entry = path.join(ROOT, "dist", "provider", "index.js");
  if (!fs.existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` in ${ROOT} first`);
  const dir = path.join(ROOT, "examples", "node_modules");
  const link = path.join(dir, PACKAGE);
  fs.mkdirSync(dir, { recursive: true });
  if (!pointsAtRoot(link)) {
    try {
      fs.symlinkSync(path.relative(dir, ROOT), link, "dir");
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || !pointsAtRoot(link)) {
        throw new Error(`${link} exists and is not a link to ${ROOT}: remove it and retry`, { cause: e });
      }
    }
  }
  return link;
}

function pointsAtRoot(link: string): boolean {
  try {
    return fs.realpathSync(link) === fs.realpathSync(ROOT);
  } catch {
    return false;
  }
}

if (require.main === module) console.log(linkLocalPackage());
