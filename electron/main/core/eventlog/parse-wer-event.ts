/** Windows Error Reporting 1001 (classic 21–23 unnamed fields, or Windows 11 named fields). */
import { semanticFields } from '../../../../shared/sig-fields';
import type { EvtxRecord } from '../evtx/evtx-model';
import type { WerReportEvent } from './crash-event-model';
import { baseOf, eventFields, nonEmpty, reportIdOf, stripLongPathPrefix } from './event-values';

const P_NAMES = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7', 'P8', 'P9', 'P10'] as const;

/** Parses a Windows Error Reporting 1001 event (every event name, crashes and others). */
export function parseWerEvent(record: EvtxRecord): WerReportEvent {
  const f = eventFields(record);
  const problems: string[] = [];
  if (f.form === 'classic' && (f.count < 21 || f.count > 23)) problems.push(`event 1001 has ${f.count} Data fields (21 to 23 expected)`);
  const eventName = nonEmpty(f.get(2, 'EventName')) ?? '';
  const signature = P_NAMES.map((name, i) => ({ index: i, value: f.get(5 + i, name) ?? '' })).filter((s) => s.value !== '');
  const attached = (f.get(15, 'AttachedFiles') ?? '')
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map(stripLongPathPrefix);
  const store = nonEmpty(f.get(16, 'StorePath'));
  return {
    kind: 'wer-report',
    ...baseOf(record, f.form),
    // Same mapping as Report.wer's Sig[n] (P1 = Sig[0]) for the same event name.
    fields: semanticFields(eventName, signature),
    eventName,
    bucket: nonEmpty(f.get(0, 'Bucket')),
    bucketType: nonEmpty(f.get(1, 'BucketType')),
    response: nonEmpty(f.get(3, 'Response')),
    cabId: nonEmpty(f.get(4, 'CabId')),
    signature,
    attachedFiles: attached,
    reportFolder: store === null || store.toUpperCase() === 'NULL' ? null : stripLongPathPrefix(store),
    reportId: reportIdOf(f.get(19, 'ReportId')),
    reportStatus: nonEmpty(f.get(20, 'ReportStatus')),
    hashedBucket: nonEmpty(f.get(21, 'HashedBucket')),
    cabGuid: nonEmpty(f.get(22, 'CabGuid')),
    problems,
  };
}
