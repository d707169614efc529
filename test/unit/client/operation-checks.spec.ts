import { OPEN_ACL_UNSAFE } from '../../../lib/client/acl';
import { InvalidArgumentError } from '../../../lib/client/errors';
import { OperationChecks } from '../../../lib/client/operation-checks';
import { ZooKeeperClient } from '../../../lib/client/zookeeper-client';
import type { Acl } from '../../../lib/protocol/records/acl';

/** A bad ACL entry (perms not a number) that refers to itself, so JSON cannot write it. */
function cyclicEntry(): Acl {
  const entry: Record<string, unknown> = { perms: 'all', id: { scheme: 'world', id: 'anyone' } };
  entry.self = entry;
  return entry as unknown as Acl;
}

/** The error `call` throws, or undefined. */
function thrownBy(call: () => unknown): unknown {
  try {
    call();
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('OperationChecks.acl: a bad entry is described safely in the InvalidArgumentError', () => {
  const checks = new OperationChecks(1024, OPEN_ACL_UNSAFE);
  const world = { scheme: 'world', id: 'anyone' };

  it.each([
    ['perms a bigint', { perms: 31n, id: world }, '31n'],
    ['id a bigint', { perms: 31, id: 7n }, '7n'],
    ['id.id a bigint', { perms: 31, id: { scheme: 'world', id: 1n } }, '1n'],
    ['cyclic', cyclicEntry(), 'Circular'],
    ['a symbol for perms', { perms: Symbol('all'), id: world }, 'Symbol(all)'],
  ])('%s: InvalidArgumentError(acl) showing the entry', (_name, entry, shown) => {
    const error = thrownBy(() => checks.acl([entry]));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument: 'acl' });
    expect((error as Error).message).toContain('bad entry');
    expect((error as Error).message).toContain(shown);
  });

  it('keeps the message short for a huge entry', () => {
    const error = thrownBy(() => checks.acl([{ perms: 99, id: { scheme: 'x'.repeat(100000), id: 'y' } }]));
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect((error as Error).message.length).toBeLessThan(400);
  });

  it('names the argument it was given (defaultAcl)', () => {
    expect(thrownBy(() => checks.acl([{ perms: 1n }], 'defaultAcl'))).toMatchObject({ argument: 'defaultAcl' });
  });
});

describe('a bad ACL entry JSON cannot write, through the client (no server)', () => {
  const client = new ZooKeeperClient({ connectString: '127.0.0.1:1' });

  it('setAcl and create reject with InvalidArgumentError, not TypeError', async () => {
    await expect(client.setAcl('/a', [cyclicEntry()])).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(client.create('/a', null, { acl: [{ perms: 31n } as never] })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });

  it('a transaction create throws InvalidArgumentError when the op is added', () => {
    const transaction = client.transaction();
    expect(thrownBy(() => transaction.create('/a', null, { acl: [cyclicEntry()] }))).toBeInstanceOf(
      InvalidArgumentError,
    );
    expect(transaction.size).toBe(0);
  });

  it('the constructor refuses a defaultAcl entry with a bigint with InvalidArgumentError(defaultAcl)', () => {
    const error = thrownBy(
      () => new ZooKeeperClient({ connectString: '127.0.0.1:1', defaultAcl: [{ perms: 1n } as never] }),
    );
    expect(error).toBeInstanceOf(InvalidArgumentError);
    expect(error).toMatchObject({ argument: 'defaultAcl' });
  });
});
