import { BadVersionError, InvalidArgumentError, NoNodeError, TransactionError } from '../../../lib/client/errors';
import { OperationChecks } from '../../../lib/client/operation-checks';
import { OPEN_ACL_UNSAFE } from '../../../lib/client/acl';
import { Transaction, type TransactionRunner } from '../../../lib/client/transaction';
import { CreateMode } from '../../../lib/protocol/create-mode';
import { OpCode } from '../../../lib/protocol/op-codes';
import type { MultiOp, MultiResult } from '../../../lib/protocol/records/multi';
import type { Stat } from '../../../lib/protocol/records/stat';

const stat = { version: 1 } as Stat;

function runner(results: MultiResult[]): TransactionRunner & { sent: MultiOp[][] } {
  const sent: MultiOp[][] = [];
  return {
    sent,
    checks: new OperationChecks(1024, OPEN_ACL_UNSAFE),
    toServer: (path) => `/root${path}`,
    toClient: (path) => path.replace(/^\/root/, ''),
    multi: async (ops) => {
      sent.push(ops);
      return results;
    },
    refuseIfClosed: () => undefined,
  };
}

describe('Transaction', () => {
  it('builds ops with server paths and the right create opcodes', async () => {
    const r = runner([
      { op: OpCode.CREATE2, path: '/root/a', stat },
      { op: OpCode.CREATE2, path: '/root/t', stat },
      { op: OpCode.CREATE2, path: '/root/c', stat },
      { op: OpCode.SET_DATA, stat },
      { op: OpCode.CHECK },
      { op: OpCode.DELETE },
    ]);
    const results = await new Transaction(r)
      .create('/a', 'x')
      .create('/t', null, { mode: CreateMode.PERSISTENT_WITH_TTL, ttlMs: 5 })
      .create('/c', null, { mode: CreateMode.CONTAINER })
      .setData('/a', 'y', { version: 0 })
      .check('/a', 1)
      .delete('/a')
      .commit();
    expect(r.sent[0].map((op) => op.op)).toEqual([
      OpCode.CREATE2,
      OpCode.CREATE_TTL,
      OpCode.CREATE_CONTAINER,
      OpCode.SET_DATA,
      OpCode.CHECK,
      OpCode.DELETE,
    ]);
    expect(r.sent[0][1]).toMatchObject({ request: { path: '/root/t', ttl: 5, flags: CreateMode.PERSISTENT_WITH_TTL } });
    expect(results).toEqual([
      { type: 'create', path: '/a', stat },
      { type: 'create', path: '/t', stat },
      { type: 'create', path: '/c', stat },
      { type: 'setData', stat },
      { type: 'check' },
      { type: 'delete' },
    ]);
  });

  it('names the failing op, not the ops rolled back after it', async () => {
    const r = runner([
      { op: OpCode.ERROR, err: 0 },
      { op: OpCode.ERROR, err: -103 },
      { op: OpCode.ERROR, err: -2 },
    ]);
    const error = (await new Transaction(r)
      .create('/a')
      .setData('/b', 'x', { version: 3 })
      .delete('/c')
      .commit()
      .catch((e: unknown) => e)) as TransactionError;
    expect(error).toBeInstanceOf(TransactionError);
    expect(error.failedIndex).toBe(1);
    expect(error.failedOp).toEqual({ type: 'setData', path: '/b' });
    expect(error.cause).toBeInstanceOf(BadVersionError);
    expect(error.code).toBe(-103);
    expect(error.results.map((x) => x.code)).toEqual([0, -103, -2]);
    expect(error.message).toContain('transaction op 1 (setData /b) failed');
  });

  it('checks arguments as ops are added and commits once', async () => {
    const t = new Transaction(runner([{ op: OpCode.ERROR, err: -101 }]));
    expect(() => t.create('bad')).toThrow(InvalidArgumentError);
    expect(() => t.create('/x', null, { mode: CreateMode.PERSISTENT_WITH_TTL })).toThrow(/ttlMs/);
    expect(() => t.setData('/x', Buffer.alloc(2000))).toThrow(/maxPacketBytes/);
    expect(t.size).toBe(0);
    t.delete('/x');
    const error = (await t.commit().catch((e: unknown) => e)) as TransactionError;
    expect(error.cause).toBeInstanceOf(NoNodeError);
    await expect(t.commit()).rejects.toThrow(/only once/);
    expect(await new Transaction(runner([])).commit()).toEqual([]);
  });

  it('a second commit rejects with a usage error (InvalidArgumentError) and sends nothing', async () => {
    const r = runner([{ op: OpCode.DELETE }]);
    const t = new Transaction(r).delete('/x');
    const first = t.commit();
    // Also while the first commit is still in flight.
    const again = await t.commit().catch((e: unknown) => e);
    expect(await first).toEqual([{ type: 'delete' }]);
    const afterwards = await t.commit().catch((e: unknown) => e);
    for (const error of [again, afterwards]) {
      expect(error).toBeInstanceOf(InvalidArgumentError);
      expect(error).toMatchObject({ argument: 'transaction', op: 'transaction' });
      expect((error as Error).message).toMatch(/already committed/);
    }
    expect(r.sent).toHaveLength(1);
  });

  it('an op added after commit() throws InvalidArgumentError instead of being dropped', async () => {
    const r = runner([{ op: OpCode.DELETE }]);
    const t = new Transaction(r).delete('/x');
    const addAll = (): unknown[] =>
      [
        () => t.create('/a', 'x'),
        () => t.delete('/b'),
        () => t.setData('/c', 'y'),
        () => t.check('/d', 0),
        // Refused as committed even when the op itself is also invalid.
        () => t.create('bad'),
      ].map((add) => {
        try {
          add();
          return undefined;
        } catch (error) {
          return error;
        }
      });
    const first = t.commit();
    // While the commit is in flight, and after it settled.
    const inFlight = addAll();
    expect(await first).toEqual([{ type: 'delete' }]);
    for (const errors of [inFlight, addAll()]) {
      expect(errors.map((e) => e instanceof InvalidArgumentError)).toEqual([true, true, true, true, true]);
      expect(errors).toMatchObject([
        { argument: 'transaction', op: 'transaction create', path: '/a' },
        { argument: 'transaction', op: 'transaction delete', path: '/b' },
        { argument: 'transaction', op: 'transaction setData', path: '/c' },
        { argument: 'transaction', op: 'transaction check', path: '/d' },
        { argument: 'transaction', op: 'transaction create', path: 'bad' },
      ]);
      expect((errors[0] as Error).message).toMatch(/already committed/);
    }
    expect(t.size).toBe(1);
    expect(r.sent).toEqual([[{ op: OpCode.DELETE, request: { path: '/root/x', version: -1 } }]]);
  });
});
