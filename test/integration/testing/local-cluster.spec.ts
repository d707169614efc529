import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { ZookeeperTestCluster, ZookeeperTestClusterHandle, sendFourLetterWord } from '../../../lib/testing';
import { waitFor } from '../../support/wait-for';

function javaProcessesUsing(marker: string): string[] {
  const out = execFileSync('ps', ['-eo', 'pid,args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('QuorumPeerMain') && line.includes(marker));
}

describe('ZookeeperTestCluster, local backend', () => {
  it('runs a standalone server that answers ruok and reports standalone mode', async () => {
    const cluster = await ZookeeperTestCluster.start({ size: 1, backend: 'local' });
    try {
      const [server] = cluster.servers;
      expect(await server.fourLetterWord('ruok')).toBe('imok');
      expect(await server.mode()).toBe('standalone');
      expect(cluster.connectString).toBe(server.connectString);
    } finally {
      await cluster.stop();
    }
    await expect(sendFourLetterWord('127.0.0.1', cluster.servers[0].clientPort, 'ruok')).rejects.toThrow();
  });

  describe('a 3-node ensemble', () => {
    let cluster: ZookeeperTestClusterHandle;
    beforeAll(async () => {
      cluster = await ZookeeperTestCluster.start({ size: 3, backend: 'local' });
    });
    afterAll(() => cluster?.stop());

    it('elects one leader, re-elects when the leader is killed, and the killed node rejoins', async () => {
      const modes = await Promise.all(cluster.servers.map((s) => s.mode()));
      expect(modes.filter((m) => m === 'leader')).toHaveLength(1);
      expect(modes.filter((m) => m === 'follower')).toHaveLength(2);

      const leader = cluster.servers[modes.indexOf('leader')];
      const others = cluster.servers.filter((s) => s !== leader);
      await leader.kill();
      expect(leader.running).toBe(false);
      const newLeader = await waitFor('a new leader among the other two', async () => {
        const now = await Promise.all(others.map((s) => s.mode().catch(() => 'not serving')));
        return now.includes('leader') && now.includes('follower') ? others[now.indexOf('leader')] : undefined;
      });
      expect(newLeader).not.toBe(leader);

      await leader.start();
      expect(await leader.mode()).toBe('follower');
      expect(await leader.fourLetterWord('ruok')).toBe('imok');
    });
  });

  it('kills its servers when the process that started them dies without cleaning up', async () => {
    const script = join(__dirname, '..', '..', 'support', 'start-and-hang.ts');
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const marker = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /DATA_DIR=(\S+)/.exec(out);
        if (match) resolve(match[1]);
      });
      child.once('exit', (code) => reject(new Error(`helper exited early with ${String(code)}`)));
    });
    expect(javaProcessesUsing(marker)).toHaveLength(1);
    child.kill('SIGKILL');
    await waitFor('the orphaned ZooKeeper to be reaped', () => javaProcessesUsing(marker).length === 0);
    expect(javaProcessesUsing(marker)).toHaveLength(0);
  });
});
