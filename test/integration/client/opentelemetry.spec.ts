import { join } from 'node:path';
import { tracingChannel } from 'node:diagnostics_channel';
import { context, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
  type MetricData,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import {
  ConnectionState,
  CreateMode,
  diagnosticsChannels,
  Election,
  enableOpenTelemetry,
  Lock,
  NoNodeError,
  type OpenTelemetryHandle,
} from '../../../lib/client';
import { expireSession, ZookeeperTestCluster, type ZookeeperTestClusterHandle } from '../../../lib/testing';
import { runScript } from '../../support/run-script';
import { sharedConnectString, uniquePath } from '../../support/zk';
import { Clients, waitForState } from './support';

jest.setTimeout(180000);

/** The SDK's in-memory exporters behind real providers, as an application would wire them. */
class Telemetry {
  readonly spans = new InMemorySpanExporter();
  readonly tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(this.spans)] });
  private readonly metricsExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // Exports only when flushed: the test decides when it looks.
  private readonly reader = new PeriodicExportingMetricReader({
    exporter: this.metricsExporter,
    exportIntervalMillis: 3_600_000,
  });
  readonly meterProvider = new MeterProvider({ readers: [this.reader] });

  /** The metrics as of now. */
  async metrics(): Promise<MetricData[]> {
    this.metricsExporter.reset();
    await this.reader.forceFlush();
    const exported = this.metricsExporter.getMetrics();
    return exported.flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics));
  }

  async shutdown(): Promise<void> {
    await this.tracerProvider.shutdown();
    await this.meterProvider.shutdown();
  }
}

function metric(all: MetricData[], name: string): MetricData {
  const found = all.find((m) => m.descriptor.name === name);
  if (found === undefined) throw new Error(`no metric ${name} in ${all.map((m) => m.descriptor.name).join(', ')}`);
  return found;
}

/** The sum of a counter's or gauge's points whose attributes include `where` (0 for a counter never added to). */
function total(all: MetricData[], name: string, where: Record<string, string | boolean> = {}): number {
  const found = all.find((m) => m.descriptor.name === name);
  if (found === undefined) return 0;
  const points = found.dataPoints as DataPoint<number>[];
  return points
    .filter((point) => Object.entries(where).every(([key, value]) => point.attributes[key] === value))
    .reduce((sum, point) => sum + point.value, 0);
}

/** How many values a histogram recorded under attributes including `where`. */
function histogramCount(all: MetricData[], name: string, where: Record<string, string> = {}): number {
  const points = metric(all, name).dataPoints as DataPoint<Histogram>[];
  return points
    .filter((point) => Object.entries(where).every(([key, value]) => point.attributes[key] === value))
    .reduce((sum, point) => sum + point.value.count, 0);
}

