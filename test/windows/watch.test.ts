/**
 * `watch` of the built CLI under Windows Node in Wine (file events through Wine's
 * ReadDirectoryChangesW): a report written into the machine's ReportQueue is one `added` line
 * within a second, and the same folder moved to ReportArchive (as WER does after upload) is one
 * `updated` line, not a removal and an addition.
 */
import { rename, rm } from 'node:fs/promises';
import { LIGHT_WATCH_FOLDERS } from '../../electron/main/core/library/store-watchers';
import { join, win32 } from 'node:path';
import { settle } from '../support/wait';
import { generatedSpec, buildStore } from '../support/store-builder';
import { writeReportAtomically } from '../e2e/support/e2e-store';
import { type LaneStores, resetStores } from './support/lane-stores';
import { LANE_DEFAULT_LOCATIONS, linuxPath, windowsLane, withoutWineEventLogWarnings } from './support/wine-lane';
import { type WineProcess, startWindowsCli } from './support/wine-run';

/** The JSON lines printed so far. */
function lines(watch: WineProcess): { type: string; id: string | null; folder: string }[] {
  return watch.stdout().split('\n').filter((l) => l.length > 0).map((l) => JSON.parse(l) as { type: string; id: string | null; folder: string });
}

describe('watch under Windows Node', () => {
  const lane = windowsLane();
  let stores: LaneStores;
  let watch: WineProcess;

  beforeAll(async () => {
    stores = await resetStores(lane);
    await buildStore(stores.machine.linux, 3);
    await buildStore(stores.user.linux, 2, { firstIndex: 10 });
    watch = startWindowsCli(lane, ['watch']);
    await watch.waitForStderr((text) => text.includes('watching'), 'watch to start');
  });

  afterAll(async () => {
    await watch.stop();
  });

  it('watches the default stores: the machine and the user ReportQueue and ReportArchive, the kernel dump folders, the LocalDumps folders and the event logs', () => {
    expect(withoutWineEventLogWarnings(watch.stderr())).toBe(`watching ${LANE_DEFAULT_LOCATIONS} location(s) with 5 report(s); press Ctrl+C to stop\n`);
  });

  it('a new report folder is an `added` line within a second; moved to ReportArchive it is one `updated` line', async () => {
    const { spec } = generatedSpec(500);
    const id = spec.reportIdentifier.toLowerCase();
    const queued = win32.join(stores.machine.windows, 'ReportQueue', spec.folderName);
    const archived = win32.join(stores.machine.windows, 'ReportArchive', spec.folderName);

    const written = performance.now();
    await writeReportAtomically(join(stores.machine.linux, 'ReportQueue'), spec);
    await watch.waitForStdout(() => lines(watch).some((l) => l.type === 'added' && l.id === id), 'the added line', 5000);
    const addedMs = performance.now() - written;
    expect(addedMs).toBeLessThan(1000);
    expect(lines(watch)).toEqual([expect.objectContaining({ type: 'added', id, folder: queued })]);

    await rename(join(stores.machine.linux, 'ReportQueue', spec.folderName), join(stores.machine.linux, 'ReportArchive', spec.folderName));
    await watch.waitForStdout(() => lines(watch).length > 1, 'a line about the move', 5000);
    // Longer than the library's grace for a vanished folder: a late `removed` or `added` would show.
    await settle(1500);
    expect(lines(watch)).toEqual([
      expect.objectContaining({ type: 'added', id, folder: queued }),
      expect.objectContaining({ type: 'updated', id, folder: archived }),
    ]);
  });

  it('Ctrl+C ends watch with exit code 0', async () => {
    expect(await watch.stop()).toBe(0);
    expect(watch.stderr()).not.toMatch(/error/i);
  });
});

/**
 * A collector's folder of more reports than LIGHT_WATCH_FOLDERS is watched light under Windows
 * too: a native watch of each store's entry list (ReadDirectoryChangesW on the store folders),
 * no walk of every report folder; also when the folder given holds the WER folder with the
 * stores inside it (a share's layout).
 */
describe('watch of a large collected folder under Windows Node (light watch)', () => {
  const lane = windowsLane();
  const collected = 'C:\\Collected\\WER';
  let linux = '';
  let watch: WineProcess;

  beforeAll(async () => {
    linux = linuxPath(lane, collected);
    await rm(linux, { recursive: true, force: true });
    await buildStore(linux, LIGHT_WATCH_FOLDERS + 1, { firstIndex: 1000 });
    watch = startWindowsCli(lane, ['watch', win32.dirname(collected)]);
    await watch.waitForStderr((text) => text.includes('watching'), 'watch to start', 120_000);
  }, 180_000);

  afterAll(async () => {
    await watch.stop();
    await rm(linux, { recursive: true, force: true });
  });

  it('a report folder added to a store is an `added` line, and its removal a `removed` line', async () => {
    expect(withoutWineEventLogWarnings(watch.stderr())).toBe(`watching 1 location(s) with ${LIGHT_WATCH_FOLDERS + 1} report(s); press Ctrl+C to stop\n`);
    const { spec } = generatedSpec(9000);
    const id = spec.reportIdentifier.toLowerCase();
    const folder = await writeReportAtomically(join(linux, 'ReportQueue'), spec);
    await watch.waitForStdout(() => lines(watch).some((l) => l.type === 'added' && l.id === id), 'the added line', 5000);
    expect(lines(watch)).toEqual([expect.objectContaining({ type: 'added', id, folder: win32.join(collected, 'ReportQueue', spec.folderName) })]);
    await rm(folder, { recursive: true });
    await watch.waitForStdout(() => lines(watch).some((l) => l.type === 'removed' && l.id === id), 'the removed line', 5000);
  });
});
