import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { DataWatch } from '../../../lib/client';
import { OnLeader, WatchNode, ZookeeperModule } from '../../../lib/nest';
import { Leadership } from '../../../lib/nest/leadership';

/*
 * Run in a child process by test/e2e/shutdown.e2e.spec.ts: starts an application that leads an election and watches a
 * node, makes two shutdown steps fail (stopping the watch throws; leaving the election rejects without leaving), closes
 * the application, prints how app.close() ended and must then exit by itself: nothing here calls process.exit but the
 * SIGTERM handler, which the spec's hang guard triggers to print what is still open.
 */

process.on('SIGTERM', () => {
  process.stdout.write(`STILL OPEN ${JSON.stringify(process.getActiveResourcesInfo())}\n`);
  process.exit(1);
});

const connectString = process.env.ZK_SHARED_CONNECT as string;
const electionPath = process.env.ELECTION_PATH as string;
const flagPath = process.env.FLAG_PATH as string;

const stopWatch = DataWatch.prototype.stop;
DataWatch.prototype.stop = function (this: DataWatch): void {
  stopWatch.call(this);
  throw new Error('stopping the watch failed');
};
Leadership.prototype.close = () => Promise.reject(new Error('leaving the election failed'));

let led!: () => void;
const leading = new Promise<void>((resolve) => (led = resolve));

@Injectable()
class Worker {
  @OnLeader(electionPath)
  lead(): void {
    led();
  }

  @WatchNode(flagPath)
  onFlag(): void {}
}

@Module({ imports: [ZookeeperModule.forRoot({ connectString })], providers: [Worker] })
class AppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule, { logger: ['error'] });
  await leading;
  process.stdout.write('LEADING\n');
  try {
    await app.close();
    process.stdout.write('CLOSED\n');
  } catch (error) {
    process.stdout.write(`CLOSE FAILED ${error instanceof Error ? error.message : String(error)}\n`);
  }
}

void main();
