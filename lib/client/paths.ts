import { InvalidArgumentError } from './errors';

function invalidReason(path: string): string | undefined {
  if (path.length === 0) return 'path is empty';
  if (path.charCodeAt(0) !== 47) return 'path must start with /';
  if (path.length === 1) return undefined;
  if (path.charCodeAt(path.length - 1) === 47) return 'path must not end with /';
  let previous = 47;
  for (let i = 1; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c === 0) return `null character at ${i}`;
    if (c === 47 && previous === 47) return `empty node name at ${i}`;
    if (c === 46 && previous === 46 && path.charCodeAt(i - 2) === 47) {
      const next = i + 1 === path.length ? 47 : path.charCodeAt(i + 1);
      if (next === 47) return `relative path at ${i}`;
    }
    if (c === 46 && previous === 47) {
      const next = i + 1 === path.length ? 47 : path.charCodeAt(i + 1);
      if (next === 47) return `relative path at ${i}`;
    }
    if (
      (c > 0 && c <= 0x1f) ||
      (c >= 0x7f && c <= 0x9f) ||
      (c >= 0xd800 && c <= 0xf8ff) ||
      (c >= 0xfff0 && c <= 0xffff)
    ) {
      return `invalid character \\u${c.toString(16).padStart(4, '0')} at ${i}`;
    }
    previous = c;
  }
  return undefined;
}

/**
 * Checks a path as ZooKeeper's PathUtils.validatePath does: absolute, no empty, `.` or `..` segments, no trailing
 * slash, none of the control/surrogate/private characters the server refuses. A sequential create may end in `/`
 * (the server appends the number). Throws InvalidArgumentError naming `argument`.
 */
export function validatePath(path: unknown, argument = 'path', sequential = false): asserts path is string {
  if (typeof path !== 'string') throw new InvalidArgumentError(argument, `expected a string, got ${typeof path}`);
  const reason = invalidReason(sequential ? `${path}1` : path);
  if (reason !== undefined) throw new InvalidArgumentError(argument, `${reason} in '${path}'`);
}

/** The parent of an absolute path; '/' for top-level nodes and for '/' itself. */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash <= 0 ? '/' : path.slice(0, slash);
}

/** The last segment of a path. */
export function nodeName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `parent` + '/' + `child`, without a double slash under the root. */
export function joinPath(parent: string, child: string): string {
  return parent === '/' ? `/${child}` : `${parent}/${child}`;
}

/** Maps client paths to server paths and back under a chroot ('' when there is none). */
export class Chroot {
  constructor(
    /** The chroot path (`/app`), or '' when there is none. */
    readonly prefix: string,
  ) {}

  /** Prefixes a client path with the chroot; `/` maps to the chroot itself. */
  toServer(path: string): string {
    if (this.prefix === '') return path;
    return path === '/' ? this.prefix : this.prefix + path;
  }

  /** Strips the chroot; paths outside it (which the server should never send) are returned unchanged. */
  toClient(path: string): string {
    if (this.prefix === '') return path;
    if (path === this.prefix) return '/';
    if (path.startsWith(this.prefix) && path.charCodeAt(this.prefix.length) === 47) {
      return path.slice(this.prefix.length);
    }
    return path;
  }
}
