import { sleep } from './abortable-sleep';
import { ConnectionLossError, OperationTimeoutError } from './errors';
import { abortError } from './operation-checks';

/**
 * Retry policy with kazoo's KazooRetry semantics: after a failure with a retryable error wait `delay` plus up to
 * `maxJitterMs` of jitter, multiply the delay by `backoff` (capped at `maxDelayMs`), and try again, at most `maxTries`
 * more times (-1: without limit).
 */
export interface RetryOptions {
  /** Retries after the first attempt; -1 retries forever. Default 1 (kazoo's default). */
  maxTries?: number;
  /** First delay between attempts, default 100 ms. */
  delayMs?: number;
  /** Multiplier applied to the delay after each attempt, default 2. */
  backoff?: number;
  /** Random extra wait of 0..maxJitterMs added to every delay, default 100 ms. */
  maxJitterMs?: number;
  /** Upper bound of the delay, default 60 s. */
  maxDelayMs?: number;
}

/** The longest delay a timer can hold. */
const MAX_DELAY_MS = 0x7fffffff;

/** Errors worth retrying: the connection broke or an operation timed out; the session may still be fine. */
export function isRetryable(error: unknown): boolean {
  return error instanceof ConnectionLossError || error instanceof OperationTimeoutError;
}

/** Runs `fn` under a retry policy; the last error is thrown once the tries are spent or a non-retryable one occurs. */
export async function withRetry<T>(
  fn: () => Promise<T>,
  options: RetryOptions = {},
  signal?: AbortSignal,
  shouldStop: () => boolean = () => false,
): Promise<T> {
  const maxTries = options.maxTries ?? 1;
  const backoff = options.backoff ?? 2;
  const maxJitterMs = options.maxJitterMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 60000;
  let delay = options.delayMs ?? 100;
  for (let attempt = 0; ; attempt++) {
    if (signal?.aborted) throw abortError(signal);
    try {
      return await fn();
    } catch (error) {
      if (!isRetryable(error) || attempt === maxTries || shouldStop()) throw error;
    }
    await sleep(Math.min(Math.min(delay, maxDelayMs) + Math.random() * maxJitterMs, MAX_DELAY_MS), signal);
    delay = Math.min(delay * backoff, maxDelayMs);
  }
}

/** Checks retry options before use; returns a reason when they are bad. */
export function invalidRetryOption(options: RetryOptions): string | undefined {
  if (typeof options !== 'object' || options === null) return 'expected an object';
  const { maxTries, delayMs, backoff, maxJitterMs, maxDelayMs } = options;
  if (maxTries !== undefined && (!Number.isInteger(maxTries) || maxTries < -1))
    return 'maxTries must be an integer >= -1';
  for (const [name, value] of Object.entries({ delayMs, backoff, maxJitterMs, maxDelayMs })) {
    if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
      return `${name} must be a finite number >= 0`;
    }
  }
  // Delays are timers: Node fires one longer than 2^31-1 ms at once.
  for (const [name, value] of Object.entries({ delayMs, maxJitterMs, maxDelayMs })) {
    if (value !== undefined && value > MAX_DELAY_MS) return `${name} must be at most 2^31-1 ms`;
  }
  return undefined;
}
