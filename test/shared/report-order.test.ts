import { compareReports } from '../../shared/report-order';
import { makeReport } from '../support/report-factory';

const at = (eventTime: string | null, id: string) => makeReport({ eventTime, id: `00000000-0000-4000-8000-${id.padStart(12, '0')}` });

describe('compareReports', () => {
  it('puts the newest first, reports without a time last, and ties in folder order', () => {
    const old = at('2026-11-01T10:00:00.000Z', '1');
    const newer = at('2026-11-02T10:00:00.000Z', '2');
    const tieB = at('2026-11-03T10:00:00.000Z', 'b');
    const tieA = at('2026-11-03T10:00:00.000Z', 'a');
    const undatedB = at(null, 'bb');
    const undatedA = at(null, 'aa');
    const sorted = [undatedB, old, tieB, undatedA, newer, tieA].sort(compareReports);
    expect(sorted).toEqual([tieA, tieB, newer, old, undatedA, undatedB]);
    expect(compareReports(old, old)).toBe(0);
  });
});
