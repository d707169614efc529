import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { join } from 'node:path';
import { CreateMode, NoAuthError, ZooKeeperClient, digestAcl } from '../../lib/client';
import { OnLeader, WatchNode, ZookeeperElectionConflictError, ZookeeperModule } from '../../lib/nest';
import { runScript } from '../support/run-script';
import { sharedServerClient } from '../support/shared-server-client';
import { sharedConnectString, uniquePath } from '../support/zk';

// jest-circus reads testTimeout from the global config only, so the integration project's 60 s does not apply.
jest.setTimeout(60_000);

/*
 * Nest runs no shutdown hook for an application whose init failed (and app.close() then only rethrows the init
 * error), so the module must close what it opened itself. Nothing here closes the apps' clients: the server must show
 * their sessions gone once init has rejected.
 */
describe('an application whose bootstrap fails', () => {
  const observer = sharedServerClient();

  /**
   * Compiles the app and, through its own client, creates an ephemeral node: it lives exactly as long as the module's
   * session, so the server tells whether that session is still open.
   */
  async function compileWithMarker(
    providers: (new (...args: never[]) => object)[],
  ): Promise<{ moduleRef: TestingModule; client: ZooKeeperClient; marker: string }> {
    const moduleRef = await Test.createTestingModule({
      imports: [ZookeeperModule.forRoot({ connectString: sharedConnectString() })],
      providers,
    }).compile();
    const client = moduleRef.get(ZooKeeperClient);
    const marker = await client.create(uniquePath('session-marker'), null, { mode: CreateMode.EPHEMERAL });
    expect((await observer.exists(marker))?.ephemeralOwner).toBe(client.sessionId);
    return { moduleRef, client, marker };
  }

  const initError = (moduleRef: TestingModule): Promise<unknown> =>
    moduleRef.init().then(
      () => new Error('bootstrap succeeded'),
      (error: unknown) => error,
    );

  it('closes the session when the explorer fails, and init rejects with the explorer error', async () => {
    const path = uniquePath('conflict');
    @Injectable()
    class Dispatcher {
      @OnLeader(path, { id: 'dispatcher' })
      dispatch(): void {}
    }
    @Injectable()
    class Reporter {
      @OnLeader(path, { id: 'reporter' })
      report(): void {}
    }
    const { moduleRef, client, marker } = await compileWithMarker([Dispatcher, Reporter]);

    const error = await initError(moduleRef);

    expect(error).toBeInstanceOf(ZookeeperElectionConflictError);
    expect(client.closed).toBe(true);
    expect(await observer.exists(marker)).toBeNull();
  });

  it('leaves the election it joined and closes the session when onApplicationBootstrap fails', async () => {
    const electionPath = uniquePath('joined');
    const flagPath = uniquePath('flag');
    const secretPath = uniquePath('secret');
    await observer.create(flagPath, 'on');
    // Readable by an identity the app does not have: its @WatchNode cannot read the node, which fails bootstrap.
    await observer.create(secretPath, 'hidden', { acl: [digestAcl('someone-else', 'secret')] });

    @Injectable()
    class Worker {
      leaderSignal: AbortSignal | undefined;
      private led!: () => void;
      private readonly leading = new Promise<void>((resolve) => (this.led = resolve));

      @OnLeader(electionPath)
      lead(signal: AbortSignal): void {
        this.leaderSignal = signal;
        this.led();
      }

      /** Its first call returns once this app leads: the election node exists by the time bootstrap gives up. */
      @WatchNode(flagPath)
      async onFlag(): Promise<void> {
        await this.leading;
      }

      @WatchNode(secretPath)
      onSecret(): void {}
    }
    const { moduleRef, client, marker } = await compileWithMarker([Worker]);
    const worker = moduleRef.get(Worker);

    const error = await initError(moduleRef);

    expect((error as Error).message).toContain(
      `@WatchNode("${secretPath}") on Worker.onSecret() could not read the node`,
    );
    expect((error as Error).cause).toBeInstanceOf(NoAuthError);
    expect(worker.leaderSignal?.aborted).toBe(true);
    expect(await observer.getChildren(electionPath)).toEqual([]);
    expect(client.closed).toBe(true);
    expect(await observer.exists(marker)).toBeNull();
  });

  it('lets a process that caught its bootstrap error exit by itself', async () => {
    const electionPath = uniquePath('child-election');
    const unreadablePath = uniquePath('child-secret');
    await observer.create(unreadablePath, 'hidden', { acl: [digestAcl('someone-else', 'secret')] });

    const { killed, code, stdout, stderr } = await runScript(join(__dirname, 'src', 'bootstrap-and-fail.ts'), {
      env: { ZK_SHARED_CONNECT: sharedConnectString(), ELECTION_PATH: electionPath, UNREADABLE_PATH: unreadablePath },
      // Long enough for two bootstraps.
      hangGuardMs: 30_000,
    });

    expect({ killed, code, stderr }).toEqual({ killed: false, code: 0, stderr: '' });
    expect(stdout.split('\n')).toEqual([
      expect.stringMatching(/^FAILED @OnLeader\(".*"\) methods of client "default" share one election/),
      expect.stringMatching(/^FAILED @WatchNode\(".*"\) on SecretReader\.onSecret\(\) could not read the node/),
      '',
    ]);
    expect(await observer.getChildren(electionPath)).toEqual([]);
  });
});
