/** The raw Report.wer text and the parse problems of a report. */
import { DetailSection } from './detail-section';

function encodingText(encoding: { readonly name: string; readonly bom: boolean } | null): string {
  if (!encoding) return 'encoding unknown';
  return `${encoding.name.toUpperCase()}${encoding.bom ? ' with byte-order mark' : ', no byte-order mark'}`;
}

/** Report.wer as written, collapsed by default. */
export function RawReport({ text, encoding }: { readonly text: string | null; readonly encoding: { readonly name: string; readonly bom: boolean } | null }) {
  return (
    <DetailSection title="Raw Report.wer">
      {text === null ? (
        <p className="muted">Report.wer could not be read as text; the attachments may still help.</p>
      ) : (
        <details className="raw-report">
          <summary>Show Report.wer as written ({encodingText(encoding)})</summary>
          <pre>{text}</pre>
        </details>
      )}
    </DetailSection>
  );
}

/** What went wrong while reading the report, as warnings; nothing when all was well. */
export function ParseProblems({ problems }: { readonly problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return (
    <DetailSection title="Problems reading this report" className="parse-problems">
      <p className="muted">WER Explorer shows what it could read; these parts were damaged or unexpected.</p>
      <ul>
        {problems.map((p, i) => (
          <li key={i} className="notice">
            {p}
          </li>
        ))}
      </ul>
    </DetailSection>
  );
}
