import { InvalidArgumentError, validatePath } from './client-api';

/**
 * Checks a recipe's base path with the client's own path rules (paths.ts `validatePath`), so a typo fails at
 * construction, not mid-protocol; '/' is refused too, as a recipe needs a node of its own. Throws InvalidArgumentError.
 */
export function validateRecipePath(path: unknown, argument = 'path'): string {
  validatePath(path, argument);
  if (path === '/') throw new InvalidArgumentError(argument, 'a recipe needs a node of its own, not "/"');
  return path;
}

/** Refuses an options argument that is not an object (`null` included: omit it or pass `undefined` instead). */
export function checkRecipeOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(
      'options',
      `expected an object or undefined, got ${options === null ? 'null' : typeof options}`,
    );
  }
}

/** An identifier or payload as bytes: strings as utf-8, `undefined`/`null` as empty (kazoo writes `b""`). */
export function toBuffer(value: string | Buffer | null | undefined): Buffer {
  if (value === undefined || value === null) return Buffer.alloc(0);
  return Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
}
