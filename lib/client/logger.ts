/** Where the client reports what it does; any object with these four methods (console, pino, Nest's Logger). */
export interface ZooKeeperLogger {
  /** Routine detail, such as a failed attempt to connect to one server. */
  debug(message: string, ...meta: unknown[]): void;
  /** Connections established and lost, sessions replaced, moves to a read-write server. */
  info(message: string, ...meta: unknown[]): void;
  /** Trouble: the session expired, watches could not be re-registered after a reconnect. */
  warn(message: string, ...meta: unknown[]): void;
  /** Failures: a refused identity, a watch or 'state' listener that threw (the error in `meta`), an internal bug. */
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
