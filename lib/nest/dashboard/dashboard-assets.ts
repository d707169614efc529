import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The files the page is made of; they ship in the package next to this module (no build step, no CDN). */
export type DashboardAsset = 'index.html' | 'dashboard.js' | 'dashboard.css' | 'favicon.svg';

const cache = new Map<DashboardAsset, string>();

/** The text of one of the page's files, read once. */
export function dashboardAsset(name: DashboardAsset): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(__dirname, 'assets', name), 'utf8');
    cache.set(name, text);
  }
  return text;
}

/**
 * The page, with its links made relative to the URL it was asked for: `…/zookeeper/` links `./assets/…`, and
 * `…/zookeeper` links `zookeeper/assets/…`. So it works under any global prefix, version or proxy path, without
 * knowing them.
 */
export function dashboardPage(requestUrl: string | undefined): string {
  const path = (requestUrl ?? '').split('?')[0];
  const base = path.endsWith('/') ? './' : `${path.slice(path.lastIndexOf('/') + 1)}/`;
  return dashboardAsset('index.html').replaceAll('__BASE__', escapeAttribute(base));
}

function escapeAttribute(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
