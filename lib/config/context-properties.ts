import type { TreeCache } from '../recipes/tree-cache';

/**
 * The properties one context's cached subtree holds, read as Spring Cloud Zookeeper Config reads them: every node
 * below the context is a key (its path under the context with `/` turned into `.`, so `/config/orders/db/url` is
 * `db.url`) whose value is the node's data as UTF-8. A node without data is a key (with the value `''`) only when it
 * has no children; one with children is then just a folder. A node with data and children is a key, and so are its
 * children. The context's own node is not a key. An empty map while the context does not exist.
 */
export function contextProperties(cache: TreeCache): Map<string, string> {
  const properties = new Map<string, string>();
  const prefix = cache.root === '/' ? '/' : `${cache.root}/`;
  for (const path of cache.paths()) {
    if (!path.startsWith(prefix)) continue;
    const node = cache.get(path);
    if (node === undefined) continue;
    const key = path.slice(prefix.length).replaceAll('/', '.');
    if (node.data.length > 0) properties.set(key, node.data.toString('utf8'));
    else if ((cache.getChildren(path)?.length ?? 0) === 0) properties.set(key, '');
  }
  return properties;
}
