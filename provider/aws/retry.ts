/**
 * The SDK's standard retry strategy, with AppStream's error codes classified correctly:
 *  - ConcurrentModificationException: another change is in flight; retry (transient).
 *  - RequestLimitExceededException: AppStream's throttling code, which the SDK does not know by
 *    this exact name; retry with the throttling back-off.
 *  - LimitExceededException: AppStream uses it for quotas (e.g. fleets per account), which no
 *    retry can fix; the SDK would retry it as throttling, we do not.
 * Everything else (5xx, 429, socket errors, ThrottlingException) keeps the SDK's own rules.
 */
import { StandardRetryStrategy } from "@smithy/core/retry";
import { classifyAwsError } from "./errors";
import type { RetryErrorInfo, RetryErrorType, RetryStrategyV2, StandardRetryToken } from "@smithy/types";

export const DEFAULT_MAX_ATTEMPTS = 8;

/** The SDK's retry classes, from the one classification in errors.ts where it differs from the SDK's. */
export function classifyAppStreamError(info: RetryErrorInfo): RetryErrorType {
  switch (classifyAwsError(info.error)) {
    case "throttling":
      return "THROTTLING";
    case "quota":
      return "CLIENT_ERROR";
    case "transient":
      return info.errorType === "SERVER_ERROR" ? "SERVER_ERROR" : "TRANSIENT";
    default:
      return info.errorType;
  }
}

export class AppStreamRetryStrategy implements RetryStrategyV2 {
  readonly mode = "standard";
  private readonly inner: StandardRetryStrategy;

  constructor(maxAttempts = DEFAULT_MAX_ATTEMPTS) {
    this.inner = new StandardRetryStrategy({ maxAttempts });
  }

  acquireInitialRetryToken(scope: string): Promise<StandardRetryToken> {
    return this.inner.acquireInitialRetryToken(scope);
  }

  refreshRetryTokenForRetry(token: StandardRetryToken, info: RetryErrorInfo): Promise<StandardRetryToken> {
    return this.inner.refreshRetryTokenForRetry(token, { ...info, errorType: classifyAppStreamError(info) });
  }

  recordSuccess(token: StandardRetryToken): void {
    this.inner.recordSuccess(token);
  }
}
