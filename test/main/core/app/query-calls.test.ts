/**
 * The query calls of the WerApi service over a live library: pages of the list, totals and facet
 * counts, problems and history for a filter, matching ids, and the index following the library
 * as report folders appear, move and vanish. The truth is the store's own construction
 * (store-builder's specs) and the whole-list call listReports.
 */
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAppCore, type AppCore } from '../../../../electron/main/core/app/app-core';
import type { ShellHooks } from '../../../../electron/main/core/app/wer-service';
import { MATCH_ALL, type QueryFilter, type QueryRequest } from '../../../../shared/query-model';
import { displayApplication } from '../../../../shared/report-display';
import type { WerReport } from '../../../../shared/report-model';
import { validateCall } from '../../../../shared/wer-api-validate';
import { type BuiltReport, buildStore } from '../../../support/store-builder';

jest.setTimeout(30_000);

const shell: ShellHooks = { mode: 'browser', elevated: null, openPath: async () => '', chooseFolder: async () => null, chooseSaveFile: async () => null };

/** Polls an async condition (the library applies file events after a short debounce). */
async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 8000): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function unwrap<T>(r: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

describe('query calls over a live library', () => {
  let root: string;
  let store: string;
  let core: AppCore;
  let built: BuiltReport[];
  const page = (patch: Partial<QueryRequest> = {}): QueryRequest => ({ filter: MATCH_ALL, sort: { column: 'time', direction: 'descending' }, offset: 0, limit: 1000, ...patch });
  const all = async (): Promise<WerReport[]> => unwrap(await core.calls.listReports()).reports as WerReport[];

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-query-calls-'));
    store = join(root, 'store');
    built = await buildStore(store, 30, { attachmentsEvery: 3 });
    await mkdir(join(root, 'data'));
    await writeFile(join(root, 'data', 'settings.json'), JSON.stringify({ version: 1, useDefaultStores: false, extraStores: [store] }));
    core = await openAppCore({ dataDir: join(root, 'data'), shell });
  });
  afterAll(async () => {
    await core.close();
    await rm(root, { recursive: true, force: true });
  });

  it('pages through the list in the order listReports gives, with the totals', async () => {
    const ids = (await all()).map((r) => r.id);
    expect(ids).toHaveLength(built.length);
    const first = unwrap(await core.calls.queryReports(page({ limit: 10 })));
    const rest = unwrap(await core.calls.queryReports(page({ offset: 10, limit: 1000 })));
    expect([...first.rows, ...rest.rows].map((r) => r.id)).toEqual(ids);
    expect(first).toMatchObject({ offset: 0, total: built.length, libraryTotal: built.length });
    expect(unwrap(await core.calls.queryReports(page({ offset: 5000 })))).toMatchObject({ rows: [], offset: built.length, total: built.length });
  });

  it('filters by facet with counts that follow the other parts of the filter', async () => {
    const reports = await all();
    // The facet's values are the Application column's text.
    const appOf = (r: WerReport) => displayApplication(r);
    const app = appOf(reports[0] as WerReport);
    const byApp = reports.filter((r) => appOf(r) === appOf(reports[0] as WerReport));
    const filter: QueryFilter = { ...MATCH_ALL, applications: [appOf(reports[0] as WerReport)] };
    const result = unwrap(await core.calls.queryReports(page({ filter })));
    expect(app).not.toBe('');
    expect(result.rows.map((r) => r.id)).toEqual(byApp.map((r) => r.id));
    // The application facet ignores its own selection: every application keeps its count.
    const counts = new Map<string, number>();
    for (const r of reports) counts.set(appOf(r), (counts.get(appOf(r)) ?? 0) + 1);
    expect(new Map(result.facets.applications.map((f) => [f.value, f.count]))).toEqual(counts);
    // The event type facet follows the application filter.
    expect(result.facets.eventTypes.reduce((n, f) => n + f.count, 0)).toBe(byApp.length);
  });

  it('answers problems, history and matching ids for a filter', async () => {
    const reports = await all();
    const problems = unwrap(await core.calls.queryProblems({ filter: MATCH_ALL }));
    expect(problems.total).toBe(reports.length);
    expect(problems.problems.reduce((n, p) => n + p.count, 0)).toBe(reports.length);
    // A problem comes without its report ids; its ref lists them.
    for (const p of problems.problems) {
      expect(p).not.toHaveProperty('reportIds');
      const ids = unwrap(await core.calls.matchingReportIds({ ...MATCH_ALL, problem: { mode: p.mode, key: p.key } }, 1000)).ids;
      expect(ids.length).toBe(p.count);
      expect(unwrap(await core.calls.queryReports({ ...page(), filter: { ...MATCH_ALL, problem: { mode: p.mode, key: p.key } } })).rows.map((r) => r.id)).toEqual(ids);
    }
    const history = unwrap(await core.calls.queryHistory({ filter: MATCH_ALL, options: { period: 'day', groupBy: 'none' } }));
    expect(history.total).toBe(reports.filter((r) => r.eventTime !== null).length);
    expect(history.buckets.reduce((n, b) => n + b.total, 0)).toBe(history.total);
    const some = reports.slice(0, 3).map((r) => r.id);
    const matching = unwrap(await core.calls.matchingReportIds({ ...MATCH_ALL, reportIds: some }, 2));
    expect(matching.total).toBe(3);
    expect(matching.ids).toHaveLength(2);
    expect(some).toEqual(expect.arrayContaining([...matching.ids]));
    expect(unwrap(await core.calls.libraryStatus())).toMatchObject({ total: reports.length, stores: [expect.objectContaining({ path: store, state: 'ok' })] });
  });

  it('follows the library: a new report is found, a moved one stays once, a deleted one is gone', async () => {
    const before = built.length;
    const [fresh] = await buildStore(join(root, 'incoming'), 1, { firstIndex: 100 });
    if (!fresh) throw new Error('no report built');
    const queue = join(store, 'ReportQueue');
    await mkdir(queue, { recursive: true });
    await rename(fresh.folder, join(queue, fresh.spec.folderName));
    const id = fresh.spec.reportIdentifier.toLowerCase();
    const byId = async () => unwrap(await core.calls.queryReports(page({ filter: { ...MATCH_ALL, text: id } })));
    await waitFor(async () => (await byId()).total === 1, 'the new report in the query index');
    expect(unwrap(await core.calls.queryReports(page())).total).toBe(before + 1);

    // Queue → archive, as WER does after upload: still one row.
    await mkdir(join(store, 'ReportArchive'), { recursive: true });
    await rename(join(queue, fresh.spec.folderName), join(store, 'ReportArchive', fresh.spec.folderName));
    await waitFor(async () => (await byId()).rows[0]?.store === 'ReportArchive', 'the moved report in the archive');
    expect((await byId()).total).toBe(1);

    await rm(join(store, 'ReportArchive', fresh.spec.folderName), { recursive: true });
    await waitFor(async () => (await byId()).total === 0, 'the deleted report gone', 10_000);
    expect(unwrap(await core.calls.queryReports(page())).total).toBe(before);
  });

  it('refuses hostile requests with one sentence, before the library sees them', () => {
    const bad: [string, unknown[]][] = [
      ['queryReports', [{ ...page(), limit: 1_000_000 }]],
      ['queryReports', [{ ...page(), sort: { column: 'constructor', direction: 'descending' } }]],
      ['queryReports', [{ ...page(), filter: { ...MATCH_ALL, text: 'x'.repeat(5000) } }]],
      ['queryReports', [{ ...page(), filter: { ...MATCH_ALL, stores: ['C:\\'] } }]],
      ['queryReports', [{ ...page(), filter: { ...MATCH_ALL, from: '2026-13' } }]],
      ['queryProblems', [{ filter: MATCH_ALL, mode: 'everything' }]],
      ['queryProblems', [{ filter: MATCH_ALL, dailyFrom: '2026-02-30' }]],
      ['queryReports', [{ ...page(), filter: { ...MATCH_ALL, problem: { mode: 'everything', key: 'k' } } }]],
      ['queryReports', [{ ...page(), filter: { ...MATCH_ALL, problem: { mode: 'signature', key: '' } } }]],
      ['queryReports', [{ ...page(), filter: { ...MATCH_ALL, problem: 'k' } }]],
      ['queryHistory', [{ filter: MATCH_ALL, options: { period: 'year', groupBy: 'none' } }]],
      ['matchingReportIds', [MATCH_ALL, -1]],
      ['matchingReportIds', [null, 10]],
    ];
    for (const [method, args] of bad) {
      const r = validateCall(method as never, args);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(/^[A-Z].*\.$/);
    }
    expect(validateCall('queryReports', [page()]).ok).toBe(true);
  });
});
