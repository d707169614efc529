import { Injectable } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
  type DataPoint,
  type Histogram,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { tracingChannel } from 'node:diagnostics_channel';
import { ConnectionState, diagnosticsChannels, ZooKeeperClient } from '../../lib/client';
import { InjectZookeeper, ZkLock, ZookeeperModule, ZookeeperModuleError } from '../../lib/nest';
import { waitFor } from '../support/wait-for';
import { sharedConnectString, uniquePath } from '../support/zk';
import { closeApps, startApp } from './src/start-app';

jest.setTimeout(60_000);

describe('ZookeeperModule openTelemetry option', () => {
  const apps: TestingModule[] = [];
  afterEach(async () => closeApps(apps.splice(0)));

  it('records spans and metrics for the module client, from its first connection to its close', async () => {
    const spans = new InMemorySpanExporter();
    const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] });
    const metricsExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
    const reader = new PeriodicExportingMetricReader({ exporter: metricsExporter, exportIntervalMillis: 3_600_000 });
    const meterProvider = new MeterProvider({ readers: [reader] });
    const lockPath = uniquePath('otel-nest-lock');

    @Injectable()
    class Reports {
      constructor(@InjectZookeeper() readonly client: ZooKeeperClient) {}

      @ZkLock(lockPath)
      async write(): Promise<void> {
        await this.client.exists('/');
      }
    }

    const app = await startApp({
      providers: [Reports],
      zookeeper: { openTelemetry: { tracerProvider, meterProvider } },
    });
    apps.push(app);
    const reports = app.get(Reports);
    await reports.write();

    expect(spans.getFinishedSpans().map((span) => span.name)).toContain('zookeeper exists');
    const collect = async () => {
      metricsExporter.reset();
      await reader.forceFlush();
      return metricsExporter
        .getMetrics()
        .flatMap((resource) => resource.scopeMetrics.flatMap((scope) => scope.metrics));
    };
    // @ZkLock releases after the method has returned: wait for the hold to be recorded.
    const metrics = await waitFor('the lock hold to be recorded', async () => {
      const all = await collect();
      return all.some((m) => m.descriptor.name === 'zookeeper.client.lock.hold.duration') && all;
    });
    const transitions = metrics.find((m) => m.descriptor.name === 'zookeeper.client.session.transitions');
    // Enabled before connect(): the first CONNECTED is counted.
    expect(
      (transitions?.dataPoints as DataPoint<number>[]).find(
        (point) => point.attributes['zookeeper.session.state'] === ConnectionState.CONNECTED,
      )?.value,
    ).toBe(1);
    const waits = metrics.find((m) => m.descriptor.name === 'zookeeper.client.lock.wait.duration');
    expect((waits?.dataPoints as DataPoint<Histogram>[]).map((point) => point.attributes)).toEqual([
      { 'zookeeper.lock.kind': 'lock', 'zookeeper.lock.outcome': 'acquired' },
    ]);

    await app.close();
    apps.splice(0);
    // The module's subscriptions end with the application.
    expect(tracingChannel(diagnosticsChannels.request).start.hasSubscribers).toBe(false);
    await tracerProvider.shutdown();
    await meterProvider.shutdown();
  });

  it('fails bootstrap with a message naming the client and the option when it is not an object', async () => {
    const failed = startApp({
      withDefaultClient: false,
      imports: [
        ZookeeperModule.forRoot({
          connectString: sharedConnectString(),
          openTelemetry: 'yes' as unknown as boolean,
        }),
      ],
    });
    await expect(failed).rejects.toBeInstanceOf(ZookeeperModuleError);
    await expect(failed).rejects.toThrow(
      /"default" has invalid options.*openTelemetry must be true, false or an object/,
    );
  });
});
