import { join } from 'node:path';
import { runScript } from '../../support/run-script';
import { sharedConnectString } from '../../support/zk';

/*
 * Memory stays flat over 100,000 operations and 1,000 reconnects. Measured in a child process started with
 * --expose-gc (support/memory-soak.ts), as heap growth after forced GCs — never as time. A leak grows linearly with
 * the work done, so each bound compares the second half of the work with the first: the heap after a forced GC may
 * not grow by more than a small, fixed amount across 50,000 operations or 500 reconnects. MEMORY_SELF_CHECK=leak
 * makes the soak keep ~40 bytes per operation, which this test must then catch (it does: +1.9 MiB).
 */

interface MemoryResult {
  operations: number;
  watchesFired: number;
  reconnects: number;
  sessionsKept: boolean;
  durationsMs: { operations: number; reconnects: number };
  heap: Record<'beforeOps' | 'midOps' | 'afterOps' | 'beforeReconnects' | 'midReconnects' | 'afterReconnects', number>;
}

/** 1 MiB over 50,000 operations is 20 bytes each: a Packet, a promise or a listener kept per request is far more. */
const OPS_BOUND = 1024 * 1024;
/** 1 MiB over 500 reconnects is 2 KiB each: a Connection, a socket or its 16 KiB scratch buffer kept is more. */
const RECONNECT_BOUND = 1024 * 1024;
const HANG_GUARD_MS = 150000;

describe('memory under load (real server)', () => {
  it(
    'stays flat over 100,000 operations and 1,000 reconnects',
    async () => {
      const { code, output } = await runScript(join(__dirname, 'support', 'memory-soak.ts'), {
        env: { ZK_SHARED_CONNECT: sharedConnectString() },
        nodeArgs: ['--expose-gc'],
        hangGuardMs: HANG_GUARD_MS,
      });
      expect({ code, output: output.slice(-2000) }).toMatchObject({ code: 0 });
      const line = output.split('\n').find((l) => l.startsWith('MEMORY_RESULT '));
      const result = JSON.parse((line as string).slice('MEMORY_RESULT '.length)) as MemoryResult;
      const { heap } = result;
      const mib = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(2)} MiB`;
      console.log(
        `${JSON.stringify(result.durationsMs)} heap + external after GC: ops ${mib(heap.beforeOps)} -> ${mib(heap.midOps)} -> ${mib(heap.afterOps)}; ` +
          `reconnects ${mib(heap.beforeReconnects)} -> ${mib(heap.midReconnects)} -> ${mib(heap.afterReconnects)}`,
      );

      expect(result.operations).toBe(100000);
      expect(result.reconnects).toBeGreaterThanOrEqual(1000);
      expect(result.watchesFired).toBeGreaterThan(0);
      expect(result.sessionsKept).toBe(true);
      expect(heap.afterOps - heap.midOps).toBeLessThan(OPS_BOUND);
      expect(heap.afterReconnects - heap.midReconnects).toBeLessThan(RECONNECT_BOUND);
    },
    HANG_GUARD_MS + 10000,
  );
});
