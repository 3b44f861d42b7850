/** Forwarding results as the outbox records them, for component tests. */
import type { ForwardResult } from '../../../shared/cer-model';

/** A result for report `id`: done with bucket 12345 when `ok`, else still queued after a timeout. */
export function forwardResult(id: string, ok: boolean, overrides: Partial<ForwardResult> = {}): ForwardResult {
  return {
    folder: `C:\\WER\\ReportArchive\\AppCrash_${id}`,
    reportId: id,
    server: 'http://cer:1273',
    ok,
    state: ok ? 'done' : 'pending',
    bucket: ok ? '12345' : null,
    bucketTable: ok ? '1' : null,
    response: null,
    uploaded: ok,
    error: ok ? null : 'The server did not answer in time; it will be retried.',
    skippedFiles: [],
    time: '2026-11-21T10:00:00.000Z',
    ...overrides,
  };
}
