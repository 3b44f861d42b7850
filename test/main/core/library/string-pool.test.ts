/**
 * The library's string pool: equal strings of two reports become one copy, unique values (ids,
 * folders, times) are never pooled, reports compare equal before and after, and the pool stops
 * growing at its bound.
 */
import { StringPool } from '../../../../electron/main/core/library/string-pool';
import { crashSig, makeReport } from '../../../support/report-factory';

/** A fresh copy of a report, as JSON.parse of the cache gives it (every string its own). */
const fresh = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('StringPool', () => {
  it('shares the repeated strings of two reports and keeps them equal', () => {
    const pool = new StringPool();
    const a = makeReport({ sig: crashSig('ContosoViewer.exe', 'ContosoRender.dll') });
    const b = makeReport({ sig: crashSig('ContosoViewer.exe', 'ContosoRender.dll') });
    const [pa, pb] = [pool.report(fresh(a)), pool.report(fresh(b))];
    expect(pa).toEqual(a);
    expect(pb).toEqual(b);
    expect(pool.size).toBeGreaterThan(5);
    // The pooled values are the same string objects: the pool hands back what it first saw.
    const sizeAfterTwo = pool.size;
    pool.report(fresh(makeReport({ sig: crashSig('ContosoViewer.exe', 'ContosoRender.dll') })));
    expect(pool.size).toBe(sizeAfterTwo);
  });

  it('never pools ids, folders or times', () => {
    const pool = new StringPool();
    const reports = Array.from({ length: 50 }, () => makeReport());
    for (const r of reports) pool.report(fresh(r));
    const pooled = pool.size;
    // Fifty reports of one signature add no string per report: their ids, folders and times stay out.
    pool.report(fresh(makeReport()));
    expect(pool.size).toBe(pooled);
  });

  it('stops growing at its bound and still returns every report whole', () => {
    const pool = new StringPool(10);
    for (let i = 0; i < 20; i++) {
      const r = makeReport({ sig: crashSig(`App${i}.exe`, `Mod${i}.dll`) });
      expect(pool.report(fresh(r))).toEqual(r);
    }
    expect(pool.size).toBe(10);
  });
});
