import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WerEvent } from '../../../../shared/wer-api';
import { LibraryHost, queryIndexFile } from '../../../../electron/main/core/app/library-host';
import { MATCH_ALL } from '../../../../shared/query-model';
import type { StoreLocation } from '../../../../shared/store-model';
import { ReportLibrary } from '../../../../electron/main/core/library/report-library';
import { formatReportWer, utf16leWithBom } from '../../../../electron/main/core/sample/report-writer';
import { FAST_TIMING } from '../../../support/library-harness';
import { waitFor } from '../../../support/wait';
import { buildStore, generatedSpec } from '../../../support/store-builder';

jest.setTimeout(20_000);

describe('library host', () => {
  it('keeps listeners across a swap, announces it, and survives a throwing listener', async () => {
    const root = await mkdtemp(join(tmpdir(), 'wer-host-'));
    await buildStore(join(root, 'a'), 2);
    await buildStore(join(root, 'b'), 5);
    const location = (dir: string) => [{ path: join(root, dir, 'ReportArchive'), scope: 'extra' as const, label: dir }, { path: join(root, dir, 'ReportQueue'), scope: 'extra' as const, label: dir }];
    const host = await LibraryHost.open(location('a'), (locations) => new ReportLibrary({ locations, timing: FAST_TIMING }));
    const events: WerEvent[] = [];
    host.subscribe(() => {
      throw new Error('a closed window');
    });
    host.subscribe((e) => events.push(e));
    try {
      expect(host.library().reports()).toHaveLength(2);
      await host.reconfigure(location('b'));
      expect(host.library().reports()).toHaveLength(5);
      expect(events.at(-1)).toEqual({ kind: 'reset' });
      await host.library().whenWatching();
      const { spec } = generatedSpec(99);
      const folder = join(root, 'b', 'ReportQueue', spec.folderName);
      await mkdir(folder);
      await writeFile(join(folder, 'Report.wer'), utf16leWithBom(formatReportWer(spec)));
      await waitFor(() => events.some((e) => e.kind === 'added'), 'an added event from the new library');
      host.emit({ kind: 'command', command: 'refresh' });
      expect(events.at(-1)).toEqual({ kind: 'command', command: 'refresh' });
    } finally {
      await host.close();
      await rm(root, { recursive: true, force: true });
    }
  });

  it('loads the engine from the query index saved beside the cache when the records are the cached ones', async () => {
    const root = await mkdtemp(join(tmpdir(), 'wer-host-index-'));
    const built = await buildStore(join(root, 'WER'), 30);
    const locations = [{ path: join(root, 'WER'), scope: 'extra' as const, label: 'WER' }];
    const cacheFile = join(root, 'reports-cache.json');
    const factory = (l: readonly StoreLocation[]) => new ReportLibrary({ locations: l, cacheFile, timing: FAST_TIMING, watch: false });
    const request = { filter: MATCH_ALL, sort: { column: 'application' as const, direction: 'ascending' as const }, offset: 0, limit: 100 };
    const answers = (host: LibraryHost) => ({
      page: host.query().query(request).rows.map((r) => r.id),
      problems: host.query().problems({ filter: MATCH_ALL }),
      history: host.query().history({ filter: MATCH_ALL, options: { period: 'week', groupBy: 'problem' } }),
      // A word of one report's own search text (its id), as saved in the index.
      byId: host.query().query({ ...request, filter: { ...MATCH_ALL, text: built[5]?.spec.reportIdentifier.slice(0, 13).toLowerCase() ?? '' } }).rows.map((r) => r.id),
    });
    const indexFile = queryIndexFile(cacheFile);
    try {
      let host = await LibraryHost.open(locations, factory);
      expect(host.queryFromIndex()).toBe(false);
      const want = answers(host);
      expect(want.byId).toEqual([built[5]?.spec.reportIdentifier.toLowerCase()]);
      await host.close();
      // The index says which cache it matches: the generation in the cache's header line.
      const generation = (JSON.parse((await readFile(cacheFile, 'utf8')).split('\n')[0] ?? '') as { generation: string }).generation;
      expect((await readFile(indexFile)).toString('hex', 24, 32)).toBe(generation);

      host = await LibraryHost.open(locations, factory);
      expect(host.queryFromIndex()).toBe(true);
      expect(answers(host)).toEqual(want);
      await host.close();

      // A report deleted while closed: the records are not the cached ones, so the engine is built.
      await rm(built[0]?.folder ?? '', { recursive: true });
      host = await LibraryHost.open(locations, factory);
      expect(host.queryFromIndex()).toBe(false);
      expect(host.query().size).toBe(29);
      const after = answers(host);
      await host.close();
      // ...and saved again at close, matching the new cache.
      host = await LibraryHost.open(locations, factory);
      expect(host.queryFromIndex()).toBe(true);
      expect(answers(host)).toEqual(after);
      await host.close();

      // A damaged index is not used, and nothing else changes.
      const bytes = await readFile(indexFile);
      bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
      await writeFile(indexFile, bytes);
      host = await LibraryHost.open(locations, factory);
      expect(host.queryFromIndex()).toBe(false);
      expect(answers(host)).toEqual(after);
      await host.close();
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
