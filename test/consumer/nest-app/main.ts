import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { isDeepStrictEqual } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { getZookeeperClientToken } from 'nestjs-zookeeper';
import { ConnectionState, ZooKeeperClient } from 'nestjs-zookeeper/client';
import { ZookeeperTestCluster } from 'nestjs-zookeeper/testing';
import { AppModule } from './app.module.js';
import { FLAGS_PATH, JobsService, LEADER_PATH, LOCK_PATH } from './jobs.service.js';
import { within } from './wait-for.js';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`check failed: ${what}`);
}

/**
 * A NestJS application as a user writes one, against a real server from nestjs-zookeeper/testing: it must see its
 * @OnLeader, @ZkLock and @WatchNode methods run, report healthy over HTTP, shut down leaving nothing on the server,
 * and then exit by itself (the runner ends a process that does not).
 */
async function main(): Promise<void> {
  // The application's OpenTelemetry setup, before the application starts (as @opentelemetry/sdk-node would do it).
  const spans = new InMemorySpanExporter();
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spans)] }));
  const cluster = await ZookeeperTestCluster.start({ size: 1 });
  try {
    const app = await NestFactory.create(AppModule.forServer(cluster.connectString), { logger: ['warn', 'error'] });
    app.enableShutdownHooks();
    let closed = false;
    try {
      await app.listen(0, '127.0.0.1');
      const jobs = app.get(JobsService);
      const client = app.get(ZooKeeperClient);
      const audit = app.get<ZooKeeperClient>(getZookeeperClientToken('audit'));

      await within(jobs.led.promise, '@OnLeader call');
      check(jobs.leaderRuns === 1, `@OnLeader ran once (ran ${jobs.leaderRuns} times)`);

      const token = await jobs.report();
      check(typeof token === 'bigint' && token > 0n, `@ZkLock gave a fencing token (${String(token)})`);
      check((await client.getChildren(LOCK_PATH)).length === 0, '@ZkLock released its lock node');

      await client.create(FLAGS_PATH, JSON.stringify({ beta: true }), { makeParents: true });
      await within(
        jobs.flagsSeen((flags) => isDeepStrictEqual(flags, { beta: true })),
        '@WatchNode value { beta: true }',
      );

      const { port } = (app.getHttpServer() as Server).address() as AddressInfo;
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      const health = (await response.json()) as {
        status: string;
        info: Record<string, { status: string; leaderships?: { path: string }[] }>;
      };
      check(response.status === 200 && health.status === 'ok', `GET /health is ok (${JSON.stringify(health)})`);
      check(
        health.info.zookeeper?.status === 'up' && health.info['audit-zookeeper']?.status === 'up',
        'both clients (forRoot and forRootAsync) are up',
      );
      check(
        audit.state === ConnectionState.CONNECTED && audit !== client,
        'the forRootAsync client is its own session',
      );
      const leads = health.info.zookeeper?.leaderships?.map((leadership) => leadership.path) ?? [];
      check(leads.includes(LEADER_PATH), `the health details list the @OnLeader election (${leads.join(', ')})`);

      // The dashboard: its page, its script from the package, and a snapshot naming this app as the leader.
      const page = await fetch(`http://127.0.0.1:${port}/ops/zookeeper/`);
      const html = await page.text();
      check(page.status === 200 && html.includes('src="./assets/dashboard.js"'), 'the dashboard page is served');
      const script = await fetch(`http://127.0.0.1:${port}/ops/zookeeper/assets/dashboard.js`);
      check(script.status === 200 && (await script.text()).length > 1000, 'the dashboard script ships in the package');
      const snapshot = (await (await fetch(`http://127.0.0.1:${port}/ops/zookeeper/api/snapshot`)).json()) as {
        elections: { path: string; holders: { identifier: string }[] }[];
      };
      const shown = snapshot.elections.find((election) => election.path === LEADER_PATH);
      check(
        shown?.holders[0]?.identifier === 'consumer-app',
        `the dashboard shows this app leading (${JSON.stringify(snapshot.elections)})`,
      );

      // openTelemetry: true on the default client only: its requests made spans naming its session, audit's none.
      const sessions = new Set(spans.getFinishedSpans().map((span) => span.attributes['zookeeper.session_id']));
      const ours = `0x${client.sessionId.toString(16)}`;
      check(
        sessions.has(ours) && !sessions.has(`0x${audit.sessionId.toString(16)}`),
        `spans for the default client's session only (${[...sessions].join(', ')})`,
      );
      const lockSpans = spans.getFinishedSpans().filter((span) => span.attributes['zookeeper.path'] === LOCK_PATH);
      check(lockSpans.length > 0, 'the @ZkLock requests have spans');

      await app.close();
      closed = true;
      check(
        client.state === ConnectionState.LOST && audit.state === ConnectionState.LOST,
        'app.close() ended both sessions',
      );

      const observer = new ZooKeeperClient({ connectString: cluster.connectString });
      await observer.connect();
      try {
        const candidates = await observer.getChildren(LEADER_PATH);
        check(candidates.length === 0, `the election node went with the session (${candidates.join(', ')})`);
      } finally {
        await observer.close();
      }
      console.log(
        `consumer app passed: leader 1 time, fencing token ${String(token)}, watch, health, dashboard, spans, clean shutdown`,
      );
    } finally {
      if (!closed) await app.close();
    }
  } finally {
    await cluster.stop();
  }
}

void main();
