import { useEffect, useState } from 'react';
import type { BundlePlan } from '../../../../shared/export-model';
import type { ExportDefaults } from '../../../../shared/settings-model';
import type { BundleOutcome, WerApi } from '../../../../shared/wer-api';
import { Modal } from '../../components/modal';
import { withToken } from '../../api/http-api';
import { formatBytes } from '../../../../shared/report-summary';
import { openDownload } from '../../model/save-file';
import { useTask } from '../../state/use-task';
import { BundleReview } from './bundle-review';

/** Options the user picks for one bundle. */
interface Choices {
  readonly redact: boolean;
  readonly includeDumps: boolean;
  readonly includeHeapDumps: boolean;
  readonly sizeBudgetMiB: number | null;
  readonly ticketText: string;
}

type PlanState = { kind: 'loading' } | { kind: 'error'; message: string } | { kind: 'ready'; plan: BundlePlan };
type Outcome = { kind: 'none' } | { kind: 'error'; message: string } | BundleOutcome;

function requestOptions(c: Choices) {
  return {
    redact: c.redact,
    includeDumps: c.includeDumps,
    includeHeapDumps: c.includeHeapDumps,
    sizeBudget: c.sizeBudgetMiB === null ? null : c.sizeBudgetMiB * 1024 * 1024,
    ticketText: c.ticketText,
  };
}

/**
 * Export a ticket bundle: pick options, review what goes in (files, redaction, size), then write
 * it with progress and cancel. The plan is recomputed as options change.
 */
export function BundleDialog({ api, reportIds, what, defaults, onClose }: {
  readonly api: WerApi;
  readonly reportIds: readonly string[];
  /** What is exported, e.g. "3 reports" or a problem's title. */
  readonly what: string;
  readonly defaults: ExportDefaults;
  readonly onClose: () => void;
}) {
  const [choices, setChoices] = useState<Choices>({ ...defaults, ticketText: '' });
  const [planState, setPlanState] = useState<PlanState>({ kind: 'loading' });
  const [outcome, setOutcome] = useState<Outcome>({ kind: 'none' });
  const task = useTask(api);
  const busy = task.taskId !== null;

  useEffect(() => {
    let current = true;
    setPlanState({ kind: 'loading' });
    const timer = setTimeout(() => {
      void api.planBundle({ taskId: 'plan', reportIds, options: requestOptions(choices) }).then((r) => {
        if (current) setPlanState(r.ok ? { kind: 'ready', plan: r.value } : { kind: 'error', message: r.error });
      });
    }, 150);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [api, reportIds, choices.redact, choices.includeDumps, choices.includeHeapDumps, choices.sizeBudgetMiB]);

  const exportNow = async () => {
    setOutcome({ kind: 'none' });
    const r = await task.start((taskId) => api.exportBundle({ taskId, reportIds, options: requestOptions(choices) }));
    if (!r.ok) return setOutcome({ kind: 'error', message: r.error });
    if (r.value.kind === 'download') openDownload(withToken(r.value.url), r.value.fileName);
    setOutcome(r.value);
  };

  const set = (patch: Partial<Choices>) => setChoices((c) => ({ ...c, ...patch }));
  const progress = task.progress;
  return (
    <Modal
      title={`Ticket bundle: ${what}`}
      onClose={onClose}
      busy={busy}
      footer={
        <>
          <span className="grow" aria-live="polite">
            {busy && progress && <progress className="progress" max={Math.max(progress.total, 1)} value={progress.done} />}
            {outcome.kind === 'saved' && <span className="result-ok">Saved {outcome.file} ({formatBytes(outcome.zipBytes)}).</span>}
            {outcome.kind === 'download' && <span className="result-ok">Downloaded {outcome.fileName} ({formatBytes(outcome.zipBytes)}).</span>}
            {outcome.kind === 'cancelled' && <span className="muted">Not exported.</span>}
            {outcome.kind === 'error' && <span className="result-failed">{outcome.message}</span>}
          </span>
          {busy ? (
            <button onClick={task.cancel}>Cancel export</button>
          ) : (
            <button className="primary" disabled={planState.kind !== 'ready' || planState.plan.reports.length === 0} onClick={() => void exportNow()}>
              Export bundle…
            </button>
          )}
          <button onClick={onClose} disabled={busy}>
            Close
          </button>
        </>
      }
    >
      <div className="option-row">
        <label>
          <input type="checkbox" checked={choices.redact} onChange={(e) => set({ redact: e.target.checked })} disabled={busy} /> Redact personal data
        </label>
        <label>
          <input type="checkbox" checked={choices.includeDumps} onChange={(e) => set({ includeDumps: e.target.checked })} disabled={busy} /> Include minidumps
        </label>
        <label>
          <input type="checkbox" checked={choices.includeHeapDumps} onChange={(e) => set({ includeHeapDumps: e.target.checked })} disabled={busy} /> Include heap dumps
        </label>
        <label>
          Size limit (MiB){' '}
          <input
            type="number"
            min={1}
            className="narrow-number"
            value={choices.sizeBudgetMiB ?? ''}
            placeholder="none"
            onChange={(e) => set({ sizeBudgetMiB: e.target.value === '' ? null : Math.max(1, Number(e.target.value)) })}
            disabled={busy}
          />
        </label>
      </div>
      {choices.includeHeapDumps && (
        <p className="notice">Heap dumps hold the process memory: passwords, tokens and documents that were open can be in them. Send them only to people you trust.</p>
      )}
      {choices.redact && choices.includeDumps && (
        <p className="notice">Dumps cannot be redacted: they go into the bundle unchanged, and the manifest says so.</p>
      )}
      <label className="ticket-text">
        Note for the ticket (goes at the top of the summary)
        <textarea rows={2} value={choices.ticketText} onChange={(e) => set({ ticketText: e.target.value })} disabled={busy} />
      </label>
      {planState.kind === 'loading' && <p className="muted">Checking the files…</p>}
      {planState.kind === 'error' && <p className="notice error">{planState.message}</p>}
      {planState.kind === 'ready' && <BundleReview plan={planState.plan} />}
    </Modal>
  );
}
