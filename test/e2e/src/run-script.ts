import { spawn } from 'node:child_process';

/** What a child process left: its exit code, its output, and whether the hang guard had to end it. */
export interface ScriptOutcome {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly killed: boolean;
}

/**
 * Runs a TypeScript script in a child process (ts-node, transpile only) with `env` added to this process's, and
 * resolves when it exits. A child still running after `hangGuardMs` gets SIGTERM (scripts print what they still have
 * open on it): only a child that cannot exit by itself ever reaches the guard.
 */
export function runScript(script: string, env: Record<string, string>, hangGuardMs: number): Promise<ScriptOutcome> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => {
    let killed = false;
    const guard = setTimeout(() => {
      killed = true;
      child.kill('SIGTERM');
    }, hangGuardMs);
    child.on('close', (code) => {
      clearTimeout(guard);
      resolve({ code, stdout, stderr, killed });
    });
  });
}
