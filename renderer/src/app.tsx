import { useCallback, useEffect, useRef, useState } from 'react';
import { assertNever } from '../../shared/assert-never';
import type { AppInfo, UiCommand, WerApi, WerEvent } from '../../shared/wer-api';
import type { AppSettings } from '../../shared/settings-model';
import type { GroupingMode } from '../../shared/problem-model';
import { StateMessage } from './components/state-message';
import { StoreNotes } from './components/store-notes';
import { ActionsMenu, type Action } from './components/actions-menu';
import { DropZone } from './components/drop-zone';
import { CALL_LIMITS } from '../../shared/wer-api-validate';
import { EMPTY_FILTER, localUtcOffset, toQueryFilter, type ReportFilter } from './model/report-filter';
import { useForwarding } from './state/use-forwarding';
import { useLibrary } from './state/use-library';
import { useReportWindow } from './state/use-report-window';
import { useTriage } from './state/use-triage';
import { HistoryView } from './views/history/history-view';
import { ProblemsView } from './views/problems/problems-view';
import { ReportsView } from './views/reports/reports-view';
import type { ColumnId } from './views/reports/columns';
import { DEFAULT_SORT, nextSort, type SortState } from './views/reports/sort-reports';
import { BundleDialog } from './views/export/bundle-dialog';
import { exportList } from './views/export/list-export';
import { ListExportDialog } from './views/export/list-export-dialog';
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

/**
 * An open export or forward dialog and the reports it acts on, taken when it opened: the list
 * updates live, and what is being exported or forwarded must not change under the user.
 */
