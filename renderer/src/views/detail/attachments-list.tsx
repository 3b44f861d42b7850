import type { Attachment } from '../../../../shared/report-model';
import { formatBytes } from '../../../../shared/report-summary';
import { ATTACHMENT_KIND_LABELS } from './detail-format';
import { DetailSection } from './detail-section';

/** The report's files: name, what it is, size; files Report.wer lists but the folder lacks are marked. */
export function AttachmentsList({ attachments }: { readonly attachments: readonly Attachment[] }) {
  return (
    <DetailSection title={`Attachments (${attachments.length})`}>
      {attachments.length === 0 ? (
        <p className="muted">No files besides Report.wer. Windows often deletes attachments once a report has been uploaded.</p>
      ) : (
        <table className="detail-table">
          <thead>
            <tr>
              <th scope="col">File</th>
              <th scope="col">What it is</th>
              <th scope="col" className="num">
                Size
              </th>
            </tr>
          </thead>
          <tbody>
            {attachments.map((a) => (
              <tr key={a.file} className={a.size === null ? 'missing' : undefined}>
                <td>
                  <span className="mono">{a.file}</span>
                  {a.cabName && a.cabName !== a.file && <span className="muted"> (uploaded as {a.cabName})</span>}
                </td>
                <td>{ATTACHMENT_KIND_LABELS[a.kind]}</td>
                <td className="num">
                  {a.size === null ? (
                    <span className="missing-tag" title="Report.wer lists this file, but it is not in the report folder">
                      missing
                    </span>
                  ) : (
                    <span title={`${a.size.toLocaleString()} bytes`}>{formatBytes(a.size)}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </DetailSection>
  );
}
