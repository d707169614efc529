import { InvalidArgumentError } from '../../../lib/client/errors';
import { Chroot, joinPath, nodeName, parentPath, validatePath } from '../../../lib/client/paths';

describe('validatePath (as ZooKeeper PathUtils)', () => {
  it.each(['/', '/a', '/a/b', '/zookeeper', '/a.b', '/a/..b', '/a/b..', '/ünï', '/a-b_c:d', '/...'])(
    'accepts %s',
    (path) => {
      expect(() => validatePath(path)).not.toThrow();
    },
  );

  it.each([
    ['', 'empty'],
    ['a', 'must start with /'],
    ['/a/', 'must not end with /'],
    ['//', 'must not end with /'],
    ['/a//b', 'empty node name'],
    ['/a/./b', 'relative'],
    ['/a/../b', 'relative'],
    ['/a/.', 'relative'],
    ['/a/..', 'relative'],
    ['/a\u0000b', 'null character'],
    ['/a\u0001', 'invalid character'],
    ['/a\u007f', 'invalid character'],
    ['/a\u009f', 'invalid character'],
    ['/a\ud800', 'invalid character'],
    ['/a\uf8ff', 'invalid character'],
    ['/a\ufff0', 'invalid character'],
  ])('refuses %j (%s) with InvalidArgumentError naming the argument', (path, reason) => {
    expect(() => validatePath(path, 'prefix')).toThrow(InvalidArgumentError);
    expect(() => validatePath(path, 'prefix')).toThrow(new RegExp(`invalid prefix: .*${reason}`));
  });

  it('refuses what is not a string', () => {
    expect(() => validatePath(undefined)).toThrow(/expected a string/);
    expect(() => validatePath(42)).toThrow(InvalidArgumentError);
  });

  it('lets a sequential create end in / (the server appends the number)', () => {
    expect(() => validatePath('/queue/', 'path', true)).not.toThrow();
    expect(() => validatePath('/', 'path', true)).not.toThrow();
    expect(() => validatePath('/queue//', 'path', true)).toThrow(InvalidArgumentError);
  });
});

describe('path helpers', () => {
  it('splits and joins paths', () => {
    expect(parentPath('/a/b/c')).toBe('/a/b');
    expect(parentPath('/a')).toBe('/');
    expect(parentPath('/')).toBe('/');
    expect(nodeName('/a/b')).toBe('b');
    expect(joinPath('/', 'a')).toBe('/a');
    expect(joinPath('/a', 'b')).toBe('/a/b');
  });

  it('maps paths through a chroot both ways', () => {
    const chroot = new Chroot('/app');
    expect(chroot.toServer('/')).toBe('/app');
    expect(chroot.toServer('/x/y')).toBe('/app/x/y');
    expect(chroot.toClient('/app')).toBe('/');
    expect(chroot.toClient('/app/x-0000000001')).toBe('/x-0000000001');
    expect(chroot.toClient('/application')).toBe('/application');
    const none = new Chroot('');
    expect(none.toServer('/x')).toBe('/x');
    expect(none.toClient('/x')).toBe('/x');
  });
});
