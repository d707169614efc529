import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ZkTestingError } from './zk-testing.error';

/** A throwaway certificate authority and one server certificate it signed, as PEM files. */
export interface TestCertificates {
  /** The CA certificate (PEM): what a client trusts. */
  caPem: string;
  /** Path of the CA certificate, the servers' trust store. */
  caFile: string;
  /** Path of the server's private key followed by its certificate: the servers' PEM key store. */
  serverKeyStoreFile: string;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new ZkTestingError(`openssl ${args[0]} failed: ${(error as Error).message}\n${stderr}`);
  }
}

/**
 * Generates, with the `openssl` command, a CA and a server certificate for `127.0.0.1` and `localhost` in `dir`. The
 * keys are unencrypted RSA keys valid for a day: test material only.
 */
export function generateTestCertificates(dir: string): TestCertificates {
  mkdirSync(dir, { recursive: true });
  openssl(['genrsa', '-out', 'ca.key', '2048'], dir);
  openssl(
    ['req', '-x509', '-new', '-key', 'ca.key', '-sha256', '-days', '1', '-subj', '/CN=zk-test-ca', '-out', 'ca.pem'],
    dir,
  );
  openssl(['genrsa', '-out', 'server.key', '2048'], dir);
  openssl(['req', '-new', '-key', 'server.key', '-subj', '/CN=localhost', '-out', 'server.csr'], dir);
  writeFileSync(
    join(dir, 'server.ext'),
    'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth,clientAuth\n',
  );
  openssl(
    [
      'x509',
      '-req',
      '-in',
      'server.csr',
      '-CA',
      'ca.pem',
      '-CAkey',
      'ca.key',
      '-CAcreateserial',
      '-days',
      '1',
      '-sha256',
      '-extfile',
      'server.ext',
      '-out',
      'server.pem',
    ],
    dir,
  );
  // ZooKeeper's PEM key store: the key (PKCS#8, as `genrsa` writes with OpenSSL 3) then the certificate.
  const keyStore = join(dir, 'server-keystore.pem');
  writeFileSync(
    keyStore,
    readFileSync(join(dir, 'server.key'), 'utf8') + readFileSync(join(dir, 'server.pem'), 'utf8'),
  );
  const caFile = join(dir, 'ca.pem');
  return { caPem: readFileSync(caFile, 'utf8'), caFile, serverKeyStoreFile: keyStore };
}

/** zoo.cfg lines serving TLS on `securePort` with the given certificates (Netty, PEM stores, no client certs). */
export function tlsConfig(securePort: number, certificates: TestCertificates): Record<string, string | number> {
  return {
    secureClientPort: securePort,
    secureClientPortAddress: '127.0.0.1',
    serverCnxnFactory: 'org.apache.zookeeper.server.NettyServerCnxnFactory',
    'ssl.keyStore.location': certificates.serverKeyStoreFile,
    'ssl.keyStore.type': 'PEM',
    'ssl.trustStore.location': certificates.caFile,
    'ssl.trustStore.type': 'PEM',
    'ssl.clientAuth': 'none',
  };
}

/** SASL settings of the local backend's servers. */
export interface LocalSaslSettings {
  /** DIGEST-MD5 users and their passwords (JAAS `user_<name>="<password>"`). */
  users: Record<string, string>;
  /**
   * Refuse sessions that have not authenticated with SASL (`enforce.auth.enabled=true`, `enforce.auth.schemes=sasl`,
   * `sessionRequireClientSASLAuth=true`). Default false.
   */
  required?: boolean;
}

/**
 * Writes a JAAS file with a `Server` section of DigestLoginModule users to `file`; returns the JVM argument and the
 * zoo.cfg lines that make a server accept SASL DIGEST-MD5.
 */
export function saslServerSetup(
  file: string,
  sasl: LocalSaslSettings,
): { jvmArgs: string[]; config: Record<string, string | boolean> } {
  const quote = (value: string): string => `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const users = Object.entries(sasl.users).map(([name, password]) => `  user_${name}=${quote(password)}`);
  writeFileSync(
    file,
    `Server {\n  org.apache.zookeeper.server.auth.DigestLoginModule required\n${users.join('\n')};\n};\n`,
    { mode: 0o600 },
  );
  const config: Record<string, string | boolean> = {
    'authProvider.1': 'org.apache.zookeeper.server.auth.SASLAuthenticationProvider',
  };
  if (sasl.required) {
    config['enforce.auth.enabled'] = true;
    config['enforce.auth.schemes'] = 'sasl';
    config.sessionRequireClientSASLAuth = true;
  }
  return { jvmArgs: [`-Djava.security.auth.login.config=${file}`], config };
}
