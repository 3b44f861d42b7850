/**
 * The sweep of light-watched stores, over an index of in-memory reports and a counting probe:
 * its work per tick is bounded whatever the store's size, and every kind of change it is there
 * for is passed on. Truth comes from the construction: the probe answers for each folder the
 * stamp the test gave it, so a folder is "changed" exactly when the test changed its answer.
 */
import { join } from 'node:path';
import type { WerReport } from '../../../../shared/report-model';
import { LibraryIndex } from '../../../../electron/main/core/library/library-index';
import { LightSweep, type SweepProbe } from '../../../../electron/main/core/library/light-sweep';
import type { FolderStamp } from '../../../../electron/main/core/store/folder-stamp';
import { makeReport } from '../../../support/report-factory';

const ROOT = join('/', 'virtual', 'collected');
const STORE = join(ROOT, 'ReportArchive');
const STAMP: FolderStamp = { dirMtimeMs: 1000, werSize: 2048, werMtimeMs: 1000 };
const noPause = async (): Promise<void> => undefined;

/** A disk that exists only in the test: each answer is what the test set, and every call is counted. */
class FakeDisk implements SweepProbe {
  readonly stamps = new Map<string, FolderStamp>();
  readonly storeMtimes = new Map<string, number>();
  calls = { mtime: 0, list: 0, stamp: 0 };
  stamped: string[] = [];

  readonly mtimeMs = (dir: string): number | null => {
    this.calls.mtime++;
    return this.storeMtimes.get(dir) ?? null;
  };
  readonly listFolders = (dir: string): string[] | null => {
    this.calls.list++;
    return [...this.stamps.keys()].filter((f) => join(dir, f.slice(dir.length + 1)) === f && f.startsWith(dir)).map((f) => f.slice(dir.length + 1));
  };
  readonly stamp = (folder: string): FolderStamp | null => {
    this.calls.stamp++;
    this.stamped.push(folder);
    return this.stamps.get(folder) ?? null;
  };

  /** Calls since the last take. */
  take(): { mtime: number; list: number; stamp: number } {
    const calls = this.calls;
    this.calls = { mtime: 0, list: 0, stamp: 0 };
    this.stamped = [];
    return calls;
  }
}

const reportAt = (folder: string): WerReport => ({ ...makeReport(), folder });
const folderName = (i: number) => join(STORE, `AppCrash_app.exe_${i.toString(16).padStart(8, '0')}`);

/** An index of `count` reports in one store, the disk agreeing with every stamp. */
function setup(count: number, slice: number, now = () => 0) {
  const index = new LibraryIndex(1000, () => undefined, () => []);
  const disk = new FakeDisk();
  disk.storeMtimes.set(STORE, 5000);
  for (let i = 0; i < count; i++) {
    const folder = folderName(i);
    index.upsert(reportAt(folder), STAMP, false);
    disk.stamps.set(folder, STAMP);
  }
  const changed: string[] = [];
  const sweep = new LightSweep(index, (folder) => changed.push(folder), { probe: disk, now, limits: { slice, hotMs: 60_000, hotMax: 100 } });
  return { index, disk, changed, sweep };
}

describe('LightSweep', () => {
  it('does the same bounded work per idle tick whatever the number of folders', async () => {
    const perTick = async (count: number) => {
      const { disk, changed, sweep } = setup(count, 25);
      const calls = [];
      for (let tick = 0; tick < 4; tick++) {
        await sweep.tick([ROOT], noPause);
        calls.push(disk.take());
      }
      expect(changed).toEqual([]);
      return calls;
    };
    const small = await perTick(100);
    const large = await perTick(20_000);
    // One mtime per store, `slice` stamps, no listing: the same for 100 and 20,000 folders.
    expect(small).toEqual(Array.from({ length: 4 }, () => ({ mtime: 1, list: 0, stamp: 25 })));
    expect(large).toEqual(small);
  });

  it('compares every folder once per round of ceil(folders / slice) ticks, then starts again', async () => {
    const { disk, sweep } = setup(103, 10);
    const seen: string[] = [];
    for (let tick = 0; tick < 11; tick++) {
      await sweep.tick([ROOT], noPause);
      seen.push(...disk.stamped);
      disk.take();
    }
    expect(seen).toHaveLength(103);
    expect(new Set(seen)).toEqual(new Set(Array.from({ length: 103 }, (_, i) => folderName(i))));
    await sweep.tick([ROOT], noPause);
    expect(disk.stamped[0]).toBe(folderName(0));
  });

  it('passes on a folder rewritten in place (Report.wer or a new file) within its round', async () => {
    const { disk, changed, sweep } = setup(50, 10);
    disk.stamps.set(folderName(37), { ...STAMP, werSize: 4096, werMtimeMs: 2000 });
    disk.stamps.set(folderName(12), { ...STAMP, dirMtimeMs: 3000 });
    for (let tick = 0; tick < 5; tick++) await sweep.tick([ROOT], noPause);
    expect(changed.sort()).toEqual([folderName(12), folderName(37)].sort());
  });

  it('lists a store only when its mtime changed, and passes on the folders that appeared or vanished', async () => {
    const { disk, changed, sweep } = setup(30, 10);
    await sweep.tick([ROOT], noPause);
    expect(disk.take().list).toBe(0);
    const added = join(STORE, 'AppCrash_new_1');
    disk.stamps.set(added, STAMP);
    disk.stamps.delete(folderName(3));
    disk.storeMtimes.set(STORE, 6000);
    await sweep.tick([ROOT], noPause);
    expect(disk.take().list).toBe(1);
    expect(changed.sort()).toEqual([added, folderName(3)].sort());
    await sweep.tick([ROOT], noPause);
    expect(disk.take().list).toBe(0);
  });

  it('compares a recently added report at every tick until it cools down', async () => {
    let now = 0;
    const { index, disk, changed, sweep } = setup(1000, 10, () => now);
    const fresh = join(STORE, 'AppCrash_fresh_1');
    disk.stamps.set(fresh, STAMP);
    index.upsert(reportAt(fresh), STAMP, true);
    await sweep.tick([ROOT], noPause);
    expect(disk.take().stamp).toBe(11);
    // A file added to it is found at the next tick, not after the round of 100 ticks.
    disk.stamps.set(fresh, { ...STAMP, dirMtimeMs: 1500 });
    await sweep.tick([ROOT], noPause);
    expect(changed).toEqual([fresh]);
    now = 61_000;
    disk.take();
    await sweep.tick([ROOT], noPause);
    expect(disk.take().stamp).toBe(10);
  });

  it('leaves folders outside the light roots alone', async () => {
    const { disk, sweep } = setup(20, 10);
    await sweep.tick([join('/', 'virtual', 'elsewhere')], noPause);
    expect(disk.take()).toEqual({ mtime: 0, list: 0, stamp: 0 });
  });
});
