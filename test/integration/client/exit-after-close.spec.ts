import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { sharedConnectString } from '../../support/zk';

/*
 * Once its clients are closed, a process must be able to exit: no timer, socket or session may outlive close(). Proved
 * the hard way in a child process (test/support/exit-after-close.ts) that must exit by itself; jest's own process
 * cannot tell, as `npm test` runs with --forceExit.
 */

const HANG_GUARD_MS = 90000;

function runChild(): Promise<{ code: number | null; output: string; killed: boolean }> {
  const script = join(__dirname, '..', '..', 'support', 'exit-after-close.ts');
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script], {
    env: { ...process.env, ZK_SHARED_CONNECT: sharedConnectString() },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve) => {
    let killed = false;
    // SIGTERM, not SIGKILL: the child then prints what it still has open.
    const guard = setTimeout(() => {
      killed = true;
      child.kill('SIGTERM');
    }, HANG_GUARD_MS);
    child.on('exit', (code) => {
      clearTimeout(guard);
      resolve({ code, output, killed });
    });
  });
}

describe('a process with closed clients', () => {
  it(
    'exits by itself: pipelined reads, a reconnect from a LOST listener, closed mid-handshake, while suspended, after expiry',
    async () => {
      const { code, output, killed } = await runChild();
      expect({ killed, code, output }).toEqual({ killed: false, code: 0, output: 'ALL CLOSED\n' });
    },
    HANG_GUARD_MS + 10000,
  );
});
