import { connect, isIP, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions as TlsConnectionOptions } from 'node:tls';
import { formatHost, type HostAddress } from './host-provider';

/**
 * Sends a four-letter word to `address` and resolves with the whole answer: the server closes the connection after
 * answering. With `tls` it goes over TLS, as the client's own connections do, so a server that listens only on its
 * `secureClientPort` answers too. Rejects with the socket's error (a TLS one carries its reason in `code`), or after
 * `timeoutMs` of silence.
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
    socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`'${word}' to ${formatHost(address)} timed out`)));
    socket.once(tls === undefined ? 'connect' : 'secureConnect', () => socket.end(word));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', (hadError) => {
      if (!hadError) resolve(Buffer.concat(chunks).toString('utf8'));
    });
  });
}
