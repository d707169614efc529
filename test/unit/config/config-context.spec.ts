import { configContexts } from '../../../lib/config';
import { InvalidArgumentError } from '../../../lib/client';

describe('configContexts (Spring Cloud Zookeeper Config order)', () => {
  it('lists the four contexts most specific first, with Spring defaults', () => {
    expect(configContexts({ application: 'orders', profiles: ['dev'] })).toEqual([
      { path: '/config/orders,dev', profile: 'dev' },
      { path: '/config/orders', profile: undefined },
      { path: '/config/application,dev', profile: 'dev' },
      { path: '/config/application', profile: undefined },
    ]);
  });

  it('puts the last profile first, as Spring reverses its list', () => {
    expect(configContexts({ application: 'orders', profiles: ['dev', 'eu'] }).map((c) => c.path)).toEqual([
      '/config/orders,eu',
      '/config/orders,dev',
      '/config/orders',
      '/config/application,eu',
      '/config/application,dev',
      '/config/application',
    ]);
  });

  it('takes root, default context and separator, and reads a context named twice once', () => {
    expect(
      configContexts({ root: 'settings', defaultContext: 'shared', profileSeparator: '::', application: 'shared' }).map(
        (c) => c.path,
      ),
    ).toEqual(['/settings/shared']);
    expect(configContexts().map((c) => c.path)).toEqual(['/config/application']);
  });

  it('refuses a malformed layout', () => {
    expect(() => configContexts({ application: 'a/b' })).toThrow(InvalidArgumentError);
    expect(() => configContexts({ profileSeparator: '' })).toThrow(InvalidArgumentError);
    expect(() => configContexts({ root: '/config/' })).toThrow(InvalidArgumentError);
  });
});
