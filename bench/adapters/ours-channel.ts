/**
 * Ours with the least a subscriber on the request TracingChannel can do: count its five events, subscribed the way a
 * user's own `diagnostics_channel` subscriber or an APM agent subscribes. The client builds a request's context and
 * runs it through `tracePromise` only while someone listens, so the ratio to ours is what listening costs at least.
 */
import { tracingChannel } from 'node:diagnostics_channel';
import { diagnosticsChannels } from '../../lib/client';
import { runAdapter } from './node-driver';
import { ours } from './ours';

const events = { start: 0, end: 0, asyncStart: 0, asyncEnd: 0, error: 0 };

tracingChannel(diagnosticsChannels.request).subscribe({
  start: () => events.start++,
  end: () => events.end++,
  asyncStart: () => events.asyncStart++,
  asyncEnd: () => events.asyncEnd++,
  error: () => events.error++,
});

// A run in which the subscriber saw no request, or not every request's end, would pass for ours' figures: fail it.
process.on('exit', (code) => {
  if (code !== 0 || (events.start > 0 && events.asyncEnd === events.start)) return;
  process.stderr.write(`the request TracingChannel published ${JSON.stringify(events)}\n`);
  process.exitCode = 1;
});

void runAdapter(ours);
