import { connect, isIP, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { ConnectionLossError, OperationTimeoutError } from './errors';
import { formatHost, type HostAddress } from './host-provider';

/**
 * Sends a four-letter word to `address` and resolves with the whole answer: the server closes the connection after
 * answering. With `tls` it goes over TLS, as the client's own connections do, so a server that listens only on its
 * `secureClientPort` answers too. Rejects with a ConnectionLossError carrying the socket's error (a TLS one's reason,
 * in its `code`, is in the message), or an OperationTimeoutError after `timeoutMs` of silence.
 */
export function sendWord(
  address: HostAddress,
  word: string,
  timeoutMs: number,
  tls: TlsConnectionOptions | undefined,
): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const socket: Socket =
      tls === undefined
        ? connect({ host: address.host, port: address.port })
        : connectTls({
            ...tls,
            host: address.host,
            port: address.port,
            // SNI as Connection sends it: host names only (an IP address is still checked against the certificate).
            servername: tls.servername ?? (isIP(address.host) === 0 ? address.host : undefined),
          });
    const where = `'${word}' to ${formatHost(address)}`;
    socket.setTimeout(timeoutMs, () =>
      socket.destroy(new OperationTimeoutError(`${where} timed out`, { op: 'fourLetterWord' })),
    );
    socket.once(tls === undefined ? 'connect' : 'secureConnect', () => socket.end(word));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error instanceof OperationTimeoutError) reject(error);
      else {
        const code = error.code !== undefined && !error.message.includes(error.code) ? ` (${error.code})` : '';
        reject(new ConnectionLossError(`${where}: ${error.message}${code}`, { op: 'fourLetterWord', cause: error }));
      }
    });
    socket.on('close', (hadError) => {
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}
