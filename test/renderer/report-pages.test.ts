import { ok, err } from '../../shared/result';
import type { WerReport } from '../../shared/report-model';
import { PAGE_SIZE, type PageAnswer, type PageFetcher, ReportPages } from '../../renderer/src/state/report-pages';
import { makeReports } from '../support/report-factory';

const NO_FACETS = { eventTypes: [], applications: [], stores: [], sources: [] };

/** A fetcher over a list that records each request and answers when told (or at once). */
function fetcherOver(list: readonly WerReport[], options: { readonly manual?: boolean } = {}) {
  const requests: { offset: number; limit: number }[] = [];
  const pending: (() => void)[] = [];
  const fetch: PageFetcher = (offset, limit) => {
    requests.push({ offset, limit });
    const answer = (): PageAnswer => ({ rows: list.slice(offset, offset + limit), offset: Math.min(offset, list.length), total: list.length, libraryTotal: list.length, facets: NO_FACETS });
    if (!options.manual) return Promise.resolve(ok(answer()));
    return new Promise((resolve) => pending.push(() => resolve(ok(answer()))));
  };
  const answerAll = async () => {
    while (pending.length > 0) pending.shift()?.();
    await flush();
  };
  return { fetch, requests, answerAll };
}

const flush = () => new Promise<void>((resolve) => setTimeout(resolve, 0));
const pagesOf = (requests: readonly { offset: number; limit: number }[]) => requests.map((r) => [r.offset / PAGE_SIZE, (r.offset + r.limit) / PAGE_SIZE - 1]);

describe('ReportPages', () => {
  const all = makeReports(10_000);

  it('asks for the rows around the viewport in one request, then only for pages that come into view', async () => {
    const pages = new ReportPages(() => undefined);
    const source = fetcherOver(all);
    pages.setViewport(0, 30);
    pages.reset(source.fetch);
    await flush();
    // Pages 0 and 1: what is visible plus one page of prefetch.
    expect(pagesOf(source.requests)).toEqual([[0, 1]]);
    expect(pages.counts).toMatchObject({ total: 10_000, libraryTotal: 10_000 });
    expect(pages.rowAt(30)?.id).toBe(all[30]?.id);
    expect(pages.rowAt(250)).toBeUndefined();

    pages.setViewport(120, 150);
    await flush();
    expect(pagesOf(source.requests)).toEqual([[0, 1], [2, 2]]);

    // A jump far down asks for that place only and drops the pages far behind.
    pages.setViewport(5_000, 5_030);
    await flush();
    expect(pagesOf(source.requests).at(-1)).toEqual([49, 51]);
    expect(pages.rowAt(5_030)?.id).toBe(all[5_030]?.id);
    expect(pages.rowAt(0)).toBeUndefined();
    expect(pages.indexOf(all[5_001]!.id)).toBe(5_001);
    expect(pages.indexOf(all[0]!.id)).toBe(-1);
  });

  it('keeps the previous list readable, marked stale, until the new one answers, and drops late answers of an old one', async () => {
    const pages = new ReportPages(() => undefined);
    pages.setViewport(0, 30);
    pages.reset(fetcherOver(all).fetch);
    await flush();
    const slow = fetcherOver(all.slice(0, 50), { manual: true });
    pages.reset(slow.fetch);
    expect(pages.stale).toBe(true);
    expect(pages.rowAt(60)?.id).toBe(all[60]?.id);
    // A third list is asked for before the second answers: the second's answer must not land.
    const third = fetcherOver(all.slice(0, 10), { manual: true });
    pages.reset(third.fetch);
    await slow.answerAll();
    expect(pages.stale).toBe(true);
    expect(pages.counts?.total).toBe(10_000);
    await third.answerAll();
    expect(pages.stale).toBe(false);
    expect(pages.counts?.total).toBe(10);
    expect(pages.rowAt(9)?.id).toBe(all[9]?.id);
    expect(pages.rowAt(60)).toBeUndefined();
  });

  it('loads a row that is not loaded yet (keyboard moves), and never asks past the end again', async () => {
    const pages = new ReportPages(() => undefined);
    const source = fetcherOver(all.slice(0, 250));
    pages.setViewport(0, 30);
    pages.reset(source.fetch);
    await flush();
    expect((await pages.load(249))?.id).toBe(all[249]?.id);
    const asked = source.requests.length;
    pages.setViewport(200, 260);
    await flush();
    expect(source.requests.length).toBe(asked);
  });

  it('keeps an error for the list to show, and asks again when the viewport moves', async () => {
    const pages = new ReportPages(() => undefined);
    let fail = true;
    const requests: number[] = [];
    pages.reset((offset, limit) => {
      requests.push(offset);
      return Promise.resolve(fail ? err('The server did not answer.') : ok({ rows: all.slice(offset, offset + limit), offset, total: all.length, libraryTotal: all.length, facets: NO_FACETS }));
    });
    await flush();
    expect(pages.error).toBe('The server did not answer.');
    expect(pages.counts).toBeNull();
    fail = false;
    pages.setViewport(0, 30);
    await flush();
    expect(pages.error).toBeNull();
    expect(pages.rowAt(0)?.id).toBe(all[0]?.id);
  });
});
