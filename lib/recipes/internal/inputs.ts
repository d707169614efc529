/**
 * Checks a recipe's base path the way the client checks paths, so a typo fails at construction, not mid-protocol:
 * absolute, no trailing slash, no empty segment.
 */
export function validateRecipePath(path: string): string {
  if (typeof path !== 'string' || !path.startsWith('/') || path === '/' || path.endsWith('/') || path.includes('//')) {
    throw new TypeError(`path must be an absolute znode path other than "/", got ${JSON.stringify(path)}`);
  }
  return path;
}

/** An identifier or payload as bytes: strings as utf-8, `undefined`/`null` as empty (kazoo writes `b""`). */
export function toBuffer(value: string | Buffer | null | undefined): Buffer {
  if (value === undefined || value === null) return Buffer.alloc(0);
  return Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
}
