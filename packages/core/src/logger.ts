/** Minimal logging contract; pass `console` or pino/winston-style loggers. */
export interface Logger {
  debug(message: string, ...details: unknown[]): void;
  info(message: string, ...details: unknown[]): void;
  warn(message: string, ...details: unknown[]): void;
  error(message: string, ...details: unknown[]): void;
}

const ignore = (): void => undefined;

export const silentLogger: Logger = { debug: ignore, info: ignore, warn: ignore, error: ignore };

/** Writes everything to stderr with an `[llmsb]` prefix, so stdout stays the program's. */
export const stderrLogger: Logger = {
  debug: (message, ...details) => console.error('[llmsb] debug', message, ...details),
  info: (message, ...details) => console.error('[llmsb]', message, ...details),
  warn: (message, ...details) => console.error('[llmsb] warn', message, ...details),
  error: (message, ...details) => console.error('[llmsb] error', message, ...details),
};
