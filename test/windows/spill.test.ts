/**
 * A first start's spill files (report-spill.ts) under Windows Node in Wine: written in a Windows
 * data folder the start makes, read back, removed once the cache holds the reports (handles
 * closed first: Windows refuses to delete an open file), and left alone by a second library on
 * the same cache.
 */
import { rm } from 'node:fs/promises';
import { join, win32 } from 'node:path';
import { buildSync } from 'esbuild';
import { buildStore } from '../support/store-builder';
import type { SpillProbe } from './support/spill-probe';
import { linuxPath, stageScript, userProfile, windowsLane } from './support/wine-lane';
import { runWindowsNode } from './support/wine-run';

describe('spill files under Windows Node', () => {
  const lane = windowsLane();
  const store = 'C:\\Collected\\Spilled';
  const dataDir = win32.join(userProfile(lane), 'spill-data');

  afterAll(async () => {
    await rm(linuxPath(lane, store), { recursive: true, force: true });
    await rm(linuxPath(lane, dataDir), { recursive: true, force: true });
  });

  it('hold what a first start reads, and are gone once the cache holds it', async () => {
    await rm(linuxPath(lane, store), { recursive: true, force: true });
    await rm(linuxPath(lane, dataDir), { recursive: true, force: true });
    await buildStore(linuxPath(lane, store), 12);
    const bundle = join(lane.dir, 'spill-probe.js');
    buildSync({ entryPoints: [join(__dirname, 'support', 'spill-probe.ts')], bundle: true, platform: 'node', format: 'cjs', target: 'node22', outfile: bundle, logLevel: 'error' });
    const run = await runWindowsNode(lane, [await stageScript(lane, bundle), store, win32.join(dataDir, 'reports-cache.json')], 180_000);
    if (run.code !== 0) throw new Error(`the spill probe failed (exit ${run.code}): ${run.stderr}`);
    const probe = JSON.parse(run.stdout) as SpillProbe;
    expect(probe.count).toBe(12);
    expect(probe.inMemory).toBeLessThan(3);
    expect(probe.engineSize).toBe(12);
    expect(probe.folders.every((f) => f.startsWith(`${store}\\Report`))).toBe(true);
    // Two libraries on one cache, each with its own spill file.
    expect(probe.spillsWhileOpen).toHaveLength(2);
    expect(probe.spillsWhileOpen.every((name) => /^reports-cache\.json\.\d+-\d+\.spill$/.test(name))).toBe(true);
    expect(probe.secondCount).toBe(12);
    expect(probe.spillsAfterClose).toEqual([]);
    expect(probe.warmInMemory).toBe(0);
    expect([...probe.warmFolders].sort()).toEqual([...probe.folders].sort());
  }, 240_000);
});
