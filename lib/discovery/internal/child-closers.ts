/** Something a discovery closes with itself: the caches and providers made on it. */
export interface ChildCloser {
  close(): Promise<void>;
}

const children = new WeakMap<object, Set<ChildCloser>>();

/** Records that closing `discovery` closes `child` too, until the returned function is called. */
export function trackChild(discovery: object, child: ChildCloser): () => void {
  let set = children.get(discovery);
  if (set === undefined) children.set(discovery, (set = new Set()));
  set.add(child);
  return () => {
    set.delete(child);
  };
}

/** Closes everything tracked for `discovery` (failures ignored: each child is closed on a best-effort basis). */
export async function closeChildren(discovery: object): Promise<void> {
  const set = children.get(discovery);
  if (set === undefined) return;
  children.delete(discovery);
  await Promise.all([...set].map((child) => child.close().catch(() => undefined)));
}
