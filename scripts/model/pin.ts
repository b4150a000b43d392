/**
 * The pin of AWS's service model: aws-model.env at the repository's root, the one place that
 * names the botocore whose AppStream model this project is held to (and the AWS CLI installed
 * over it). scripts/setup.sh reads the same file; `npm run model:update` moves it.
 */
import { readFileSync, realpathSync, writeFileSync, existsSync } from "node:fs";
import { join, resolve } from "node:path";

export const REPO_ROOT = resolve(__dirname, "..", "..");
export const PIN_FILE = join(REPO_ROOT, "aws-model.env");

export interface ModelPin {
  /** BOTOCORE_VERSION: the botocore whose data/appstream/2016-12-01/service-2.json.gz is the model. */
  botocore: string;
  /** AWSCLI_VERSION: the AWS CLI (v1) the tests run, installed over that botocore. */
  awscli: string;
}

const VERSION = /^\d+\.\d+\.\d+$/;

export function readModelPin(file = PIN_FILE): ModelPin {
  const text = readFileSync(file, "utf8");
  const value = (key: string): string => {
    const m = new RegExp(`^${key}=(.*)$`, "m").exec(text);
    const v = m?.[1].trim() ?? "";
    if (!VERSION.test(v)) throw new Error(`${file}: ${key} must be a version like 1.44.18 (got "${v}")`);
    return v;
  };
  return { botocore: value("BOTOCORE_VERSION"), awscli: value("AWSCLI_VERSION") };
}

/** Rewrites the two versions in place, keeping the file's comments. */
export function writeModelPin(pin: ModelPin, file = PIN_FILE): void {
  for (const v of [pin.botocore, pin.awscli]) if (!VERSION.test(v)) throw new Error(`not a version: "${v}"`);
  const text = readFileSync(file, "utf8")
    .replace(/^BOTOCORE_VERSION=.*$/m, `BOTOCORE_VERSION=${pin.botocore}`)
    .replace(/^AWSCLI_VERSION=.*$/m, `AWSCLI_VERSION=${pin.awscli}`);
  writeFileSync(file, text);
}

/** The directory scripts/setup.sh --aws installs the pinned AWS CLI into (shared .cache, keyed by version). */
export function pinnedCliDir(pin: ModelPin = readModelPin()): string {
  const cache = join(REPO_ROOT, ".cache");
  const base = existsSync(cache) ? realpathSync(cache) : cache;
  return join(base, `awscli-${pin.awscli}-botocore-${pin.botocore}`);
}
