import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import { ZkUsageError } from '../../protocol/zk-error';
import type { ZooKeeperClient } from '../zookeeper-client';
import { ChannelSubscriptions } from './channel-subscriptions';
import { recordClientMetrics } from './client-metrics';
import { followRequests, type OpenTelemetryApi, type RequestOutcome } from './request-spans';

/** The instrumentation scope of our spans and metrics. */
const SCOPE = 'nestjs-zookeeper';

/** Anything that hands out tracers, as `@opentelemetry/api`'s TracerProvider does (typed here so `@opentelemetry/api` stays optional). */
export interface OpenTelemetryTracerProvider {
  /** Returns the tracer of an instrumentation scope. */
  getTracer(name: string, version?: string): unknown;
}

/** Anything that hands out meters, as `@opentelemetry/api`'s MeterProvider does. */
export interface OpenTelemetryMeterProvider {
  /** Returns the meter of an instrumentation scope. */
  getMeter(name: string, version?: string): unknown;
}

/** Options of {@link enableOpenTelemetry}. */
export interface OpenTelemetryOptions {
  /** Instrument only this client (default: every client of the process). */
  client?: ZooKeeperClient;
  /** Where spans go: default the global provider of `@opentelemetry/api`; `false` for no spans. */
  tracerProvider?: OpenTelemetryTracerProvider | false;
  /** Where metrics go: default the global provider of `@opentelemetry/api`; `false` for no metrics. */
  meterProvider?: OpenTelemetryMeterProvider | false;
}

/** What {@link enableOpenTelemetry} returns: stops what it started. */
export interface OpenTelemetryHandle extends Disposable {
  /** Stops the spans and metrics of this call (unsubscribes from the channels, removes the gauges' callbacks). */
  disable(): void;
}

/**
 * Turns on OpenTelemetry spans and metrics for ZooKeeper clients (all of the process, or `options.client`):
 * a CLIENT span per request, and the metrics listed in docs/observability.md (operation durations, session states and
 * transitions, reconnects, requests in flight and queued, watches, lock waits and holds, leaderships). It subscribes
 * to this package's diagnostics channels, so nothing of it runs until it is called.
 *
 * `@opentelemetry/api` is an optional peer dependency, loaded by this call only: install it (and an SDK) to use it.
 * Each call adds its own subscriptions: enable once per client, or once for all (not both, or events count twice).
 *
 * @example
 * const telemetry = enableOpenTelemetry({ client });
 * // … on shutdown:
 * telemetry.disable();
 */
export function enableOpenTelemetry(options: OpenTelemetryOptions = {}): OpenTelemetryHandle {
  if (options === null || typeof options !== 'object') {
    throw new ZkUsageError(`enableOpenTelemetry: options must be an object, got ${String(options)}`);
  }
  const api = loadApi();
  const version = packageVersion();
  const subscriptions = new ChannelSubscriptions(options.client);
  const tracer =
    options.tracerProvider === false
      ? undefined
      : ((options.tracerProvider ?? api.trace.getTracerProvider()) as TracerProvider).getTracer(SCOPE, version);
  let onEnd: (outcome: RequestOutcome) => void = () => undefined;
  if (options.meterProvider !== false) {
    const meter = ((options.meterProvider ?? api.metrics.getMeterProvider()) as MeterProvider).getMeter(SCOPE, version);
    onEnd = recordClientMetrics(meter, subscriptions);
  }
  if (tracer !== undefined || options.meterProvider !== false) followRequests(api, subscriptions, tracer, onEnd);
  let enabled = true;
  const disable = (): void => {
    if (!enabled) return;
    enabled = false;
    subscriptions.close();
  };
  return { disable, [Symbol.dispose]: disable };
}

function loadApi(): OpenTelemetryApi {
  try {
    // Required here, not imported: applications that never enable OpenTelemetry need not install it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require('@opentelemetry/api') as OpenTelemetryApi;
  } catch (error) {
    throw new ZkUsageError(
      'enableOpenTelemetry needs the optional peer dependency @opentelemetry/api: npm install @opentelemetry/api ' +
        '(and an SDK such as @opentelemetry/sdk-node to export what it records)',
      { cause: error },
    );
  }
}

function packageVersion(): string | undefined {
  try {
    // From dist/client/opentelemetry (or lib/client/opentelemetry) up to the package root.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return (require('../../../package.json') as { version?: string }).version;
  } catch {
    return undefined;
  }
}
