import { useEffect, useState, type DependencyList } from 'react';
import type { Result } from '../../../shared/result';

/** An answer of the app as a view holds it: the latest value (kept while it is asked again) or why it failed. */
export interface Asked<T> {
  readonly value: T | null;
  readonly error: string | null;
}

/**
 * Asks the app (a query call) whenever `deps` change, and keeps the latest answer; an answer to
 * an earlier question that arrives late is dropped. Views pass the library's `revision` among
 * `deps`, so they ask again (batched by useLibrary) when the library changes.
 */
export function useAsked<T>(ask: () => Promise<Result<T>>, deps: DependencyList): Asked<T> {
  const [state, setState] = useState<Asked<T>>({ value: null, error: null });
  useEffect(() => {
    let current = true;
    void ask().then((r) => current && setState((s) => (r.ok ? { value: r.value, error: null } : { value: s.value, error: r.error })));
    return () => {
      current = false;
    };
    // `ask` is a new closure each render; what it asks is fully given by `deps`.
  }, deps);
  return state;
}
