import { useCallback, useDeferredValue, useEffect, useMemo, useState } from 'react';
import type { AppInfo, WerApi, WerEvent } from '../../shared/wer-api';
import type { AppSettings } from '../../shared/settings-model';
import type { GroupingMode } from '../../shared/problem-model';
import { StateMessage } from './components/state-message';
import { StoreNotes } from './components/store-notes';
import { ActionsMenu, type Action } from './components/actions-menu';
import { DropZone } from './components/drop-zone';
import { applyFilter, EMPTY_FILTER, localUtcOffset, type ReportFilter } from './model/report-filter';
import { useForwarding } from './state/use-forwarding';
import { useLibrary } from './state/use-library';
import { useTriage } from './state/use-triage';
import { HistoryView } from './views/history/history-view';
import { ProblemsView } from './views/problems/problems-view';
import { ReportsView } from './views/reports/reports-view';
import { BundleDialog } from './views/export/bundle-dialog';
import { exportList } from './views/export/list-export';
import { ForwardDialog } from './views/forward/forward-dialog';
import { SettingsView } from './views/settings/settings-view';

/** The app's main views. */
export type Tab = 'reports' | 'problems' | 'history' | 'settings';

const TABS: readonly { readonly id: Tab; readonly label: string }[] = [
  { id: 'reports', label: 'Reports' },
  { id: 'problems', label: 'Problems' },
  { id: 'history', label: 'History' },
  { id: 'settings', label: 'Settings' },
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
  const [dialog, setDialog] = useState<'bundle' | 'forward' | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const library = useLibrary(api, setLastEvent);
  const triage = useTriage(api);
  const forwarding = useForwarding(api);
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
      else if (lastEvent.command === 'settings') setTab('settings');
      else if (lastEvent.command === 'export-bundle') setDialog('bundle');
      else if (lastEvent.command === 'export-list') setTab('reports');
    }
  }, [lastEvent, library.reload]);

  // What the export and forward actions apply to: the selected report, else every report shown.
  // Keyed on the report array (the `library` object is new on every render) and on a deferred
  // filter, so typing in the quick filter never waits for this second pass over the reports.
  const reports = library.kind === 'ready' ? library.reports : null;
  const targetFilter = useDeferredValue(filter);
  const shown = useMemo(() => (reports ? applyFilter(reports, targetFilter, localUtcOffset()) : []), [reports, targetFilter]);
  const target = useMemo(() => {
    if (selectedId !== null && shown.some((r) => r.id === selectedId)) return { ids: [selectedId], what: 'the selected report' };
    return { ids: shown.map((r) => r.id), what: `${shown.length} report(s) shown` };
  }, [shown, selectedId]);
  const actions: readonly Action[] = [
    { label: 'Ticket bundle…', run: () => setDialog('bundle') },
    ...(['csv', 'json', 'html'] as const).map((format) => ({
      label: `List as ${format.toUpperCase()}`,
      run: () => void exportList(api, format, target.ids).then(setNotice),
    })),
    { label: 'Forward to CER server…', run: () => setDialog('forward') },
  ];

  /** From the problems and history views: show these reports in the list. */
  const showReports = useCallback((next: Partial<ReportFilter>) => {
    setFilter({ ...EMPTY_FILTER, ...next });
    setSelectedId(null);
    setTab('reports');
  }, []);

  /** From the problems view: group by signature or by application, kept in the settings. */
  const changeGrouping = useCallback(
    (grouping: GroupingMode) => void api.updateSettings({ grouping }).then((r) => r.ok && setSettings(r.value)),
    [api],
  );

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
    body = <ReportsView api={api} info={info} reports={library.reports} filter={filter} onFilterChange={setFilter} selectedId={selectedId} onSelect={setSelectedId} forwarding={forwarding.byReport} />;
  } else if (tab === 'problems') {
    body = <ProblemsView reports={library.reports} triage={triage} grouping={settings?.grouping ?? 'signature'} onShowReports={showReports} onGroupingChange={changeGrouping} />;
  } else if (tab === 'history') {
    body = <HistoryView reports={library.reports} onShowReports={showReports} />;
  } else {
    body = <SettingsView api={api} info={info} settings={settings} stores={library.stores} onSaved={setSettings} />;
  }

  return (
    <DropZone api={api} settings={settings} onSaved={setSettings} onMessage={setNotice}>
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
          {/* Only beside the list it applies to; the menu bar's commands work from every view. */}
          {library.kind === 'ready' && tab === 'reports' && <ActionsMenu label={`Export / forward ${target.what}`} disabled={target.ids.length === 0} actions={actions} />}
        </header>
        {notice && (
          <p className="notice app-notice" role="status">
            {notice} <button onClick={() => setNotice(null)}>Dismiss</button>
          </p>
        )}
        {dialog === 'bundle' && target.ids.length > 0 && (
          <BundleDialog api={api} reportIds={target.ids} what={target.what} defaults={settings?.exportDefaults ?? { redact: true, includeDumps: false, includeHeapDumps: false, sizeBudgetMiB: null }} onClose={() => setDialog(null)} />
        )}
        {dialog === 'forward' && target.ids.length > 0 && (
          <ForwardDialog api={api} reportIds={target.ids} what={target.what} defaultServer={settings?.cerServer ?? ''} onClose={() => setDialog(null)} />
        )}
        {library.kind === 'ready' && <StoreNotes stores={library.stores} info={info} />}
        <main className="app-body">{body}</main>
        {library.kind === 'ready' && (
          <footer className="status-line" aria-live="polite">
            {library.reports.length} report(s) from {library.stores.filter((s) => s.state === 'ok').length} of {library.stores.length} store(s)
          </footer>
        )}
      </div>
    </DropZone>
  );
}
