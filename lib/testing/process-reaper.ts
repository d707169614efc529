import { ChildProcess, spawn } from 'node:child_process';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

function killAllSync(): void {
  for (const child of live) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

/**
 * Makes sure `child` does not outlive this Node process: it is killed on a normal exit, and a detached watchdog
 * shell kills it within a second when this process dies without running exit hooks (SIGKILL, a crashed test worker).
 */
export function reapWithParent(child: ChildProcess): void {
  if (child.pid === undefined) return;
  live.add(child);
  child.once('exit', () => live.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killAllSync);
  }
  const watchdog = spawn(
    'bash',
    [
      '-c',
      'while kill -0 "$1" 2>/dev/null && kill -0 "$2" 2>/dev/null; do sleep 1; done; kill -9 "$2" 2>/dev/null; exit 0',
      'zk-reaper',
      String(process.pid),
      String(child.pid),
    ],
    { detached: true, stdio: 'ignore' },
  );
  watchdog.unref();
  child.once('exit', () => {
    if (watchdog.exitCode === null) watchdog.kill('SIGKILL');
  });
}
