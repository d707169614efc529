import { containerRuntimeAbsence, ZookeeperTestCluster } from '../../../lib/testing';

const absence = containerRuntimeAbsence();
if (absence) process.stdout.write(`SKIPPED container backend tests: ${absence}\n`);
const describeWithDocker = absence ? describe.skip : describe;

describeWithDocker('ZookeeperTestCluster, container backend', () => {
  it('runs the official image, which answers ruok in standalone mode', async () => {
    const cluster = await ZookeeperTestCluster.start({ size: 1, backend: 'container' });
    try {
      expect(await cluster.servers[0].fourLetterWord('ruok')).toBe('imok');
      expect(await cluster.servers[0].mode()).toBe('standalone');
    } finally {
      await cluster.stop();
    }
  }, 180000);
});
