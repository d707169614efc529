import { getEventListeners } from 'node:events';
import * as clientEntry from '../../../lib/client';
import { sleep } from '../../../lib/client/abortable-sleep';
import { withRetry } from '../../../lib/client/retry';
import * as recipesEntry from '../../../lib/recipes';

/* The one abortable sleep of the library: the client's retries and the recipes' back-offs both wait with it. */

describe('sleep (internal, shared by retry and the recipes)', () => {
  afterEach(() => jest.useRealTimers());

  it('resolves after the delay and leaves no abort listener on the signal', async () => {
    jest.useFakeTimers();
    const controller = new AbortController();
    let resolved = false;
    const slept = sleep(50, controller.signal).then(() => (resolved = true));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(1);
    await jest.advanceTimersByTimeAsync(49);
    expect(resolved).toBe(false);
    await jest.advanceTimersByTimeAsync(1);
    await slept;
    expect(resolved).toBe(true);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it("rejects with the signal's reason as soon as it aborts, clearing its timer", async () => {
    jest.useFakeTimers();
    const controller = new AbortController();
    const slept = sleep(60_000, controller.signal);
    const reason = new Error('stop');
    controller.abort(reason);
    await expect(slept).rejects.toBe(reason);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('rejects at once, without a timer, when the signal has already aborted (an AbortError without a reason)', async () => {
    jest.useFakeTimers();
    const controller = new AbortController();
    controller.abort();
    await expect(sleep(60_000, controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(jest.getTimerCount()).toBe(0);
  });

  it('stops a retry back-off when the signal aborts mid-wait', async () => {
    const controller = new AbortController();
    const reason = new Error('stop');
    const retrying = withRetry(
      () => {
        setTimeout(() => controller.abort(reason), 10);
        return Promise.reject(new clientEntry.ConnectionLossError());
      },
      { maxTries: 1, delayMs: 60_000, maxJitterMs: 0 },
      controller.signal,
    );
    await expect(retrying).rejects.toBe(reason);
  });

  it('is not part of the public API', () => {
    expect(clientEntry).not.toHaveProperty('sleep');
    expect(recipesEntry).not.toHaveProperty('sleep');
  });
});
