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

/** A duration option for a timer: `fallback` when undefined, else a number from `min` to 2^31-1 (Node's timer limit). */
export function durationOption(value: unknown, argument: string, fallback: number, min = 0): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value >= min && value <= 0x7fffffff)) {
    throw new InvalidArgumentError(argument, `expected a number from ${min} to 2^31-1, got ${String(value)}`);
  }
  return value;
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

/**
 * Refuses an identifier that is neither a string nor a Buffer, with InvalidArgumentError: anything else would be
 * written as its String() form (`[object Object]`), which peers then list as the name. `undefined` and `null` pass:
 * the recipe's default applies.
 */
export function checkIdentifier(value: unknown): string | Buffer | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string' || Buffer.isBuffer(value)) return value;
  throw new InvalidArgumentError(
    'identifier',
    `expected a string or a Buffer, got ${typeof value === 'object' ? 'an object' : typeof value}`,
  );
}

/**
 * An identifier as text, for the recipes that put it in a node's name or in JSON (a Buffer is read as UTF-8); checked
 * as {@link checkIdentifier} does.
 */
export function identifierText(value: unknown): string | undefined {
  const identifier = checkIdentifier(value);
  return Buffer.isBuffer(identifier) ? identifier.toString('utf8') : identifier;
}

/** An identifier or payload as bytes: strings as utf-8, `undefined`/`null` as empty (kazoo writes `b""`). */
export function toBuffer(value: string | Buffer | null | undefined): Buffer {
  if (value === undefined || value === null) return Buffer.alloc(0);
  return Buffer.isBuffer(value) ? value : Buffer.from(String(value), 'utf8');
}
