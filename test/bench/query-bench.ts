/**
 * `npm run bench query`: the library's query engine at collector sizes (300,000 and 1,000,000
 * generated reports): index build, save and load of the cache, a filter keystroke, sorts, facet
 * counts, Problems and History, and heap. Printed against the goals of issue 16. Not a test.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MATCH_ALL, type QueryRequest } from '../../shared/query-model';
import type { WerReport } from '../../shared/report-model';
import { LibraryQuery } from '../../electron/main/core/query/library-query';
import { fleetReports } from '../main/core/query/fleet-reports';

const SIZES = [300_000, 1_000_000];
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

function timed<T>(fn: () => T): { value: T; ms: number } {
  const t = performance.now();
  const value = fn();
  return { value, ms: performance.now() - t };
}

function heapUsed(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed;
}

/** Build, cache, keystroke, sort, problems and history over generated fleets. */
export async function benchQuery(log: (line: string) => void): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'wer-bench-query-'));
  try {
    for (const size of SIZES) {
      const reports = fleetReports(size, { seed: 16, applications: 2000 });
      const byId = new Map<string, WerReport>(reports.map((r) => [r.id, r]));
      const resolve = (id: string) => byId.get(id);
      const heapBefore = heapUsed();
      const engine = new LibraryQuery(resolve);
      const build = timed(() => engine.upsertAll(reports));
      const heapIndex = heapUsed() - heapBefore;
      log(`query ${size}: build ${build.ms.toFixed(0)} ms, index heap +${mb(heapIndex)}`);

      const file = join(dir, `index-${size}.bin`);
      let t = performance.now();
      await engine.save(file);
      const saveMs = performance.now() - t;
      t = performance.now();
      const loaded = await LibraryQuery.load(file, resolve);
      const loadMs = performance.now() - t;
      log(`query ${size}: cache ${mb((await stat(file)).size)}, save ${saveMs.toFixed(0)} ms, load ${loadMs.toFixed(0)} ms (goal: warm start < 3000 ms)${loaded.problem ? ` — ${loaded.problem}` : ''}`);

      const time: QueryRequest = { filter: MATCH_ALL, sort: { column: 'time', direction: 'descending' }, offset: 0, limit: 100 };
      const first = timed(() => engine.query(time));
      log(`query ${size}: first page (time sort computed) ${first.ms.toFixed(0)} ms (goal: first paint < 1500 ms)`);
      const words = ['f', 'fl', 'fle', 'flee', 'fleetapp1', 'fleetapp12'];
      const keystrokes = words.map((text) => timed(() => engine.query({ ...time, filter: { ...MATCH_ALL, text } })).ms);
      log(`query ${size}: filter keystrokes ${keystrokes.map((m) => m.toFixed(0)).join(' / ')} ms for ${words.join(', ')} (goal < 150 ms)`);
      const facet = timed(() => engine.query({ ...time, filter: { ...MATCH_ALL, stores: ['ReportQueue'], text: 'c0000005' } }));
      log(`query ${size}: facet + text filter ${facet.ms.toFixed(0)} ms, ${facet.value.total} shown (goal < 150 ms)`);
      const sortApp = timed(() => engine.query({ ...time, sort: { column: 'application', direction: 'ascending' }, offset: size / 2 }));
      const sortAgain = timed(() => engine.query({ ...time, sort: { column: 'application', direction: 'ascending' }, offset: size / 2 + 100 }));
      log(`query ${size}: sort by application first ${sortApp.ms.toFixed(0)} ms, next page ${sortAgain.ms.toFixed(0)} ms (goal < 150 ms)`);
      // A collector receiving a report: the list's next page (time and application sorts and the
      // filter kept) after one new report, and after a burst of 1,000.
      const pageAfter = (batch: readonly WerReport[]) => {
        for (const r of batch) {
          byId.set(r.id, r);
          engine.upsert(r);
        }
        return timed(() => [engine.query({ ...time, filter: { ...MATCH_ALL, text: 'fleetapp12' } }), engine.query(time), engine.query({ ...time, sort: { column: 'application', direction: 'ascending' } })]).ms;
      };
      const fresh = (n: number, tag: string) => reports.slice(0, n).map((r) => ({ ...r, id: `${r.id}-${tag}`, folder: `${r.folder}-${tag}` }));
      log(`query ${size}: the list's three kept answers again after 1 new report ${pageAfter(fresh(1, 'one')).toFixed(0)} ms, after 1,000 ${pageAfter(fresh(1000, 'many')).toFixed(0)} ms (goal: live update < 1000 ms)`);
      const problems = timed(() => engine.problems({ filter: MATCH_ALL }));
      log(`query ${size}: problems ${problems.ms.toFixed(0)} ms, ${problems.value.problems.length} problems (goal < 1000 ms)`);
      const history = timed(() => engine.history({ filter: MATCH_ALL, options: { period: 'day', groupBy: 'eventType' } }));
      log(`query ${size}: history ${history.ms.toFixed(0)} ms (goal < 1000 ms)`);
      log(`query ${size}: heap used ${mb(heapUsed())} (reports included), rss ${mb(process.memoryUsage().rss)}`);
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
