import * as client from '../../../lib/client';
import * as everything from '../../../lib/index';
import * as testing from '../../../lib/testing';

/** Every exported class whose name ends in Error, by entry point. */
function errorClasses(entry: Record<string, unknown>): [string, new (...args: never[]) => Error][] {
  return Object.entries(entry).filter(
    (pair): pair is [string, new (...args: never[]) => Error] =>
      pair[0].endsWith('Error') && typeof pair[1] === 'function',
  );
}

describe('one error root', () => {
  it.each([
    ['nestjs-zookeeper/client', client],
    ['nestjs-zookeeper', everything],
    ['nestjs-zookeeper/testing', testing],
  ] as const)('every error class %s exports descends from ZkError', (_entry, exports) => {
    const classes = errorClasses(exports as Record<string, unknown>);
    expect(classes.length).toBeGreaterThan(0);
    const outside = classes
      .filter(([, type]) => type !== client.ZkError && !(type.prototype instanceof client.ZkError))
      .map(([name]) => name);
    expect(outside).toEqual([]);
  });

  it('is one class whichever entry point it is imported from', () => {
    expect(everything.ZkError).toBe(client.ZkError);
    expect(everything.ZooKeeperError).toBe(client.ZooKeeperError);
    const error = new everything.LockLostError('/locks/a', 'node-deleted');
    expect(error).toBeInstanceOf(client.ZkError);
    expect(error.name).toBe('LockLostError');
    expect(new testing.ZkTestingError('x')).toBeInstanceOf(everything.ZkError);
  });

  it('keeps the ZooKeeper-coded errors under ZooKeeperError, and names each error after its class', () => {
    const noNode = new client.NoNodeError(undefined, { op: 'getData', path: '/a' });
    expect(noNode).toBeInstanceOf(client.ZooKeeperError);
    expect(noNode).toBeInstanceOf(client.ZkError);
    expect(noNode.name).toBe('NoNodeError');
    expect(new client.InvalidArgumentError('path', 'bad')).toBeInstanceOf(client.ZkError);
    expect(new everything.ZkLockBusyError('/l').name).toBe('ZkLockBusyError');
    expect(new everything.ZookeeperModuleError('m')).toBeInstanceOf(client.ZkError);
  });
});
