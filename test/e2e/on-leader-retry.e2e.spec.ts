import { Injectable } from '@nestjs/common';
import type { LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import type { TestingModule } from '@nestjs/testing';
import { NoNodeError, ZooKeeperClient } from '../../lib/client';
import { OnLeader, ZookeeperModule } from '../../lib/nest';
import { waitFor } from '../support/wait-for';
import { sharedConnectString, uniquePath } from '../support/zk';

// jest-circus reads testTimeout from the global config only, so the integration project's 60 s does not apply.
jest.setTimeout(60_000);

class WarningRecorder implements LoggerService {
  readonly warnings: string[] = [];
  log(): void {}
  error(): void {}
  warn(message: unknown): void {
    this.warnings.push(String(message));
  }
}

describe('@OnLeader({ releaseOnReturn: true }) whose method throws', () => {
  let app: TestingModule | undefined;
  afterEach(() => app?.close());

  it('leaves the election and joins again after a growing pause that the log gives, instead of spinning', async () => {
    const path = uniquePath('failing-leader');
    @Injectable()
    class Failing {
      calls = 0;
      @OnLeader(path, { releaseOnReturn: true })
      lead(): void {
        this.calls++;
        throw new Error('not today');
      }
    }
    const logger = new WarningRecorder();
    app = await Test.createTestingModule({
      imports: [
        ZookeeperModule.forRoot({
          connectString: sharedConnectString(),
          onLeaderRetry: { initialDelayMs: 300, maxDelayMs: 600 },
        }),
      ],
      providers: [Failing],
    })
      .setLogger(logger)
      .compile();
    await app.init();
    const failing = app.get(Failing);

    await waitFor('three failed terms', () => failing.calls >= 3);
    const retries = logger.warnings.filter((message) => message.startsWith(`Election ${path}: left after`));
    // Every failed term is followed by a pause before the next: one line per term, except for the running one.
    expect(retries.length).toBeGreaterThanOrEqual(failing.calls - 1);
    expect(retries[0]).toMatch(/left after a failed term; joining again in \d+ ms\./);
    expect(retries[1]).toMatch(/left after 2 failed terms in a row; joining again in \d+ ms\./);

    // During a pause this process has no node in the election: another one could lead meanwhile.
    const observer = new ZooKeeperClient({ connectString: sharedConnectString() });
    await observer.connect();
    try {
      await waitFor('a pause with no contender of ours', async () => {
        try {
          return (await observer.getChildren(path)).length === 0;
        } catch (error) {
          return error instanceof NoNodeError;
        }
      });
    } finally {
      await observer.close();
    }
  });

  it('refuses onLeaderRetry values that are not positive whole milliseconds, naming the client', async () => {
    const builder = Test.createTestingModule({
      imports: [
        ZookeeperModule.forRoot({ connectString: sharedConnectString(), onLeaderRetry: { initialDelayMs: -1 } }),
      ],
    });
    await expect(builder.compile()).rejects.toThrow(
      /ZooKeeper client "default" has invalid options .*onLeaderRetry\.initialDelayMs must be a positive integer/,
    );
  });
});
