import fc from 'fast-check';
import { FrameSplitter } from '../../../lib/protocol/frame-splitter';
import { JuteReader } from '../../../lib/protocol/jute-reader';
import { ProtocolError } from '../../../lib/protocol/zookeeper-error';
import { samples } from './record-samples';

function onlyProtocolErrors(run: () => void): void {
  try {
    run();
  } catch (error) {
    if (!(error instanceof ProtocolError)) throw error;
  }
}

describe('decoders on arbitrary bytes', () => {
  it.each(samples)('%s either decodes or throws ProtocolError, nothing else', (_name, codec) => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        onlyProtocolErrors(() => codec.read(new JuteReader(Buffer.from(bytes))));
      }),
      { numRuns: 300 },
    );
  });

  it('the frame splitter either yields frames or throws ProtocolError on any chunk sequence', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 64 }), { maxLength: 10 }), (chunks) => {
        const splitter = new FrameSplitter(() => undefined, 1024);
        onlyProtocolErrors(() => {
          for (const chunk of chunks) splitter.push(Buffer.from(chunk));
        });
      }),
    );
  });
});
