import { useEffect, useState } from 'react';
import { formatBytes } from '../../../../shared/report-summary';
import { symbolTaskId } from '../../../../shared/symbol-model';
import type { TaskProgress, WerApi } from '../../../../shared/wer-api';

/** What the progress line needs of the app. */
export type SymbolDownloadApi = Pick<WerApi, 'subscribe' | 'cancelTask'>;

/**
 * Symbol downloads while a report's detail (or one of its threads) is read: which file, bytes so
 * far of the total, and Cancel (the detail then opens with the symbols found so far). Shows nothing
 * until a download starts: with no symbol server configured there never is one.
 */
export function SymbolDownloadProgress({ api, reportId }: { readonly api: SymbolDownloadApi; readonly reportId: string }) {
  const taskId = symbolTaskId(reportId);
  const [progress, setProgress] = useState<TaskProgress | null>(null);
  const [cancelled, setCancelled] = useState(false);
  useEffect(() => api.subscribe((e) => e.kind === 'task' && e.taskId === taskId && setProgress(e)), [api, taskId]);
  if (!progress) return null;
  const cancel = () => {
    setCancelled(true);
    void api.cancelTask(taskId);
  };
  const known = progress.total > 0;
  return (
    <div className="symbol-download" role="status" aria-label="Symbol download">
      <span>
        {progress.label}: {formatBytes(progress.done)}
        {known ? ` of ${formatBytes(progress.total)}` : ''}
      </span>
      {known ? <progress className="progress" max={progress.total} value={Math.min(progress.done, progress.total)} /> : <progress className="progress" />}
      <button className="small" onClick={cancel} disabled={cancelled}>
        {cancelled ? 'Stopping downloads…' : 'Cancel downloads'}
      </button>
    </div>
  );
}
