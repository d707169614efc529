import { ZookeeperConfigSource, configContexts } from '../../config';
import type { ZookeeperConfigSourceOpenOptions, ZookeeperConfigTree } from '../../config';
import { ZkUsageError } from '../../client';

/**
 * Options of {@link zookeeperConfig}: the client's `connectString` (and other options under `client`), the layout
 * (`application`, `profiles`, `root`, `defaultContext`, `profileSeparator`, Spring Cloud Zookeeper Config's defaults)
 * and where the properties go in `ConfigService`.
 *
 * @publicApi
 */
export interface ZookeeperConfigLoaderOptions extends ZookeeperConfigSourceOpenOptions {
  /**
   * Puts the properties under this name (`@nestjs/config`'s `registerAs`): `ConfigService.get('<namespace>.db.url')`,
   * and the whole tree injectable with `@Inject(loader.KEY)`. Without it they are merged at the top
   * (`ConfigService.get('db.url')`).
   */
  namespace?: string;
}

/**
 * A `@nestjs/config` `load` factory backed by ZooKeeper: the first call opens the source (its own client) and
 * resolves to its live nested view; later calls resolve to the same view. {@link ZookeeperConfigLoader.close} (which
 * `ZookeeperConfigModule` calls at shutdown) closes the source and its client.
 *
 * @publicApi
 */
export interface ZookeeperConfigLoader {
  /** Opens the source on first call; resolves to its nested view (changed in place as the nodes change). */
  (): Promise<ZookeeperConfigTree>;
  /** The source once the loader has run, `undefined` before and after {@link ZookeeperConfigLoader.close}. */
  readonly source: ZookeeperConfigSource | undefined;
  /** Resolves to the source, opening it if the loader has not run yet. */
  open(): Promise<ZookeeperConfigSource>;
  /** Closes the source and its client; a later call opens a new one. */
  close(): Promise<void>;
  /** With a `namespace`: the token `@Inject()` takes for the tree (`@nestjs/config`'s `registerAs` sets it). */
  readonly KEY?: string;
}

/** The part of `@nestjs/config` the loader uses, loaded only when a namespace is asked for. */
interface NestConfigRegisterAs {
  registerAs(token: string, factory: () => Promise<ZookeeperConfigTree>): unknown;
}

/**
 * Configuration from ZooKeeper for `ConfigModule.forRoot({ load: [...] })`, laid out as Spring Cloud Zookeeper Config
 * lays it out (`/config/<app>,<profile>` over `/config/<app>` over `/config/application,<profile>` over
 * `/config/application`). The properties stay current without a restart: `ConfigService` holds the loader's nested
 * objects, which the source changes in place, so `configService.get('db.url')` reads the new value. Without a
 * `namespace`, `ConfigModule` copies the top-level entries when it starts: a key without a dot keeps its startup value
 * there, and a top-level name that first appears later is not seen; give a `namespace` to have every key follow.
 * `@nestjs/config` is an optional peer dependency, needed only for a `namespace`.
 *
 * @example
 * const orders = zookeeperConfig({ connectString: 'localhost:2181', application: 'orders', profiles: ['dev'] });
 * \@Module({ imports: [ConfigModule.forRoot({ load: [orders] }), ZookeeperConfigModule.forRoot(orders)] })
 * export class AppModule {}
 *
 * @publicApi
 */
export function zookeeperConfig(options: ZookeeperConfigLoaderOptions): ZookeeperConfigLoader {
  const { namespace, ...openOptions } = options;
  // Checks the layout now, so a typo fails where the loader is declared rather than at bootstrap.
  configContexts(openOptions);
  let opening: Promise<ZookeeperConfigSource> | undefined;
  let source: ZookeeperConfigSource | undefined;
  const open = (): Promise<ZookeeperConfigSource> => {
    opening ??= ZookeeperConfigSource.open(openOptions).then(
      (opened) => (source = opened),
      (error: unknown) => {
        opening = undefined;
        throw error;
      },
    );
    return opening;
  };
  const loader = Object.defineProperties(async () => (await open()).config, {
    source: { get: () => source, enumerable: true },
    open: { value: open },
    close: {
      value: async (): Promise<void> => {
        const closing = opening;
        opening = undefined;
        source = undefined;
        await (await closing?.catch(() => undefined))?.close();
      },
    },
  }) as ZookeeperConfigLoader;
  if (namespace === undefined) return loader;
  if (typeof namespace !== 'string' || namespace.length === 0) {
    throw new ZkUsageError(`zookeeperConfig() namespace must be a non-empty string, got ${String(namespace)}`);
  }
  let nestConfig: NestConfigRegisterAs;
  try {
    // Required here rather than imported: applications without a namespace need no @nestjs/config at load time.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    nestConfig = require('@nestjs/config') as NestConfigRegisterAs;
  } catch (error) {
    throw new ZkUsageError('zookeeperConfig({ namespace }) needs @nestjs/config (npm install @nestjs/config)', {
      cause: error,
    });
  }
  nestConfig.registerAs(namespace, loader);
  return loader;
}
