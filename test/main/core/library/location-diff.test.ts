import { appendFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibraryIndex } from '../../../../electron/main/core/library/library-index';
import { diffLocation } from '../../../../electron/main/core/library/location-diff';
import { folderStamp } from '../../../../electron/main/core/store/folder-stamp';
import { readReportFolder } from '../../../../electron/main/core/report/read-report-folder';
import { reportLocationOf } from '../../../../electron/main/core/store/scan-stores';
import { buildStore } from '../../../support/store-builder';

describe('diffLocation', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-diff-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it('compares the stamps of known folders, or, above trustKnownAbove, only finds folders it lacks', async () => {
    const built = await buildStore(join(root, 'WER'), 4);
    const index = new LibraryIndex(1000, () => undefined);
    for (const { folder } of built.slice(0, 3)) index.upsert(readReportFolder(folder, reportLocationOf(folder)).report, folderStamp(folder), false);
    const known = built[0]?.folder ?? '';
    // A file added to a known folder changes its stamp (the folder's mtime).
    await appendFile(join(known, 'memory.csv'), 'x');
    const location = { path: join(root, 'WER'), scope: 'extra' as const, label: 'WER' };
    const pause = async () => undefined;

    const full = await diffLocation(location, index, new Map(), pause);
    expect(full.changed.map((c) => c.found.folder).sort()).toEqual([known, built[3]?.folder].sort());
    const listed = await diffLocation(location, index, new Map(), pause, { trustKnownAbove: -1 });
    // Compared in the background (at most half the time: a library serving requests meanwhile): the same answer.
    const background = await diffLocation(location, index, new Map(), pause, { background: true });
    expect(background.changed).toEqual(full.changed);
    expect(listed.changed.map((c) => c.found.folder)).toEqual([built[3]?.folder]);
    // Both saw every folder (so vanished ones are still found).
    expect([...listed.seen].sort()).toEqual([...full.seen].sort());
    expect(listed.seen.size).toBe(4);
    // Only the listing that kept known folders unseen says so: those have stamps left to compare.
    expect([full.trusted, listed.trusted]).toEqual([false, true]);
    // A large store met for the first time (nothing known) has stamped every folder it returns.
    const first = await diffLocation(location, new LibraryIndex(1000, () => undefined), new Map(), pause, { trustKnownAbove: -1 });
    expect(first.changed).toHaveLength(4);
    expect(first.trusted).toBe(false);
  });
});
