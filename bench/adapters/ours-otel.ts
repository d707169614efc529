/**
 * Ours with `enableOpenTelemetry()`: a CLIENT span and the metrics of every request, through the OpenTelemetry SDK
 * wired as an application wires it (a BasicTracerProvider with a BatchSpanProcessor, a MeterProvider with a
 * PeriodicExportingMetricReader), short of the export itself, whose cost is the exporter's and the backend's: both
 * exporters are the SDK's in-memory ones. No context manager is registered, as AsyncLocalStorage would tax every
 * promise of the process whatever the client; the spans are then roots.
 */
import { readFileSync } from 'node:fs';
import {
  AggregationTemporality,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { enableOpenTelemetry } from '../../lib/client';
import { runAdapter } from './node-driver';
import { ours } from './ours';

/** The in-memory span exporter keeping only the latest batch, so that memory stays flat however many requests run. */
class LatestBatchSpanExporter extends InMemorySpanExporter {
  override export(...args: Parameters<InMemorySpanExporter['export']>): void {
    this.reset();
    super.export(...args);
  }
}

function sdkVersion(name: string): string {
  return (JSON.parse(readFileSync(require.resolve(`${name}/package.json`), 'utf8')) as { version: string }).version;
}

enableOpenTelemetry({
  tracerProvider: new BasicTracerProvider({
    // The processor exports one batch at a time; with its defaults (512 a batch, 2,048 queued) it dropped spans at
    // 1,000 requests in flight. These sizes keep every span, so that each is paid for in full.
    spanProcessors: [
      new BatchSpanProcessor(new LatestBatchSpanExporter(), { maxExportBatchSize: 4096, maxQueueSize: 65536 }),
    ],
  }),
  meterProvider: new MeterProvider({
    readers: [
      new PeriodicExportingMetricReader({
        exporter: new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE),
      }),
    ],
  }),
});

void runAdapter({
  ...ours,
  version:
    `${ours.version}, @opentelemetry/sdk-trace-base ${sdkVersion('@opentelemetry/sdk-trace-base')}, ` +
    `@opentelemetry/sdk-metrics ${sdkVersion('@opentelemetry/sdk-metrics')}`,
});
