import { summaryLine } from '../../../../shared/report-display';
import type { WerEvent } from '../../../../shared/wer-api';
import { type CrashNotice, describeNewReports, NotificationBatcher } from '../../../../electron/main/core/app/notification-batcher';
import { crashSig, makeReport } from '../../../support/report-factory';

/** A clock and timers moved by hand. */
function fakeClock() {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let next = 0;
  return {
    now: () => now,
    timers: {
      setTimeout: (fn: () => void, ms: number) => {
        next += 1;
        timers.set(next, { at: now + ms, fn });
        return next;
      },
      clearTimeout: (handle: unknown) => void timers.delete(handle as number),
    },
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers]) {
        if (t.at <= now) {
          timers.delete(id);
          t.fn();
        }
      }
    },
  };
}

function added(app: string, module = 'render.dll', id?: string): WerEvent {
  const report = makeReport({ sig: crashSig(app, module), ...(id ? { id } : {}) });
  return { kind: 'added', report, summary: summaryLine(report) };
}

function setup(enabled = { value: true }) {
  const clock = fakeClock();
  const shown: CrashNotice[] = [];
  const batcher = new NotificationBatcher({ show: (n) => shown.push(n), enabled: () => enabled.value, timers: clock.timers, now: clock.now });
  return { clock, shown, batcher, enabled };
}

describe('NotificationBatcher', () => {
  it('shows one report on its own, 1.5 s after it arrived, and clicking reveals it', () => {
    const { clock, shown, batcher } = setup();
    batcher.push(added('Contoso.exe', 'render.dll', 'aaaa-1'));
    clock.advance(1400);
    expect(shown).toEqual([]);
    clock.advance(100);
    expect(shown).toEqual([
      { title: 'New crash report', body: 'Contoso.exe crashed in render.dll (c0000005 STATUS_ACCESS_VIOLATION)', target: { kind: 'reveal', reportId: 'aaaa-1' } },
    ]);
  });

  it('turns a burst into one notification with the count', () => {
    const { clock, shown, batcher } = setup();
    for (let i = 0; i < 12; i += 1) {
      batcher.push(added(i < 7 ? 'Contoso.exe' : i < 11 ? 'Fabrikam.exe' : 'Tailspin.exe'));
      clock.advance(300);
    }
    clock.advance(1500);
    expect(shown).toEqual([
      {
        title: '12 new crash reports',
        body: 'From Contoso.exe (7), Fabrikam.exe (4) and Tailspin.exe. Click to see the list.',
        target: { kind: 'command', command: 'show-reports' },
      },
    ]);
  });

  it('still notifies during an endless stream, at most every 5 s', () => {
    const { clock, shown, batcher } = setup();
    for (let i = 0; i < 40; i += 1) {
      batcher.push(added(`App${i}.exe`));
      clock.advance(500);
    }
    expect(shown.length).toBe(4);
    expect(shown[0]?.title).toBe('10 new crash reports');
    expect(shown[0]?.body).toBe('From App0.exe, App1.exe, App2.exe and 7 more applications. Click to see the list.');
  });

  it('ignores everything but new reports, and the same report twice', () => {
    const { clock, shown, batcher } = setup();
    const one = added('Contoso.exe', 'x.dll', 'same-id');
    batcher.push(one);
    batcher.push(one);
    batcher.push({ kind: 'reset' });
    batcher.push({ kind: 'removed', id: 'x', folder: 'C:\\x' });
    clock.advance(2000);
    expect(shown).toHaveLength(1);
    expect(shown[0]?.target).toEqual({ kind: 'reveal', reportId: 'same-id' });
  });

  it('shows nothing while the setting is off, also when it is turned off during a burst', () => {
    const { clock, shown, batcher, enabled } = setup({ value: false });
    batcher.push(added('A.exe'));
    clock.advance(2000);
    enabled.value = true;
    batcher.push(added('B.exe'));
    enabled.value = false;
    clock.advance(2000);
    expect(shown).toEqual([]);
  });

  it('drops a pending burst when disposed', () => {
    const { clock, shown, batcher } = setup();
    batcher.push(added('A.exe'));
    batcher.dispose();
    clock.advance(5000);
    expect(shown).toEqual([]);
  });
});

describe('describeNewReports', () => {
  it('keeps report text to one bounded plain line', () => {
    const notice = describeNewReports([{ id: '1', summary: `evil\u0007.exe\ncrashed ${'x'.repeat(500)}`, application: 'evil.exe' }]);
    expect(notice.body).not.toMatch(/[\u0000-\u001f]/);
    expect(notice.body.length).toBeLessThanOrEqual(160);
    expect(notice.body.startsWith('evil .exe crashed')).toBe(true);
  });

  it('names two applications with "and"', () => {
    const notice = describeNewReports([
      { id: '1', summary: 's', application: 'A.exe' },
      { id: '2', summary: 's', application: '' },
    ]);
    expect(notice.body).toBe('From A.exe and unknown application. Click to see the list.');
  });
});
