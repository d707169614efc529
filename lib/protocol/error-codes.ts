/**
 * ZooKeeper's error codes as the server sends them in a reply header (KeeperException.Code), plus the codes the
 * client raises itself (CONNECTIONLOSS, SESSIONEXPIRED after a LOST session, OPERATIONTIMEOUT, REQUESTTIMEOUT).
 */
export enum ErrorCode {
  OK = 0,
  SYSTEMERROR = -1,
  RUNTIMEINCONSISTENCY = -2,
  DATAINCONSISTENCY = -3,
  CONNECTIONLOSS = -4,
  MARSHALLINGERROR = -5,
  UNIMPLEMENTED = -6,
  OPERATIONTIMEOUT = -7,
  BADARGUMENTS = -8,
  UNKNOWNSESSION = -12,
  NEWCONFIGNOQUORUM = -13,
  RECONFIGINPROGRESS = -14,
  APIERROR = -100,
  NONODE = -101,
  NOAUTH = -102,
  BADVERSION = -103,
  NOCHILDRENFOREPHEMERALS = -108,
  NODEEXISTS = -110,
  NOTEMPTY = -111,
  SESSIONEXPIRED = -112,
  INVALIDCALLBACK = -113,
  INVALIDACL = -114,
  AUTHFAILED = -115,
  SESSIONMOVED = -118,
  NOTREADONLY = -119,
  EPHEMERALONLOCALSESSION = -120,
  NOWATCHER = -121,
  REQUESTTIMEOUT = -122,
  RECONFIGDISABLED = -123,
  SESSIONCLOSEDREQUIRESASLAUTH = -124,
  QUOTAEXCEEDED = -125,
  THROTTLEDOP = -127,
}

/** The symbolic name of an error code (`NONODE`), or `UNKNOWN(<n>)` for a code this client does not know. */
export function errorCodeName(code: number): string {
  const name = (ErrorCode as unknown as Record<number, string | undefined>)[code];
  return name ?? `UNKNOWN(${code})`;
}
