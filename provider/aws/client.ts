/**
 * The AppStream client, built at call time from the environment: never captured in the
 * serialized provider, so credentials never reach Pulumi state.
 *
 * Region: the stack's `aws:region` config (handed over by configure() in the provider, read from
 * the program's config by the lookups), then AWS_REGION / AWS_DEFAULT_REGION. Endpoint: the SDK's own AWS_ENDPOINT_URL_APPSTREAM / AWS_ENDPOINT_URL
 * (that is how tests and the demo point it at the emulator). Credentials: the SDK's default chain.
 */
import { AppStreamClient } from "@aws-sdk/client-appstream";
import { DefaultRateLimiter } from "@smithy/core/retry";
import { AppStreamRetryStrategy } from "./retry";

let configuredRegion: string | undefined;

/** Called by the provider's configure() with the stack's `aws:region`, if any. */
export function setConfiguredRegion(region: string | undefined): void {
  configuredRegion = region && region.length > 0 ? region : undefined;
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

export function resolveRegion(explicit?: string): string {
  const region = explicit ?? configuredRegion ?? programRegion() ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION;
  if (!region) {
    throw new Error(
      "AWS region is not set: run `pulumi config set aws:region <region>` or set AWS_REGION (for example us-east-1).",
    );
  }
  return region;
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
  const key = `${region}|${endpoint}`;
  let client = clients.get(key);
  if (!client) {
    client = new AppStreamClient({
      region,
      ...(opts.endpoint ? { endpoint: opts.endpoint } : {}),
      retryStrategy: new AppStreamRetryStrategy(),
    });
    addRateLimiting(client);
    clients.set(key, client);
  }
  return client;
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
