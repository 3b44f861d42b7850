/**
 * The query engine against the implementation the e2e tests and screenshots pinned: the filter,
 * facet counts and sort the page used to apply itself (now test/support/list-rules.ts) and the
 * shared grouping (problems.ts, history.ts), run over the same generated library.
 */
import { referenceHistory } from '../../../support/history-rules';
import type { ProblemRef } from '../../../../shared/problem-model';
import { groupProblems, problemSummary } from '../../../../shared/problems';
import type { QueryFilter, QueryRequest, QuerySort, QuerySortColumn } from '../../../../shared/query-model';
import { MATCH_ALL } from '../../../../shared/query-model';
import { sourceKey } from '../../../../shared/record-sources';
import { displayApplication } from '../../../../shared/report-display';
import type { WerReport } from '../../../../shared/report-model';
import { LibraryQuery } from '../../../../electron/main/core/query/library-query';
import { ownSearchParts, ReportColumns } from '../../../../electron/main/core/query/report-columns';
import type { ReportFilter } from '../../../../renderer/src/model/report-filter';
import { applyFilter, facetValues, sortReports } from '../../../support/list-rules';
import { mulberry32, type Prng } from '../../../support/prng';
import { fleetReports } from './fleet-reports';

const COLUMNS: readonly QuerySortColumn[] = ['time', 'event', 'application', 'version', 'module', 'exception', 'offset', 'store', 'source', 'attachments'];
const OFFSETS = [0, 780, -600, 330];

/** A live library: the records in order, as the renderer receives them. */
class Library {
  readonly byId = new Map<string, WerReport>();
  readonly engine = new LibraryQuery((id) => this.byId.get(id));
  constructor(reports: readonly WerReport[]) {
    for (const r of reports) this.byId.set(r.id, r);
    this.engine.upsertAll(reports);
  }
  list(): WerReport[] {
    return [...this.byId.values()];
  }
  /** A new report, or one replaced (it keeps its place). */
  put(r: WerReport): void {
    this.byId.set(r.id, r);
    this.engine.upsert(r);
  }
  /** Removes a report picked at random; whether the engine had it. */
  removeAny(rng: Prng): boolean {
    const victim = rng.pick(this.list());
    this.byId.delete(victim.id);
    return this.engine.remove(victim.id);
  }
}

function asReportFilter(f: QueryFilter): ReportFilter {
  return { ...f, reportIdsLabel: null };
}

/** What the list shows today for a request: filter, then sort, then the page. */
function expectedPage(reports: readonly WerReport[], request: QueryRequest): { ids: string[]; total: number } {
  const shown = applyFilter(reports, asReportFilter(request.filter), request.utcOffsetMinutes);
  const sorted = sortReports(shown, request.sort);
  return { ids: sorted.slice(request.offset, request.offset + request.limit).map((r) => r.id), total: shown.length };
}

/** Today's facet counts (filter-bar.tsx): each facet over the filter without its own part. */
function expectedFacets(reports: readonly WerReport[], f: QueryFilter, offset: number) {
  const over = (cleared: Partial<QueryFilter>) => applyFilter(reports, asReportFilter({ ...f, ...cleared }), offset);
  return {
    eventTypes: facetValues(over({ eventTypes: [] }), (r) => r.eventType ?? ''),
    applications: facetValues(over({ applications: [] }), displayApplication),
    stores: facetValues(over({ stores: [] }), (r) => r.store),
    sources: facetValues(over({ sources: [] }), sourceKey),
  };
}

/** Words people type: pieces of what the list shows and of ids and folders, in any case. */
function randomWord(rng: Prng, reports: readonly WerReport[]): string {
  const r = rng.pick(reports);
  const pool = [r.id, r.folder, displayApplication(r), r.fields.module ?? '', r.fields.exceptionCode ? `0x${r.fields.exceptionCode.toUpperCase()}` : '', r.machine ?? '', 'access', 'VIOLATION', 'hang', 'σύστημα', 'queue', 'nothing-matches-this', r.bucket?.id ?? ''].filter((w) => w !== '');
  const source = rng.pick(pool);
  const start = rng.int(Math.max(1, source.length - 3));
  return source.slice(start, start + 3 + rng.int(8));
}

