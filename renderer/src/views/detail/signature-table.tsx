import type { ReportDetail } from '../../../../shared/report-detail';
import { glossField } from '../../../../shared/report-summary';
import { SEMANTIC_FIELD_INFO, sigLayout } from '../../../../shared/sig-fields';
import { DetailSection, Facts } from './detail-section';

/** The signature: every Sig entry with its meaning and a gloss of its value, then the bucket. */
export function SignatureTable({ detail: d }: { readonly detail: ReportDetail }) {
  const layout = sigLayout(d.eventType);
  return (
    <DetailSection title="Signature" className="signature">
      {d.signature.length === 0 ? (
        <p className="muted">Report.wer has no signature (Sig) entries; the raw report below shows what it does have.</p>
      ) : (
        <table className="detail-table">
          <thead>
            <tr>
              <th scope="col">Name as written</th>
              <th scope="col">Meaning</th>
              <th scope="col">Value</th>
            </tr>
          </thead>
          <tbody>
            {d.signature.map((s) => {
              const field = layout?.[s.index] ?? null;
              const info = field ? SEMANTIC_FIELD_INFO[field] : null;
              const gloss = field ? glossField(field, s.value, d.fields.exceptionCode) : null;
              return (
                <tr key={s.index}>
                  <td>
                    {s.name || <span className="muted">(no name)</span>} <span className="muted mono">Sig[{s.index}]</span>
                  </td>
                  <td>
                    {info ? (
                      <>
                        <strong>{info.label}</strong>
                        <span className="meaning">{info.meaning}</span>
                      </>
                    ) : (
                      <span className="muted">{layout ? 'Not interpreted for this event type.' : `WER Explorer does not know the fields of ${d.eventType ?? 'this event type'}.`}</span>
                    )}
                  </td>
                  <td>
                    <code className="value">{s.value}</code>
                    {gloss && <span className="gloss">{gloss}</span>}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {d.bucket ? (
        <Facts
          facts={[
            { label: 'Bucket id', value: d.bucket.id, mono: true, title: 'How Microsoft’s error-reporting service groups identical failures' },
            { label: 'Bucket table', value: d.bucket.table === null ? null : String(d.bucket.table), mono: true },
            { label: 'Legacy bucket id', value: d.bucket.legacyId, mono: true },
          ]}
        />
      ) : (
        <p className="muted">No bucket: Windows adds one when Microsoft’s error-reporting service answers an uploaded report.</p>
      )}
    </DetailSection>
  );
}
