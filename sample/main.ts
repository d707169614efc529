import { NestFactory } from '@nestjs/core';
import { JobServiceConfig } from './job-service/job-service.config';
import { JobServiceModule } from './job-service/job-service.module';

/** Starts one instance of the job service: `ZK_CONNECT=localhost:2181 PORT=3000 npx ts-node sample/main.ts`. */
async function bootstrap(): Promise<void> {
  const app = await NestFactory.create(JobServiceModule);
  // SIGTERM / SIGINT run the shutdown hooks: leave the election, release locks, close the session.
  app.enableShutdownHooks();
  await app.listen(app.get(JobServiceConfig).port);
}

void bootstrap();
