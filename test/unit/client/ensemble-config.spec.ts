import { memberHosts, parseEnsembleConfig } from '../../../lib/client/ensemble-config';
import { JuteReader } from '../../../lib/protocol/jute-reader';
import { JuteWriter } from '../../../lib/protocol/jute-writer';
import { reconfigRequest } from '../../../lib/protocol/records/reconfig';
import type { Stat } from '../../../lib/protocol/records/stat';

const stat = {} as Stat;

describe('parseEnsembleConfig', () => {
  it('reads members, roles, client addresses and the hex version as ZooKeeper 3.8 writes them', () => {
    const raw = [
      'server.2=127.0.0.1:2889:3889:participant;127.0.0.1:2182',
      'server.1=10.0.0.1:2888:3888:participant;0.0.0.0:2181',
      'server.3=[fe80::1]:2890:3890:observer;[fe80::1]:2183',
      'server.4=zk4:2891:3891',
      'server.5=zk5a:2892:3892|zk5b:2892:3892:PARTICIPANT;2185',
      'version=10000000a',
    ].join('\n');
    const config = parseEnsembleConfig(raw, stat);
    expect(config.version).toBe(0x10000000an);
    expect(
      config.members.map(({ id, role, host, quorumPort, electionPort, clientAddress }) => [
        id,
        role,
        host,
        quorumPort,
        electionPort,
        clientAddress,
      ]),
    ).toEqual([
      // A wildcard client address is reached through the quorum host.
      [1, 'participant', '10.0.0.1', 2888, 3888, '10.0.0.1:2181'],
      [2, 'participant', '127.0.0.1', 2889, 3889, '127.0.0.1:2182'],
      [3, 'observer', 'fe80::1', 2890, 3890, '[fe80::1]:2183'],
      // No client part: the server took its port from a static clientPort line.
      [4, 'participant', 'zk4', 2891, 3891, undefined],
      [5, 'participant', 'zk5a', 2892, 3892, 'zk5a:2185'],
    ]);
    expect(config.members[1]?.spec).toBe('server.2=127.0.0.1:2889:3889:participant;127.0.0.1:2182');
    expect(memberHosts(config)).toEqual(['10.0.0.1:2181', '127.0.0.1:2182', '[fe80::1]:2183', 'zk5a:2185']);
  });

  it('gives no members for a standalone server (empty config node)', () => {
    expect(parseEnsembleConfig('', stat)).toMatchObject({ version: 0n, members: [] });
  });
});

describe('ReconfigRequest', () => {
  it('writes absent fields as null strings (length -1) and the version as a long', () => {
    const w = new JuteWriter();
    reconfigRequest.write(w, {
      joiningServers: 'server.4=h:1:2;3',
      leavingServers: null,
      newMembers: null,
      curConfigId: -1n,
    });
    const bytes = w.take();
    const spec = Buffer.from('server.4=h:1:2;3');
    const expected = Buffer.concat([
      Buffer.from([0, 0, 0, spec.length]),
      spec,
      Buffer.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff]),
      Buffer.alloc(8, 0xff),
    ]);
    expect(bytes).toEqual(expected);
    const read = reconfigRequest.read(new JuteReader(bytes));
    expect(read).toEqual({
      joiningServers: 'server.4=h:1:2;3',
      leavingServers: null,
      newMembers: null,
      curConfigId: -1n,
    });
  });
});
