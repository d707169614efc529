/** Where the client reports what it does; any object with these four methods (console, pino, Nest's Logger). */
export interface ZooKeeperLogger {
  debug(message: string, ...meta: unknown[]): void;
  info(message: string, ...meta: unknown[]): void;
  warn(message: string, ...meta: unknown[]): void;
  error(message: string, ...meta: unknown[]): void;
}

function ignore(): void {}

/** The default: says nothing. */
export const silentLogger: ZooKeeperLogger = Object.freeze({
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: ignore,
});
