import { nestProperties, updateTreeInPlace } from '../../../lib/config/config-tree';

describe('nestProperties / updateTreeInPlace', () => {
  it('nests by dots; an object wins over a value at the same key; unsafe keys stay out', () => {
    const flat = new Map([
      ['db.url', 'jdbc:x'],
      ['db', 'ignored in the tree'],
      ['timeout', '30'],
      ['a.__proto__.polluted', 'yes'],
      ['b..c', 'empty segment'],
    ]);
    expect(nestProperties(flat)).toEqual({ db: { url: 'jdbc:x' }, timeout: '30' });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('updates in place: nested objects keep their identity, removed keys go', () => {
    const tree = nestProperties(
      new Map([
        ['db.url', 'one'],
        ['db.user', 'u'],
        ['x', '1'],
      ]),
    );
    const db = tree.db;
    updateTreeInPlace(
      tree,
      nestProperties(
        new Map([
          ['db.url', 'two'],
          ['y', '2'],
        ]),
      ),
    );
    expect(tree).toEqual({ db: { url: 'two' }, y: '2' });
    expect(tree.db).toBe(db);
  });

  it('empties an object whose keys all go, and refills that same object when its path comes back', () => {
    const retired = new Map();
    const tree = nestProperties(
      new Map([
        ['db.pool.size', '4'],
        ['db.url', 'one'],
      ]),
    );
    const db = tree.db as Record<string, unknown>;
    const pool = db.pool;
    updateTreeInPlace(tree, nestProperties(new Map([['level', 'info']])), retired);
    expect(tree).toEqual({ level: 'info' });
    expect(db).toEqual({});
    updateTreeInPlace(tree, nestProperties(new Map([['db.pool.size', '8']])), retired);
    expect(tree.db).toBe(db);
    expect((tree.db as Record<string, unknown>).pool).toBe(pool);
    expect(tree).toEqual({ db: { pool: { size: '8' } } });
    // An object turned into a value is retired too.
    updateTreeInPlace(tree, nestProperties(new Map([['db', 'plain']])), retired);
    expect(tree).toEqual({ db: 'plain' });
    expect(db).toEqual({});
  });
});