describe('OpenTelemetry on a standalone server', () => {
  const clients = new Clients(() => ({ connectString: sharedConnectString() }));
  const telemetry = new Telemetry();
  let handle: OpenTelemetryHandle | undefined;
  let contextManager: AsyncLocalStorageContextManager;

  beforeAll(() => {
    contextManager = new AsyncLocalStorageContextManager().enable();
    context.setGlobalContextManager(contextManager);
  });
  afterEach(() => {
    handle?.disable();
    handle = undefined;
    telemetry.spans.reset();
  });
  afterAll(async () => {
    await clients.closeAll();
    await telemetry.shutdown();
    context.disable();
  });

  it('makes a CLIENT span per operation with its attributes, never the data', async () => {
    const client = await clients.connect();
    handle = enableOpenTelemetry({ client, tracerProvider: telemetry.tracerProvider, meterProvider: false });
    const path = uniquePath('otel');
    await client.create(path, 'secret-payload-7f3a', { mode: CreateMode.PERSISTENT });
    await client.getData(path);
    await expect(client.getData(`${path}/missing`)).rejects.toBeInstanceOf(NoNodeError);
    expect(await client.exists(`${path}/missing`)).toBeNull();

    const spans = telemetry.spans.getFinishedSpans();
    expect(spans.map((span) => span.name)).toEqual([
      'zookeeper create',
      'zookeeper getData',
      'zookeeper getData',
      'zookeeper exists',
    ]);
    const [create, read, missing, exists] = spans;
    const [host, port] = (client.server as string).split(':');
    expect(create.kind).toBe(2); // SpanKind.CLIENT
    expect(create.attributes).toMatchObject({
      'zookeeper.operation': 'create',
      'zookeeper.path': path,
      'zookeeper.write': true,
      'zookeeper.result': 'OK',
      'zookeeper.result_code': 0,
      'zookeeper.session_id': `0x${client.sessionId.toString(16)}`,
      'server.address': host,
      'server.port': Number(port),
    });
    expect(create.attributes['zookeeper.zxid']).toMatch(/^0x[0-9a-f]+$/);
    expect(create.attributes['zookeeper.xid']).toBeGreaterThan(0);
    expect(read.attributes['zookeeper.response.size']).toBeGreaterThan('secret-payload-7f3a'.length);
    expect(read.attributes['zookeeper.request.size']).toBeGreaterThan(path.length);
    expect(read.status.code).toBe(SpanStatusCode.UNSET);

    expect(missing.status.code).toBe(SpanStatusCode.ERROR);
    expect(missing.attributes).toMatchObject({
      'zookeeper.result': 'NONODE',
      'zookeeper.result_code': -101,
      'error.type': 'NoNodeError',
    });
    expect(missing.events.map((event) => event.name)).toContain('exception');
    // exists answers a missing node with null: a result, not an error.
    expect(exists.status.code).toBe(SpanStatusCode.UNSET);
    expect(exists.attributes['zookeeper.result']).toBe('NONODE');

    // The data written never appears in any span.
    expect(JSON.stringify(spans.map((span) => [span.attributes, span.events]))).not.toContain('secret-payload');
  });

  it("parents each span on the caller's active span", async () => {
    const client = await clients.connect();
    handle = enableOpenTelemetry({ client, tracerProvider: telemetry.tracerProvider, meterProvider: false });
    const tracer = telemetry.tracerProvider.getTracer('test');
    await tracer.startActiveSpan('handle-request', async (parent) => {
      await client.exists('/');
      parent.end();
    });
    const spans = telemetry.spans.getFinishedSpans();
    const parent = spans.find((span) => span.name === 'handle-request');
    const child = spans.find((span) => span.name === 'zookeeper exists');
    expect(child?.parentSpanContext?.spanId).toBe(parent?.spanContext().spanId);
    expect(child?.spanContext().traceId).toBe(parent?.spanContext().traceId);
  });

  it('instruments only the chosen client, and nothing after disable()', async () => {
    const chosen = await clients.connect();
    const other = await clients.connect();
    handle = enableOpenTelemetry({ client: chosen, tracerProvider: telemetry.tracerProvider, meterProvider: false });
    await other.exists('/');
    await chosen.exists('/');
    expect(telemetry.spans.getFinishedSpans()).toHaveLength(1);
    handle.disable();
    await chosen.exists('/');
    expect(telemetry.spans.getFinishedSpans()).toHaveLength(1);
    // No subscriber is left on the request channel.
    expect(tracingChannel(diagnosticsChannels.request).start.hasSubscribers).toBe(false);
  });
});

