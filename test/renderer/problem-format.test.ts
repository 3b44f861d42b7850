import { plural, todayAt } from '../../renderer/src/views/problems/problem-format';

describe('problem-format helpers shared with the history view', () => {
  it('counts with a plural s and grouped digits', () => {
    expect(plural(1, 'report')).toBe('1 report');
    expect(plural(0, 'report')).toBe('0 reports');
    expect(plural(12345, 'report')).toBe('12,345 reports');
  });

  it('names today at the offset, which can be another day than in UTC', () => {
    const now = new Date('2026-11-20T23:30:00.000Z');
    expect(todayAt(0, now)).toBe('2026-11-20');
    expect(todayAt(60, now)).toBe('2026-11-21');
    expect(todayAt(-60, new Date('2026-11-20T00:30:00.000Z'))).toBe('2026-11-19');
  });

});
