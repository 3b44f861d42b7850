/**
 * Reports of a scan parked on disk, so `scan --json` can print them newest first (the contract's
 * order, compareReports) without holding them: each report is serialised once as it is read and
 * appended to a temporary file; memory keeps only its sort key (event time, folder) and where its
 * text lies. Replaying sorts the keys and reads the texts back with positional reads. The file
 * lives in the system's temp folder and is removed by `close`.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WerReport } from '../../../shared/report-model';
import { compareTimesAndFolders } from '../../../shared/report-order';

/** Bytes gathered before one write to (or read from) the spool file. */
const BATCH_BYTES = 1 << 20;

/** A temporary file of serialised reports with their sort keys (see the file comment). */
export class ReportSpool {
  private readonly dir = mkdtempSync(join(tmpdir(), 'wer-scan-spool-'));
  /** The spool file (gone after `close`). */
  readonly file = join(this.dir, 'reports.json');
  private readonly fd = openSync(this.file, 'w+');
  private readonly times: (string | null)[] = [];
  private readonly folders: string[] = [];
  private readonly offsets: number[] = [];
  private readonly lengths: number[] = [];
  private pending: string[] = [];
  private pendingBytes = 0;
  private written = 0;
  private closed = false;

  /** Reports appended so far. */
  get count(): number {
    return this.times.length;
  }

  /** Appends a report as `serialise` prints it; the report itself is not kept. */
  add(report: WerReport, serialise: (report: WerReport) => string): void {
    const text = serialise(report);
    const bytes = Buffer.byteLength(text, 'utf8');
    this.times.push(report.eventTime);
    this.folders.push(report.folder);
    this.offsets.push(this.written + this.pendingBytes);
    this.lengths.push(bytes);
    this.pending.push(text);
    this.pendingBytes += bytes;
    if (this.pendingBytes >= BATCH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.pendingBytes === 0) return;
    const data = Buffer.from(this.pending.join(''), 'utf8');
    let done = 0;
    while (done < data.length) done += writeSync(this.fd, data, done, data.length - done, this.written + done);
    this.written += data.length;
    this.pending = [];
    this.pendingBytes = 0;
  }

  /** The text of the `index`-th report added (read back from the file). */
  text(index: number): string {
    const length = this.lengths[index];
    const offset = this.offsets[index];
    if (length === undefined || offset === undefined) throw new Error(`the scan spool has no report ${index}`);
    this.flush();
    const bytes = Buffer.allocUnsafe(length);
    let done = 0;
    while (done < length) {
      const got = readSync(this.fd, bytes, done, length - done, offset + done);
      if (got === 0) throw new Error('the scan spool file was cut short');
      done += got;
    }
    return bytes.toString('utf8');
  }

  /**
   * Calls `emit` with the texts in compareReports order, several at a time (each text preceded by
   * `separator(index)`); ties keep the order of `add`, as a stable sort of the reports would.
   */
  async replay(emit: (text: string) => void, separator: (index: number) => string, drain: () => Promise<void> = async () => undefined): Promise<void> {
    this.flush();
    const order = Array.from({ length: this.count }, (_, i) => i);
    const { times, folders } = this;
    order.sort((a, b) => compareTimesAndFolders(times[a]!, folders[a]!, times[b]!, folders[b]!) || a - b);
    let batch: string[] = [];
    let batchBytes = 0;
    let buffer = Buffer.alloc(0);
    for (const [index, i] of order.entries()) {
      const length = this.lengths[i]!;
      if (buffer.length < length) buffer = Buffer.alloc(Math.max(length, 64 * 1024));
      let done = 0;
      while (done < length) {
        const got = readSync(this.fd, buffer, done, length - done, this.offsets[i]! + done);
        if (got === 0) throw new Error('the scan spool file was cut short');
        done += got;
      }
      batch.push(separator(index), buffer.toString('utf8', 0, length));
      batchBytes += length;
      if (batchBytes >= BATCH_BYTES) {
        emit(batch.join(''));
        batch = [];
        batchBytes = 0;
        // A pipe to a slow reader: wait until it took the batch (Node would otherwise queue it all, or fail with ENOBUFS).
        await drain();
      }
    }
    if (batch.length > 0) emit(batch.join(''));
  }

  /** Closes and removes the spool file (safe to call twice). */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
    rmSync(this.dir, { recursive: true, force: true });
  }
}
