/** The five kinds of watch a client holds; each has its own registry map and its own re-registration list. */
export enum WatchKind {
  DATA = 0,
  EXIST = 1,
  CHILD = 2,
  PERSISTENT = 3,
  PERSISTENT_RECURSIVE = 4,
}
