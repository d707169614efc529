import { InvalidArgumentError } from '../../../lib/client';
import { FencingTokenGate, StaleFencingTokenError } from '../../../lib/recipes';

describe('FencingTokenGate', () => {
  it('admits rising and equal tokens and refuses a lower one', () => {
    const gate = new FencingTokenGate();
    expect(gate.lastToken).toBeUndefined();
    expect(gate.admit(4294967297n)).toBe(true);
    expect(gate.admit('4294967297')).toBe(true); // the same hold writing again
    expect(gate.admit(8589934593n)).toBe(true);
    expect(gate.admit(4294967300n)).toBe(false);
    expect(gate.lastToken).toBe(8589934593n);
  });

  it('enforce() names both tokens of a stale write', () => {
    const gate = new FencingTokenGate({ lastToken: '100' });
    expect(() => gate.enforce(99n)).toThrow(StaleFencingTokenError);
    expect(() => gate.enforce(99n)).toThrow('Fencing token 99 is stale: a holder with token 100 already wrote');
    expect(() => gate.enforce('101')).not.toThrow();
    expect(gate.lastToken).toBe(101n);
  });

  it.each([[-1n], [1], ['0x10'], ['12.5'], [''], [null], [{}]])('refuses %p as a token', (token) => {
    expect(() => new FencingTokenGate().admit(token as never)).toThrow(InvalidArgumentError);
    expect(() => new FencingTokenGate({ lastToken: token as never })).toThrow(InvalidArgumentError);
  });
});
