import { join } from 'node:path';
import { runScript } from '../../support/run-script';
import { sharedConnectString } from '../../support/zk';

/*
 * Once its clients are closed, a process must be able to exit: no timer, socket or session may outlive close(). Proved
 * the hard way in a child process (test/support/exit-after-close.ts) that must exit by itself; jest's own process
 * cannot tell, as `npm test` runs with --forceExit.
 */

const HANG_GUARD_MS = 90000;

describe('a process with closed clients', () => {
  it(
    'exits by itself: pipelined reads, a reconnect from a LOST listener, closed mid-handshake, while suspended, after expiry',
    async () => {
      const { code, output, killed } = await runScript(join(__dirname, '..', '..', 'support', 'exit-after-close.ts'), {
        env: { ZK_SHARED_CONNECT: sharedConnectString() },
        hangGuardMs: HANG_GUARD_MS,
      });
      expect({ killed, code, output }).toEqual({ killed: false, code: 0, output: 'ALL CLOSED\n' });
    },
    HANG_GUARD_MS + 10000,
  );
});
