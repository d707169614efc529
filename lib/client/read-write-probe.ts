import type { ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { sendWord } from './four-letter-word';
import type { HostAddress } from './host-provider';

const FIRST_DELAY_MS = 100;
const MAX_DELAY_MS = 60000;

/**
 * Asks one server `isro` (over TLS with `tls`, as the session connects); resolves true when it answers `rw` (it serves
 * writes), false on anything else, a failure or silence included.
 */
export function servesWrites(
  address: HostAddress,
  timeoutMs: number,
  tls: TlsConnectionOptions | undefined,
): Promise<boolean> {
  return sendWord(address, 'isro', timeoutMs, tls).then(
    (answer) => answer.trim() === 'rw',
    () => false,
  );
}

/**
 * While the client sits on a read-only server, looks for a read-write one as Java's ClientCnxn does: every server but
 * the current one is asked `isro`, first after 100 ms, then at doubling intervals up to a minute. The first that
 * answers `rw` is reported once and the probe stops. With `tls` the question goes over TLS, for servers that listen
 * on their `secureClientPort` only.
 */
export class ReadWriteProbe {
  private timer: NodeJS.Timeout | undefined;
  private delayMs = FIRST_DELAY_MS;
  private stopped = false;

  constructor(
    private readonly candidates: readonly HostAddress[],
    private readonly onFound: (address: HostAddress) => void,
    private readonly tls: TlsConnectionOptions | undefined,
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
      if (await servesWrites(address, 1000, this.tls)) {
        if (this.stopped) return;
        this.stopped = true;
        this.onFound(address);
        return;
      }
    }
    this.schedule();
  }
}
