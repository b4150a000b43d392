/** Command-line flags of the emulator CLI, parsed without dependencies. */
import {
  DEFAULT_HOST,
  DEFAULT_PORT,
  DEFAULT_START_DELAY_SECONDS,
  DEFAULT_STOP_DELAY_SECONDS,
  DEFAULT_TRANSITION_JITTER_SECONDS,
} from "./defaults";
import type { EmulatorOptions } from "../http/server";
import { DEFAULT_REGION } from "../service/constants";
import { isRegionName } from "./regions";

export const USAGE = `Usage: appstream-emulator [options]

A local AWS AppStream 2.0 API emulator (awsJson1_1 at POST /, control API under /_emulator/).

Options:
  --host <address>            Interface to listen on (default ${DEFAULT_HOST}; loopback only unless asked)
  --port <n>                  Port, 0 picks a free one (default ${DEFAULT_PORT})
  --start-delay <seconds>     STARTING -> RUNNING delay, fractions allowed (default ${DEFAULT_START_DELAY_SECONDS})
  --stop-delay <seconds>      STOPPING -> STOPPED delay (default ${DEFAULT_STOP_DELAY_SECONDS})
  --transition-jitter <seconds>
                              Each transition lasts its delay plus a random extra in
                              [0, seconds), drawn when it begins (default ${DEFAULT_TRANSITION_JITTER_SECONDS})
  --region <name>             Region of unsigned requests and of control calls naming none
                              (default ${DEFAULT_REGION}); signed requests go to their
                              credential scope's region, each region with its own state
  --state-file <path>         Persist every region's fleets, stacks, sessions and images to this JSON file
  --verify-sigv4              Reject requests not signed with the credentials below
  --access-key-id <id>        Access key accepted by --verify-sigv4
  --secret-access-key <key>   Secret key accepted by --verify-sigv4
  --verbose                   Log every AWS call on stderr
  -h, --help                  Show this help

The first line on stdout is "AppStream emulator listening on http://HOST:PORT".
SIGINT/SIGTERM close the server, flush the state file and exit 0.
`;

export class ArgsError extends Error {}

export type CliCommand = { kind: "help" } | { kind: "run"; options: EmulatorOptions & { verbose: boolean } };

const VALUE_FLAGS = ["--host", "--port", "--start-delay", "--stop-delay", "--transition-jitter", "--region", "--state-file", "--access-key-id", "--secret-access-key"];
const SWITCHES = ["--verify-sigv4", "--verbose", "--help", "-h"];

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    if (SWITCHES.includes(flag)) {
      if (eq > 0) throw new ArgsError(`${flag} takes no value`);
      switches.add(flag);
    } else if (VALUE_FLAGS.includes(flag)) {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined || (eq < 0 && value.startsWith("--"))) throw new ArgsError(`${flag} needs a value`);
      values.set(flag, value);
    } else {
      throw new ArgsError(`unknown option ${arg}`);
    }
  }
  if (switches.has("--help") || switches.has("-h")) return { kind: "help" };
  const verify = switches.has("--verify-sigv4");
  const accessKeyId = values.get("--access-key-id");
  const secretAccessKey = values.get("--secret-access-key");
  if (verify && (!accessKeyId || !secretAccessKey)) {
    throw new ArgsError("--verify-sigv4 needs --access-key-id and --secret-access-key");
  }
  if (!verify && (accessKeyId || secretAccessKey)) {
    throw new ArgsError("--access-key-id/--secret-access-key only apply with --verify-sigv4");
  }
  const host = values.get("--host") ?? DEFAULT_HOST;
  if (host === "") throw new ArgsError("--host needs a value");
  const region = values.get("--region");
  if (region !== undefined && !isRegionName(region)) throw new ArgsError(`--region must be a region name such as us-east-1, got ${region}`);
  return {
    kind: "run",
    options: {
      host,
      port: portOf(values.get("--port")),
      startDelaySeconds: secondsOf("--start-delay", values.get("--start-delay"), DEFAULT_START_DELAY_SECONDS),
      stopDelaySeconds: secondsOf("--stop-delay", values.get("--stop-delay"), DEFAULT_STOP_DELAY_SECONDS),
      transitionJitterSeconds: secondsOf("--transition-jitter", values.get("--transition-jitter"), DEFAULT_TRANSITION_JITTER_SECONDS),
      ...(region !== undefined ? { region } : {}),
      ...(values.has("--state-file") ? { stateFile: values.get("--state-file") } : {}),
      ...(verify ? { verifySigv4: true, accessKeyId, secretAccessKey } : {}),
      verbose: switches.has("--verbose"),
    },
  };
}

function portOf(raw: string | undefined): number {
  if (raw === undefined) return DEFAULT_PORT;
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n > 65535) throw new ArgsError(`--port must be an integer from 0 to 65535, got ${raw}`);
  return n;
}

function secondsOf(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(n) || n < 0) throw new ArgsError(`${flag} must be a number of seconds >= 0, got ${raw}`);
  return n;
}

/** Loopback addresses: anything else exposes the emulator beyond this machine. */
export function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || /^127\.\d+\.\d+\.\d+$/.test(h) || /^::ffff:127\.\d+\.\d+\.\d+$/.test(h);
}
