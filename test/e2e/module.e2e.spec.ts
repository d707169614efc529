import { Inject, Injectable, Module, Scope } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { ConnectionState, ZooKeeperClient } from '../../lib/client';
import { InjectZookeeper, OnLeader, WatchNode, ZkLock, ZookeeperModule, getZookeeperClientToken } from '../../lib/nest';
import { sharedConnectString, uniquePath } from '../support/zk';
import { closeApps, startApp } from './src/start-app';
import { ZookeeperConfig, ZookeeperConfigModule } from './src/zookeeper-config';

// jest-circus reads testTimeout from the global config only, so the integration project's 60 s does not apply.
jest.setTimeout(60_000);

describe('ZookeeperModule', () => {
  let apps: TestingModule[] = [];
  afterEach(() => closeApps(apps));

  it('registers named clients from forRoot and forRootAsync (useFactory + inject, useClass, useExisting)', async () => {
    const lockPath = uniquePath('audit-lock');

    @Injectable()
    class Consumer {
      ownerDuringLock: bigint | undefined;

      constructor(
        @InjectZookeeper() readonly byDecorator: ZooKeeperClient,
        readonly byClass: ZooKeeperClient,
        @InjectZookeeper('audit') readonly audit: ZooKeeperClient,
        @InjectZookeeper('reports') readonly reports: ZooKeeperClient,
        @Inject(getZookeeperClientToken('static')) readonly fixed: ZooKeeperClient,
      ) {}

      @ZkLock(lockPath, { client: 'audit' })
      async audited(): Promise<void> {
        const [child] = await this.byClass.getChildren(lockPath);
        this.ownerDuringLock = (await this.byClass.exists(`${lockPath}/${child}`))?.ephemeralOwner;
      }
    }

    apps = [
      await startApp({
        withDefaultClient: false,
        imports: [
          ZookeeperModule.forRootAsync({
            imports: [ZookeeperConfigModule],
            inject: [ZookeeperConfig],
            useFactory: (config: ZookeeperConfig) => ({ connectString: config.connectString }),
          }),
          ZookeeperModule.forRootAsync({ name: 'audit', useClass: ZookeeperConfig }),
          ZookeeperModule.forRootAsync({
            name: 'reports',
            imports: [ZookeeperConfigModule],
            useExisting: ZookeeperConfig,
          }),
          ZookeeperModule.forRoot({ name: 'static', connectString: sharedConnectString() }),
        ],
        providers: [Consumer],
      }),
    ];
    const consumer = apps[0].get(Consumer);
    const clients = [consumer.byDecorator, consumer.audit, consumer.reports, consumer.fixed];

    expect(consumer.byClass).toBe(consumer.byDecorator);
    expect(clients.every((client) => client instanceof ZooKeeperClient)).toBe(true);
    expect(clients.map((client) => client.state)).toEqual(Array(4).fill(ConnectionState.CONNECTED));
    expect(new Set(clients.map((client) => client.sessionId)).size).toBe(4);
    // useExisting reused the config module's instance; useClass built its own.
    expect(apps[0].get(ZookeeperConfig, { strict: false }).factoryCalls).toBeGreaterThanOrEqual(1);

    await consumer.audited();
    expect(consumer.ownerDuringLock).toBe(consumer.audit.sessionId);
  });

  it('makes the client injectable everywhere with isGlobal', async () => {
    @Injectable()
    class Deep {
      constructor(readonly zk: ZooKeeperClient) {}
    }
    @Module({ providers: [Deep], exports: [Deep] })
    class FeatureModule {}

    apps = [
      await startApp({
        withDefaultClient: false,
        imports: [ZookeeperModule.forRoot({ connectString: sharedConnectString(), isGlobal: true }), FeatureModule],
      }),
    ];
    expect(apps[0].get(Deep).zk.state).toBe(ConnectionState.CONNECTED);
  });

  it('connects in the background when waitForConnection is false', async () => {
    apps = [await startApp({ zookeeper: { waitForConnection: false } })];
    const client = apps[0].get(ZooKeeperClient);
    await new Promise<void>((resolve) => {
      if (client.state === ConnectionState.CONNECTED) resolve();
      else client.on('state', (state: ConnectionState) => state === ConnectionState.CONNECTED && resolve());
    });
    expect(client.sessionId).not.toBe(0n);
  });

  describe('bootstrap errors', () => {
    /**
     * Compiles and initialises, returning the error. The clients opened before it need no closing here: the module
     * closes them when its bootstrap fails (test/e2e/failed-bootstrap.e2e.spec.ts).
     */
    async function bootstrapError(metadata: Parameters<typeof Test.createTestingModule>[0]): Promise<Error> {
      const moduleRef = await Test.createTestingModule(metadata).compile();
      try {
        await moduleRef.init();
      } catch (error) {
        return error as Error;
      }
      throw new Error('bootstrap succeeded');
    }

    it('names the class and method of a decorator on a request-scoped provider', async () => {
      @Injectable({ scope: Scope.REQUEST })
      class PerRequest {
        @WatchNode('/flags')
        onFlags(): void {}
      }
      const error = await bootstrapError({
        imports: [ZookeeperModule.forRoot({ connectString: sharedConnectString() })],
        providers: [PerRequest],
      });
      expect(error.message).toMatch(
        /@WatchNode\(\) on PerRequest\.onFlags\(\) cannot be used: PerRequest is request-scoped/,
      );
    });

    it('names the class and method of a decorator on a transient provider', async () => {
      @Injectable({ scope: Scope.TRANSIENT })
      class Transient {
        @ZkLock('/locks/x')
        async work(): Promise<void> {}
      }
      @Injectable()
      class UsesTransient {
        constructor(readonly transient: Transient) {}
      }
      const error = await bootstrapError({
        imports: [ZookeeperModule.forRoot({ connectString: sharedConnectString() })],
        providers: [Transient, UsesTransient],
      });
      expect(error.message).toMatch(/@ZkLock\(\) on Transient\.work\(\) cannot be used/);
    });

    it('names a client that a decorator references but nobody registered', async () => {
      @Injectable()
      class Leader {
        @OnLeader('/election', { client: 'missing' })
        lead(): void {}
      }
      const error = await bootstrapError({
        imports: [ZookeeperModule.forRoot({ connectString: sharedConnectString() })],
        providers: [Leader],
      });
      expect(error.message).toMatch(/ZooKeeper client "missing" referenced from Leader\.lead\(\) does not exist/);
    });

    it('names the client and the servers when it cannot connect', async () => {
      const error = await Test.createTestingModule({
        imports: [
          ZookeeperModule.forRoot({ name: 'unreachable', connectString: '127.0.0.1:1', connectTimeoutMs: 500 }),
        ],
      })
        .compile()
        .then(
          () => new Error('compiled'),
          (e: Error) => e,
        );
      expect(error.message).toMatch(/ZooKeeper client "unreachable" could not connect to 127\.0\.0\.1:1/);
    });

    it('rejects two clients with the same name', async () => {
      const error = await Test.createTestingModule({
        imports: [
          ZookeeperModule.forRoot({ name: 'twice', connectString: sharedConnectString() }),
          ZookeeperModule.forRoot({ name: 'twice', connectString: sharedConnectString() }),
        ],
      })
        .compile()
        .then(
          () => new Error('compiled'),
          (e: Error) => e,
        );
      expect(error.message).toMatch(/ZooKeeper client "twice" is registered twice/);
    });
  });
});
