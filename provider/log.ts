/**
 * Where the provider's progress and warnings go. Inside the dynamic-provider process the engine
 * shows what plugins write to stderr only in verbose logs, so the default reporter writes there
 * and the Fleet wires a better one when the engine offers it.
 */
export interface Reporter {
  info(message: string): void;
  warn(message: string): void;
}

export const stderrReporter: Reporter = {
  info: (m) => process.stderr.write(`[appstream] ${m}\n`),
  warn: (m) => process.stderr.write(`[appstream] warning: ${m}\n`),
};

export const silentReporter: Reporter = { info: () => undefined, warn: () => undefined };
