/**
 * Where the AWS CLI is: the pinned copy scripts/setup.sh --aws installs into .cache (awscli over
 * the botocore of aws-model.env), else `aws` on PATH (setup uses PATH's only when it runs on the
 * pinned botocore), so that a test file run alone with mocha finds the same CLI as `npm test`.
 */
import * as fs from "fs";
import * as path from "path";
import { pinnedCliDir } from "../../scripts/model/pin";

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
  const pinned = path.join(pinnedCliDir(), "bin", "aws");
  if (executable(pinned)) return pinned;
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    if (dir && executable(path.join(dir, "aws"))) return path.join(dir, "aws");
  }
  throw new Error("The AWS CLI (`aws`) is not installed: `npm test` installs the pinned one (aws-model.env) into .cache (or run `bash scripts/setup.sh --aws`).");
}
