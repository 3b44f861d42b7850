import { useState } from 'react';
import { eventFamily } from '../../../../shared/problems';
import type { ReportDetail } from '../../../../shared/report-detail';
import { summaryLine } from '../../../../shared/report-display';
import { explainReport } from '../../../../shared/report-explain';
import { copyText } from './copy-text';
import { DetailSection, Facts, Time } from './detail-section';
import { RecordSources } from './record-sources';
import { isKernelDump } from '../../../../shared/kernel-dump-model';

function CopyId({ id }: { readonly id: string }) {
  const [copied, setCopied] = useState<boolean | null>(null);
  const copy = async () => setCopied((await copyText(id)).ok);
  return (
    <>
      <code className="report-id">{id}</code>{' '}
      <button className="small" aria-label="Copy report id" onClick={() => void copy()}>
        {copied === true ? 'Copied' : copied === false ? 'Copy failed' : 'Copy'}
      </button>
    </>
  );
}

/**
 * The header: plain-language title, event type, time, store and report id; then what recorded
 * the crash ("Recorded by"), which says where everything below was read from.
 */
export function DetailHeader({ detail: d }: { readonly detail: ReportDetail }) {
  const event = [d.eventType ?? 'Unknown event type', d.friendlyEventName, d.reportTypeName].filter(Boolean).join(' · ');
  // The same family as the list's dot and the problems view.
  const family = eventFamily(d.eventType);
  return (
    <>
      <header className="detail-header">
        <h2>
          <span className={`family-badge ${family}`}>{family}</span> {summaryLine(d)}
        </h2>
        <Facts
          facts={[
            { label: 'Event', value: event },
            { label: 'When', value: d.eventTime ? <Time iso={d.eventTime} /> : 'No time recorded' },
            { label: 'Store', value: d.storeRoot ? `${d.store} (${d.storeRoot})` : d.store },
            { label: 'Report id', value: <CopyId id={d.id} /> },
          ]}
        />
      </header>
      <RecordSources report={d} />
    </>
  );
}

/** "What happened": the failure in plain language, from the signature and the minidump. */
export function WhatHappened({ detail: d }: { readonly detail: ReportDetail }) {
  const value = d.minidump?.content.ok ? d.minidump.content.value : null;
  // A kernel dump has its own panel; the explanation reads user-mode dumps only.
  const x = explainReport(d, value && !isKernelDump(value) ? value : null);
  return (
    <DetailSection title="What happened" testId="exception-explained">
      <p className="headline">{x.headline}</p>
      <Facts facts={x.facts.map((f) => ({ label: f.label, value: f.value }))} />
      {x.warnings.map((w) => (
        <p key={w} className="notice">
          {w}
        </p>
      ))}
    </DetailSection>
  );
}
