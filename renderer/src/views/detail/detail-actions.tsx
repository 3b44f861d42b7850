import { useState } from 'react';
import type { ReportDetail } from '../../../../shared/report-detail';
import type { Result } from '../../../../shared/result';
import { ticketMarkdown } from '../../../../shared/ticket-text';
import type { AppInfo, WerApi } from '../../../../shared/wer-api';
import { copyText } from './copy-text';
import { FullDumpsDialog, fullDumpsApp } from './full-dumps-dialog';

type Note = { readonly kind: 'ok' | 'info' | 'error'; readonly text: string } | null;

/** Props of the detail's action row. */
export interface DetailActionsProps {
  readonly api: WerApi;
  readonly info: AppInfo | null;
  readonly detail: ReportDetail;
}

/**
 * The action row: copy as ticket text, (desktop only) open the folder or the dump, and (Windows,
 * crashes of an .exe) turn on full LocalDumps for the app.
 */
export function DetailActions({ api, info, detail }: DetailActionsProps) {
  const [note, setNote] = useState<Note>(null);
  const [askingFullDumps, setAskingFullDumps] = useState(false);
  // The registry of the machine that reads the stores (the server's, in browser mode).
  const dumpsApp = info?.platform === 'win32' ? fullDumpsApp(detail) : null;
  const hasDump = detail.attachments.some((a) => (a.kind === 'minidump' || a.kind === 'heapdump') && a.size !== null);

  const copy = async () => {
    const r = await copyText(ticketMarkdown(detail));
    setNote(r.ok ? { kind: 'ok', text: 'Copied — paste it into the ticket.' } : { kind: 'error', text: `Could not copy: ${r.error}` });
  };
  const open = async (call: () => Promise<Result<void>>, what: string) => {
    setNote(null);
    const r = await call();
    if (!r.ok) setNote({ kind: 'error', text: `Could not open the ${what}: ${r.error}` });
  };

  return (
    <div className="detail-actions" role="group" aria-label="Report actions">
      <button onClick={() => void copy()} title="Copies a Markdown summary of this report for a ticket or bug tracker">
        Copy as ticket text
      </button>
      {info?.canOpenPaths && (
        <button onClick={() => void open(() => api.openReportFolder(detail.id), 'report folder')}>Open folder</button>
      )}
      {info?.canOpenPaths && hasDump && (
        <button onClick={() => void open(() => api.openDump(detail.id), 'dump')} title="Opens the dump in the program registered for .dmp files (WinDbg, Visual Studio)">
          Open in debugger
        </button>
      )}
      {info && dumpsApp && (
        <button
          onClick={() => {
            setNote(null);
            setAskingFullDumps(true);
          }}
          title={`Makes Windows keep a full dump of ${dumpsApp}'s next crash (LocalDumps)`}
        >
          Enable full dumps for this app
        </button>
      )}
      <span className={`detail-note ${note?.kind ?? ''}`} role={note?.kind === 'error' ? 'alert' : 'status'}>
        {note?.text}
      </span>
      {info && dumpsApp && askingFullDumps && (
        <FullDumpsDialog
          api={api}
          info={info}
          app={dumpsApp}
          onClose={() => setAskingFullDumps(false)}
          onDone={(n) => {
            setAskingFullDumps(false);
            setNote(n);
          }}
        />
      )}
    </div>
  );
}
