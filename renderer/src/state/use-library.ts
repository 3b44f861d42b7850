import { useCallback, useEffect, useRef, useState } from 'react';
import type { StoreStatus } from '../../../shared/store-model';
import type { WerApi, WerEvent } from '../../../shared/wer-api';

/**
 * The library as the UI holds it: its store locations and size, never its reports (the views
 * query those). `revision` goes up each time the library changed, so views know to ask again.
 */
export type LibraryState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'ready'; readonly stores: readonly StoreStatus[]; readonly total: number; readonly revision: number };

/** Library changes arriving closer together than this are one re-query (WER writes a folder over seconds; a queue flush moves dozens). */
export const LIBRARY_BATCH_MS = 100;

/**
 * The library's status, kept current from the app's events: library changes (added, updated,
 * removed, store, reset) are batched to at most one `libraryStatus` call and one new revision per
 * 100 ms. Other events (tasks, commands) go to `onOther`.
 */
export function useLibrary(api: WerApi, onOther?: (event: WerEvent) => void): LibraryState & { readonly reload: () => void } {
  const [state, setState] = useState<LibraryState>({ kind: 'loading' });
  const other = useRef(onOther);
  other.current = onOther;

  const reload = useCallback(() => {
    void api.libraryStatus().then((result) =>
      setState((s) =>
        result.ok
          ? { kind: 'ready', stores: result.value.stores, total: result.value.total, revision: s.kind === 'ready' ? s.revision + 1 : 0 }
          : { kind: 'error', message: result.error },
      ),
    );
  }, [api]);

  useEffect(() => {
    reload();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = api.subscribe((event) => {
      if (event.kind === 'reset' || event.kind === 'added' || event.kind === 'updated' || event.kind === 'removed' || event.kind === 'store') {
        // At most one re-query per 100 ms however long a burst lasts.
        timer ??= setTimeout(() => {
          timer = undefined;
          reload();
        }, LIBRARY_BATCH_MS);
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
