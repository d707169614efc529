import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { JobActivity } from './job-service/job-activity';
import type { JobActivityEvent } from './job-service/job-activity';
import { JobServiceModule } from './job-service/job-service.module';

/** What an instance tells the demo (its parent process) over the IPC channel. */
export type DemoInstanceMessage = { type: 'ready'; port: number } | { type: 'activity'; event: JobActivityEvent };

function send(message: DemoInstanceMessage): void {
  if (process.connected) process.send?.(message);
}

/**
 * One instance of the job service, started by sample/demo.ts as a child process: the same app as sample/main.ts,
 * on a free port, reporting its activity to the demo.
 */
async function main(): Promise<void> {
  const app = await NestFactory.create(JobServiceModule, { logger: ['error', 'warn'] });
  app.enableShutdownHooks();
  // Registered before listen(), which initialises the app: the first flags and leadership events are not missed.
  app.get(JobActivity).on('activity', (event: JobActivityEvent) => send({ type: 'activity', event }));
  await app.listen(0, '127.0.0.1');
  send({ type: 'ready', port: (app.getHttpServer().address() as AddressInfo).port });
  // If the demo itself dies, do not linger.
  process.on('disconnect', () => void app.close().finally(() => process.exit(0)));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
