import { InvalidArgumentError, validatePath } from './lower-floors';

/**
 * Checks a service name or instance id, which becomes one node name under the base path: a non-empty string without
 * `/`, not `.` or `..`, without the characters ZooKeeper refuses in paths. Throws InvalidArgumentError.
 */
export function checkNodeName(value: unknown, argument: string): string {
  if (typeof value !== 'string') {
    throw new InvalidArgumentError(argument, `expected a string, got ${value === null ? 'null' : typeof value}`);
  }
  if (value === '') throw new InvalidArgumentError(argument, 'must not be empty');
  if (value.includes('/')) {
    throw new InvalidArgumentError(argument, `must be one node name, without "/": got "${value}"`);
  }
  try {
    validatePath(`/${value}`, argument);
  } catch {
    throw new InvalidArgumentError(argument, `"${value}" is not a node name ZooKeeper accepts`);
  }
  return value;
}
