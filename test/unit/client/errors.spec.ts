import { ErrorCode, errorCodeName } from '../../../lib/protocol/error-codes';
import {
  ConnectionLossError,
  errorFromCode,
  InvalidArgumentError,
  NodeExistsError,
  NoNodeError,
  NotEmptyError,
  ProtocolError,
  QuotaExceededError,
  ThrottledOpError,
  ZooKeeperError,
} from '../../../lib/client/errors';

describe('errors', () => {
  it('maps every known server code to its own subclass carrying code, name, op and path', () => {
    const codes = Object.values(ErrorCode).filter((v): v is number => typeof v === 'number' && v !== 0);
    for (const code of codes) {
      const error = errorFromCode(code, { op: 'getData', path: '/x' });
      expect(error).toBeInstanceOf(ZooKeeperError);
      expect(error.constructor).not.toBe(ZooKeeperError);
      expect(error.code).toBe(code);
      expect(error.codeName).toBe(errorCodeName(code));
      expect(error.message).toContain(`${errorCodeName(code)} (${code}) in getData /x`);
    }
    expect(errorFromCode(-101)).toBeInstanceOf(NoNodeError);
    expect(errorFromCode(-110)).toBeInstanceOf(NodeExistsError);
    expect(errorFromCode(-111)).toBeInstanceOf(NotEmptyError);
    expect(errorFromCode(-125)).toBeInstanceOf(QuotaExceededError);
    expect(errorFromCode(-127)).toBeInstanceOf(ThrottledOpError);
    expect(errorFromCode(-5)).toBeInstanceOf(ProtocolError);
  });

  it('keeps unknown codes as a plain ZooKeeperError', () => {
    const error = errorFromCode(-999);
    expect(error.constructor).toBe(ZooKeeperError);
    expect(error.codeName).toBe('UNKNOWN(-999)');
  });

  it('says whether a write may have been applied, and names bad arguments', () => {
    expect(new ConnectionLossError('cut', { op: 'create', path: '/a', mayBeApplied: true }).mayBeApplied).toBe(true);
    expect(new NoNodeError().mayBeApplied).toBe(false);
    const bad = new InvalidArgumentError('version', 'expected an integer');
    expect(bad.argument).toBe('version');
    expect(bad.name).toBe('InvalidArgumentError');
    expect(bad.message).toContain('invalid version: expected an integer');
  });
});