function randomFilter(rng: Prng, reports: readonly WerReport[]): QueryFilter {
  const some = <T>(values: readonly T[]): T[] => (rng.int(3) === 0 ? Array.from({ length: 1 + rng.int(2) }, () => rng.pick(values)) : []);
  const words = rng.int(3) === 0 ? '' : Array.from({ length: 1 + rng.int(2) }, () => randomWord(rng, reports)).join(rng.int(2) ? ' ' : '  \t');
  const day = () => new Date(Date.parse('2026-11-20') - rng.int(400) * 86_400_000).toISOString().slice(0, 10);
  const from = rng.int(4) === 0 ? day() : null;
  const to = rng.int(4) === 0 ? day() : null;
  return {
    text: words,
    eventTypes: some(reports.map((r) => r.eventType ?? '')),
    applications: some(reports.map(displayApplication)),
    stores: some(reports.map((r) => r.store)),
    sources: some(reports.map(sourceKey)),
    from: from !== null && to !== null && from > to ? to : from,
    to: from !== null && to !== null && from > to ? from : to,
    reportIds: rng.int(6) === 0 ? Array.from({ length: 200 }, () => rng.pick(reports).id) : null,
    problem: rng.int(5) === 0 ? randomProblem(rng, reports) : null,
  };
}

/** A problem of the library as the Problems view shows it: by its key, or by another of its keys (triage moved it). */
function randomProblem(rng: Prng, reports: readonly WerReport[]): ProblemRef {
  const mode = rng.pick(['signature', 'application'] as const);
  const problem = rng.pick(groupProblems(reports, { mode }));
  return { mode, key: rng.int(3) === 0 ? rng.pick(problem.keys) : problem.key };
}

function randomRequest(rng: Prng, reports: readonly WerReport[]): QueryRequest {
  const sort: QuerySort = { column: rng.pick(COLUMNS), direction: rng.int(2) ? 'ascending' : 'descending' };
  return { filter: randomFilter(rng, reports), sort, offset: rng.pick([0, 0, 37, 400]), limit: rng.pick([100, 50]), utcOffsetMinutes: rng.pick(OFFSETS) };
}

function expectSameAnswers(library: Library, request: QueryRequest): void {
  const reports = library.list();
  const got = library.engine.query(request);
  const want = expectedPage(reports, request);
  expect({ total: got.total, ids: got.rows.map((r) => r.id) }).toEqual(want);
  expect(got.libraryTotal).toBe(reports.length);
  expect(got.facets).toEqual(expectedFacets(reports, request.filter, request.utcOffsetMinutes ?? 0));
}

