import { useCallback, useEffect, useState } from 'react';
import type { TriagePatch, TriageState } from '../../../shared/triage-model';
import type { WerApi } from '../../../shared/wer-api';

/** Triage state (status, notes, ticket per problem; last visit) and how to change it. */
export interface TriageHandle {
  readonly triage: TriageState | null;
  /** Last failure, one sentence, or null. */
  readonly error: string | null;
  readonly setTriage: (key: string, patch: TriagePatch) => Promise<boolean>;
  readonly markVisited: () => Promise<void>;
}

/** Loads the triage state once and keeps it current with every change the user makes. */
export function useTriage(api: WerApi): TriageHandle {
  const [triage, setState] = useState<TriageState | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    void api.getTriage().then((r) => (r.ok ? setState(r.value) : setError(r.error)));
  }, [api]);
  const setTriage = useCallback(
    async (key: string, patch: TriagePatch) => {
      const r = await api.setTriage(key, patch);
      if (r.ok) {
        setState(r.value);
        setError(null);
      } else setError(r.error);
      return r.ok;
    },
    [api],
  );
  const markVisited = useCallback(async () => {
    const r = await api.markVisited();
    if (r.ok) setState(r.value);
  }, [api]);
  return { triage, error, setTriage, markVisited };
}
