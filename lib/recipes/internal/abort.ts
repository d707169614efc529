import { isAbortSignal, signalError } from './client-api';

/**
 * Throws the signal's reason when it is already aborted, so a call with a dead signal does no work at all; a `signal`
 * that is not an AbortSignal is an InvalidArgumentError naming it.
 */
export function throwIfAborted(signal: AbortSignal | undefined): void {
  checkSignalArgument(signal);
  if (signal?.aborted) throw abortReason(signal);
}

/**
 * Throws InvalidArgumentError naming `signal` when it is neither undefined nor an AbortSignal; an aborted one passes, for
 * the calls that answer at once without waiting (already leading, already acquired) whatever the signal.
 */
export function checkSignalArgument(signal: unknown): void {
  if (signal !== undefined && !isAbortSignal(signal)) throw signalError(signal);
}

/** The error an aborted wait rejects with: the signal's own reason, or a DOMException-style AbortError. */
export function abortReason(signal: AbortSignal): unknown {
  if (signal.reason !== undefined) return signal.reason;
  const error = new Error('The operation was aborted');
  error.name = 'AbortError';
  return error;
}

/** One signal that aborts when any of the given ones does; `undefined` entries are ignored. */
export function anySignal(...signals: (AbortSignal | undefined)[]): AbortSignal | undefined {
  const present = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (present.length <= 1) return present[0];
  return AbortSignal.any(present);
}
