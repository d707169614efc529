import type { LocalSaslSettings } from './security-material';

/** Settings of servers the local backend runs. */
export interface LocalServerSettings {
  /**
   * ZooKeeper's tick in ms (default 250); sessions may last from 2 ticks to `maxSessionTimeoutMs`. Short so expiry
   * tests are quick.
   */
  tickTimeMs: number;
  /** The longest session timeout the servers grant, in ms (zoo.cfg `maxSessionTimeout`; default 60000). */
  maxSessionTimeoutMs: number;
  /** How long `start()` waits for servers to serve. */
  startTimeoutMs: number;
  /** Extra lines for zoo.cfg. */
  extraConfig: Record<string, string | number | boolean>;
  /** Extra JVM arguments (heap, system properties). */
  jvmArgs: string[];
  /**
   * Serve TLS too: a `secureClientPort` (Netty, PEM stores) with a certificate for 127.0.0.1 from a CA generated with
   * `openssl` for this cluster; each server's `tls` gives the port, the CA PEM and its connect string. Default false.
   */
  tls: boolean;
  /** Accept SASL DIGEST-MD5 logins of these users (a JAAS `Server` section), optionally requiring them. */
  sasl?: LocalSaslSettings;
}

/** The settings a local cluster starts with when the caller overrides none. */
export const DEFAULT_LOCAL_SETTINGS: LocalServerSettings = {
  tickTimeMs: 250,
  maxSessionTimeoutMs: 60000,
  startTimeoutMs: 60000,
  extraConfig: {},
  jvmArgs: [],
  tls: false,
};
