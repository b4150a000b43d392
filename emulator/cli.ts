#!/usr/bin/env node
/**
 * CLI entry: `appstream-emulator --port 4599` (or `npm run emulator -- --port 4599`).
 * Bad flags exit 2; SIGINT/SIGTERM close cleanly (state file flushed) and exit 0.
 */
import { ArgsError, USAGE, isLoopback, parseCliArgs, type CliCommand } from "./runtime/args";
import { startEmulator } from "./http/server";

async function main(argv: readonly string[]): Promise<void> {
  let command: CliCommand;
  try {
    command = parseCliArgs(argv);
  } catch (e) {
    if (!(e instanceof ArgsError)) throw e;
    process.stderr.write(`appstream-emulator: ${e.message}\nRun with --help for usage.\n`);
    process.exit(2);
  }
  if (command.kind === "help") {
    process.stdout.write(USAGE);
    return;
  }
  const { verbose, ...options } = command.options;
  const host = options.host ?? "127.0.0.1";
  if (!isLoopback(host)) {
    process.stderr.write(`WARNING: listening on ${host}, not a loopback address: other machines can reach this emulator.\n`);
  }
  let emulator: Awaited<ReturnType<typeof startEmulator>>;
  try {
    // Per-call lines are opt-in: a parent that stops reading a pipe would otherwise block us.
    emulator = await startEmulator({ ...options, log: verbose ? (line) => process.stderr.write(`${line}\n`) : undefined });
  } catch (e) {
    process.stderr.write(`appstream-emulator: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  }
  process.stdout.write(`AppStream emulator listening on ${emulator.url}\n`);
  const stop = (): void => {
    emulator.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`appstream-emulator: error while closing: ${String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

void main(process.argv.slice(2));
