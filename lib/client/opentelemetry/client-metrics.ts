import type { Attributes, BatchObservableCallback, Meter } from '@opentelemetry/api';
import { diagnosticsChannels } from '../diagnostics';
import type {
  ConnectionAttemptMessage,
  ConnectionOpenMessage,
  LeaderEndMessage,
  LeaderStartMessage,
  LockAcquireMessage,
  LockReleaseMessage,
  SessionStateMessage,
  WatchEventMessage,
} from '../diagnostics';
import { ConnectionState } from '../connection-state';
import { liveClients, type LiveClient } from '../live-clients';
import { EventType } from '../../protocol/watch-events';
import type { ChannelSubscriptions } from './channel-subscriptions';
import type { RequestOutcome } from './request-spans';

/** Histogram buckets in seconds, from a local read (under a millisecond) to a request that waited out a reconnect. */
const DURATION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Lock waits and holds last from milliseconds to hours. */
const HOLD_BUCKETS = [0.001, 0.01, 0.1, 0.5, 1, 5, 10, 30, 60, 300, 900, 3600];

const STATES = Object.values(ConnectionState);
const WATCH_KINDS = ['data', 'exist', 'child', 'persistent', 'persistentRecursive'] as const;

/**
 * Metrics of the clients chosen by `subscriptions`, from the diagnostics channels and `client.stats()`. Returns the
 * handler for request ends (the request spans' follower calls it). Instruments are listed in docs/observability.md.
 */
