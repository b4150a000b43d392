/**
 * What the Fleet provider's implementation needs from the outside world, injected so that tests
 * drive it with a scripted clock, a deterministic random source and their own reporter.
 */
import type { AppStreamClient } from "@aws-sdk/client-appstream";
import { appStreamClient } from "../aws/client";
import { Clock, realClock } from "../aws/wait";
import { resourceReporter } from "../engine-log";
import { Reporter } from "../log";

export type ResourceReporter = Reporter & { flush(): Promise<void> };

export interface ProviderDeps {
  client: () => AppStreamClient;
  /** Where messages about one resource go (the engine's output, under its URN, when available). */
  reporter: (urn: string | undefined) => ResourceReporter;
  /** Random source for auto-naming (tests make it deterministic). */
  random: () => number;
  /** Whether check verifies the image with DescribeImages. */
  verifyImages: boolean;
  /** Where the provider reads the time and waits (the lag confirmation, retries). */
  clock: Clock;
}

export const defaultDeps = (): ProviderDeps => ({
  client: () => appStreamClient(),
  reporter: (urn) => resourceReporter(urn),
  random: Math.random,
  verifyImages: true,
  clock: realClock,
});
