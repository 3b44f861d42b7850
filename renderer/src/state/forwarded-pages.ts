/**
 * The report list sorted by the Forwarded column. That column is the page's own state (the outbox
 * results it holds), so the app cannot sort by it: the page takes the ids of the matching reports
 * (newest first, at most CALL_LIMITS.reportIds of them), puts the forwarded ones first in the
 * column's order, and asks for the rows of each page by id.
 */
import { MATCH_ALL, NEWEST_FIRST, type QueryFilter, type QuerySort } from '../../../shared/query-model';
import type { WerReport } from '../../../shared/report-model';
import { ok } from '../../../shared/result';
import type { WerApi } from '../../../shared/wer-api';
import { CALL_LIMITS } from '../../../shared/wer-api-validate';
import { forwardLabel } from '../views/reports/columns';
import type { PageFetcher } from './report-pages';
import { type ForwardingByReport, latestForward } from './use-forwarding';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

/**
 * Ids in Forwarded order: reports with a result first, by its label ("Failed", "Queued", "Sent ·
 * bucket") either way, then the never-forwarded ones; ties keep the given order.
 */
export function orderByForwarding(ids: readonly string[], forwarding: ForwardingByReport, direction: QuerySort['direction']): string[] {
  const sign = direction === 'ascending' ? 1 : -1;
  const keyed = ids.map((id, index) => ({ id, index, label: forwardLabel(latestForward(forwarding, id)) }));
  const forwarded = keyed.filter((k) => k.label !== '').sort((a, b) => sign * collator.compare(a.label, b.label) || a.index - b.index);
  return [...forwarded, ...keyed.filter((k) => k.label === '')].map((k) => k.id);
}

/** Pages of the list a filter lets through, in Forwarded order (see the file comment). */
export function forwardedFetcher(api: WerApi, filter: QueryFilter, direction: QuerySort['direction'], forwarding: ForwardingByReport, utcOffsetMinutes: number): PageFetcher {
  // Asked once per list: the ids in order, and the counts of the real filter.
  let ordered: ReturnType<typeof order> | null = null;
  const order = async () => {
    const [ids, counts] = await Promise.all([
      api.matchingReportIds(filter, CALL_LIMITS.reportIds, utcOffsetMinutes),
      api.queryReports({ filter, sort: NEWEST_FIRST, offset: 0, limit: 0, utcOffsetMinutes }),
    ]);
    if (!ids.ok) return ids;
    if (!counts.ok) return counts;
    return ok({ ids: orderByForwarding(ids.value.ids, forwarding, direction), counts: counts.value });
  };
  return async (offset, limit) => {
    ordered ??= order();
    const list = await ordered;
    if (!list.ok) return list;
    const { ids, counts } = list.value;
    const slice = ids.slice(offset, offset + limit);
    let rows: WerReport[] = [];
    if (slice.length > 0) {
      const page = await api.queryReports({ filter: { ...MATCH_ALL, reportIds: slice }, sort: NEWEST_FIRST, offset: 0, limit: slice.length, utcOffsetMinutes });
      if (!page.ok) return page;
      const byId = new Map(page.value.rows.map((r) => [r.id, r]));
      rows = slice.flatMap((id) => byId.get(id) ?? []);
    }
    return ok({ rows, offset, total: ids.length, libraryTotal: counts.libraryTotal, facets: counts.facets });
  };
}
