import { connect } from 'node:net';
import { ZkTestingError } from './zk-testing.error';

/**
 * Sends a four-letter word (`ruok`, `srvr`, `mntr`, …) to a server and resolves with its whole answer. The server
 * closes the connection after answering; a refused or silent server rejects within `timeoutMs`.
 */
export function sendFourLetterWord(host: string, port: number, word: string, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs, () => socket.destroy(new ZkTestingError(`'${word}' to ${host}:${port} timed out`)));
    socket.on('connect', () => socket.end(word));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', (hadError) => {
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}

/** The role a server reports in its `srvr` answer. */
export type ServerMode = 'leader' | 'follower' | 'observer' | 'standalone' | 'read-only' | 'not serving';

/** Parses the `Mode:` line of a `srvr` answer. */
export function parseServerMode(srvr: string): ServerMode {
  const match = /^Mode: (\S+)/m.exec(srvr);
  if (!match) return 'not serving';
  const mode = match[1];
  return mode === 'leader' ||
    mode === 'follower' ||
    mode === 'observer' ||
    mode === 'standalone' ||
    mode === 'read-only'
    ? mode
    : 'not serving';
}
