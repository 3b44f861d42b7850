/**
 * The Settings page's cache size and Clear button, the remembered-miss file's robustness, and the
 * download slots: clearing removes cache content only, whatever else the folder holds.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Limiter } from '../../../../electron/main/core/symbols/limiter';
import { MAX_MISSES, MissCache, MISSES_FILE } from '../../../../electron/main/core/symbols/miss-cache';
import { clearSymbolCache, symbolCacheSize } from '../../../../electron/main/core/symbols/symbol-cache-admin';
import { putFile } from '../../../support/symbol-files';
import { settle } from '../../../support/wait';

const ID = '0A1B2C3D4E5F60718293A4B5C6D7E8F92';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'wer-symbol-cache-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('symbol cache size and clearing', () => {
  it('counts everything and clears only cache content', async () => {
    putFile(dir, ['app.pdb', ID, 'app.pdb'], Buffer.alloc(1000));
    putFile(dir, ['app.pdb', ID, 'app.pdb.123.abcd1234.tmp'], Buffer.alloc(10));
    putFile(dir, ['app.dll', '5B1C2A4B1e5000', 'app.dll'], Buffer.alloc(500));
    putFile(dir, [MISSES_FILE], '{"version":1,"misses":[]}');
    putFile(dir, [`${MISSES_FILE}.77.0badf00d.tmp`], 'x');
    putFile(dir, ['notes.txt'], 'mine');
    putFile(dir, ['Documents', 'letter.docx'], Buffer.alloc(300));
    putFile(dir, ['weird.pdb', 'not-an-id', 'x'], 'y');
    const total = 1000 + 10 + 500 + 25 + 1 + 4 + 300 + 1;
    expect(await symbolCacheSize(dir)).toEqual({ ok: true, value: { bytes: total, files: 8 } });
    expect(await clearSymbolCache(dir)).toEqual({ ok: true, value: { removed: 4, kept: expect.arrayContaining(['notes.txt', 'Documents', 'weird.pdb']) } });
    expect(readdirSync(dir).sort()).toEqual(['Documents', 'notes.txt', 'weird.pdb']);
    expect(await symbolCacheSize(dir)).toEqual({ ok: true, value: { bytes: 4 + 300 + 1, files: 3 } });
  });

  it('treats a missing folder as an empty cache', async () => {
    expect(await symbolCacheSize(join(dir, 'none'))).toEqual({ ok: true, value: { bytes: 0, files: 0 } });
    expect(await clearSymbolCache(join(dir, 'none'))).toEqual({ ok: true, value: { removed: 0, kept: [] } });
  });
});

describe('MissCache', () => {
  it.each(['not json', '{"misses": 5}', '{"misses": [[1, 2, 3], ["k", "soon", ""]]}', 'null'])('starts empty over a damaged file %j', async (text) => {
    writeFileSync(join(dir, MISSES_FILE), text);
    const misses = await MissCache.open(dir, () => 0);
    expect(misses.lookup('k')).toBeNull();
    await misses.remember('k', '', 1000);
    expect((await MissCache.open(dir, () => 0)).lookup('k')).toBe('');
  });

  it(`keeps at most ${MAX_MISSES} misses, dropping the oldest`, async () => {
    const misses = await MissCache.open(dir, () => 0);
    for (let i = 0; i <= MAX_MISSES; i++) void misses.remember(`k${i}`, '', 1000);
    await misses.remember('last', '', 1000);
    const again = await MissCache.open(dir, () => 0);
    expect(again.lookup('k0')).toBeNull();
    expect(again.lookup('k1')).toBeNull();
    expect(again.lookup('k2')).toBe('');
    expect(again.lookup('last')).toBe('');
  });
});

describe('Limiter', () => {
  it('runs at most `limit` tasks and lets a waiting one be cancelled', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let most = 0;
    let ran = 0;
    const task = async (): Promise<void> => {
      ran++;
      running++;
      most = Math.max(most, running);
      await settle(20);
      running--;
    };
    const busy = [limiter.run(task), limiter.run(task)];
    const controller = new AbortController();
    const waiting = limiter.run(task, controller.signal);
    const next = limiter.run(task);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
    await Promise.all([...busy, next]);
    expect(ran).toBe(3);
    expect(most).toBe(2);
  });
});
