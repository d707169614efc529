/** Request types (ZooDefs.OpCode). Values of 3.6+ come from ZooDefs.java; the Debian 3.8 C header stops at 102. */
export enum OpCode {
  /** A watch notification (server-internal; notifications are recognised by their xid). */
  NOTIFICATION = 0,
  /** Create a node; the reply has only the path. */
  CREATE = 1,
  /** Delete a node, optionally at an expected version. */
  DELETE = 2,
  /** Read a node's Stat (null when absent), optionally leaving a watch. */
  EXISTS = 3,
  /** Read a node's data and Stat, optionally leaving a watch. */
  GET_DATA = 4,
  /** Replace a node's data, optionally at an expected version. */
  SET_DATA = 5,
  /** Read a node's ACL and Stat. */
  GET_ACL = 6,
  /** Replace a node's ACL, optionally at an expected ACL version. */
  SET_ACL = 7,
  /** List a node's children, optionally leaving a watch. */
  GET_CHILDREN = 8,
  /** Have the connected server catch up with the leader before answering. */
  SYNC = 9,
  /** Keep-alive; sent with xid {@link Xid.PING}. */
  PING = 11,
  /** List a node's children with the node's Stat. */
  GET_CHILDREN2 = 12,
  /** Check a node's version (as an op of a multi). */
  CHECK = 13,
  /** An atomic transaction of several writes. */
  MULTI = 14,
  /** Create a node; the reply carries the path and the new node's Stat (3.5+). */
  CREATE2 = 15,
  /** Change the ensemble's membership (3.5+). */
  RECONFIG = 16,
  /** Ask whether a watch of a given kind exists on a path (3.5+). */
  CHECK_WATCHES = 17,
  /** Remove watches of a given kind from a path (3.5+). */
  REMOVE_WATCHES = 18,
  /** Create a container node (3.5+). */
  CREATE_CONTAINER = 19,
  /** Delete a container node (server-internal). */
  DELETE_CONTAINER = 20,
  /** Create a node with a TTL (3.5.3+, needs `extendedTypesEnabled`). */
  CREATE_TTL = 21,
  /** Several reads in one request, each answered on its own (3.6+). */
  MULTI_READ = 22,
  /** Add an identity to the session; sent with xid {@link Xid.AUTH}. */
  AUTH = 100,
  /** Re-register one-shot watches after a reconnect; sent with xid {@link Xid.SET_WATCHES}. */
  SET_WATCHES = 101,
  /** A SASL authentication round. */
  SASL = 102,
  /** List the session's ephemeral nodes under a prefix (3.6+). */
  GET_EPHEMERALS = 103,
  /** Count every descendant of a node (3.6+). */
  GET_ALL_CHILDREN_NUMBER = 104,
  /** Re-register one-shot and persistent watches after a reconnect (3.6+). */
  SET_WATCHES2 = 105,
  /** Add a persistent or persistent recursive watch (3.6+). */
  ADD_WATCH = 106,
  /** List the identities the session is authenticated as (3.7+). */
  WHO_AM_I = 107,
  /** Session creation (server-internal; clients send a ConnectRequest). */
  CREATE_SESSION = -10,
  /** End the session; the server deletes its ephemeral nodes. */
  CLOSE_SESSION = -11,
  /** The type of a failed op's result inside a multi response. */
  ERROR = -1,
}

/** Reserved request ids (ClientCnxn): replies with these xids are not matched against the pending queue. */
export const Xid = {
  /** A watch notification from the server. */
  NOTIFICATION: -1,
  /** A ping and its reply. */
  PING: -2,
  /** An AuthPacket and its reply. */
  AUTH: -4,
  /** A SetWatches / SetWatches2 request and its reply. */
  SET_WATCHES: -8,
} as const;
