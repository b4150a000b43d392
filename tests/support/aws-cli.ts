/**
 * Where the AWS CLI is: `aws` on PATH, else the copy `npm test` installs into .cache/awscli
 * (scripts/setup.sh --aws), so that a test file run alone with mocha finds it too.
 */
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

function executable(p: string): boolean {
  try {
    fs.accessSync(p, fs.constants.X_OK);
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

/** The absolute path of the `aws` binary to run; throws, saying how to get one, when there is none. */
export function awsCliPath(): string {
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && executable(path.join(dir, "aws"))) return path.join(dir, "aws");
  }
  const local = path.join(ROOT, ".cache", "awscli", "bin", "aws");
  if (executable(local)) return local;
  throw new Error("The AWS CLI (`aws`) is not installed: `npm test` installs it into .cache/awscli (or run `bash scripts/setup.sh --aws`).");
}
