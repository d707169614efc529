import { spawn } from 'node:child_process';

/** What a child process left: its exit code, its output, and whether the hang guard had to end it. */
export interface ScriptOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr together, in the order they arrived. */
  readonly output: string;
  readonly killed: boolean;
}

export interface ScriptOptions {
  /** Ends a child still running after this long: only a child that cannot exit by itself ever reaches it. */
  readonly hangGuardMs: number;
  /** Added to this process's environment. */
  readonly env?: Record<string, string>;
  /** Given to node before the script (e.g. `--expose-gc`). */
  readonly nodeArgs?: readonly string[];
}

/**
 * Runs a TypeScript script in a child process (ts-node, transpile only) and resolves once it has exited and its output
 * is read in full. The hang guard sends SIGTERM, not SIGKILL: scripts that handle it print what they still have open,
 * the others die of it all the same.
 */
export function runScript(script: string, options: ScriptOptions): Promise<ScriptOutcome> {
  const nodeArgs = options.nodeArgs ?? [];
  const child = spawn(process.execPath, [...nodeArgs, '-r', 'ts-node/register/transpile-only', script], {
    env: { ...process.env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    output += chunk.toString();
  });
  return new Promise((resolve) => {
    let killed = false;
    const guard = setTimeout(() => {
      killed = true;
      child.kill('SIGTERM');
    }, options.hangGuardMs);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr, output, killed });
    });
  });
}
