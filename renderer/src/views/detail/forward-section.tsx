import type { ForwardResult } from '../../../../shared/cer-model';
import { DetailSection, Facts, Time } from './detail-section';

/** The colour of a state: sent, given up, or still to be retried. */
function stateClass(r: ForwardResult): string {
  return r.state === 'done' ? 'result-ok' : r.state === 'failed' ? 'result-failed' : 'result-queued';
}

/** The state of a forwarding job in words: what happened and what happens next. */
function stateText(r: ForwardResult): string {
  switch (r.state) {
    case 'done':
      return r.uploaded ? 'Sent, files uploaded' : 'Sent (the server asked for no files)';
    case 'posted':
      return 'Report sent; the files are still to be uploaded (retried the next time reports are forwarded)';
    case 'pending':
      return 'Queued: not sent yet (retried the next time reports are forwarded)';
    case 'failed':
      return 'Not sent: the server refused it or the report could not be read (forwarding it again retries)';
  }
}

/**
 * Where this report was forwarded (Corporate Error Reporting), one block per server: the
 * outcome, the bucket the server assigned, when, and why not when it failed. Nothing is shown for
 * a report that was never forwarded.
 */
export function ForwardSection({ results }: { readonly results: readonly ForwardResult[] }) {
  if (results.length === 0) return null;
  return (
    <DetailSection title="Forwarded to CER" testId="forward-section">
      {results.map((r) => (
        <div key={r.server} className="forward-entry">
          <Facts
            facts={[
              { label: 'Server', value: r.server, mono: true },
              { label: 'Result', value: <span className={stateClass(r)}>{stateText(r)}</span> },
              { label: 'Bucket', value: r.bucket, mono: true, title: 'How the CER server groups identical failures' },
              { label: 'Bucket table', value: r.bucketTable, mono: true },
              // A URL from the network: shown as text, never made a link.
              { label: 'Server response', value: r.response },
              { label: 'When', value: <Time iso={r.time} /> },
              { label: 'Error', value: r.error },
              { label: 'Files left out', value: r.skippedFiles.length > 0 ? `${r.skippedFiles.join(', ')} (too large to upload)` : null },
            ]}
          />
        </div>
      ))}
    </DetailSection>
  );
}
