import { type KeyboardEvent, useEffect, useState } from 'react';
import type { ForwardResult } from '../../../../shared/cer-model';
import type { ReportDetail } from '../../../../shared/report-detail';
import type { AppInfo, WerApi } from '../../../../shared/wer-api';
import { StateMessage } from '../../components/state-message';
import { AttachmentsList } from './attachments-list';
import { DetailActions } from './detail-actions';
import { DetailHeader, WhatHappened } from './detail-summary';
import { DumpPanel } from './dump-panel';
import { ForwardSection } from './forward-section';
import { ParseProblems, RawReport } from './raw-report';
import { SignatureTable } from './signature-table';
import { SymbolDownloadProgress } from './symbol-download-progress';
import { SystemSection } from './system-section';
import './report-detail.css';

/** Props of the report detail. */
export interface ReportDetailViewProps {
  readonly api: WerApi;
  readonly info: AppInfo | null;
  readonly reportId: string;
  /** What forwarding this report to CER servers came to (empty when never forwarded). */
  readonly forwarded: readonly ForwardResult[];
  readonly onClose: () => void;
}

/** What the pane shows for one load; `key` ties it to the report id and attempt it answers. */
type Load =
  | { readonly key: string; readonly kind: 'loading' }
  | { readonly key: string; readonly kind: 'error'; readonly message: string }
  | { readonly key: string; readonly kind: 'ready'; readonly detail: ReportDetail };

/** Loads a report; an answer for an earlier id (or attempt) is ignored. */
function useReportDetail(api: WerApi, reportId: string): { readonly load: Load; readonly retry: () => void } {
  const [attempt, setAttempt] = useState(0);
  const key = `${attempt}:${reportId}`;
  const [load, setLoad] = useState<Load>({ key, kind: 'loading' });
  useEffect(() => {
    let live = true;
    api.getReport(reportId).then(
      (r) => live && setLoad(r.ok ? { key, kind: 'ready', detail: r.value } : { key, kind: 'error', message: r.error }),
      (e: unknown) => live && setLoad({ key, kind: 'error', message: e instanceof Error ? e.message : String(e) }),
    );
    return () => {
      live = false;
    };
  }, [api, reportId, key]);
  // Until the answer for this id arrives, the previous report must not stay on screen.
  return { load: load.key === key ? load : { key, kind: 'loading' }, retry: () => setAttempt((n) => n + 1) };
}

/** The report detail pane: everything about one report, readable by support staff, like WinDbg's !analyze. */
export function ReportDetailView({ api, info, reportId, forwarded, onClose }: ReportDetailViewProps) {
  const { load, retry } = useReportDetail(api, reportId);
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key !== 'Escape' || e.defaultPrevented) return;
    e.preventDefault();
    onClose();
  };

  return (
    // tabIndex -1: a click anywhere in the pane gives it focus, so Escape closes it from there.
    <section className="report-detail" aria-label="Report detail" tabIndex={-1} onKeyDown={onKeyDown}>
      <div className="detail-toolbar">
        {load.kind === 'ready' ? <DetailActions key={load.detail.id} api={api} info={info} detail={load.detail} /> : <span className="spacer" />}
        <button className="detail-close" aria-label="Close detail" title="Close (Esc)" onClick={onClose}>
          ×
        </button>
      </div>
      <div className="detail-scroll">
        {load.kind === 'loading' && (
          <StateMessage kind="loading" title="Opening the report…">
            <p>Reading Report.wer, its attachments and the minidump.</p>
            <SymbolDownloadProgress api={api} reportId={reportId} />
          </StateMessage>
        )}
        {load.kind === 'error' && (
          <StateMessage kind="error" title="This report could not be opened">
            <p>{load.message}</p>
            <p>The report may have been deleted or moved; pick another report, or try again.</p>
            <button onClick={retry}>Try again</button>
          </StateMessage>
        )}
        {load.kind === 'ready' && <DetailBody key={load.detail.id} api={api} info={info} detail={load.detail} forwarded={forwarded} />}
      </div>
    </section>
  );
}

interface DetailBodyProps {
  readonly api: WerApi;
  readonly info: AppInfo | null;
  readonly detail: ReportDetail;
  readonly forwarded: readonly ForwardResult[];
}

function DetailBody({ api, info, detail, forwarded }: DetailBodyProps) {
  return (
    <article className="detail-body">
      <DetailHeader detail={detail} />
      <WhatHappened detail={detail} />
      <SignatureTable detail={detail} />
      <ForwardSection results={forwarded} />
      <SystemSection detail={detail} />
      <AttachmentsList attachments={detail.attachments} />
      <DumpPanel minidump={detail.minidump} driverFile={detail.driverFile ?? null} app={{ api, info, reportId: detail.id }} />
      <RawReport text={detail.rawText} encoding={detail.encoding} />
      <ParseProblems problems={detail.problems} />
    </article>
  );
}
