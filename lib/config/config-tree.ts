/**
 * The properties as nested objects, the shape `@nestjs/config` `load` factories return: `db.url` is `{ db: { url } }`.
 *
 * @publicApi
 */
export interface ZookeeperConfigTree {
  [key: string]: string | ZookeeperConfigTree;
}

/** Segments that would reach into an object's prototype chain instead of making a property. */
const UNSAFE = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * Nests flat properties by their dots. When a key is both a value and the parent of other keys (`db` and `db.url`),
 * the nested view keeps the object: the value stays readable in the flat view only. Keys with an empty segment or a
 * segment such as `__proto__` are left out of the nested view.
 */
export function nestProperties(properties: ReadonlyMap<string, string>): ZookeeperConfigTree {
  const tree: ZookeeperConfigTree = {};
  for (const key of [...properties.keys()].sort()) {
    const segments = key.split('.');
    if (segments.some((segment) => segment.length === 0 || UNSAFE.has(segment))) continue;
    let node = tree;
    for (const segment of segments.slice(0, -1)) {
      const next = node[segment];
      if (typeof next === 'object') node = next;
      else node = node[segment] = {};
    }
    const leaf = segments[segments.length - 1];
    if (typeof node[leaf] !== 'object') node[leaf] = properties.get(key) as string;
  }
  return tree;
}

/**
 * Makes `target` equal to `next` by changing it in place: objects both have are updated, not replaced, so whoever
 * holds `target` or one of its nested objects (`@nestjs/config`'s ConfigService does) reads the new values. An object
 * whose keys all go is emptied and kept in `retired` under its dotted path, and comes back (refilled) when its path
 * holds an object again, so a holder of it follows a subtree that is deleted and created again.
 */
export function updateTreeInPlace(
  target: ZookeeperConfigTree,
  next: ZookeeperConfigTree,
  retired: Map<string, ZookeeperConfigTree> = new Map(),
  prefix = '',
): void {
  const pathOf = (key: string): string => (prefix === '' ? key : `${prefix}.${key}`);
  for (const key of Object.keys(target)) {
    if (Object.hasOwn(next, key)) continue;
    const current = target[key];
    if (typeof current === 'object') retire(current, pathOf(key), retired);
    delete target[key];
  }
  for (const [key, value] of Object.entries(next)) {
    const current = target[key];
    if (typeof value !== 'object') {
      if (typeof current === 'object') retire(current, pathOf(key), retired);
      target[key] = value;
      continue;
    }
    let node = current;
    if (typeof node !== 'object') {
      node = retired.get(pathOf(key)) ?? {};
      retired.delete(pathOf(key));
    }
    updateTreeInPlace(node, value, retired, pathOf(key));
    target[key] = node;
  }
}

/** Empties `tree` (and the objects in it, each kept under its own path) and keeps it in `retired` under `path`. */
function retire(tree: ZookeeperConfigTree, path: string, retired: Map<string, ZookeeperConfigTree>): void {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'object') retire(value, `${path}.${key}`, retired);
    delete tree[key];
  }
  retired.set(path, tree);
}
