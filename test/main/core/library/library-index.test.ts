/**
 * The library index's id map: a report found by id (no scan of every entry) stays right through
 * adopts, rewrites that change the id, moves and removals.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LibraryEvent } from '../../../../shared/library-model';
import type { WerReport } from '../../../../shared/report-model';
import { LibraryIndex } from '../../../../electron/main/core/library/library-index';
import { makeReport } from '../../../support/report-factory';

const STAMP = { dirMtimeMs: 1, werSize: 2, werMtimeMs: 3 };

describe('LibraryIndex ids', () => {
  let root: string;
  let index: LibraryIndex;
  let events: LibraryEvent[];
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'wer-index-'));
    index = new LibraryIndex(1000, () => undefined);
    events = [];
    index.subscribe((e) => events.push(e));
  });
  afterEach(() => {
    index.cancelAll();
    rmSync(root, { recursive: true, force: true });
  });

  // Folders under the temporary root do not exist, so an announced upsert of a known id is a move.
  const reportIn = (name: string, id: string): WerReport => ({ ...makeReport({ id }), folder: join(root, name) });
  const foldersWithId = (id: string) => index.withId(id).map((e) => e.report.folder).sort();

  it('finds adopted and upserted reports by id, also one report in two folders', () => {
    index.adopt({ stamp: STAMP, report: reportIn('a', 'id-1') });
    index.upsert(reportIn('b', 'id-2'), STAMP, false);
    index.upsert(reportIn('c', 'id-2'), STAMP, false);
    expect(foldersWithId('id-1')).toEqual([join(root, 'a')]);
    expect(foldersWithId('id-2')).toEqual([join(root, 'b'), join(root, 'c')]);
    expect(index.withId('id-3')).toEqual([]);
  });

  it('follows a folder whose rewritten Report.wer has another id', () => {
    index.upsert(reportIn('a', 'id-old'), STAMP, false);
    index.upsert(reportIn('a', 'id-new'), STAMP, true);
    expect(index.withId('id-old')).toEqual([]);
    expect(foldersWithId('id-new')).toEqual([join(root, 'a')]);
    expect(index.size).toBe(1);
  });

  it('keeps one entry when a report moves, and none once it is removed', () => {
    index.upsert(reportIn('ReportQueue-x', 'id-1'), STAMP, false);
    index.upsert(reportIn('ReportArchive-x', 'id-1'), STAMP, true);
    expect(events).toMatchObject([{ kind: 'updated', previousFolder: join(root, 'ReportQueue-x') }]);
    expect(foldersWithId('id-1')).toEqual([join(root, 'ReportArchive-x')]);
    expect(index.size).toBe(1);
    index.remove(join(root, 'ReportArchive-x'), true);
    expect(index.withId('id-1')).toEqual([]);
    expect(index.size).toBe(0);
  });
});
