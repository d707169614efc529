import { OpCode } from './op-codes';

/** Node creation modes with their wire flag values (CreateMode.java). */
export enum CreateMode {
  /** Stays until deleted. */
  PERSISTENT = 0,
  /** Deleted when the creating session ends; cannot have children. */
  EPHEMERAL = 1,
  /** Persistent, with a 10-digit sequence number (from the parent's `cversion`) appended to the name. */
  PERSISTENT_SEQUENTIAL = 2,
  /** Ephemeral, with a 10-digit sequence number appended to the name. */
  EPHEMERAL_SEQUENTIAL = 3,
  /** A container: the server deletes it some time after its last child is gone (one that never had a child stays). */
  CONTAINER = 4,
  /** Persistent; the server deletes it once it has no children and has not been modified for `ttlMs`. */
  PERSISTENT_WITH_TTL = 5,
  /** {@link PERSISTENT_WITH_TTL} with a sequence number appended to the name. */
  PERSISTENT_SEQUENTIAL_WITH_TTL = 6,
}

/** The largest TTL the server accepts (EphemeralType.TTL: 40 bits of milliseconds). */
export const MAX_TTL_MS = 0xffffffffff;

/** Whether the server appends a `%010d` sequence number to the name. */
export function isSequential(mode: CreateMode): boolean {
  return (
    mode === CreateMode.PERSISTENT_SEQUENTIAL ||
    mode === CreateMode.EPHEMERAL_SEQUENTIAL ||
    mode === CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL
  );
}

/** Whether the node dies with the session. */
export function isEphemeral(mode: CreateMode): boolean {
  return mode === CreateMode.EPHEMERAL || mode === CreateMode.EPHEMERAL_SEQUENTIAL;
}

/** Whether the mode needs a TTL. */
export function isTtl(mode: CreateMode): boolean {
  return mode === CreateMode.PERSISTENT_WITH_TTL || mode === CreateMode.PERSISTENT_SEQUENTIAL_WITH_TTL;
}

/** Whether the value is one of the modes above. */
export function isCreateMode(mode: unknown): mode is CreateMode {
  return typeof mode === 'number' && Number.isInteger(mode) && mode >= 0 && mode <= 6;
}

/**
 * The opcode a create in this mode travels as: containers as CREATE_CONTAINER, TTL nodes as CREATE_TTL (both answered
 * with a Create2Response), everything else as CREATE2 so the reply carries the Stat.
 */
export function createOpCode(mode: CreateMode): OpCode {
  if (mode === CreateMode.CONTAINER) return OpCode.CREATE_CONTAINER;
  if (isTtl(mode)) return OpCode.CREATE_TTL;
  return OpCode.CREATE2;
}
