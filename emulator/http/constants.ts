/** awsJson1_1 target prefix of AppStream (botocore model: targetPrefix). */
export const TARGET_PREFIX = "PhotonAdminProxyService";

/** The only content type AppStream's awsJson1_1 protocol speaks. */
export const AWS_JSON_CONTENT_TYPE = "application/x-amz-json-1.1";

/** Path prefix of the emulator's own control API, kept apart from the AWS API at `POST /`. */
export const CONTROL_PREFIX = "/_emulator/";

/**
 * Throttling is generous by default so ordinary tests never see it; benchmarks tighten it
 * through POST /_emulator/config.
 */
export const DEFAULT_THROTTLE = { "*": { ratePerSecond: 100, burst: 200 } } as const;
