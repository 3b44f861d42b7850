import { useState } from 'react';
import type { ForwardResult } from '../../../../shared/cer-model';
import type { WerApi } from '../../../../shared/wer-api';
import { Modal } from '../../components/modal';
import { useTask } from '../../state/use-task';

type Outcome = { kind: 'none' } | { kind: 'error'; message: string } | { kind: 'done'; results: readonly ForwardResult[] };

function folderName(folder: string): string {
  return folder.split(/[\\/]/).pop() ?? folder;
}

/** One row per report: sent, bucket, or why not (a failed report stays queued and is retried later). */
function ResultsTable({ results }: { readonly results: readonly ForwardResult[] }) {
  return (
    <table className="review-table" data-testid="forward-results">
      <thead>
        <tr>
          <th>Report</th>
          <th>Result</th>
          <th>Bucket</th>
        </tr>
      </thead>
      <tbody>
        {results.map((r) => (
          <tr key={r.reportId}>
            <td className="mono">{folderName(r.folder)}</td>
            <td className={r.ok ? 'result-ok' : 'result-failed'}>{r.ok ? (r.uploaded ? 'Sent, files uploaded' : 'Sent') : (r.error ?? 'Not sent')}</td>
            <td className="mono">{r.bucket ? `${r.bucket}${r.bucketTable ? ` / ${r.bucketTable}` : ''}` : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/**
 * Forward reports to a Corporate Error Reporting server: the server (from the settings, editable
 * here), progress with cancel, and each report's result. Reports already sent to that server are
 * not sent again; their recorded result is shown.
 */
export function ForwardDialog({ api, reportIds, what, defaultServer, onClose }: {
  readonly api: WerApi;
  readonly reportIds: readonly string[];
  readonly what: string;
  readonly defaultServer: string;
  readonly onClose: () => void;
}) {
  const [server, setServer] = useState(defaultServer);
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const task = useTask(api);
  const busy = task.taskId !== null;

  const send = async () => {
    setOutcome({ kind: 'none' });
    const r = await task.start((taskId) => api.forwardReports({ taskId, reportIds, server }));
    setOutcome(r.ok ? { kind: 'done', results: r.value } : { kind: 'error', message: r.error });
  };
  const live = task.history.map((p) => p.forward).filter((f): f is ForwardResult => f !== undefined);
  const latest = [...new Map(live.map((f) => [f.reportId, f])).values()];
  const results = outcome.kind === 'done' ? outcome.results : latest;
  const ok = results.filter((r) => r.ok).length;

  return (
    <Modal
      title={`Forward to a CER server: ${what}`}
      onClose={onClose}
      busy={busy}
      footer={
        <>
          <span className="grow" aria-live="polite">
            {busy && task.progress && <progress className="progress" max={Math.max(task.progress.total, 1)} value={task.progress.done} />}
            {outcome.kind === 'done' && (
              <span className={ok === results.length ? 'result-ok' : 'result-failed'}>
                {ok} of {results.length} report(s) sent.{ok < results.length ? ' The others stay queued and are retried next time.' : ''}
              </span>
            )}
            {outcome.kind === 'error' && <span className="result-failed">{outcome.message}</span>}
          </span>
          {busy ? (
            <button onClick={task.cancel}>Stop</button>
          ) : (
            <button className="primary" disabled={server.trim() === ''} onClick={() => void send()}>
              Forward {reportIds.length} report(s)
            </button>
          )}
          <button onClick={onClose} disabled={busy}>
            Close
          </button>
        </>
      }
    >
      <label className="ticket-text">
        CER server (http://host:port; 1273 when no port is given)
        <input value={server} onChange={(e) => setServer(e.target.value)} placeholder="http://cer.example.com:1273" disabled={busy} />
      </label>
      <p className="muted">
        Each report is sent once per server over the MS-CER2 protocol; when the server asks for files, the report folder goes as a CAB.
      </p>
      {results.length > 0 && <ResultsTable results={results} />}
    </Modal>
  );
}