interface OpenDialog {
  readonly kind: 'bundle' | 'forward' | 'list';
  readonly ids: readonly string[];
  readonly what: string;
}

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
  const [sort, setSort] = useState<SortState>(DEFAULT_SORT);
  const [selectedId, setSelectedId] = useState<string | null>(null);
  const [info, setInfo] = useState<AppInfo | null>(null);
  const [settings, setSettings] = useState<AppSettings | null>(null);
  const [dialog, setDialog] = useState<OpenDialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [findRequested, setFindRequested] = useState(false);
  const quickFilterRef = useRef<HTMLInputElement>(null);
  // useLibrary keeps the latest callback, so the handler sees this render's state and target.
  const library = useLibrary(api, onShellEvent);
  const triage = useTriage(api);
  const forwarding = useForwarding(api);
  // The list lives here, not in the view: the header's actions and the menu commands act on it from every view.
  // The library's first status is no change (revision 0, as while it loads): the list's first
  // page, asked beside it, stands (asked again, it came ~0.3 s later at 300,000 reports). After an
  // error the list asks again once the library reads.
  const list = useReportWindow(api, { filter, sort, forwarding: forwarding.byReport, revision: library.kind === 'error' ? -1 : library.kind === 'ready' ? library.revision : 0, selectedId });
  const onSort = useCallback((column: ColumnId) => setSort((s) => nextSort(s, column)), []);
  useTheme(settings);

  useEffect(() => {
    void api.info().then((r) => r.ok && setInfo(r.value));
    void api.getSettings().then((r) => r.ok && setSettings(r.value));
  }, [api]);

  // What the export and forward actions apply to: the selected report, else every report shown.
  const selected = selectedId !== null && list.selection?.shown === true ? selectedId : null;
  const targetWhat = selected !== null ? 'the selected report' : `${list.total} report(s) shown`;
  const targetCount = selected !== null ? 1 : list.total;

  /** The ids the actions apply to now, asked of the app (the page holds only a window of the list); null after telling why there are none. */
  const targetIds = async (): Promise<{ readonly ids: readonly string[]; readonly what: string } | null> => {
    if (library.kind !== 'ready' || list.status !== 'ready') {
      setNotice('The reports are not loaded yet: try again in a moment.');
      return null;
    }
    if (targetCount === 0) {
      setNotice('There are no reports to export or forward here: clear the filter first.');
      return null;
    }
    if (selected !== null) return { ids: [selected], what: targetWhat };
    const r = await api.matchingReportIds(toQueryFilter(filter), CALL_LIMITS.reportIds, localUtcOffset());
    if (!r.ok) {
      setNotice(`The reports shown could not be listed: ${r.error}`);
      return null;
    }
    const { ids, total } = r.value;
    // Export and forward calls take at most CALL_LIMITS.reportIds reports at once.
    return { ids, what: ids.length < total ? `the newest ${ids.length} of ${total} reports shown` : `${ids.length} report(s) shown` };
  };

  /** Opens a dialog over what the actions apply to now (a snapshot: live updates leave it alone). */
  const openDialog = (kind: OpenDialog['kind']) =>
    void targetIds().then((target) => {
      // One at a time: a second menu command must not swap out a dialog that may be mid-export.
      if (target) setDialog((open) => open ?? { kind, ids: target.ids, what: target.what });
    });
  const actions: readonly Action[] = [
    { label: 'Ticket bundle…', run: () => openDialog('bundle') },
    ...(['csv', 'json', 'html'] as const).map((format) => ({
      label: `List as ${format.toUpperCase()}`,
      run: () => void targetIds().then((target) => target && exportList(api, format, target.ids).then(setNotice)),
    })),
    { label: 'Forward to CER server…', run: () => openDialog('forward') },
  ];

  /** Menu and tray commands from the desktop shell. */
  const runCommand = (command: UiCommand) => {
    switch (command) {
      case 'refresh':
        return library.reload();
      case 'show-reports':
        return setTab('reports');
      case 'show-problems':
        return setTab('problems');
      case 'show-history':
        return setTab('history');
      case 'settings':
        return setTab('settings');
      case 'export-bundle':
        return openDialog('bundle');
      case 'export-list':
        setTab('reports');
        return openDialog('list');
      case 'find':
        // A dialog is modal: focus stays in it, as Ctrl+F typed inside one is left alone too.
        if (dialog) return;
        setTab('reports');
        return setFindRequested(true);
      default:
        return assertNever(command, 'command');
    }
  };

  /** App events other than library changes: commands, and the report a notification reveals. */
  function onShellEvent(event: WerEvent) {
    if (event.kind === 'reveal') {
      setFilter(EMPTY_FILTER);
      setSelectedId(event.reportId);
      setTab('reports');
    } else if (event.kind === 'command') runCommand(event.command);
  }

  // Find: once the list is on screen (it may be mounting in this very commit), focus its quick filter.
  useEffect(() => {
    if (!findRequested || library.kind === 'loading') return;
    setFindRequested(false);
    const input = quickFilterRef.current;
    if (tab !== 'reports' || !input) return;
    input.focus();
    input.select();
  }, [findRequested, library.kind, tab]);

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
    body = (
      <ReportsView api={api} info={info} list={list} filter={filter} onFilterChange={setFilter} sort={sort} onSort={onSort} selectedId={selectedId} onSelect={setSelectedId} forwarding={forwarding.byReport} quickFilterRef={quickFilterRef} />
    );
  } else if (tab === 'problems') {
    body = <ProblemsView api={api} revision={library.revision} triage={triage} grouping={settings?.grouping ?? 'signature'} onShowReports={showReports} onGroupingChange={changeGrouping} />;
  } else if (tab === 'history') {
    body = <HistoryView api={api} revision={library.revision} onShowReports={showReports} />;
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
          {library.kind === 'ready' && tab === 'reports' && <ActionsMenu label={`Export / forward ${targetWhat}`} disabled={targetCount === 0} actions={actions} />}
        </header>
        {notice && (
          <p className="notice app-notice" role="status">
            {notice} <button onClick={() => setNotice(null)}>Dismiss</button>
          </p>
        )}
        {dialog?.kind === 'bundle' && (
          <BundleDialog api={api} reportIds={dialog.ids} what={dialog.what} defaults={settings?.exportDefaults ?? { redact: true, includeDumps: false, includeHeapDumps: false, sizeBudgetMiB: null }} onClose={() => setDialog(null)} />
        )}
        {dialog?.kind === 'forward' && (
          <ForwardDialog api={api} reportIds={dialog.ids} what={dialog.what} defaultServer={settings?.cerServer ?? ''} onClose={() => setDialog(null)} />
        )}
        {dialog?.kind === 'list' && (
          <ListExportDialog
            api={api}
            reportIds={dialog.ids}
            what={dialog.what}
            onDone={(message) => {
              setNotice(message);
              setDialog(null);
            }}
            onClose={() => setDialog(null)}
          />
        )}
        {library.kind === 'ready' && <StoreNotes stores={library.stores} info={info} />}
        <main className="app-body">{body}</main>
        {library.kind === 'ready' && (
          <footer className="status-line" aria-live="polite">
            {library.total} report(s) from {library.stores.filter((s) => s.state === 'ok').length} of {library.stores.length} store(s)
          </footer>
        )}
      </div>
    </DropZone>
  );
}
