/** The account every emulated resource belongs to (AWS documentation's example account). */
export const DEFAULT_ACCOUNT_ID = "123456789012";

/** Region used when a request carries no SigV4 credential scope. */
export const DEFAULT_REGION = "us-east-1";

/** awsJson1_1 target prefix of AppStream (botocore model: targetPrefix). */
export const TARGET_PREFIX = "PhotonAdminProxyService";

/** The only content type AppStream's awsJson1_1 protocol speaks. */
export const AWS_JSON_CONTENT_TYPE = "application/x-amz-json-1.1";

/** Path prefix of the emulator's own control API, kept apart from the AWS API at `POST /`. */
export const CONTROL_PREFIX = "/_emulator/";

export const DEFAULT_PORT = 4599;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_START_DELAY_SECONDS = 2;
export const DEFAULT_STOP_DELAY_SECONDS = 1;

/** Listing pages: AppStream returns 25 fleets/stacks/images per page when none are named. */
export const LIST_PAGE_SIZE = 25;

/**
 * Throttling is generous by default so ordinary tests never see it; benchmarks tighten it
 * through POST /_emulator/config.
 */
export const DEFAULT_THROTTLE = { "*": { ratePerSecond: 100, burst: 200 } } as const;

/** Call log and event log are capped so a long benchmark cannot grow memory without bound. */
export const LOG_CAPACITY = 100_000;
