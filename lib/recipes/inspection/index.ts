export type { InspectedNode } from './inspected-node';
export type { ContenderLine, InspectedContender, InspectLineOptions } from './inspect-contenders';
export { inspectElection, inspectLock } from './inspect-lock';
export type { SemaphoreInspection } from './inspect-semaphore';
export { inspectSemaphore } from './inspect-semaphore';
export type { PartitionerInspection, PartyInspection } from './inspect-party';
export { inspectParty, inspectPartitioner } from './inspect-party';
export type { LeaseInspection } from './inspect-lease';
export { inspectLease } from './inspect-lease';
