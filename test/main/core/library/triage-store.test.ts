import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadTriageState, openTriageStore } from '../../../../electron/main/core/library/triage-store';
import { emptyTriageState, TRIAGE_LIMITS, triageEntryOf, validateTriagePatch } from '../../../../shared/triage-model';

const NOW = new Date('2026-10-31T12:00:00.000Z');
const clock = () => NOW;

describe('triage store', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'wer-triage-'));
    file = join(dir, 'triage.json');
  });
  afterEach(async () => rm(dir, { recursive: true, force: true }));

  it('starts empty without a file and round-trips changes through the file', async () => {
    const store = await openTriageStore(file, { now: clock });
    expect(store.current()).toEqual(emptyTriageState());
    expect(store.loadWarning).toBeNull();
    const set = await store.setTriage('appcrash|a.exe|m.dll|c0000005|10', { status: 'investigating', notes: 'Repro on 2.4', ticket: 'https://tracker.example/BUG-1' });
    expect(set.ok).toBe(true);
    expect((await store.markVisited('2026-10-31T13:00:00+01:00')).ok).toBe(true);
    const expected = {
      version: 1,
      lastVisit: '2026-10-31T12:00:00.000Z',
      problems: {
        'appcrash|a.exe|m.dll|c0000005|10': { status: 'investigating', notes: 'Repro on 2.4', ticket: 'https://tracker.example/BUG-1', updatedAt: NOW.toISOString() },
      },
    };
    expect(store.current()).toEqual(expected);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(expected);
    const reopened = await openTriageStore(file);
    expect(reopened.current()).toEqual(expected);
    expect(reopened.loadWarning).toBeNull();
  });

  it('merges patches and drops an entry that is back to the default', async () => {
    const store = await openTriageStore(file, { now: clock });
    await store.setTriage('k|1', { status: 'fixed' });
    await store.setTriage('k|1', { notes: 'shipped in 2.5' });
    expect(triageEntryOf(store.current(), 'k|1')).toMatchObject({ status: 'fixed', notes: 'shipped in 2.5', ticket: '' });
    await store.setTriage('k|1', { status: 'new', notes: '' });
    expect(store.current().problems).toEqual({});
  });

  it('writes atomically: concurrent changes all land and no temp file is left', async () => {
    const store = await openTriageStore(file, { now: clock });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => store.setTriage(`k|${i}`, { status: 'ignored' })));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(await readdir(dir)).toEqual(['triage.json']);
    expect(Object.keys((await loadTriageState(file)).state.problems)).toHaveLength(20);
  });

  it('keeps the previous file whole when the rename fails', async () => {
    const store = await openTriageStore(file, { now: clock });
    await store.setTriage('k|1', { status: 'fixed' });
    const before = await readFile(file, 'utf8');
    const fsp = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');
    const spy = jest.spyOn(fsp, 'rename').mockRejectedValue(Object.assign(new Error('disk gone'), { code: 'EIO' }));
    try {
      expect((await store.setTriage('k|2', { status: 'ignored' })).ok).toBe(false);
    } finally {
      spy.mockRestore();
    }
    expect(await readFile(file, 'utf8')).toBe(before);
    expect(await readdir(dir)).toEqual(['triage.json']);
    expect(Object.keys(store.current().problems)).toEqual(['k|1']);
  });

  it('rejects bad keys and patches without touching the state', async () => {
    const store = await openTriageStore(file, { now: clock });
    expect(await store.setTriage('', { status: 'fixed' })).toEqual({ ok: false, error: expect.stringMatching(/key/) });
    expect((await store.setTriage('x'.repeat(TRIAGE_LIMITS.key + 1), {})).ok).toBe(false);
    expect(await store.setTriage('k|1', { status: 'done' })).toEqual({ ok: false, error: expect.stringMatching(/status/) });
    expect((await store.setTriage('k|1', { notes: 42 })).ok).toBe(false);
    expect((await store.setTriage('k|1', null)).ok).toBe(false);
    expect((await store.markVisited('yesterday')).ok).toBe(false);
    expect(store.current()).toEqual(emptyTriageState());
    await expect(readFile(file)).rejects.toThrow();
  });

  it('caps notes and keeps the ticket on one line', () => {
    const v = validateTriagePatch('k|1', { notes: `a\u0000b\n${'x'.repeat(20_000)}`, ticket: ' BUG-1\r\nBUG-2 ' });
    expect(v.ok && v.value.patch.notes?.length).toBe(TRIAGE_LIMITS.notes);
    expect(v.ok && v.value.patch.notes?.startsWith('ab\n')).toBe(true);
    expect(v.ok && v.value.patch.ticket).toBe('BUG-1 BUG-2');
  });

  it('sets a corrupt file aside and starts a new, empty one', async () => {
    await writeFile(file, '{"version": 1, "problems": {');
    const warnings: string[] = [];
    const store = await openTriageStore(file, { now: clock, onWarning: (w) => warnings.push(w) });
    expect(store.current()).toEqual(emptyTriageState());
    const aside = 'triage.json.corrupt-2026-10-31T12-00-00-000Z';
    expect((await readdir(dir)).sort()).toEqual(['triage.json', aside]);
    expect(await readFile(join(dir, aside), 'utf8')).toBe('{"version": 1, "problems": {');
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(emptyTriageState());
    expect(warnings).toEqual([expect.stringContaining(aside)]);
    expect(store.loadWarning).toMatch(/not valid JSON/);
  });

  it('sets aside a file from a newer version instead of overwriting it', async () => {
    await writeFile(file, JSON.stringify({ version: 2, lastVisit: null, problems: {} }));
    const { state, warning } = await loadTriageState(file, { now: clock });
    expect(state).toEqual(emptyTriageState());
    expect(warning).toMatch(/newer version/);
    expect(await readdir(dir)).toContain('triage.json.corrupt-2026-10-31T12-00-00-000Z');
  });

  it('keeps valid entries and drops bad fields', async () => {
    const good = { status: 'fixed', notes: 'ok', ticket: 'T-1', updatedAt: '2026-10-01T00:00:00Z' };
    await writeFile(file, JSON.stringify({
      version: 1,
      lastVisit: 'last tuesday',
      problems: {
        'k|good': good,
        'k|status': { ...good, status: 'done' },
        'k|time': { ...good, updatedAt: 12 },
        'k|notes': { ...good, notes: 7, ticket: 'x'.repeat(5_000) },
        'k|long': { ...good, notes: 'n'.repeat(20_000) },
        'k|array': [],
        '': good,
      },
    }).replace('"k|good"', '"__proto__":' + JSON.stringify(good) + ',"k|good"'));
    const { state, warning } = await loadTriageState(file, { now: clock });
    expect(Object.keys(state.problems).sort()).toEqual(['__proto__', 'k|good', 'k|long', 'k|notes']);
    expect(Object.getPrototypeOf(state.problems)).toBe(Object.prototype);
    expect(state.problems['k|good']).toEqual({ ...good, updatedAt: '2026-10-01T00:00:00.000Z' });
    expect(state.problems['k|notes']).toMatchObject({ notes: '', ticket: 'x'.repeat(TRIAGE_LIMITS.ticket) });
    expect(state.problems['k|long']?.notes).toHaveLength(TRIAGE_LIMITS.notes);
    expect(state.lastVisit).toBeNull();
    expect(warning).toMatch(/^5 invalid entries/); // 4 entries and the last visit
    expect(await readdir(dir)).toEqual(['triage.json']); // a partly bad file is not set aside
  });

  it('reads only own entries', () => {
    expect(triageEntryOf(emptyTriageState(), 'constructor')).toBeNull();
    expect(triageEntryOf(emptyTriageState(), 'toString')).toBeNull();
  });

  it('never throws: an unreadable path or a failed save comes back as a message', async () => {
    const asDir = join(dir, 'is-a-folder.json');
    await mkdir(asDir);
    const loaded = await loadTriageState(asDir);
    expect(loaded.state).toEqual(emptyTriageState());
    expect(loaded.warning).toMatch(/not a file/);
    await writeFile(join(dir, 'blocker'), 'x');
    const store = await openTriageStore(join(dir, 'blocker', 'triage.json'), { now: clock });
    const result = await store.setTriage('k|1', { status: 'fixed' });
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/could not be saved/) });
    expect(store.current()).toEqual(emptyTriageState());
    expect(await readdir(dir)).toEqual(['blocker', 'is-a-folder.json']);
  });
});
