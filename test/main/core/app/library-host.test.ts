import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WerEvent } from '../../../../shared/wer-api';
import { LibraryHost } from '../../../../electron/main/core/app/library-host';
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
});