export function recordClientMetrics(
  meter: Meter,
  subscriptions: ChannelSubscriptions,
): (outcome: RequestOutcome) => void {
  const duration = meter.createHistogram('zookeeper.client.operation.duration', {
    description: 'Duration of ZooKeeper requests, from the call to its settlement, by operation and result',
    unit: 's',
    advice: { explicitBucketBoundaries: DURATION_BUCKETS },
  });
  const transitions = meter.createCounter('zookeeper.client.session.transitions', {
    description:
      'Connection state transitions, by new state and reason (SUSPENDED: connection lost; LOST: session gone)',
  });
  const attempts = meter.createCounter('zookeeper.client.connection.attempts', {
    description: 'Connection attempts to a server, first connections and reconnects',
  });
  const reconnects = meter.createCounter('zookeeper.client.reconnects', {
    description: 'Connections re-established for a session that had one, by server',
  });
  const watchEvents = meter.createCounter('zookeeper.client.watch.events', {
    description: 'Watch notifications received, by event type',
  });
  const lockWait = meter.createHistogram('zookeeper.client.lock.wait.duration', {
    description: 'Time spent in lock acquire(), by lock kind and outcome',
    unit: 's',
    advice: { explicitBucketBoundaries: HOLD_BUCKETS },
  });
  const lockHold = meter.createHistogram('zookeeper.client.lock.hold.duration', {
    description: 'Time a lock was held, by lock kind and how the hold ended (released or lost)',
    unit: 's',
    advice: { explicitBucketBoundaries: HOLD_BUCKETS },
  });
  const locksHeld = meter.createUpDownCounter('zookeeper.client.locks.held', {
    description: 'Locks held by this process now, by lock kind',
  });
  const leaderships = meter.createUpDownCounter('zookeeper.client.leaderships', {
    description: 'Elections this process leads now, by election path',
  });
  const terms = meter.createHistogram('zookeeper.client.leadership.duration', {
    description: 'Length of leadership terms, by election path',
    unit: 's',
    advice: { explicitBucketBoundaries: HOLD_BUCKETS },
  });
  const states = meter.createObservableGauge('zookeeper.client.session.state', {
    description: 'Clients in each connection state (1 for a single client in its state, 0 for the other states)',
  });
  const inFlight = meter.createObservableGauge('zookeeper.client.requests.in_flight', {
    description: 'Requests written to a server and not answered yet',
  });
  const queued = meter.createObservableGauge('zookeeper.client.requests.queued', {
    description: 'Requests waiting for a connection (while SUSPENDED or still connecting)',
  });
  const watches = meter.createObservableGauge('zookeeper.client.watches', {
    description: 'Watches held on the server, by kind',
  });

  // Clients to sample: the live ones, plus those seen ending other than by close() (an expired client shows LOST).
  const ended = new Set<WeakRef<LiveClient>>();
  const sampled = (): LiveClient[] => {
    const clients = [...liveClients].filter((client) => subscriptions.wants(client));
    for (const ref of ended) {
      const client = ref.deref();
      if (client === undefined || client.closed || client.state !== ConnectionState.LOST) ended.delete(ref);
      else if (!clients.includes(client)) clients.push(client);
    }
    return clients;
  };
  const observe: BatchObservableCallback = (result) => {
    const byState = new Map<string, number>(STATES.map((state) => [state, 0]));
    let written = 0;
    let waiting = 0;
    const byKind = new Map<string, number>(WATCH_KINDS.map((kind) => [kind, 0]));
    for (const client of sampled()) {
      const stats = client.stats();
      byState.set(stats.state, (byState.get(stats.state) ?? 0) + 1);
      written += stats.inFlight;
      waiting += stats.queued;
      for (const kind of WATCH_KINDS) byKind.set(kind, (byKind.get(kind) ?? 0) + stats.watches[kind]);
    }
    for (const [state, count] of byState) result.observe(states, count, { 'zookeeper.session.state': state });
    result.observe(inFlight, written);
    result.observe(queued, waiting);
    for (const [kind, count] of byKind) result.observe(watches, count, { 'zookeeper.watch.kind': kind });
  };
  const observables = [states, inFlight, queued, watches];
  meter.addBatchObservableCallback(observe, observables);
  subscriptions.add(() => meter.removeBatchObservableCallback(observe, observables));

  subscriptions.on<SessionStateMessage>(diagnosticsChannels.sessionState, (message) => {
    transitions.add(1, { 'zookeeper.session.state': message.state, 'zookeeper.session.reason': message.reason });
    if (message.state === ConnectionState.LOST && message.reason !== 'closed') ended.add(new WeakRef(message.client));
  });
  subscriptions.on<ConnectionAttemptMessage>(diagnosticsChannels.connectionAttempt, (message) => {
    attempts.add(1, { 'zookeeper.reconnect': message.reconnect });
  });
  subscriptions.on<ConnectionOpenMessage>(diagnosticsChannels.connectionOpen, (message) => {
    if (message.reconnect) reconnects.add(1, { 'zookeeper.server': message.server });
  });
  subscriptions.on<WatchEventMessage>(diagnosticsChannels.watchEvent, (message) => {
    watchEvents.add(1, { 'zookeeper.event.type': EventType[message.type] ?? String(message.type) });
  });

  // Holds and terms seen starting: an end whose start came before enabling must not push a count below zero.
  const holds = new Set<string>();
  const leading = new Map<string, number>();
  subscriptions.on<LockAcquireMessage>(diagnosticsChannels.lockAcquire, (message) => {
    const attributes: Attributes = { 'zookeeper.lock.kind': message.kind, 'zookeeper.lock.outcome': message.outcome };
    lockWait.record(message.waitMs / 1000, attributes);
    if (message.outcome !== 'acquired' || message.node === undefined) return;
    holds.add(`${message.path}/${message.node}`);
    locksHeld.add(1, { 'zookeeper.lock.kind': message.kind });
  });
  subscriptions.on<LockReleaseMessage>(diagnosticsChannels.lockRelease, (message) => {
    lockHold.record(message.holdMs / 1000, {
      'zookeeper.lock.kind': message.kind,
      'zookeeper.lock.end': message.reason,
    });
    if (holds.delete(`${message.path}/${message.node}`)) locksHeld.add(-1, { 'zookeeper.lock.kind': message.kind });
  });
  subscriptions.on<LeaderStartMessage>(diagnosticsChannels.leaderStart, (message) => {
    leading.set(message.path, (leading.get(message.path) ?? 0) + 1);
    leaderships.add(1, { 'zookeeper.election.path': message.path });
  });
  subscriptions.on<LeaderEndMessage>(diagnosticsChannels.leaderEnd, (message) => {
    const attributes: Attributes = { 'zookeeper.election.path': message.path };
    terms.record(message.termMs / 1000, attributes);
    const count = leading.get(message.path) ?? 0;
    if (count === 0) return;
    if (count === 1) leading.delete(message.path);
    else leading.set(message.path, count - 1);
    leaderships.add(-1, attributes);
  });

  return (outcome) => {
    duration.record(outcome.seconds, { 'zookeeper.operation': outcome.op, 'zookeeper.result': outcome.result });
  };
}
