import { useCallback, useEffect, useState } from 'react';
import type { AppInfo, WerApi, WerEvent } from '../../shared/wer-api';
import type { AppSettings } from '../../shared/settings-model';
import { StateMessage } from './components/state-message';
import { StoreNotes } from './components/store-notes';
import { EMPTY_FILTER, type ReportFilter } from './model/report-filter';
import { useLibrary } from './state/use-library';
import { useTriage } from './state/use-triage';
import { HistoryView } from './views/history/history-view';
import { ProblemsView } from './views/problems/problems-view';
import { ReportsView } from './views/reports/reports-view';

/** The app's main views. */
export type Tab = 'reports' | 'problems' | 'history';

const TABS: readonly { readonly id: Tab; readonly label: string }[] = [
  { id: 'reports', label: 'Reports' },
  { id: 'problems', label: 'Problems' },
  { id: 'history', label: 'History' },
];

/** Applies the theme setting: `system` follows the OS (CSS media query), else forces one. */
function useTheme(settings: AppSettings | null): void {
  useEffect(() => {
    const theme = settings?.theme ?? 'system';
    if (theme === 'system') delete document.documentElement.dataset.theme;
    else document.documentElement.dataset.theme = theme;
  }, [settings?.theme]);
}

/** The app: header with the views, store notes, the current view and a status line. */
export function App({ api }: { readonly api: WerApi | undefined }) {
  if (!api) {
    return (
      <StateMessage kind="error" title="Not connected to WER Explorer">
        <p>Open the full address printed by <code>wer-explorer serve</code>, token included.</p>
      </StateMessage>
    );
  }
  return <ConnectedApp api={api} />;
}

function ConnectedApp({ api }: { readonly api: WerApi }) {
  const [tab, setTab] = useState<Tab>('reports');
  const [filter, setFilter] = useState<ReportFilter>(EMPTY_FILTER);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [lastEvent, setLastEvent] = useState<WerEvent | null>(null);
  const library = useLibrary(api, setLastEvent);
  const triage = useTriage(api);
  useTheme(settings);

  useEffect(() => {
    void api.info().then((r) => r.ok && setInfo(r.value));
    void api.getSettings().then((r) => r.ok && setSettings(r.value));
  }, [api]);

  // Menu and notification commands from the desktop shell.
  useEffect(() => {
    if (!lastEvent) return;
    if (lastEvent.kind === 'reveal') {
      setFilter(EMPTY_FILTER);
      setSelectedId(lastEvent.reportId);
      setTab('reports');
    } else if (lastEvent.kind === 'command') {
      if (lastEvent.command === 'refresh') library.reload();
      else if (lastEvent.command === 'show-problems') setTab('problems');
      else if (lastEvent.command === 'show-history') setTab('history');
      else if (lastEvent.command === 'show-reports') setTab('reports');
    }
  }, [lastEvent, library.reload]);

  /** From the problems and history views: show these reports in the list. */
  const showReports = useCallback((next: Partial<ReportFilter>) => {
    setFilter({ ...EMPTY_FILTER, ...next });
    setSelectedId(null);
    setTab('reports');
  }, []);

  let body;
  if (library.kind === 'loading') {
    body = <StateMessage kind="loading" title="Reading the WER stores…">This takes a moment the first time; later starts use the cache.</StateMessage>;
  } else if (library.kind === 'error') {
    body = (
      <StateMessage kind="error" title="The reports could not be read">
        <p>{library.message}</p>
        <button onClick={library.reload}>Try again</button>
      </StateMessage>
    );
  } else if (tab === 'reports') {
    body = <ReportsView api={api} info={info} reports={library.reports} filter={filter} onFilterChange={setFilter} selectedId={selectedId} onSelect={setSelectedId} />;
  } else if (tab === 'problems') {
    body = <ProblemsView reports={library.reports} triage={triage} grouping={settings?.grouping ?? 'signature'} onShowReports={showReports} />;
  } else {
    body = <HistoryView reports={library.reports} onShowReports={showReports} />;
  }

  return (
    <div className="app">
      <header className="app-header">
        <h1>WER Explorer</h1>
        <nav className="tabs" role="tablist" aria-label="Views">
          {TABS.map((t) => (
            <button key={t.id} role="tab" aria-selected={tab === t.id} onClick={() => setTab(t.id)}>
              {t.label}
            </button>
          ))}
        </nav>
        <span className="spacer" />
        {info?.mode === 'browser' && <span className="muted">Browser mode</span>}
      </header>
      {library.kind === 'ready' && <StoreNotes stores={library.stores} info={info} />}
      <main className="app-body">{body}</main>
      {library.kind === 'ready' && (
        <footer className="status-line" aria-live="polite">
          {library.reports.length} report(s) from {library.stores.filter((s) => s.state === 'ok').length} of {library.stores.length} store(s)
        </footer>
      )}
    </div>
  );
}
