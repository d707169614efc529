import { InvalidArgumentError } from './client-api';

/** The default priority of kazoo's queues; lower numbers come out first. */
export const DEFAULT_PRIORITY = 100;

/** Checks a kazoo queue priority: an integer of at most 3 digits, 0 (first) … 999 (last). */
export function checkPriority(priority: number): void {
  if (!Number.isInteger(priority) || priority < 0 || priority > 999) {
    throw new InvalidArgumentError('priority', `expected an integer from 0 to 999, got ${String(priority)}`);
  }
}

/** A priority as kazoo writes it into entry names (`%03d`), which makes name order = priority order, then FIFO. */
export function priorityText(priority: number): string {
  return String(priority).padStart(3, '0');
}
