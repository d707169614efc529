import { parseNodeData } from '../../../lib/nest/parse-node-data.util';

describe('parseNodeData', () => {
  const data = Buffer.from('{"on":true}');

  it('returns the buffer, a string, parsed JSON or what a function makes of it', () => {
    expect(parseNodeData(data, 'buffer')).toBe(data);
    expect(parseNodeData(data, 'utf8')).toBe('{"on":true}');
    expect(parseNodeData(data, 'json')).toEqual({ on: true });
    expect(parseNodeData(data, (bytes) => bytes.length)).toBe(11);
  });

  it('reads an empty node as null in JSON mode and fails on invalid JSON', () => {
    expect(parseNodeData(Buffer.alloc(0), 'json')).toBeNull();
    expect(() => parseNodeData(Buffer.from('nope'), 'json')).toThrow(SyntaxError);
  });
});
