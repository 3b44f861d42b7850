import type { BundlePlan } from '../../../../shared/export-model';
import { formatBytes } from '../../../../shared/report-summary';

const CATEGORY_LABELS: Readonly<Record<string, string>> = {
  user: 'User names',
  machine: 'Machine names',
  domain: 'Domains',
  email: 'E-mail addresses',
  ipv4: 'IPv4 addresses',
  ipv6: 'IPv6 addresses',
  sid: 'Security ids (SIDs)',
  'machine-guid': 'Machine GUID',
  custom: 'Other values',
};

/** The review step of a bundle: what goes in, what is left out and why, what gets redacted. */
export function BundleReview({ plan }: { readonly plan: BundlePlan }) {
  const redaction = plan.redaction;
  return (
    <div className="bundle-review" data-testid="bundle-review">
      <p>
        <strong>{plan.files.length}</strong> file(s) from <strong>{plan.reports.length}</strong> report(s), <strong>{formatBytes(plan.totalBytes)}</strong> before
        compression.
      </p>
      {plan.warnings.length > 0 && (
        <ul className="warning-list">
          {plan.warnings.map((w) => (
            <li key={w.kind + w.message}>{w.message}</li>
          ))}
        </ul>
      )}
      {plan.problems.map((p) => (
        <p key={p} className="notice error">
          {p}
        </p>
      ))}
      {redaction && (
        <>
          <h3>Redacted in every text file</h3>
          {redaction.summary.counts.length === 0 ? (
            <p className="muted">Nothing personal was found in the text files.</p>
          ) : (
            <table className="review-table">
              <thead>
                <tr>
                  <th>What</th>
                  <th>Values</th>
                  <th>Replaced</th>
                  <th>Example (this machine only)</th>
                </tr>
              </thead>
              <tbody>
                {redaction.summary.counts.map((c) => {
                  const example = redaction.placeholders.find((p) => p.category === c.category);
                  return (
                    <tr key={c.category}>
                      <td>{CATEGORY_LABELS[c.category] ?? c.category}</td>
                      <td className="num">{c.values}</td>
                      <td className="num">{c.occurrences}×</td>
                      <td className="mono">{example ? `${example.value} → ${example.placeholder}` : ''}</td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
        </>
      )}
      <h3>Files in the bundle</h3>
      <table className="review-table">
        <thead>
          <tr>
            <th>File</th>
            <th>Kind</th>
            <th>Treatment</th>
            <th>Size</th>
          </tr>
        </thead>
        <tbody>
          {plan.files.map((f) => (
            <tr key={f.zipPath}>
              <td className="mono">{f.zipPath}</td>
              <td>{f.kind}</td>
              <td>{f.treatment === 'redact' ? 'redacted' : 'as is'}</td>
              <td className="num">{formatBytes(f.size)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {plan.leftOut.length > 0 && (
        <>
          <h3>Left out</h3>
          <table className="review-table">
            <tbody>
              {plan.leftOut.map((f) => (
                <tr key={f.zipPath}>
                  <td className="mono">{f.zipPath}</td>
                  <td>{f.message}</td>
                  <td className="num">{formatBytes(f.size)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
