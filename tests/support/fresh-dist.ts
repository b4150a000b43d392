/**
 * Loaded by mocha before any test (.mocharc.json): tests that go through the serialized provider
 * shim, the engine or the emulator CLI load the compiled package in dist/. A dist/ older than any
 * source under provider/ or emulator/ is rebuilt first, so no test can run stale code. The build
 * ends, as `npm run build` does, with the plugin's schema (scripts/gen-schema.ts).
 */
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

function newest(dir: string, ext: string): number {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.max(t, newest(p, ext));
    else if (e.name.endsWith(ext)) t = Math.max(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

function oldest(dir: string, ext: string): number {
  let t = Infinity;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) t = Math.min(t, oldest(p, ext));
    else if (e.name.endsWith(ext)) t = Math.min(t, fs.statSync(p).mtimeMs);
  }
  return t;
}

const sources = Math.max(newest(path.join(ROOT, "provider"), ".ts"), newest(path.join(ROOT, "emulator"), ".ts"), fs.statSync(path.join(ROOT, "tsconfig.json")).mtimeMs);
const dist = path.join(ROOT, "dist");
const schema = path.join(dist, "provider", "plugin", "schema.json");
const built = fs.existsSync(dist) && fs.existsSync(schema) ? Math.min(oldest(dist, ".js"), fs.statSync(schema).mtimeMs) : 0;
if (built < Math.max(sources, fs.statSync(path.join(ROOT, "package.json")).mtimeMs)) {
  process.stderr.write("[tests] dist/ is missing or older than the sources: building (npm run build)\n");
  fs.rmSync(dist, { recursive: true, force: true }); // no compiled file of a deleted source survives
  execFileSync(process.execPath, [path.join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
  execFileSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(ROOT, "scripts", "gen-schema.ts")], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
}
