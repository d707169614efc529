import { tracingChannel } from 'node:diagnostics_channel';
import {
  CreateMode,
  diagnosticsChannels,
  enableOpenTelemetry,
  Lock,
  ZkUsageError,
  ZooKeeperClient,
  type RequestTraceContext,
} from 'nestjs-zookeeper/client';
import { ZookeeperTestCluster } from 'nestjs-zookeeper/testing';

function check(condition: boolean, what: string): void {
  if (!condition) throw new Error(`check failed: ${what}`);
}

// A plain ES module with no NestJS installed: the client and test entry points must load and work on their own.
const cluster = await ZookeeperTestCluster.start({ size: 1 });
try {
  const client = new ZooKeeperClient({ connectString: cluster.connectString });
  await client.connect();
  try {
    await client.create('/consumer/instances/member-', 'here', {
      mode: CreateMode.EPHEMERAL_SEQUENTIAL,
      makeParents: true,
    });
    const members = await client.getChildren('/consumer/instances');
    check(members.length === 1 && members[0].startsWith('member-'), `one member listed (${members.join(', ')})`);

    const lock = new Lock(client, '/consumer/lock', { identifier: 'client-app' });
    const token = await lock.withLock(async () => lock.fencingToken);
    check(typeof token === 'bigint' && token > 0n, `the lock gave a fencing token (${String(token)})`);

    // Diagnostics channels work with nothing else installed; OpenTelemetry, an optional peer not installed here,
    // fails with a message that says what to install.
    const traced: string[] = [];
    const requests = tracingChannel<RequestTraceContext, RequestTraceContext>(diagnosticsChannels.request);
    const onStart = (context: RequestTraceContext): number => traced.push(`${context.op} ${context.path}`);
    requests.start.subscribe(onStart as (message: unknown) => void);
    await client.exists('/consumer');
    requests.start.unsubscribe(onStart as (message: unknown) => void);
    check(traced.join() === 'exists /consumer', `the request channel saw the request (${traced.join()})`);
    let refusal: unknown;
    try {
      enableOpenTelemetry();
    } catch (error) {
      refusal = error;
    }
    check(
      refusal instanceof ZkUsageError && refusal.message.includes('npm install @opentelemetry/api'),
      `enableOpenTelemetry without @opentelemetry/api says what to install (${String(refusal)})`,
    );

    await client.delete('/consumer', { recursive: true });
    check((await client.exists('/consumer')) === null, 'the tree is gone');
    console.log(
      `consumer client passed: ephemeral sequential node, lock token ${String(token)}, traced request, recursive delete`,
    );
  } finally {
    await client.close();
  }
} finally {
  await cluster.stop();
}
