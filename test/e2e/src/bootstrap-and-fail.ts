import 'reflect-metadata';
import { Injectable, Module } from '@nestjs/common';
import type { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { OnLeader, WatchNode, ZookeeperModule } from '../../../lib/nest';

/*
 * Run in a child process by test/e2e/failed-bootstrap.e2e.spec.ts: bootstraps applications whose init fails, once in
 * the explorer (two ids for one election) and once in onApplicationBootstrap (a @WatchNode on a node it may not read,
 * after joining an election), catches each error, prints its first line and must then exit by itself: nothing here
 * calls process.exit but the SIGTERM handler, which the spec's hang guard triggers to print what is still open.
 */

process.on('SIGTERM', () => {
  process.stdout.write(`STILL OPEN ${JSON.stringify(process.getActiveResourcesInfo())}\n`);
  process.exit(1);
});

const connectString = process.env.ZK_SHARED_CONNECT as string;
/** A node the spec created with an ACL that lets nobody read it. */
const unreadablePath = process.env.UNREADABLE_PATH as string;
const electionPath = process.env.ELECTION_PATH as string;

@Injectable()
class Dispatcher {
  @OnLeader(electionPath, { id: 'dispatcher' })
  dispatch(): void {}
}

@Injectable()
class Reporter {
  @OnLeader(electionPath, { id: 'reporter' })
  report(): void {}
}

@Injectable()
class SecretReader {
  @OnLeader(electionPath)
  lead(): void {}

  @WatchNode(unreadablePath)
  onSecret(): void {}
}

function appModule(providers: (new () => object)[]): DynamicModule {
  @Module({})
  class AppModule {}
  return { module: AppModule, imports: [ZookeeperModule.forRoot({ connectString })], providers };
}

/** Bootstraps the app as an application would, and prints the first line of the error it fails with. */
async function bootstrap(providers: (new () => object)[]): Promise<void> {
  try {
    await NestFactory.createApplicationContext(appModule(providers), { logger: ['error'] });
    process.stdout.write('BOOTSTRAPPED\n');
  } catch (error) {
    process.stdout.write(`FAILED ${error instanceof Error ? error.message.split('\n')[0] : String(error)}\n`);
  }
}

async function main(): Promise<void> {
  await bootstrap([Dispatcher, Reporter]);
  await bootstrap([SecretReader]);
}

void main();
