/**
 * Messages from the provider process (the dynamic-provider host, or the resource plugin) to the
 * engine's output.
 *
 * The engine starts the dynamic provider as `node .../cmd/dynamic-provider <engine address>` and
 * shows what it writes to stderr only in verbose logs; @pulumi/pulumi's dynamic-provider host does
 * not wire `pulumi.log` to the engine either. The engine's own Log RPC (pulumirpc.Engine/Log) is
 * what real providers use: a message sent there with the resource's URN appears under that
 * resource in `pulumi preview`/`up` output and as a diagnostic event in `--json` and the
 * Automation API's events. We call it with @pulumi/pulumi's generated client (same module
 * instances as the host's, so the messages serialize), and fall back to stderr outside the engine.
 */
import { Reporter, stderrReporter } from "./log";
import { pulumiModule } from "./embedded";

type Severity = "DEBUG" | "INFO" | "WARNING" | "ERROR";

interface EngineLog {
  send(severity: Severity, message: string, urn?: string, ephemeral?: boolean): Promise<void>;
}

let engine: EngineLog | null | undefined;
/** The engine address a resource plugin was given (provider/plugin/main.ts), set before any send. */
let pluginAddress: string | undefined;

/**
 * For a resource plugin (not the dynamic host): the engine started it with its own address as the
 * last argument (after flags such as --logtostderr, -v=N, --tracing X); messages go there.
 */
export function useEngineAddress(addr: string | undefined): void {
  pluginAddress = addr;
  engine = undefined;
}

/** The engine address when this process is the dynamic-provider host, else undefined. */
export function engineAddress(argv: readonly string[] = process.argv): string | undefined {
  const script = argv[1] ?? "";
  const isHost = /[\\/]cmd[\\/]dynamic-provider([\\/]index\.js)?$/.test(script);
  const addr = argv[2];
  return isHost && addr !== undefined && /^[\w.\-\[\]:]+:\d+$/.test(addr) ? addr : undefined;
}

function connect(): EngineLog | null {
  const addr = pluginAddress ?? engineAddress();
  if (addr === undefined) return null;
  try {
    const grpc = pulumiModule("@grpc/grpc-js");
    const engrpc = pulumiModule("@pulumi/pulumi/proto/engine_grpc_pb");
    const engproto = pulumiModule("@pulumi/pulumi/proto/engine_pb");
    const client = new engrpc.EngineClient(addr, grpc.credentials.createInsecure());
    return {
      send: (severity, message, urn, ephemeral) =>
        new Promise<void>((resolve) => {
          const req = new engproto.LogRequest();
          req.setSeverity(engproto.LogSeverity[severity]);
          req.setMessage(message);
          if (urn) req.setUrn(urn);
          req.setEphemeral(ephemeral === true);
          client.log(req, () => resolve());
        }),
    };
  } catch {
    return null;
  }
}

function engineLog(): EngineLog | null {
  if (engine === undefined) engine = connect();
  return engine;
}

/**
 * A reporter for one resource: to the engine (under the resource's URN) when running inside the
 * engine's dynamic-provider host or as the resource plugin, else to stderr. Sends are awaited by
 * `flush()` so that a warning emitted during diff reaches the engine before the diff returns.
 */
export function resourceReporter(urn: string | undefined, fallback: Reporter = stderrReporter): Reporter & { flush(): Promise<void> } {
  const log = engineLog();
  const pending: Promise<void>[] = [];
  if (log === null) return { ...fallback, flush: async () => undefined };
  return {
    info: (m) => void pending.push(log.send("INFO", m, urn)),
    warn: (m) => void pending.push(log.send("WARNING", m, urn)),
    flush: async () => {
      await Promise.all(pending.splice(0));
    },
  };
}
