/**
 * The emulator as its own process, the way a user runs it next to `pulumi`:
 * `node dist/emulator/cli.js --port 0 ...` (what `npm run emulator` and the `appstream-emulator`
 * bin run). Needs `npm run build` first.
 */
import { spawn } from "child_process";
import * as path from "path";
import { EmulatorControl } from "../emulator";

const ROOT = path.resolve(__dirname, "..");

export interface EmulatorProcess {
  /** http://127.0.0.1:PORT, from the first stdout line. */
  url: string;
  control: EmulatorControl;
  /** Everything the process wrote on stderr so far. */
  stderr(): string;
  /** SIGTERM, then waits for the exit (the CLI exits 0 on SIGTERM). */
  close(): Promise<number | null>;
}

/**
 * Starts `node dist/emulator/cli.js --port 0 <args>` and waits for "AppStream emulator listening on
 * URL". `cli`: another copy of cli.js (e.g. an installed package's `appstream-emulator`).
 */
export function startEmulatorProcess(args: string[] = [], cli: string = path.join(ROOT, "dist", "emulator", "cli.js")): Promise<EmulatorProcess> {
  const child = spawn(process.execPath, [cli, "--port", "0", ...args], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (c: string) => (stderr += c));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    let out = "";
    const onData = (c: string): void => {
      out += c;
      const nl = out.indexOf("\n");
      if (nl < 0) return;
      child.stdout.off("data", onData);
      child.stdout.resume(); // keep draining, so the process never blocks on a full pipe
      const m = /^AppStream emulator listening on (http:\/\/\S+)$/.exec(out.slice(0, nl));
      if (!m) {
        child.kill("SIGKILL");
        reject(new Error(`emulator's first line is not "AppStream emulator listening on URL": ${JSON.stringify(out.slice(0, nl))}`));
        return;
      }
      resolve({
        url: m[1],
        control: new EmulatorControl(m[1]),
        stderr: () => stderr,
        close: async () => {
          if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
          return exited;
        },
      });
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.on("error", reject);
    void exited.then((code) => reject(new Error(`emulator exited (${code}) before listening: ${stderr}`)));
  });
}
