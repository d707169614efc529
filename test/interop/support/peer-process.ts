import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';

/** How long a peer may take to say something before the test gives up: a hang guard, not a speed assertion. */
const LINE_LIMIT_MS = 45000;

/**
 * A peer (kazoo or Curator) running as a child process: its stdout lines are its reports, lines written to its stdin
 * are go-ahead signals. Killed by `stop()` if still running.
 */
export class PeerProcess {
  private readonly lines: string[] = [];
  private stderr = '';
  private readonly waiters = new Set<() => void>();
  private readonly exited: Promise<number | null>;

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    let partial = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      partial += chunk;
      const complete = partial.split('\n');
      partial = complete.pop() ?? '';
      this.lines.push(...complete.map((line) => line.trim()).filter((line) => line !== ''));
      for (const wake of [...this.waiters]) wake();
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      this.stderr += chunk;
    });
    this.exited = new Promise((resolve) => {
      child.on('exit', (code) => {
        for (const wake of [...this.waiters]) wake();
        resolve(code);
      });
    });
  }

  /** Starts `command args…`. */
  static start(command: string, args: string[]): PeerProcess {
    return new PeerProcess(spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  /** Every line reported so far. */
  get output(): readonly string[] {
    return this.lines;
  }

  /** How many reported lines equal `line`. */
  count(line: string): number {
    return this.lines.filter((reported) => reported === line).length;
  }

  /** Resolves with the `occurrence`-th (1-based) line matching `pattern`; rejects if the peer exits or goes silent. */
  waitForLine(pattern: RegExp, occurrence = 1): Promise<string> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const matching = this.lines.filter((line) => pattern.test(line));
        if (matching.length >= occurrence) {
          finish();
          resolve(matching[occurrence - 1]);
        } else if (this.child.exitCode !== null || this.child.signalCode !== null) {
          finish();
          reject(new Error(`peer exited before reporting ${pattern}: ${this.describe()}`));
        }
      };
      const timer = setTimeout(() => {
        finish();
        reject(new Error(`peer did not report ${pattern} within ${LINE_LIMIT_MS} ms: ${this.describe()}`));
      }, LINE_LIMIT_MS);
      const finish = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Sends one line to the peer's stdin. */
  send(line: string): void {
    this.child.stdin.write(`${line}\n`);
  }

  /** Resolves with the exit code once the peer ends by itself. */
  async exitCode(): Promise<number | null> {
    const code = await this.exited;
    if (code !== 0) throw new Error(`peer failed with exit code ${String(code)}: ${this.describe()}`);
    return code;
  }

  /** Kills the peer if it is still running and waits for it to go. */
  async stop(): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
    await this.exited;
  }

  private describe(): string {
    return `stdout=${JSON.stringify(this.lines)} stderr=${this.stderr.slice(-2000)}`;
  }
}
