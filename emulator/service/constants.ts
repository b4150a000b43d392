/** The account every emulated resource belongs to (AWS documentation's example account). */
export const DEFAULT_ACCOUNT_ID = "123456789012";

/** Region used when a request carries no SigV4 credential scope. */
export const DEFAULT_REGION = "us-east-1";

/** Listing pages: AppStream returns 25 fleets/stacks/images per page when none are named. */
export const LIST_PAGE_SIZE = 25;
