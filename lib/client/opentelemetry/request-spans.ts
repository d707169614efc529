import type { Attributes, Span, Tracer } from '@opentelemetry/api';
import { channels } from '../diagnostics-channels';
import type { RequestTraceContext } from '../diagnostics';
import { errorCodeName } from '../../protocol/error-codes';
import { ZooKeeperError } from '../../protocol/zookeeper-error';
import type { ChannelSubscriptions } from './channel-subscriptions';

/** What the bridge needs of `@opentelemetry/api`, loaded by the caller only when OpenTelemetry is enabled. */
export type OpenTelemetryApi = typeof import('@opentelemetry/api');

/** What one request's end tells its observers: its name, the result to report and how long it took. */
export interface RequestOutcome {
  readonly op: string;
  /** The reply's code name (`OK`, `NONODE`, …), or the error's kind when no reply came (`CONNECTIONLOSS`, `ABORTED`). */
  readonly result: string;
  readonly seconds: number;
}

/** The result name of a request that ended: its reply's code, else what its error says. */
export function resultOf(context: RequestTraceContext): string {
  if (context.resultCode !== undefined) return errorCodeName(context.resultCode);
  const error = context.error;
  if (error === undefined) return 'OK';
  if (error instanceof ZooKeeperError) return error.codeName;
  if (error instanceof Error && error.name === 'AbortError') return 'ABORTED';
  return 'ERROR';
}

/**
 * Follows the request TracingChannel: a CLIENT span per request (when a tracer is given), child of the caller's active
 * context, and `onEnd` for metrics. Span attributes never carry data bytes, ACLs or credentials: the operation, path,
 * xid, session, server, sizes, result code and the reply's zxid.
 */
export function followRequests(
  api: OpenTelemetryApi,
  subscriptions: ChannelSubscriptions,
  tracer: Tracer | undefined,
  onEnd: (outcome: RequestOutcome) => void,
): void {
  const started = new WeakMap<RequestTraceContext, { span: Span | undefined; at: number }>();
  const start = (message: unknown): void => {
    const context = message as RequestTraceContext;
    if (!subscriptions.wants(context.client)) return;
    let span: Span | undefined;
    if (tracer !== undefined) {
      const attributes: Attributes = { 'zookeeper.operation': context.op, 'zookeeper.write': context.isWrite };
      if (context.path !== undefined) attributes['zookeeper.path'] = context.path;
      span = tracer.startSpan(
        `zookeeper ${context.op}`,
        { kind: api.SpanKind.CLIENT, attributes },
        api.context.active(),
      );
    }
    started.set(context, { span, at: performance.now() });
  };
  const asyncEnd = (message: unknown): void => {
    const context = message as RequestTraceContext;
    const entry = started.get(context);
    if (entry === undefined) return;
    started.delete(context);
    const result = resultOf(context);
    if (entry.span !== undefined) endSpan(api, entry.span, context, result);
    onEnd({ op: context.op, result, seconds: (performance.now() - entry.at) / 1000 });
  };
  // The two events needed, not the whole TracingChannel: subscribers of the others would only cost.
  const { start: startChannel, asyncEnd: endChannel } = channels.request;
  startChannel.subscribe(start);
  endChannel.subscribe(asyncEnd);
  subscriptions.add(() => {
    startChannel.unsubscribe(start);
    endChannel.unsubscribe(asyncEnd);
  });
}

function endSpan(api: OpenTelemetryApi, span: Span, context: RequestTraceContext, result: string): void {
  const attributes: Attributes = { 'zookeeper.result': result };
  if (context.resultCode !== undefined) attributes['zookeeper.result_code'] = context.resultCode;
  if (context.xid !== undefined) attributes['zookeeper.xid'] = context.xid;
  if (context.sessionId !== undefined) attributes['zookeeper.session_id'] = context.sessionId;
  if (context.zxid !== undefined) attributes['zookeeper.zxid'] = `0x${context.zxid.toString(16)}`;
  if (context.bytesOut !== undefined) attributes['zookeeper.request.size'] = context.bytesOut;
  if (context.bytesIn !== undefined) attributes['zookeeper.response.size'] = context.bytesIn;
  if (context.server !== undefined) {
    const colon = context.server.lastIndexOf(':');
    attributes['server.address'] = context.server.slice(0, colon).replace(/^\[|\]$/g, '');
    attributes['server.port'] = Number(context.server.slice(colon + 1));
  }
  span.setAttributes(attributes);
  const error = context.error;
  if (error !== undefined) {
    const name = error instanceof Error ? error.name : 'Error';
    span.setAttribute('error.type', name);
    if (error instanceof Error) span.recordException(error);
    span.setStatus({ code: api.SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
  }
  span.end();
}
