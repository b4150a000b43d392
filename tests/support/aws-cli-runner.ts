/**
 * The AWS CLI (botocore, an independent implementation of awsJson, SigV4 and waiters) as the
 * emulator tests run it: asynchronously (an in-process emulator must keep serving), with an
 * environment that lets nothing of the host's AWS configuration in. The CLI is required: without
 * it the tests fail, they do not skip.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { awsCliPath } from "./aws-cli";

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
  json: Record<string, unknown>;
}

/** Runs `aws ...`; resolves with its exit code, output and stdout parsed as JSON ({} if it is not). */
export function runAws(args: string[], env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    let aws: string;
    try {
      aws = awsCliPath(); // the pinned copy `npm test` installs into .cache, or the one on PATH
    } catch (e) {
      reject(e);
      return;
    }
    execFile(aws, args, { env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      let json: Record<string, unknown> = {};
      try {
        json = stdout.trim() ? (JSON.parse(stdout) as Record<string, unknown>) : {};
      } catch {
        // not JSON (help text, errors)
      }
      resolve({ code, stdout, stderr, json });
    });
  });
}

/**
 * An environment for the CLI with its own HOME and empty config files, keys "test"/"test", no
 * instance metadata and one attempt per call; `dispose` removes the HOME.
 */
export function isolatedAwsEnv(): { env: NodeJS.ProcessEnv; dispose: () => void } {
  const home = mkdtempSync(join(tmpdir(), "appstream-awscli-"));
  writeFileSync(join(home, "config"), "");
  writeFileSync(join(home, "credentials"), "");
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: home,
    ...(process.env.PYENV_ROOT ? { PYENV_ROOT: process.env.PYENV_ROOT } : {}),
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    AWS_CONFIG_FILE: join(home, "config"),
    AWS_SHARED_CREDENTIALS_FILE: join(home, "credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    AWS_MAX_ATTEMPTS: "1",
    PYTHONWARNINGS: "ignore",
  };
  return { env, dispose: () => rmSync(home, { recursive: true, force: true }) };
}
