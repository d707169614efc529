/**
 * How an instance's node is created, with Curator's `ServiceType` names (written as they are into the node's JSON):
 * `'DYNAMIC'` an ephemeral node that goes with the session, `'DYNAMIC_SEQUENTIAL'` an ephemeral node whose name is the
 * id followed by a sequence number, `'STATIC'` and `'PERMANENT'` persistent nodes (Curator creates both as
 * PERSISTENT; `close()` and `unregister()` still delete them).
 */
export type ServiceType = 'DYNAMIC' | 'STATIC' | 'PERMANENT' | 'DYNAMIC_SEQUENTIAL';

/** Every {@link ServiceType}, in Curator's enum order. */
export const SERVICE_TYPES: readonly ServiceType[] = Object.freeze([
  'DYNAMIC',
  'STATIC',
  'PERMANENT',
  'DYNAMIC_SEQUENTIAL',
]);

/** Whether instances of this type live only as long as the registering session (Curator's `isDynamic()`). */
export function isDynamicServiceType(type: ServiceType): boolean {
  return type === 'DYNAMIC' || type === 'DYNAMIC_SEQUENTIAL';
}
