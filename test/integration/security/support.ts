import { readFileSync } from 'node:fs';
import type { ZooKeeperLogger } from '../../../lib/client';
import type { ZookeeperTestServer } from '../../../lib/testing';

/** A logger that keeps every line (message and meta, errors with their stacks and causes) at every level. */
export class CapturingLogger implements ZooKeeperLogger {
  readonly lines: string[] = [];

  private record(level: string, message: string, meta: unknown[]): void {
    this.lines.push(`${level} ${message} ${meta.map(describe).join(' ')}`);
  }

  debug(message: string, ...meta: unknown[]): void {
    this.record('debug', message, meta);
  }
  info(message: string, ...meta: unknown[]): void {
    this.record('info', message, meta);
  }
  warn(message: string, ...meta: unknown[]): void {
    this.record('warn', message, meta);
  }
  error(message: string, ...meta: unknown[]): void {
    this.record('error', message, meta);
  }

  get text(): string {
    return this.lines.join('\n');
  }
}

/** Everything an error says about itself: message, stack and the chain of causes. */
export function describe(value: unknown): string {
  const seen = new Set<unknown>();
  const parts: string[] = [];
  let current: unknown = value;
  while (current !== undefined && current !== null && !seen.has(current)) {
    seen.add(current);
    if (current instanceof Error) {
      parts.push(current.message, current.stack ?? '', JSON.stringify({ ...current }));
      current = current.cause;
    } else {
      parts.push(typeof current === 'string' ? current : JSON.stringify(current));
      break;
    }
  }
  return parts.join('\n');
}

/** The last lines of a server's log, for failure messages. */
export function serverLogTail(server: ZookeeperTestServer, lines = 40): string {
  try {
    return readFileSync(server.logFile as string, 'utf8')
      .split('\n')
      .slice(-lines)
      .join('\n');
  } catch {
    return '(no server log)';
  }
}
