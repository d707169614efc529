/**
 * ZooKeeper's error codes as the server sends them in a reply header (KeeperException.Code), plus the codes the
 * client raises itself (CONNECTIONLOSS, SESSIONEXPIRED after a LOST session, OPERATIONTIMEOUT when `connect()` times
 * out, MARSHALLINGERROR for bytes that do not parse, AUTHFAILED for a refused identity).
 */
export enum ErrorCode {
  /** Success; seen in multi results for the ops before the failing one. */
  OK = 0,
  /** Marks the start of the system-error range (-1 to -99); the server does not send it itself. */
  SYSTEMERROR = -1,
  /** A runtime inconsistency; in a failed transaction, the result of every op after the failing one. */
  RUNTIMEINCONSISTENCY = -2,
  /** The server found its data inconsistent. */
  DATAINCONSISTENCY = -3,
  /** The connection to the server broke (or none came back in time); the session may still be alive. */
  CONNECTIONLOSS = -4,
  /** A request or reply could not be serialised or parsed (this client's ProtocolError). */
  MARSHALLINGERROR = -5,
  /** The server does not implement the operation (e.g. an op newer than the server). */
  UNIMPLEMENTED = -6,
  /** An operation did not complete in time; this client raises it when `connect()` times out. */
  OPERATIONTIMEOUT = -7,
  /** Invalid arguments; the server refused the request as malformed. */
  BADARGUMENTS = -8,
  /** The session is unknown to the server (server-internal). */
  UNKNOWNSESSION = -12,
  /** A reconfiguration was refused: no quorum of the new configuration is connected and in sync with the leader. */
  NEWCONFIGNOQUORUM = -13,
  /** Another reconfiguration is in progress; concurrent reconfigurations are not supported. */
  RECONFIGINPROGRESS = -14,
  /** Marks the start of the API-error range (-100 and below); the server does not send it itself. */
  APIERROR = -100,
  /** The node does not exist. */
  NONODE = -101,
  /** The session's identities lack the permission the node's ACL requires. */
  NOAUTH = -102,
  /** The expected version did not match the node's current version. */
  BADVERSION = -103,
  /** Ephemeral nodes cannot have children. */
  NOCHILDRENFOREPHEMERALS = -108,
  /** The node already exists. */
  NODEEXISTS = -110,
  /** The node has children and cannot be deleted. */
  NOTEMPTY = -111,
  /** The session has expired: its ephemeral nodes are gone and its watches will not fire again. */
  SESSIONEXPIRED = -112,
  /** An invalid callback was specified (Java client only). */
  INVALIDCALLBACK = -113,
  /** The ACL is invalid (empty, an unknown scheme, or an id the scheme refuses). */
  INVALIDACL = -114,
  /** Authentication with the server failed; the server closes the session. */
  AUTHFAILED = -115,
  /** The session moved to another server; the request was ignored. */
  SESSIONMOVED = -118,
  /** A write was sent to a read-only server. */
  NOTREADONLY = -119,
  /** An ephemeral node cannot be created on a local (non-global) session. */
  EPHEMERALONLOCALSESSION = -120,
  /** There is no watch to remove (removeWatches / checkWatches). */
  NOWATCHER = -121,
  /** The request did not complete within the server's allowed time. */
  REQUESTTIMEOUT = -122,
  /** Reconfiguration is disabled on the ensemble (`reconfigEnabled=false`). */
  RECONFIGDISABLED = -123,
  /** The server closed the session because it requires SASL authentication, which the client did not complete. */
  SESSIONCLOSEDREQUIRESASLAUTH = -124,
  /** The write would exceed a hard quota set on the path. */
  QUOTAEXCEEDED = -125,
  /** The server is overloaded and dropped the request without executing it; retry with back-off. */
  THROTTLEDOP = -127,
}

/** The symbolic name of an error code (`NONODE`), or `UNKNOWN(<n>)` for a code this client does not know. */
export function errorCodeName(code: number): string {
  const name = (ErrorCode as unknown as Record<number, string | undefined>)[code];
  return name ?? `UNKNOWN(${code})`;
}
