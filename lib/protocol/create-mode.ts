import { OpCode } from './op-codes';

/** Node creation modes with their wire flag values (CreateMode.java). */
export enum CreateMode {
  PERSISTENT = 0,
  EPHEMERAL = 1,
  PERSISTENT_SEQUENTIAL = 2,
  EPHEMERAL_SEQUENTIAL = 3,
  CONTAINER = 4,
  PERSISTENT_WITH_TTL = 5,
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
