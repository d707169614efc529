import { connect } from 'node:net';
import type { HostAddress } from './host-provider';

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 60000;

/** Asks one server `isro`; resolves true when it answers `rw` (it serves writes), false on anything else. */
function servesWrites(address: HostAddress, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect({ host: address.host, port: address.port });
    socket.setTimeout(timeoutMs, () => socket.destroy());
    socket.on('connect', () => socket.end('isro'));
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    socket.on('close', () => resolve(answer.trim() === 'rw'));
  });
}

/**
 * While the client sits on a read-only server, looks for a read-write one as Java's ClientCnxn does: every server but
 * the current one is asked `isro`, first after 100 ms, then at doubling intervals up to a minute. The first that
 * answers `rw` is reported once and the probe stops.
 */
export class ReadWriteProbe {
  private timer: NodeJS.Timeout | undefined;
  private delayMs = FIRST_DELAY_MS;
  private stopped = false;

  constructor(
    private readonly candidates: readonly HostAddress[],
    private readonly onFound: (address: HostAddress) => void,
  ) {}

  start(): void {
    if (this.candidates.length === 0) return;
    this.schedule();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.round(), this.delayMs);
    this.timer.unref();
    this.delayMs = Math.min(this.delayMs * 2, MAX_DELAY_MS);
  }

  private async round(): Promise<void> {
    for (const address of this.candidates) {
      if (this.stopped) return;
      if (await servesWrites(address, 1000)) {
        if (this.stopped) return;
        this.stopped = true;
        this.onFound(address);
        return;
      }
    }
    this.schedule();
  }
}