describe('OpenTelemetry metrics on a 3-server ensemble', () => {
  let cluster: ZookeeperTestClusterHandle;
  const clients = new Clients(() => ({ connectString: cluster.connectString, sessionTimeoutMs: 6000 }));
  const telemetry = new Telemetry();
  let handle: OpenTelemetryHandle;

  beforeAll(async () => {
    cluster = await ZookeeperTestCluster.start({ size: 3 });
    handle = enableOpenTelemetry({ tracerProvider: telemetry.tracerProvider, meterProvider: telemetry.meterProvider });
  });
  afterAll(async () => {
    handle.disable();
    await clients.closeAll();
    await cluster.stop();
    await telemetry.shutdown();
  });

  it('moves through a session expiry and a failover of the ensemble leader', async () => {
    const election = uniquePath('otel-election');
    const first = await clients.connect();
    const second = await clients.connect();
    const firstElection = new Election(first, election, { identifier: 'first' });
    const secondElection = new Election(second, election, { identifier: 'second' });
    await firstElection.start();
    await firstElection.awaitLeadership();
    await secondElection.start();

    const lockPath = uniquePath('otel-lock');
    const lock = new Lock(second, lockPath);
    await lock.withLock(() => second.exists('/'));

    let seen = await telemetry.metrics();
    expect(total(seen, 'zookeeper.client.leaderships', { 'zookeeper.election.path': election })).toBe(1);
    expect(total(seen, 'zookeeper.client.session.state', { 'zookeeper.session.state': 'CONNECTED' })).toBe(2);
    expect(histogramCount(seen, 'zookeeper.client.lock.wait.duration', { 'zookeeper.lock.outcome': 'acquired' })).toBe(
      1,
    );
    expect(histogramCount(seen, 'zookeeper.client.lock.hold.duration', { 'zookeeper.lock.end': 'released' })).toBe(1);
    expect(total(seen, 'zookeeper.client.locks.held')).toBe(0);
    expect(
      histogramCount(seen, 'zookeeper.client.operation.duration', { 'zookeeper.operation': 'create' }),
    ).toBeGreaterThan(0);
    expect(total(seen, 'zookeeper.client.watches')).toBeGreaterThan(0);

    // The leader's session expires: its term ends, the other process leads.
    const secondLeads = secondElection.awaitLeadership();
    await expireSession(first);
    await waitForState(first, ConnectionState.LOST);
    await secondLeads;
    seen = await telemetry.metrics();
    expect(
      total(seen, 'zookeeper.client.session.transitions', {
        'zookeeper.session.state': 'LOST',
        'zookeeper.session.reason': 'expired',
      }),
    ).toBe(1);
    expect(total(seen, 'zookeeper.client.session.state', { 'zookeeper.session.state': 'LOST' })).toBe(1);
    expect(total(seen, 'zookeeper.client.leaderships', { 'zookeeper.election.path': election })).toBe(1);
    expect(histogramCount(seen, 'zookeeper.client.leadership.duration', { 'zookeeper.election.path': election })).toBe(
      1,
    );
    await firstElection.close();

    // The ensemble's leader dies: its followers drop their clients while a new leader is elected, so the remaining
    // client is suspended and reconnects, and its election term (released on SUSPENDED) ends and starts again.
    const modes = await Promise.all(cluster.servers.map((server) => server.mode()));
    const leader = cluster.servers[modes.indexOf('leader')];
    const reconnectsBefore = total(seen, 'zookeeper.client.reconnects');
    const suspended = waitForState(second, ConnectionState.SUSPENDED);
    await leader.kill();
    await suspended;
    // A request made while suspended waits for the reconnection and succeeds.
    await second.exists('/');
    await waitForState(second, ConnectionState.CONNECTED);
    await secondElection.awaitLeadership();
    seen = await telemetry.metrics();
    expect(
      total(seen, 'zookeeper.client.session.transitions', {
        'zookeeper.session.state': 'SUSPENDED',
        'zookeeper.session.reason': 'disconnected',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect(total(seen, 'zookeeper.client.reconnects')).toBeGreaterThan(reconnectsBefore);
    expect(total(seen, 'zookeeper.client.connection.attempts', { 'zookeeper.reconnect': true })).toBeGreaterThan(0);
    expect(total(seen, 'zookeeper.client.leaderships', { 'zookeeper.election.path': election })).toBe(1);
    expect(histogramCount(seen, 'zookeeper.client.leadership.duration', { 'zookeeper.election.path': election })).toBe(
      2,
    );
    expect(total(seen, 'zookeeper.client.session.state', { 'zookeeper.session.state': 'CONNECTED' })).toBe(1);
    await secondElection.close();
    await leader.start();
    expect(seen.map((m) => m.descriptor.name).sort()).toEqual(
      [
        'zookeeper.client.connection.attempts',
        'zookeeper.client.leaderships',
        'zookeeper.client.leadership.duration',
        'zookeeper.client.lock.hold.duration',
        'zookeeper.client.lock.wait.duration',
        'zookeeper.client.locks.held',
        'zookeeper.client.operation.duration',
        'zookeeper.client.reconnects',
        'zookeeper.client.requests.in_flight',
        'zookeeper.client.requests.queued',
        'zookeeper.client.session.state',
        'zookeeper.client.session.transitions',
        'zookeeper.client.watch.events',
        'zookeeper.client.watches',
      ].sort(),
    );

    // Every request of both clients made a span.
    const spans = telemetry.spans.getFinishedSpans();
    expect(spans.length).toBeGreaterThan(10);
    expect(spans.every((span) => typeof span.attributes['zookeeper.operation'] === 'string')).toBe(true);
  });
});

describe('without OpenTelemetry', () => {
  it('loads nothing of @opentelemetry when it is not enabled', async () => {
    const outcome = await runScript(join(__dirname, '../../support/client-without-opentelemetry.ts'), {
      hangGuardMs: 60000,
    });
    expect(outcome.code).toBe(0);
    expect(JSON.parse(outcome.stdout.trim().split('\n').pop() as string)).toEqual([]);
  });
});
