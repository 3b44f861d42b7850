import type { WerReport } from '../../../../shared/report-model';
import { describeSource, isLogOnly } from '../../../../shared/record-sources';
import { localTime } from './detail-format';
import { DetailSection } from './detail-section';

/** The provider of event 1001: the event WER writes when it creates a report (and its folder). */
const WER_PROVIDER = 'windows error reporting';

/**
 * Why a crash has no WER folder, in one sentence. Event 1001 is written when WER makes the report,
 * so with it the folder existed and was deleted (MaxArchiveCount, cleanup); without it WER may
 * never have written one (reporting off, the archive disabled).
 */
function folderGoneNote(r: Pick<WerReport, 'sources'>): string {
  const hadReport = r.sources.some((s) => s.kind === 'eventlog' && s.provider.trim().toLowerCase() === WER_PROVIDER);
  return hadReport
    ? 'Windows deleted the report folder; this crash is known from the event log.'
    : 'Windows kept no report folder for this crash (it deleted it, or never wrote one); this crash is known from the event log.';
}

/**
 * "Recorded by": every place that recorded this crash, one plain sentence each (the WER report
 * folder, Application log events, LocalDumps or kernel dump files), and a note when the report
 * folder is gone.
 */
export function RecordSources({ report: r }: { readonly report: Pick<WerReport, 'sources' | 'eventType' | 'store'> }) {
  const sources = Array.isArray(r.sources) ? r.sources : [];
  if (sources.length === 0) return null;
  return (
    <DetailSection title="Recorded by" testId="record-sources">
      <ul className="record-sources">
        {sources.map((s, i) => (
          <li key={`${s.kind}:${i}`} className={`record-source ${s.kind}`}>
            {describeSource(s, r, localTime)}
          </li>
        ))}
      </ul>
      {isLogOnly(r) && <p className="notice">{folderGoneNote({ sources })}</p>}
    </DetailSection>
  );
}
