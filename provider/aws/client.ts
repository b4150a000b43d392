/**
 * The AppStream client, built at call time from the environment: never captured in the
 * serialized provider, so credentials never reach Pulumi state.
 *
 * Region: an explicit one (a Fleet's `region`, a lookup's `region`), then the stack's `aws:region`
 * config (handed over by configure() in the provider, read from the program's config by the
 * lookups), then the AWS SDK's own chain: AWS_REGION / AWS_DEFAULT_REGION, then the region of the
 * profile in the shared config file (~/.aws/config, AWS_PROFILE), as the AWS CLI does. Endpoint:
 * the SDK's own AWS_ENDPOINT_URL_APPSTREAM / AWS_ENDPOINT_URL (that is how tests and the demo
 * point it at the emulator). Credentials: the SDK's default chain.
 */
import { AppStreamClient } from "@aws-sdk/client-appstream";
import { DefaultRateLimiter } from "@smithy/core/retry";
import { AppStreamRetryStrategy } from "./retry";

// The SDK prints a 14-line notice on Node 20 ("versions published after January 2027 will require
// node >=22") once per process, into every preview of a user's program. It says nothing about this
// package's behaviour; a user who wants it back sets AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=false.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";

let configuredRegion: string | undefined;
/** The config key users set the region with: `aws:region` (dynamic door) or `appstream-fleet:region` (plugin). */
let regionKey = "aws:region";

/**
 * Called by the provider's configure() with the stack's `aws:region`, if any, and by the resource
 * plugin with its own `appstream-fleet:region` (then `key` names that key in error messages).
 */
export function setConfiguredRegion(region: string | undefined, key = "aws:region"): void {
  configuredRegion = region && region.length > 0 ? region : undefined;
  regionKey = key;
}

/**
 * The stack's `aws:region` as a Pulumi program sees it (lookups run in the program, where
 * configure() is never called). Undefined outside a program.
 */
function programRegion(): string | undefined {
  try {
    const pulumi = require("@pulumi/pulumi") as typeof import("@pulumi/pulumi");
    return new pulumi.Config("aws").get("region") || undefined;
  } catch {
    return undefined;
  }
}

/** The region given or configured for Pulumi; undefined leaves it to the SDK's chain (env, shared config). */
export function resolveRegion(explicit?: string): string | undefined {
  return explicit ?? configuredRegion ?? programRegion();
}

const noRegion = () =>
  `AWS region is not set: run \`pulumi config set ${regionKey} <region>\`, set AWS_REGION, or give your AWS profile a region (for example us-east-1).`;

/** The region a client sends its calls to, as the SDK resolved it. */
export async function clientRegion(client: AppStreamClient): Promise<string> {
  try {
    return await client.config.region();
  } catch {
    throw new Error(noRegion());
  }
}

export interface ClientOptions {
  region?: string;
  /** Overrides the endpoint; normally left to AWS_ENDPOINT_URL_APPSTREAM. */
  endpoint?: string;
}

const clients = new Map<string, AppStreamClient>();

/**
 * One client per region and endpoint per process, so the retry strategy's token bucket is shared
 * by every resource of an update (as AWS's throttling is shared by the account).
 */
export function appStreamClient(opts: ClientOptions = {}): AppStreamClient {
  const region = resolveRegion(opts.region);
  const endpoint = opts.endpoint ?? process.env.AWS_ENDPOINT_URL_APPSTREAM ?? process.env.AWS_ENDPOINT_URL ?? "";
  const key = `${region ?? "(sdk chain)"}|${endpoint}|${region === undefined ? `${process.env.AWS_REGION ?? ""}|${process.env.AWS_DEFAULT_REGION ?? ""}|${process.env.AWS_PROFILE ?? ""}` : ""}`;
  let client = clients.get(key);
  if (!client) {
    client = new AppStreamClient({
      ...(region !== undefined ? { region } : {}),
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      retryStrategy: new AppStreamRetryStrategy(),
    });
    addRegionMessage(client);
    addRateLimiting(client);
    clients.set(key, client);
  }
  return client;
}

/** The SDK's "Region is missing" as a message that says how to set one. */
function addRegionMessage(client: AppStreamClient): void {
  client.middlewareStack.add(
    (next) => async (args) => {
      try {
        return await next(args);
      } catch (e) {
        if (e instanceof Error && /Region is missing/i.test(e.message)) throw new Error(noRegion());
        throw e;
      }
    },
    { step: "initialize", name: "appStreamRegionMessage" },
  );
}

/**
 * Client-side rate limiting per operation, as AWS throttles per API: the SDK's adaptive limiter
 * (CUBIC), off until the first ThrottlingException of that operation, then pacing its attempts
 * near the rate the service accepts. Without it, 50 fleets changed at once send 50 StopFleet
 * calls into a bucket of a few per second, and the throttled retries drain the retry quota the
 * client's calls share until calls fail with "no retry tokens". Every attempt (retries too)
 * passes here, inside the retry middleware.
 */
function addRateLimiting(client: AppStreamClient): void {
  const limiters = new Map<string, DefaultRateLimiter>();
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const op = String((context as { commandName?: string }).commandName ?? "*");
      let limiter = limiters.get(op);
      if (!limiter) limiters.set(op, (limiter = new DefaultRateLimiter()));
      await limiter.getSendToken();
      try {
        const out = await next(args);
        limiter.updateClientSendingRate({});
        return out;
      } catch (e) {
        limiter.updateClientSendingRate(e);
        throw e;
      }
    },
    { step: "finalizeRequest", priority: "low", name: "appStreamRateLimit" },
  );
}

/** Forgets cached clients (tests that change the environment between cases). */
export function resetClients(): void {
  for (const c of clients.values()) c.destroy();
  clients.clear();
}
