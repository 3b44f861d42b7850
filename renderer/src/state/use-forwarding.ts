import { useEffect, useState } from 'react';
import type { ForwardResult } from '../../../shared/cer-model';
import type { WerApi } from '../../../shared/wer-api';

/** Recorded forwarding results by report id; each report's list is newest first (one per server). */
export type ForwardingByReport = ReadonlyMap<string, readonly ForwardResult[]>;

/** The forwarding results as the UI holds them. */
export interface ForwardingHandle {
  readonly byReport: ForwardingByReport;
  /** Why the outbox could not be read, or null. */
  readonly error: string | null;
}

const EMPTY: ForwardingByReport = new Map();

/** Adds results to the map: a result replaces the earlier one for the same report and server. */
export function mergeForwardResults(current: ForwardingByReport, results: readonly ForwardResult[]): ForwardingByReport {
  if (results.length === 0) return current;
  const next = new Map(current);
  for (const r of results) {
    const others = (next.get(r.reportId) ?? []).filter((o) => o.server !== r.server);
    next.set(r.reportId, [r, ...others].sort((a, b) => (a.time < b.time ? 1 : a.time > b.time ? -1 : 0)));
  }
  return next;
}

/** A report's latest forwarding result (any server), or undefined when it was never forwarded. */
export function latestForward(byReport: ForwardingByReport, reportId: string): ForwardResult | undefined {
  return byReport.get(reportId)?.[0];
}

/**
 * What the outbox records for every report (sent with its bucket, still queued, or failed), read
 * once and kept current from the progress of forwarding tasks, so the list and the detail show a
 * report's result as soon as it changes.
 */
export function useForwarding(api: WerApi): ForwardingHandle {
  const [byReport, setByReport] = useState<ForwardingByReport>(EMPTY);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    // Progress that arrives before the stored results must survive them: merge, never replace.
    void api.forwardStatus().then((r) => {
      if (!live) return;
      if (r.ok) setByReport((current) => mergeForwardResults(new Map(), [...r.value, ...[...current.values()].flat()]));
      else setError(r.error);
    });
    const unsubscribe = api.subscribe((event) => {
      const result = event.kind === 'task' ? event.forward : undefined;
      if (result) setByReport((current) => mergeForwardResults(current, [result]));
    });
    return () => {
      live = false;
      unsubscribe();
    };
  }, [api]);
  return { byReport, error };
}
