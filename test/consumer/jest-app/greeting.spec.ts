import { ZooKeeperClient } from 'nestjs-zookeeper/client';

// Uses the server that docs/testing.md's globalSetup started; its globalTeardown must let Jest exit by itself.
describe('the shared server', () => {
  const client = new ZooKeeperClient({ connectString: process.env.ZK_CONNECT ?? '' });

  beforeAll(() => client.connect());
  afterAll(() => client.close());

  it('reads back what a test wrote', async () => {
    await client.create('/greeting', 'hello from jest');
    expect((await client.getData('/greeting')).data.toString()).toBe('hello from jest');
  });
});
