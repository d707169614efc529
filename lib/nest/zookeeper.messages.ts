/** Message factories, so every error and log line about the same situation reads the same. */

import type { ElectionOptionSource } from './interfaces/election-option-source.interface';

/** `Class.method` as the messages print it. */
export const methodRef = (className: string, methodName: string): string => `${className}.${methodName}()`;

export const MISSING_CLIENT = (name: string, referencedFrom: string): string =>
  `ZooKeeper client "${name}" referenced from ${referencedFrom} does not exist. ` +
  `Register it with ZookeeperModule.forRoot({ name: "${name}", ... }) or forRootAsync({ name: "${name}", ... }).`;

export const DUPLICATE_CLIENT = (name: string): string =>
  `ZooKeeper client "${name}" is registered twice: give each ZookeeperModule.forRoot()/forRootAsync() its own name.`;

export const CONNECT_FAILED = (name: string, connectString: string, cause: unknown): string =>
  `ZooKeeper client "${name}" could not connect to ${connectString}: ${describeError(cause)}`;

export const INVALID_CLIENT_OPTIONS = (name: string, cause: unknown): string =>
  `ZooKeeper client "${name}" has invalid options (ZookeeperModule.forRoot/forRootAsync): ${describeError(cause)}`;

export const CONNECT_ATTEMPT_FAILED = (
  name: string,
  connectString: string,
  attempt: number,
  cause: unknown,
  nextInMs?: number,
): string =>
  `ZooKeeper client "${name}": connection attempt ${attempt} to ${connectString} failed: ${describeError(cause)}` +
  (nextInMs === undefined ? '' : `; next attempt in ${formatDuration(nextInMs)}`);

export const BACKGROUND_START_FAILED = (name: string, cause: unknown): string =>
  `ZooKeeper client "${name}" connected, but starting its elections and watches failed: ${describeError(cause)}`;

export const OUTAGE_STARTED = (name: string, where: string): string =>
  `ZooKeeper client "${name}" has no connection to ${where}: retrying; elections, watches and locks wait for it.`;

export const OUTAGE_ENDED = (name: string, sessionId: bigint, durationMs: number): string =>
  `ZooKeeper client "${name}" is connected again (session 0x${sessionId.toString(16)}) after an outage of ` +
  `${formatDuration(durationMs)}.`;

export const SESSION_LOST = (name: string): string =>
  `ZooKeeper client "${name}" lost its session (expired): opening a new session.`;

export const SESSION_RENEWED = (name: string, sessionId: bigint, durationMs: number): string =>
  `ZooKeeper client "${name}" has a new session 0x${sessionId.toString(16)} (${formatDuration(durationMs)} ` +
  `without one).`;

export const NON_STATIC_PROVIDER = (decorator: string, className: string, methodName: string): string =>
  `@${decorator}() on ${methodRef(className, methodName)} cannot be used: ${className} is request-scoped or transient ` +
  `(or depends on such a provider). ZooKeeper decorators work on singleton providers and controllers only.`;

export const NOT_MANAGED = (decorator: string, className: string, methodName: string): string =>
  `@${decorator}() on ${methodRef(className, methodName)} was called on an instance ZookeeperModule does not manage: ` +
  `import ZookeeperModule.forRoot() in the application, make ${className} a singleton provider or controller, ` +
  `and call the method after the application has been initialised.`;

export const SHUTTING_DOWN = (decorator: string, className: string, methodName: string): string =>
  `@${decorator}() on ${methodRef(className, methodName)} was called while the application is shutting down.`;

export const INVALID_PATH = (decorator: string, referencedFrom: string, path: unknown): string =>
  `@${decorator}() on ${referencedFrom} needs an absolute ZooKeeper path such as "/locks/report", got ${JSON.stringify(path)}.`;

const describeIdSource = (source: ElectionOptionSource): string =>
  `${JSON.stringify(source.value)} on ${methodRef(source.className, source.methodName)}` +
  (source.fromModuleIdentity ? ` (no id given: the module's identity)` : '');

export const ELECTION_ID_CONFLICT = (
  client: string,
  path: string,
  first: ElectionOptionSource,
  second: ElectionOptionSource,
): string =>
  `@OnLeader("${path}") methods of client "${client}" share one election but give it different ids: ` +
  `${describeIdSource(first)}, ${describeIdSource(second)}. This process takes part in an election under one id: ` +
  `give every @OnLeader() on this path the same id, or use different paths.`;

export const LOCK_BUSY = (path: string): string => `The ZooKeeper lock ${path} is held by another process.`;

export const LOCK_WAIT_TIMEOUT = (path: string, waitTimeoutMs: number): string =>
  `Gave up waiting ${waitTimeoutMs} ms for the ZooKeeper lock ${path}.`;

export const OUTSIDE_ZK_LOCK = (what: string): string =>
  `ZkLock.${what}() was called outside a method decorated with @ZkLock() (or after it returned).`;

export const HANDLER_FAILED = (decorator: string, referencedFrom: string, path: string, cause: unknown): string =>
  `@${decorator}("${path}") handler ${referencedFrom} threw: ${describeError(cause)}`;

export const LEADER_RETRY = (path: string, failures: number, delayMs: number): string =>
  `Election ${path}: left after ${failures === 1 ? 'a failed term' : `${failures} failed terms in a row`}; ` +
  `joining again in ${formatDuration(delayMs)}.`;

export const PARSE_FAILED = (
  referencedFrom: string,
  path: string,
  parse: string,
  bytes: number | undefined,
  cause: unknown,
): string =>
  `@WatchNode("${path}"): could not parse the node's data (${bytes ?? 0} bytes, parse: ${parse}), so ` +
  `${referencedFrom} was not called for this change: ${describeError(cause)}`;

export const BOOTSTRAP_CLEANUP_FAILED = (step: string, subject: string, cause: unknown): string =>
  `Bootstrap failed, and so did closing what the ZooKeeper module had opened (step "${step}", ${subject}; the ` +
  `remaining steps ran and the bootstrap error is rethrown): ${describeError(cause)}`;

export const SHUTDOWN_STEP_FAILED = (step: string, subject: string, cause: unknown): string =>
  `Shutdown step "${step}" failed for ${subject}: ${describeError(cause)}. Going on: the remaining steps run and the ` +
  `sessions are closed, which removes the application's ephemeral nodes.`;

export const SHUTDOWN_DEADLINE = (step: string, timeoutMs: number): string =>
  `Shutdown gave up waiting for "${step}" after ${timeoutMs} ms (shutdownTimeoutMs); going on.`;

/** `850 ms`, `12.3 s`: how log lines give durations. */
export function formatDuration(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** An error's message, or the value itself when something other than an Error was thrown. */
export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
