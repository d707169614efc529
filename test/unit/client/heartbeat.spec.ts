import { joinHeartbeat } from '../../../lib/client/heartbeat';

describe('joinHeartbeat', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('beats every member of a period from one timer, and stops the timer when the last one leaves', () => {
    const beats: string[] = [];
    const leaveA = joinHeartbeat(100, { beat: () => beats.push('a') });
    const leaveB = joinHeartbeat(100, { beat: () => beats.push('b') });
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(100);
    expect(beats).toEqual(['a', 'b']);
    leaveA();
    jest.advanceTimersByTime(100);
    expect(beats).toEqual(['a', 'b', 'b']);
    leaveB();
    expect(jest.getTimerCount()).toBe(0);
    leaveB();
    expect(jest.getTimerCount()).toBe(0);
  });

  it('keeps one timer per period, and lets a member leave during its own beat', () => {
    const beats: string[] = [];
    const leaveFast = joinHeartbeat(50, {
      beat: () => {
        beats.push('fast');
        leaveFast();
      },
    });
    const leaveSlow = joinHeartbeat(200, { beat: () => beats.push('slow') });
    expect(jest.getTimerCount()).toBe(2);
    jest.advanceTimersByTime(200);
    expect(beats).toEqual(['fast', 'slow']);
    expect(jest.getTimerCount()).toBe(1);
    leaveSlow();
    expect(jest.getTimerCount()).toBe(0);
  });
});