describe('LibraryQuery', () => {
  const reports = fleetReports(1200, { seed: 16, applications: 30 });

  it('pages, totals and facet counts equal the renderer’s filter and sort over 150 random requests', () => {
    const library = new Library(reports);
    const rng = mulberry32(1601);
    let nonEmpty = 0;
    for (let i = 0; i < 150; i++) {
      const request = randomRequest(rng, reports);
      expectSameAnswers(library, request);
      if (expectedPage(reports, request).total > 0) nonEmpty += 1;
    }
    // The generated requests must exercise real matches, not only empty lists.
    expect(nonEmpty).toBeGreaterThan(50);
  }, 180_000);

  it('lists the ids a filter lets through like the renderer’s filter, a few chosen reports by their slots alone', () => {
    const library = new Library(reports);
    const rng = mulberry32(4242);
    for (let i = 0; i < 60; i++) {
      const offset = rng.pick(OFFSETS);
      const base = randomFilter(rng, reports);
      // The selection check: is this one report shown? (Beside the list's own filter, whose pages
      // must keep their answers.)
      const filter = i % 2 === 0 ? { ...base, reportIds: Array.from({ length: 1 + rng.int(3) }, () => rng.pick(reports).id) } : base;
      const want = applyFilter(library.list(), asReportFilter(filter), offset).map((r) => r.id);
      expect(library.engine.matchingIds(filter, offset)).toEqual(want);
      expectSameAnswers(library, { filter: base, sort: { column: 'time', direction: 'descending' }, offset: 0, limit: 100, utcOffsetMinutes: offset });
    }
  });

  it('looks a page’s reports up together when the resolver can, and fills the page past ids the library no longer has', () => {
    const byId = new Map(reports.map((r) => [r.id, r]));
    const newest = sortReports(reports, { column: 'time', direction: 'descending' }).map((r) => r.id);
    // The library lost two of the first page's reports and has not said so yet.
    const gone = new Set([newest[3], newest[7]]);
    const single = jest.fn((id: string) => (gone.has(id) ? undefined : byId.get(id)));
    const lookups: string[][] = [];
    const resolve = Object.assign(single, { many: (ids: readonly string[]) => (lookups.push([...ids]), ids.map(single)) });
    const engine = new LibraryQuery(resolve);
    engine.upsertAll(reports);
    single.mockClear();
    const page = engine.query({ filter: MATCH_ALL, sort: { column: 'time', direction: 'descending' }, offset: 5, limit: 40 });
    expect(page.rows.map((r) => r.id)).toEqual(newest.slice(5).filter((id) => !gone.has(id)).slice(0, 40));
    // One lookup of the page's 40 ids, then one for the one place the missing report left.
    expect(lookups).toEqual([newest.slice(5, 45), newest.slice(45, 46)]);
    expect(single).toHaveBeenCalledTimes(41);
  });

  it('sorts every column both ways like the list', () => {
    const library = new Library(reports);
    for (const column of COLUMNS) {
      for (const direction of ['ascending', 'descending'] as const) {
        const request: QueryRequest = { filter: MATCH_ALL, sort: { column, direction }, offset: 0, limit: 1000 };
        const got = library.engine.query(request).rows.map((r) => r.id);
        expect(got).toEqual(sortReports(reports, { column, direction }).slice(0, 1000).map((r) => r.id));
      }
    }
  }, 120_000);

  it('groups problems and history like the shared functions over the filtered reports', () => {
    const library = new Library(reports);
    const rng = mulberry32(2026);
    for (let i = 0; i < 12; i++) {
      const filter = i === 0 ? MATCH_ALL : randomFilter(rng, reports);
      const offset = rng.pick(OFFSETS);
      const shown = applyFilter(reports, asReportFilter(filter), offset);
      const mode = i % 2 === 0 ? 'signature' : 'application';
      const lastVisit = '2026-11-01T00:00:00.000Z';
      // Every other request asks for the days of the last month only (the page's sparklines).
      const dailyFrom = i % 2 === 0 ? '2026-10-20' : undefined;
      // The library spans earlier days too, so the cut is seen.
      if (i === 0) expect(reports.some((r) => r.eventTime !== null && r.eventTime < '2026-10-19')).toBe(true);
      expect(library.engine.problems({ filter, mode, utcOffsetMinutes: offset, lastVisit, ...(dailyFrom ? { dailyFrom } : {}) })).toEqual({
        problems: groupProblems(shown, { mode, utcOffsetMinutes: offset, lastVisit }).map((p) => ({ ...problemSummary(p), daily: p.daily.filter((d) => !dailyFrom || d.day >= dailyFrom) })),
        total: shown.length,
      });
      const options = { period: i % 3 === 0 ? ('week' as const) : ('day' as const), groupBy: rng.pick(['eventType', 'application', 'problem', 'none'] as const), utcOffsetMinutes: offset };
      expect(library.engine.history({ filter, options })).toEqual(referenceHistory(shown, options));
    }
  }, 120_000);

  it('shows the reports of a problem by its key, as grouping the whole library lists them', () => {
    const library = new Library(reports);
    for (const mode of ['signature', 'application'] as const) {
      const grouped = groupProblems(reports, { mode });
      // The view's answer (another time zone and a last visit) serves the problem filters.
      expect(library.engine.problems({ filter: MATCH_ALL, mode, utcOffsetMinutes: 330, lastVisit: '2026-11-01T00:00:00.000Z' }).problems).toHaveLength(grouped.length);
      for (const p of grouped) {
        const shown = library.engine.query({ filter: { ...MATCH_ALL, problem: { mode, key: p.key } }, sort: { column: 'time', direction: 'descending' }, offset: 0, limit: 1000 });
        expect(shown.total).toBe(p.count);
        expect(shown.rows.map((r) => r.id).sort()).toEqual([...p.reportIds].sort());
        // Triage can give the problem another of its keys.
        expect(library.engine.matchingIds({ ...MATCH_ALL, problem: { mode, key: p.keys.at(-1) ?? '' } }).sort()).toEqual([...p.reportIds].sort());
      }
    }
    expect(library.engine.matchingIds({ ...MATCH_ALL, problem: { mode: 'signature', key: 'no such problem' } })).toEqual([]);
  }, 120_000);

  it('sorts by time and attachment count like the list when its slots are already in that order (a loaded index), or nearly', () => {
    expect(reports.some((r) => r.eventTime === null)).toBe(true);
    for (const column of ['time', 'attachments'] as const) {
      for (const direction of ['ascending', 'descending'] as const) {
        const inOrder = sortReports(reports, { column, direction });
        // One report out of place: an undated one among the dated, then a dated one moved back.
        const undatedFirst = [...inOrder.filter((r) => r.eventTime === null).slice(0, 1), ...inOrder.filter((r, i) => r.eventTime !== null || i !== inOrder.findIndex((x) => x.eventTime === null))];
        const swapped = [...inOrder];
        [swapped[10], swapped[500]] = [swapped[500] as WerReport, swapped[10] as WerReport];
        for (const order of [inOrder, undatedFirst, swapped]) {
          const library = new Library(order);
          for (const asked of ['ascending', 'descending'] as const) {
            const page = (offset: number) => library.engine.query({ filter: MATCH_ALL, sort: { column, direction: asked }, offset, limit: 1000 }).rows.map((r) => r.id);
            expect([...page(0), ...page(1000)]).toEqual(sortReports(order, { column, direction: asked }).map((r) => r.id));
          }
        }
      }
    }
  }, 120_000);

  it('answers the same when its index was put together in another order and then put in order', () => {
    const library = new Library(reports);
    const rng = mulberry32(3003);
    // Put in a shuffled order (as a start reads stored reports: in the order they lie on disk).
    const shuffled = reports.map((_, i) => i);
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j] as number, shuffled[i] as number];
    }
    const columns = new ReportColumns();
    for (const i of shuffled) columns.put(reports[i] as WerReport);
    const slotOf = new Uint32Array(reports.length);
    shuffled.forEach((i, slot) => (slotOf[i] = slot));
    const reordered = new LibraryQuery((id) => library.byId.get(id), columns.reordered(slotOf));
    for (let i = 0; i < 60; i++) {
      const request = randomRequest(rng, reports);
      expect(reordered.query(request)).toEqual(library.engine.query(request));
      expect(reordered.matchingIds(request.filter, request.utcOffsetMinutes)).toEqual(library.engine.matchingIds(request.filter, request.utcOffsetMinutes));
    }
    for (const column of COLUMNS) {
      const request: QueryRequest = { filter: MATCH_ALL, sort: { column, direction: 'ascending' }, offset: 0, limit: 1000 };
      expect(reordered.query(request)).toEqual(library.engine.query(request));
    }
    const problems = { filter: MATCH_ALL, mode: 'signature' as const, utcOffsetMinutes: 60 };
    expect(reordered.problems(problems)).toEqual(library.engine.problems(problems));
    const history = { filter: MATCH_ALL, options: { period: 'day' as const, groupBy: 'application' as const, utcOffsetMinutes: 60 } };
    expect(reordered.history(history)).toEqual(library.engine.history(history));
    // Only a whole index, each slot once, can be put in order.
    columns.remove((reports[0] as WerReport).id);
    expect(() => columns.reordered(slotOf)).toThrow(/every slot live/);
  }, 120_000);

  it('follows live changes: added, replaced, moved and removed reports', () => {
    const library = new Library(reports.slice(0, 800));
    const rng = mulberry32(7);
    const more = reports.slice(800);
    for (let round = 0; round < 12; round++) {
      for (let k = 0; k < 25; k++) {
        const roll = rng.int(3);
        if (roll === 0 && more.length > 0) library.put(more.pop() as WerReport);
        else if (roll === 1) expect(library.removeAny(rng)).toBe(true);
        else {
          // The queued report was sent: it moves to the archive and Windows answers with a bucket.
          const old = rng.pick(library.list());
          library.put({ ...old, store: 'ReportArchive', folder: old.folder.replace(/ReportQueue|EventLog/, 'ReportArchive'), bucket: { id: 'fedcba9876543210', table: 5, legacyId: null } });
        }
      }
      expect(library.engine.size).toBe(library.byId.size);
      // Problems are remembered between changes, never past one.
      const problems = library.engine.problems({ filter: MATCH_ALL });
      expect(problems).toEqual({ problems: groupProblems(library.list()).map((p) => problemSummary(p)), total: library.byId.size });
      expect(library.engine.problems({ filter: MATCH_ALL })).toBe(problems);
      expectSameAnswers(library, randomRequest(rng, library.list()));
      expectSameAnswers(library, { filter: { ...MATCH_ALL, text: 'fedcba98' }, sort: { column: 'time', direction: 'descending' }, offset: 0, limit: 100 });
    }
    expect(library.engine.remove('no-such-report')).toBe(false);
  }, 120_000);

  it('prepares the whole library\'s problems in the background: the same answers, finished by a question, dropped by a change or a close', async () => {
    const expected = (list: readonly WerReport[], offset: number, lastVisit: string | null) => ({
      problems: groupProblems(list, { utcOffsetMinutes: offset, lastVisit }).map((p) => problemSummary(p)),
      total: list.length,
    });
    // Enough sites for several steps of a few hundred problems.
    const many = fleetReports(2500, { seed: 33, applications: 150 });
    expect(groupProblems(many.slice(0, 2400)).length).toBeGreaterThan(250);
    // A pause the test releases step by step.
    let release: (() => void) | null = null;
    let pauses = 0;
    const pause = () =>
      new Promise<void>((resolve) => {
        pauses += 1;
        release = resolve;
      });
    const step = async () => {
      const go = release as (() => void) | null;
      release = null;
      go?.();
      await new Promise((r) => setImmediate(r));
    };

    // Run through: every request (time zone, last visit) is made from the one grouping.
    const library = new Library(many.slice(0, 2400));
    const prepared = library.engine.prepareProblems('signature', async () => undefined);
    await prepared;
    for (const offset of [0, 330, -600]) {
      for (const lastVisit of [null, '2026-11-01T00:00:00.000Z']) {
        expect(library.engine.problems({ filter: MATCH_ALL, utcOffsetMinutes: offset, lastVisit })).toEqual(expected(library.list(), offset, lastVisit));
      }
    }

    // A question while it is half made finishes it at once, and the background stops.
    const asked = new Library(many.slice(0, 2400));
    const running = asked.engine.prepareProblems('signature', pause);
    await new Promise((r) => setImmediate(r));
    expect(pauses).toBe(1);
    expect(asked.engine.problems({ filter: MATCH_ALL, utcOffsetMinutes: 330, lastVisit: null })).toEqual(expected(asked.list(), 330, null));
    await step();
    await running;
    expect(pauses).toBe(1);

    // A change while it is made drops it: the answer has the change.
    pauses = 0;
    const changed = new Library(many.slice(0, 2400));
    const dropped = changed.engine.prepareProblems('signature', pause);
    await new Promise((r) => setImmediate(r));
    changed.put(many[2450] as WerReport);
    await step();
    await dropped;
    expect(pauses).toBe(1);
    expect(changed.engine.problems({ filter: MATCH_ALL, lastVisit: null })).toEqual(expected(changed.list(), 0, null));

    // Closing (the signal) stops it.
    pauses = 0;
    const closing = new AbortController();
    const closed = new Library(many.slice(0, 2400));
    const stopped = closed.engine.prepareProblems('signature', pause, closing.signal);
    await new Promise((r) => setImmediate(r));
    closing.abort();
    await step();
    await stopped;
    expect(pauses).toBe(1);
  }, 120_000);

  it('finds words anywhere in folders, ids and machines, though a folder\u2019s parent is kept once and an id inside its folder\u2019s name is not kept again', () => {
    const parents = ['C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive\\', '\\\\collector\\wer\\Σύστημα\\ReportQueue\\', '/srv/wer/ReportArchive/', 'C:/mixed\\Seps/', 'C:\\Windows\\Minidump\\'];
    const folderOf = (r: WerReport, i: number): string => {
      switch (i % 9) {
        case 0:
          return 'no-separator-at-all';
        case 1:
          return `${parents[i % parents.length]}`;
        case 2:
          return '';
        case 3:
          return `${parents[i % parents.length]}AppCrash_${r.id.toUpperCase()}`;
        case 4:
          return `${parents[i % parents.length]}Kernel_${r.id.slice(-8)}_ΣΑΣ`;
        case 5:
          return `${parents[i % parents.length]}Report_${r.id.slice(0, 30)}`;
        default:
          return `${parents[i % parents.length]}AppCrash_${displayApplication(r)}_${r.id}`;
      }
    };
    const foldered = reports.slice(0, 400).map((r, i) => ({ ...r, folder: folderOf(r, i) }));
    const library = new Library(foldered);
    // Words across the parent's end and the name's beginning (split at every place), in the parent,
    // in the name, the whole folder, words ending with a separator, in any case.
    const words = new Set<string>(['archive\\appcrash_', 'wer\\reportarchive\\app', 'archive/appcrash', 'seps/appcrash', 'c:/mixed\\seps/', '\\kernel', '/', '\\', 'σύστημα\\reportqueue\\kernel_', 'ςασ', 'ΣΑΣ', 'separator-at', 'minidump\\']);
    for (const r of foldered.slice(0, 40)) {
      const cut = Math.max(r.folder.lastIndexOf('\\'), r.folder.lastIndexOf('/')) + 1;
      for (let from = Math.max(0, cut - 6); from < cut; from++) for (let to = cut; to <= Math.min(r.folder.length, cut + 6); to++) words.add(r.folder.slice(from, to));
      words.add(r.folder);
      words.add(r.id.slice(-12, -2));
      if (r.machine) words.add(r.machine.toLowerCase());
    }
    const expectSameIds = (asked: Iterable<string> = words): void => {
      for (const word of asked) {
        const filter = { ...MATCH_ALL, text: word };
        expect({ word, ids: library.engine.matchingIds(filter, 0) }).toEqual({ word, ids: applyFilter(library.list(), asReportFilter(filter), 0).map((r) => r.id) });
      }
    };
    expectSameIds();
    // The words' kept matches are patched as folders change (one moved to another parent, one to
    // a new parent, one removed), and still agree: a few words are kept (asked last before the
    // changes, first after them), the others are found afresh.
    const kept = ['archive\\appcrash_', 'ςασ', 'minidump\\', 'seps/appcrash', 'new parent 3\\appcrash', '\\kernel'];
    expectSameIds(kept);
    const rng = mulberry32(77);
    for (let k = 0; k < 30; k++) {
      const old = rng.pick(library.list());
      const roll = rng.int(3);
      if (roll === 2) library.removeAny(rng);
      else library.put({ ...old, folder: roll === 0 ? folderOf(old, rng.int(9)) : `D:\\New Parent ${k}\\AppCrash_${old.id}` });
    }
    expectSameIds(kept);
    expectSameIds();
    // The construction: an id its folder's name holds is not kept a second time; part of it is not enough.
    const partsOf = (r: WerReport, withId: boolean) => {
      const cut = r.folder.lastIndexOf('\\') + 1;
      return { parent: r.folder.slice(0, cut).toLowerCase(), rest: [r.folder.slice(cut).toLowerCase(), withId ? r.id : null, r.machine?.toLowerCase()].filter((v) => v).join('\n') };
    };
    const [partOfId, wholeId] = [foldered[5], foldered[6]] as [WerReport, WerReport];
    expect(ownSearchParts(wholeId)).toEqual(partsOf(wholeId, false));
    expect(ownSearchParts(partOfId)).toEqual(partsOf(partOfId, true));
  }, 120_000);

  it('patches its kept orders, masks and word matches as reports change, answering as if computed afresh', () => {
    const library = new Library(reports.slice(0, 700));
    const rng = mulberry32(1616);
    const more = reports.slice(700);
    const filters: QueryFilter[] = [{ ...MATCH_ALL, text: 'exe' }, { ...MATCH_ALL, eventTypes: ['APPCRASH', 'AppHangB1'], from: '2026-01-01' }];
    const askEverything = () => {
      for (const filter of filters) {
        for (const column of COLUMNS) {
          for (const direction of ['ascending', 'descending'] as const) {
            expectSameAnswers(library, { filter, sort: { column, direction }, offset: 0, limit: 1000, utcOffsetMinutes: 330 });
          }
        }
      }
    };
    askEverything();
    for (let round = 0; round < 8; round++) {
      for (let k = 0; k < 1 + rng.int(40); k++) {
        const roll = rng.int(4);
        if (roll === 0 && more.length > 0) library.put(more.pop() as WerReport);
        else if (roll === 1) library.removeAny(rng);
        else {
          // Replaced with other values in every sorted column: its place in each order moves.
          const old = rng.pick(library.list());
          const other = rng.pick(reports);
          library.put({ ...other, id: old.id, folder: old.folder, eventTime: rng.int(5) === 0 ? null : other.eventTime });
        }
      }
      askEverything();
    }
  }, 180_000);

  it('clamps hostile paging values instead of throwing', () => {
    const library = new Library(reports.slice(0, 50));
    const sort: QuerySort = { column: 'time', direction: 'descending' };
    expect(library.engine.query({ filter: MATCH_ALL, sort, offset: Number.NaN, limit: 1e9 }).rows).toHaveLength(50);
    expect(library.engine.query({ filter: MATCH_ALL, sort, offset: -5, limit: -1 }).rows).toHaveLength(0);
    const past = library.engine.query({ filter: MATCH_ALL, sort, offset: 500, limit: 10 });
    expect({ rows: past.rows.length, offset: past.offset, total: past.total }).toEqual({ rows: 0, offset: 50, total: 50 });
  });
});
