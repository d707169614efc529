import {
  ConnectionLossError,
  NoNodeError,
  OperationTimeoutError,
  SessionExpiredError,
} from '../../../lib/client/errors';
import { invalidRetryOption, isRetryable, withRetry } from '../../../lib/client/retry';

const fast = { delayMs: 1, maxJitterMs: 0 };

describe('withRetry (KazooRetry semantics)', () => {
  it('retries connection loss and operation timeouts up to maxTries more times', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw new ConnectionLossError();
        if (calls === 2) throw new OperationTimeoutError();
        return 'done';
      },
      { ...fast, maxTries: 2 },
    );
    expect(result).toBe('done');
    expect(calls).toBe(3);
  });

  it('throws the last error once the tries are spent (default: one retry)', async () => {
    let calls = 0;
    const failing = async (): Promise<never> => {
      calls++;
      throw new ConnectionLossError(`attempt ${calls}`);
    };
    await expect(withRetry(failing, fast)).rejects.toThrow('attempt 2');
    expect(calls).toBe(2);
  });

  it('does not retry other errors, nor a lost session', async () => {
    for (const error of [new NoNodeError(), new SessionExpiredError(), new Error('bug')]) {
      let calls = 0;
      await expect(
        withRetry(async () => {
          calls++;
          throw error;
        }, fast),
      ).rejects.toBe(error);
      expect(calls).toBe(1);
    }
    expect(isRetryable(new ConnectionLossError())).toBe(true);
    expect(isRetryable(new NoNodeError())).toBe(false);
  });

  it('retries forever with maxTries -1 until it works, growing the delay by backoff up to maxDelayMs', async () => {
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 6) throw new ConnectionLossError();
        return calls;
      },
      { maxTries: -1, delayMs: 1, backoff: 2, maxDelayMs: 4, maxJitterMs: 0 },
    );
    expect(result).toBe(6);
  });

  it('stops when the signal aborts, and when told the client is gone', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stop'));
    await expect(withRetry(async () => 1, fast, controller.signal)).rejects.toThrow('stop');
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new ConnectionLossError();
        },
        { ...fast, maxTries: -1 },
        undefined,
        () => calls >= 3,
      ),
    ).rejects.toBeInstanceOf(ConnectionLossError);
    expect(calls).toBe(3);
  });

  it('validates its options', () => {
    expect(invalidRetryOption({ maxTries: -2 })).toMatch(/maxTries/);
    expect(invalidRetryOption({ delayMs: -1 })).toMatch(/delayMs/);
    expect(invalidRetryOption({ backoff: Number.NaN })).toMatch(/backoff/);
    expect(invalidRetryOption({ maxTries: -1, delayMs: 0 })).toBeUndefined();
  });
});
