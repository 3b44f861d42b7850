/**
 * Child process of the library bench: a fresh process that warm-starts the library on a store
 * (cache + watchers) and prints its RSS, so the figure is not inflated by the bench's own work.
 */
import { join } from 'node:path';
import { ReportLibrary } from '../../electron/main/core/library/report-library';

async function main(): Promise<void> {
  const [root, cacheFile] = process.argv.slice(2);
  if (!root || !cacheFile) throw new Error('usage: library-rss ROOT CACHE');
  const locations = ['ReportQueue', 'ReportArchive'].map((s) => ({ path: join(root, s), scope: 'machine' as const, label: s }));
  const library = new ReportLibrary({ locations, cacheFile });
  await library.start();
  await library.whenWatching();
  const reports = library.reports().length;
  const rss = process.memoryUsage().rss;
  await library.close();
  console.log(JSON.stringify({ reports, rss }));
}

void main().catch((e) => {
  console.error(e);
  process.exitCode = 1;
});
