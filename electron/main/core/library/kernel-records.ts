/**
 * Minidump store records in the live library: what a file event on a kernel dump means, and the
 * background read of each record's driver at fault (listing reads headers only; problems group
 * kernel crashes by bug check + driver, so the library fills the driver in soon after).
 */
import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { WerReport } from '../../../../shared/report-model';
import { withCausedBy } from '../kernel/caused-by-cache';
import { isKernelDumpFile, readKernelRecord } from '../kernel/kernel-record';
import { readCrashDumpRecord } from '../localdumps/crash-dump-record';
import { isLocalDumpFile } from '../localdumps/local-dump-file';
import { storeKindOf } from '../store/scan-stores';
import type { FolderStamp } from './report-cache';

/** What a changed file stands for: a Minidump record read from it, the report folder it belongs to, or nothing. */
export type FileChange =
  | { readonly kind: 'record'; readonly report: WerReport }
  | { readonly kind: 'folder'; readonly folder: string }
  | { readonly kind: 'none' };

/**
 * Reads a changed file: a kernel dump or a LocalDumps dump outside report folders is a record; a
 * file of a report folder refreshes that folder.
 */
export function readFileChange(path: string): FileChange {
  const dir = dirname(path);
  if (existsSync(join(dir, 'Report.wer')) || storeKindOf(basename(dirname(dir))) !== 'other') return { kind: 'folder', folder: dir };
  if (isKernelDumpFile(path)) return { kind: 'record', report: readKernelRecord(path, dir) };
  return isLocalDumpFile(path) ? { kind: 'record', report: readCrashDumpRecord(path, dir) } : { kind: 'none' };
}

interface Pending {
  readonly report: WerReport;
  readonly stamp: FolderStamp | null;
}

/** Reads the driver at fault of Minidump records one at a time, in the background, and hands back the filled-in records. */
export class CausedByReader {
  private readonly queue: Pending[] = [];
  private running = false;
  private closed = false;

  constructor(private readonly onRead: (report: WerReport, stamp: FolderStamp | null) => void) {}

  /** Queues a record whose driver is not known yet (other records are ignored). */
  add(report: WerReport, stamp: FolderStamp | null): void {
    if (this.closed || report.store !== 'Minidump' || report.fields.causedByDriver || !report.eventType) return;
    this.queue.push({ report, stamp });
    if (!this.running) void this.run();
  }

  /** Drops what is queued; a read in flight is not handed back. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      for (let next = this.queue.shift(); next && !this.closed; next = this.queue.shift()) {
        const read = await withCausedBy(next.report).catch(() => next.report);
        if (!this.closed && read !== next.report) this.onRead(read, next.stamp);
      }
    } finally {
      this.running = false;
    }
  }
}
