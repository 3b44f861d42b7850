/**
 * Bundled into one script (spill.test.ts) and run by Windows Node in Wine: a library with a
 * cache starts over a store of report folders, spilling what it reads to small spill files
 * (report-spill.ts), beside a second library on the same cache (a swap); what they hold, which
 * spill files exist while they run and after they close, and what a warm start holds.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { ReportLibrary } from '../../../electron/main/core/library/report-library';
import { isSpillFileOf } from '../../../electron/main/core/library/report-spill';
import { syncQuery } from '../../../electron/main/core/query/synced-query';

/** What the probe prints, as one JSON object. */
export interface SpillProbe {
  readonly count: number;
  readonly inMemory: number;
  readonly engineSize: number;
  readonly folders: readonly string[];
  readonly spillsWhileOpen: readonly string[];
  readonly spillsAfterClose: readonly string[];
  readonly secondCount: number;
  readonly warmInMemory: number;
  readonly warmFolders: readonly string[];
}

async function probe(store: string, cacheFile: string): Promise<SpillProbe> {
  const options = { locations: [{ path: store, scope: 'extra' as const, label: 'collected' }], cacheFile, watch: false as const, spill: { above: 5, every: 3 } };
  const spills = () => readdirSync(dirname(cacheFile)).filter((name) => isSpillFileOf(cacheFile, name));
  const first = new ReportLibrary({ ...options, timing: { cacheSaveDelayMs: 60_000, cacheMaxWaitMs: 60_000 } });
  await first.start();
  const synced = syncQuery(first);
  const second = new ReportLibrary(options);
  await second.start();
  const spillsWhileOpen = spills();
  const result = {
    count: first.count(),
    inMemory: first.reportsInMemory(),
    engineSize: synced.query.size,
    folders: first.reports().map((r) => r.folder),
    spillsWhileOpen,
    secondCount: second.reports().length,
  };
  synced.close();
  await second.close();
  await first.close();
  const spillsAfterClose = spills();
  const warm = new ReportLibrary(options);
  await warm.start();
  const warmResult = { warmInMemory: warm.reportsInMemory(), warmFolders: warm.reports().map((r) => r.folder) };
  await warm.close();
  return { ...result, spillsAfterClose, ...warmResult };
}

void probe(process.argv[2] ?? '', process.argv[3] ?? '').then((result) => process.stdout.write(JSON.stringify(result)));
