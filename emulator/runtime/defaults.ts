/** Defaults of the command line and of `startEmulator`. */
export const DEFAULT_PORT = 4599;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_START_DELAY_SECONDS = 2;
export const DEFAULT_STOP_DELAY_SECONDS = 1;
export const DEFAULT_TRANSITION_JITTER_SECONDS = 0;

/** Call log and event log are capped so a long benchmark cannot grow memory without bound. */
export const LOG_CAPACITY = 100_000;
