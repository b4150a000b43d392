/**
 * What the engine tells a resource plugin it starts, read once at start-up.
 *
 *  - Configuration: the engine sets PULUMI_CONFIG to a JSON object of the stack's configuration in
 *    the plugin's own namespace, keys without the namespace: `appstream-fleet:region` arrives as
 *    {"region": ...}. (`aws:region` does not arrive at all: a plugin sees only its namespace.)
 *  - The engine's address: its last argument, after flags (--logtostderr, -v=N, --tracing X)
 *    which @pulumi/pulumi's provider `main` also skips.
 */
import { PACKAGE } from "./provider";

/** The plugin's configuration from PULUMI_CONFIG (bare keys; a namespaced key is read too). */
export function pluginConfig(env: NodeJS.ProcessEnv = process.env): { region?: string } {
  const raw = env.PULUMI_CONFIG;
  if (raw === undefined || raw.trim() === "") return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error(`PULUMI_CONFIG is not a JSON object (the engine sets it for a plugin it starts): ${raw.slice(0, 80)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return {};
  const cfg = parsed as Record<string, unknown>;
  const region = cfg.region ?? cfg[`${PACKAGE}:region`];
  if (region !== undefined && typeof region !== "string") throw new Error(`${PACKAGE}:region must be a string (an AWS region such as us-east-1), got ${JSON.stringify(region)}`);
  return region === undefined || region === "" ? {} : { region };
}

/** The engine address among the plugin's arguments: the last one that is not a flag or a flag's value. */
export function engineAddressArg(args: readonly string[]): string | undefined {
  const rest: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === "--logtostderr" || /^-v=\d+$/.test(a)) continue;
    if (a === "--tracing") {
      i++;
      continue;
    }
    if (a.startsWith("--tracing=")) continue;
    rest.push(a);
  }
  return rest.length > 0 ? rest[rest.length - 1] : undefined;
}
