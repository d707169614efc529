/**
 * What the connection fills in on a traced request: the part of the request channel's context below the client
 * (see `RequestTraceContext` in diagnostics.ts, which has these fields and the request's own).
 */
export interface RequestTrace {
  xid?: number;
  sessionId?: string;
  server?: string;
  bytesOut?: number;
  bytesIn?: number;
  resultCode?: number;
  zxid?: bigint;
  result?: unknown;
  error?: unknown;
}
