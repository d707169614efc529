import type { RecordCodec } from './record-codec';

/**
 * ReconfigRequest (opcode 16). Incremental: `joiningServers` and/or `leavingServers`, `newMembers` null. Bulk:
 * `newMembers` non-null (even empty), the other two null. `curConfigId` -1 applies to whatever config is current.
 * The reply is a GetDataResponse with the new config.
 */
export interface ReconfigRequest {
  /** Comma-separated `server.<id>=…` specs to add, or null. */
  joiningServers: string | null;
  /** Comma-separated ids to remove, or null. */
  leavingServers: string | null;
  /** Comma-separated `server.<id>=…` specs of the whole new membership, or null. */
  newMembers: string | null;
  /** The config version the change applies to (`version=` of the config, hex), or -1 for any. */
  curConfigId: bigint;
}

/** Codec of {@link ReconfigRequest}. */
export const reconfigRequest: RecordCodec<ReconfigRequest> = {
  write(w, v) {
    w.ustring(v.joiningServers).ustring(v.leavingServers).ustring(v.newMembers).long(v.curConfigId);
  },
  read(r) {
    return {
      joiningServers: r.ustring(),
      leavingServers: r.ustring(),
      newMembers: r.ustring(),
      curConfigId: r.long(),
    };
  },
};
