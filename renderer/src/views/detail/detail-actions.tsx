import { useState } from 'react';
import type { ReportDetail } from '../../../../shared/report-detail';
import type { Result } from '../../../../shared/result';
import { ticketMarkdown } from '../../../../shared/ticket-text';
import type { AppInfo, WerApi } from '../../../../shared/wer-api';
import { copyText } from './copy-text';

type Note = { readonly kind: 'ok' | 'error'; readonly text: string } | null;

/** Props of the detail's action row. */
export interface DetailActionsProps {
  readonly api: WerApi;
  readonly info: AppInfo | null;
  readonly detail: ReportDetail;
}

/** The action row: copy as ticket text, and (desktop only) open the folder or the dump. */
export function DetailActions({ api, info, detail }: DetailActionsProps) {
  const [note, setNote] = useState<Note>(null);
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
      <span className={`detail-note ${note?.kind ?? ''}`} role={note?.kind === 'error' ? 'alert' : 'status'}>
        {note?.text}
      </span>
    </div>
  );
}
