import { useCallback, useEffect, useRef, useState } from 'react';
import type { LibraryEvent } from '../../../shared/library-model';
import type { WerReport } from '../../../shared/report-model';
import { compareReports } from '../../../shared/report-order';
import type { StoreStatus } from '../../../shared/store-model';
import type { WerApi, WerEvent } from '../../../shared/wer-api';

/** The library as the UI holds it. */
export type LibraryState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'ready'; readonly reports: readonly WerReport[]; readonly stores: readonly StoreStatus[] };

/** Applies a batch of library events to the report list (by id; a moved report keeps its id). */
export function applyLibraryEvents(reports: readonly WerReport[], stores: readonly StoreStatus[], events: readonly LibraryEvent[]) {
  const byId = new Map(reports.map((r) => [r.id, r]));
  let nextStores = stores;
  for (const e of events) {
    if (e.kind === 'added' || e.kind === 'updated') byId.set(e.report.id, e.report);
    else if (e.kind === 'removed') {
      const known = byId.get(e.id);
      // A queue → archive move can announce the new folder before the old one's removal.
      if (known && known.folder === e.folder) byId.delete(e.id);
    } else nextStores = nextStores.some((s) => s.path === e.status.path) ? nextStores.map((s) => (s.path === e.status.path ? e.status : s)) : [...nextStores, e.status];
  }
  return { reports: [...byId.values()].sort(compareReports), stores: nextStores };
}

/**
 * The report list and store statuses, kept current from the app's events. Events are applied in
 * batches (WER writes a folder over seconds; a queue flush moves dozens), a `reset` reads all
 * again. Other events (tasks, commands) go to `onOther`.
 */
export function useLibrary(api: WerApi, onOther?: (event: WerEvent) => void): LibraryState & { readonly reload: () => void } {
  const [state, setState] = useState<LibraryState>({ kind: 'loading' });
  const other = useRef(onOther);
  other.current = onOther;

  const reload = useCallback(() => {
    // The app sends the snapshot already in `compareReports` order (ReportLibrary.reports()), in both shells.
    void api.listReports().then((result) =>
      setState(result.ok ? { kind: 'ready', reports: result.value.reports, stores: result.value.stores } : { kind: 'error', message: result.error }),
    );
  }, [api]);

  useEffect(() => {
    reload();
    let pending: LibraryEvent[] = [];
    let timer: ReturnType<typeof setTimeout> | undefined;
    const flush = () => {
      timer = undefined;
      const batch = pending;
      pending = [];
      setState((s) => (s.kind === 'ready' ? { kind: 'ready', ...applyLibraryEvents(s.reports, s.stores, batch) } : s));
    };
    const unsubscribe = api.subscribe((event) => {
      if (event.kind === 'reset') return reload();
      if (event.kind === 'added' || event.kind === 'updated' || event.kind === 'removed' || event.kind === 'store') {
        pending.push(event);
        // At most one render per 100 ms however long a burst lasts.
        timer ??= setTimeout(flush, 100);
        return;
      }
      other.current?.(event);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [api, reload]);

  return { ...state, reload };
}
