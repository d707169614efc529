import diagnosticsChannel from 'node:diagnostics_channel';
import type { RequestTrace } from './request-trace';

/**
 * The names of the `node:diagnostics_channel` channels this package publishes on, all under the `nestjs-zookeeper:`
 * prefix. Subscribe with `diagnostics_channel.subscribe(name, fn)` (or `tracingChannel(diagnosticsChannels.request)`
 * for requests). Nothing is built or published while a channel has no subscriber. docs/observability.md lists what
 * each message holds; the names are a stable part of the API.
 */
export const diagnosticsChannels = Object.freeze({
  /**
   * A `TracingChannel` per request: `tracing:nestjs-zookeeper:request:start`, `:end`, `:asyncStart`, `:asyncEnd` and
   * `:error`, each with the request's `RequestTraceContext`.
   */
  request: 'nestjs-zookeeper:request',
  /** Every connection-state transition of a client: `SessionStateMessage`. */
  sessionState: 'nestjs-zookeeper:session:state',
  /** A connection attempt to one server, first or after a loss: `ConnectionAttemptMessage`. */
  connectionAttempt: 'nestjs-zookeeper:connection:attempt',
  /** A connection is up with a session: `ConnectionOpenMessage`. */
  connectionOpen: 'nestjs-zookeeper:connection:open',
  /** An established connection closed: `ConnectionCloseMessage`. */
  connectionClose: 'nestjs-zookeeper:connection:close',
  /** A request waits for a connection (the client is SUSPENDED or still connecting): `RequestQueuedMessage`. */
  requestQueued: 'nestjs-zookeeper:request:queued',
  /** A waiting request was sent, or gave up waiting: `RequestUnqueuedMessage`. */
  requestUnqueued: 'nestjs-zookeeper:request:unqueued',
  /** A watch notification from the server, as it is delivered: `WatchEventMessage`. */
  watchEvent: 'nestjs-zookeeper:watch:event',
  /** A client following the ensemble (`followEnsemble`) changed its server list: `EnsembleChangeMessage`. */
  ensembleChange: 'nestjs-zookeeper:ensemble:change',
  /** A lock's `acquire()` that contended ended: acquired, timed out or failed (LockAcquireMessage). */
  lockAcquire: 'nestjs-zookeeper:lock:acquire',
  /** A held lock was released or lost: `LockReleaseMessage`. */
  lockRelease: 'nestjs-zookeeper:lock:release',
  /** This process became leader of an election: `LeaderStartMessage`. */
  leaderStart: 'nestjs-zookeeper:leader:start',
  /** A leadership term of this process ended: `LeaderEndMessage`. */
  leaderEnd: 'nestjs-zookeeper:leader:end',
});

/** The channels, made once. Publishing code checks `hasSubscribers` first, so a silent channel costs one load. */
export const channels = {
  request: diagnosticsChannel.tracingChannel<RequestTrace, RequestTrace>(diagnosticsChannels.request),
  sessionState: diagnosticsChannel.channel(diagnosticsChannels.sessionState),
  connectionAttempt: diagnosticsChannel.channel(diagnosticsChannels.connectionAttempt),
  connectionOpen: diagnosticsChannel.channel(diagnosticsChannels.connectionOpen),
  connectionClose: diagnosticsChannel.channel(diagnosticsChannels.connectionClose),
  requestQueued: diagnosticsChannel.channel(diagnosticsChannels.requestQueued),
  requestUnqueued: diagnosticsChannel.channel(diagnosticsChannels.requestUnqueued),
  watchEvent: diagnosticsChannel.channel(diagnosticsChannels.watchEvent),
  ensembleChange: diagnosticsChannel.channel(diagnosticsChannels.ensembleChange),
  lockAcquire: diagnosticsChannel.channel(diagnosticsChannels.lockAcquire),
  lockRelease: diagnosticsChannel.channel(diagnosticsChannels.lockRelease),
  leaderStart: diagnosticsChannel.channel(diagnosticsChannels.leaderStart),
  leaderEnd: diagnosticsChannel.channel(diagnosticsChannels.leaderEnd),
};

/**
 * Whether anyone subscribes to any event of the request TracingChannel. Checked per channel rather than with
 * `TracingChannel.hasSubscribers`, which Node 20 has only from 20.13.
 */
export function requestTracingActive(): boolean {
  const t = channels.request;
  return (
    t.start.hasSubscribers ||
    t.end.hasSubscribers ||
    t.asyncStart.hasSubscribers ||
    t.asyncEnd.hasSubscribers ||
    t.error.hasSubscribers
  );
}

/** `0x…`, as ZooKeeper's own tools print a session id. */
export function hexSessionId(sessionId: bigint): string {
  return `0x${sessionId.toString(16)}`;
}
