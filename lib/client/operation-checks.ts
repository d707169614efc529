import { inspect } from 'node:util';
import { CreateMode, isCreateMode, isTtl, MAX_TTL_MS } from '../protocol/create-mode';
import type { Acl } from '../protocol/records/acl';
import { InvalidArgumentError } from './errors';

/**
 * Refuses an options argument that is not an object. `null` is refused too rather than read as "no options": it is
 * more likely a mistake (omit the argument or pass `undefined` for the defaults).
 */
export function checkOptions(options: unknown): void {
  if (typeof options !== 'object' || options === null) {
    throw new InvalidArgumentError(
      'options',
      `expected an object or undefined, got ${options === null ? 'null' : typeof options}`,
    );
  }
}

/**
 * A bad value shown in an error message. Never throws (JSON.stringify does on a bigint or a cycle, which would turn the
 * refusal into a TypeError), ignores custom inspectors, and stays short however large the value.
 */
function describeValue(value: unknown): string {
  let text: string;
  try {
    text = inspect(value, {
      depth: 2,
      customInspect: false,
      breakLength: Infinity,
      maxArrayLength: 8,
      maxStringLength: 64,
    });
  } catch {
    text = `a ${typeof value}`;
  }
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Whether `signal` is usable as an AbortSignal: `aborted` and the listener methods the client calls. */
export function isAbortSignal(signal: unknown): signal is AbortSignal {
  return (
    typeof signal === 'object' &&
    signal !== null &&
    typeof (signal as AbortSignal).aborted === 'boolean' &&
    typeof (signal as AbortSignal).addEventListener === 'function' &&
    typeof (signal as AbortSignal).removeEventListener === 'function'
  );
}

/** The error of a `signal` that is not an AbortSignal. */
export function signalError(signal: unknown): InvalidArgumentError {
  return new InvalidArgumentError('signal', `expected an AbortSignal, got ${signal === null ? 'null' : typeof signal}`);
}

/** What a call aborted by `signal` rejects with: the signal's reason, else an AbortError. */
export function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('The operation was aborted', 'AbortError');
}

/**
 * Throws for a `signal` that is not an AbortSignal or is already aborted, as a request would reject. For calls that
 * have nothing to send (an empty multiRead or transaction) and so never reach the request path that checks it.
 */
export function checkSignal(signal: unknown): void {
  if (signal === undefined) return;
  if (!isAbortSignal(signal)) throw signalError(signal);
  if (signal.aborted) throw abortError(signal);
}

/**
 * Checks of operation arguments other than paths, made before any I/O so bad input fails with a clear
 * InvalidArgumentError instead of a server error or a dropped connection.
 */
export class OperationChecks {
  constructor(
    private readonly maxDataBytes: number,
    private readonly defaultAcl: readonly Acl[],
  ) {}

  /** Node data as bytes: strings are UTF-8; null stays null (the server stores no data). */
  data(data: unknown): Buffer | null {
    if (data === undefined || data === null) return null;
    let bytes: Buffer;
    if (Buffer.isBuffer(data)) bytes = data;
    else if (typeof data === 'string') bytes = Buffer.from(data, 'utf8');
    else if (data instanceof Uint8Array) bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    else throw new InvalidArgumentError('data', `expected a Buffer, string or null, got ${typeof data}`);
    if (bytes.length > this.maxDataBytes) {
      throw new InvalidArgumentError(
        'data',
        `${bytes.length} bytes is more than maxPacketBytes (${this.maxDataBytes})`,
      );
    }
    return bytes;
  }

  /** An expected version: -1 (any) or a non-negative 32-bit integer. */
  version(version: unknown): number {
    if (version === undefined) return -1;
    if (typeof version !== 'number' || !Number.isInteger(version) || version < -1 || version > 0x7fffffff) {
      throw new InvalidArgumentError('version', `expected an integer from -1 to 2^31-1, got ${String(version)}`);
    }
    return version;
  }

  mode(mode: unknown): CreateMode {
    if (mode === undefined) return CreateMode.PERSISTENT;
    if (!isCreateMode(mode)) throw new InvalidArgumentError('mode', `unknown create mode ${String(mode)}`);
    return mode;
  }

  /** The TTL for a TTL mode (required, 1 ms to 2^40-1 ms); any other mode must not have one. */
  ttl(mode: CreateMode, ttlMs: unknown): number {
    if (!isTtl(mode)) {
      if (ttlMs !== undefined)
        throw new InvalidArgumentError('ttlMs', `only TTL modes take a TTL (mode ${CreateMode[mode]})`);
      return 0;
    }
    if (typeof ttlMs !== 'number' || !Number.isInteger(ttlMs) || ttlMs < 1 || ttlMs > MAX_TTL_MS) {
      throw new InvalidArgumentError('ttlMs', `expected an integer from 1 to ${MAX_TTL_MS}, got ${String(ttlMs)}`);
    }
    return ttlMs;
  }

  acl(acl: unknown, argument = 'acl'): readonly Acl[] {
    if (acl === undefined) return this.defaultAcl;
    if (!Array.isArray(acl) || acl.length === 0) throw new InvalidArgumentError(argument, 'expected a non-empty array');
    for (const entry of acl as Acl[]) {
      if (
        typeof entry !== 'object' ||
        entry === null ||
        !Number.isInteger(entry.perms) ||
        entry.perms < 0 ||
        entry.perms > 31 ||
        typeof entry.id?.scheme !== 'string' ||
        typeof entry.id?.id !== 'string'
      ) {
        throw new InvalidArgumentError(argument, `bad entry ${describeValue(entry)}`);
      }
    }
    return acl as Acl[];
  }

  listener(listener: unknown, argument = 'watch'): void {
    if (typeof listener !== 'function') throw new InvalidArgumentError(argument, 'expected a function');
  }
}
