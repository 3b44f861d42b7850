import { useEffect, useState } from 'react';
import { displayApplication, displayCode, displayModule } from '../../shared/report-display';
import type { WerApi, ReportsSnapshot } from '../../shared/wer-api';

type LoadState =
  | { readonly kind: 'loading' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'ready'; readonly snapshot: ReportsSnapshot };

/** The first window: a plain list of every report in the configured stores. */
export function App({ api }: { readonly api: WerApi | undefined }) {
  const [state, setState] = useState<LoadState>({ kind: 'loading' });

  useEffect(() => {
    if (!api) {
      setState({ kind: 'error', message: 'The app API is not available: open the URL printed by `wer-explorer serve`, token included.' });
      return;
    }
    const load = () =>
      void api.listReports().then((result) =>
        setState(result.ok ? { kind: 'ready', snapshot: result.value } : { kind: 'error', message: result.error }),
      );
    load();
    // Changes come in bursts (WER writes a folder over seconds; a queue flush moves dozens):
    // read the list again once things settle, not once per event.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const unsubscribe = api.subscribe(() => {
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    });
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [api]);

  if (state.kind === 'loading') return <main className="status">Reading the WER stores…</main>;
  if (state.kind === 'error') return <main className="status error">Could not read reports: {state.message}</main>;
  const { reports, stores } = state.snapshot;
  return (
    <main>
      <header>
        <h1>WER Explorer</h1>
        <p>
          {reports.length} report(s) from {stores.filter((s) => s.state === 'ok').length} store(s)
        </p>
      </header>
      {stores
        .filter((s) => s.message && !(s.state === 'missing' && s.scope !== 'extra'))
        .map((s) => (
          <p key={s.path} className="warning">
            {s.message}
          </p>
        ))}
      {reports.length === 0 ? (
        <p className="status">No reports found. Windows has not recorded any crash in these stores.</p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>Time (UTC)</th>
              <th>Event</th>
              <th>Application</th>
              <th>Module</th>
              <th>Code</th>
              <th>Store</th>
            </tr>
          </thead>
          <tbody>
            {reports.map((r) => (
              <tr key={r.folder}>
                <td>{r.eventTime?.slice(0, 16).replace('T', ' ') ?? ''}</td>
                <td>{r.eventType ?? '?'}</td>
                <td>{displayApplication(r)}</td>
                <td>{displayModule(r)}</td>
                <td>{displayCode(r)}</td>
                <td>{r.store}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </main>
  );
}
