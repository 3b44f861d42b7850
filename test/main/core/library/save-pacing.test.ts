import { nextSaveAt, SAVE_PACE } from '../../../../electron/main/core/library/save-pacing';

describe('nextSaveAt', () => {
  const base = { quietMs: 3000, maxWaitMs: 60_000, lastSaveEnd: 0, lastSaveMs: 0 };

  it('waits for a quiet moment after the last change', () => {
    expect(nextSaveAt({ ...base, now: 10_000, unsavedSince: 10_000 })).toBe(13_000);
    expect(nextSaveAt({ ...base, now: 20_000, unsavedSince: 10_000 })).toBe(23_000);
  });

  it('does not let changes that keep coming push the save past the longest wait', () => {
    expect(nextSaveAt({ ...base, now: 68_500, unsavedSince: 10_000 })).toBe(70_000);
    // Past it already (a save ran meanwhile, or the timer was late): now.
    expect(nextSaveAt({ ...base, now: 90_000, unsavedSince: 10_000 })).toBe(90_000);
  });

  it('keeps saves apart by the pace times the last save, whatever the changes', () => {
    // A save of 10 s (300,000 reports) that ended at 100 s: the next one starts at 190 s at the earliest.
    const after = { ...base, lastSaveEnd: 100_000, lastSaveMs: 10_000 };
    expect(nextSaveAt({ ...after, now: 101_000, unsavedSince: 101_000 })).toBe(100_000 + SAVE_PACE * 10_000);
    expect(nextSaveAt({ ...after, now: 300_000, unsavedSince: 101_000 })).toBe(300_000);
    // A quick save (a workstation's few reports) changes nothing.
    expect(nextSaveAt({ ...base, lastSaveEnd: 100_000, lastSaveMs: 20, now: 101_000, unsavedSince: 101_000 })).toBe(104_000);
  });
});
