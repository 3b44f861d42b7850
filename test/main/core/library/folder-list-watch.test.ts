import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchFolderLists } from '../../../../electron/main/core/library/folder-list-watch';
import type { WatchEventKind } from '../../../../electron/main/core/library/watch-factory';
import { waitFor } from '../../../support/wait';

describe('watchFolderLists (the light watch of a large store)', () => {
  let root = '';
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-list-watch-'));
    await mkdir(join(root, 'ReportArchive', 'AppCrash_old_1'), { recursive: true });
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  it.each([
    ['native events', null],
    ['polling (network shares)', 50],
  ])('reports entries that appear and vanish in each folder, not changes deeper down, with %s', async (_mode, pollMs) => {
    const store = join(root, 'ReportArchive');
    const events: [WatchEventKind, string][] = [];
    const errors: Error[] = [];
    const handle = watchFolderLists([root, store], { onEvent: (kind, path) => events.push([kind, path]), onError: (e) => errors.push(e) }, pollMs);
    try {
      await handle.ready;
      const added = join(store, 'AppCrash_new_2');
      await mkdir(added);
      await waitFor(() => events.some(([kind, path]) => kind === 'addDir' && path === added), 'the new report folder');
      await rm(join(store, 'AppCrash_old_1'), { recursive: true });
      await waitFor(() => events.some(([kind, path]) => kind === 'unlinkDir' && path === join(store, 'AppCrash_old_1')), 'the removal');
      const queue = join(root, 'ReportQueue');
      await mkdir(queue);
      await waitFor(() => events.some(([kind, path]) => kind === 'addDir' && path === queue), 'a new store beside it');
      // A file inside a report folder is a level too deep: the library's sweep finds it.
      const count = events.length;
      await writeFile(join(added, 'Report.wer'), 'x');
      await new Promise((r) => setTimeout(r, 300));
      expect(events.slice(count).filter(([, path]) => path.startsWith(join(added, '')))).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await handle.close();
    }
    const after = events.length;
    await mkdir(join(store, 'AppCrash_after_close'));
    await new Promise((r) => setTimeout(r, 200));
    expect(events.length).toBe(after);
  });
});
