/**
 * Fills in facts that listing never reads (a kernel dump's driver at fault, a native crash's top
 * frame): records are queued as the library indexes them, read one at a time in the background,
 * and each record the read changed is handed back.
 */
import type { WerReport } from '../../../../shared/report-model';
import type { FolderStamp } from '../store/folder-stamp';

interface Pending {
  readonly report: WerReport;
  readonly stamp: FolderStamp | null;
}

/** What one kind of background read does. */
export interface BackgroundRead {
  /** Whether a record still lacks the fact (others are never queued). */
  readonly wants: (report: WerReport) => boolean;
  /** The record with the fact filled in, or the same record when there is none; may reject. */
  readonly read: (report: WerReport) => Promise<WerReport>;
}

/** A queue of records read one at a time (see the file comment). */
export class BackgroundReader {
  private readonly queue: Pending[] = [];
  private running = false;
  private closed = false;
  private current: Promise<void> = Promise.resolve();

  constructor(
    private readonly kind: BackgroundRead,
    private readonly onRead: (report: WerReport, stamp: FolderStamp | null) => void,
  ) {}

  /** Whether a record lacks the fact (would be queued). */
  wants(report: WerReport): boolean {
    return this.kind.wants(report);
  }

  /** Queues a record that lacks the fact (other records are ignored). */
  add(report: WerReport, stamp: FolderStamp | null): void {
    if (this.closed || !this.kind.wants(report)) return;
    this.queue.push({ report, stamp });
    if (!this.running) this.current = this.run();
  }

  /** Drops what is queued; a read in flight is not handed back. */
  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  /** Resolves when everything queued so far has been read (tests and the bench wait on it). */
  idle(): Promise<void> {
    return this.current;
  }

  private async run(): Promise<void> {
    this.running = true;
    try {
      for (let next = this.queue.shift(); next && !this.closed; next = this.queue.shift()) {
        const { report, stamp } = next;
        // A hostile file costs its record the fact, never the library.
        const read = await this.kind.read(report).catch(() => report);
        if (!this.closed && read !== report) this.onRead(read, stamp);
      }
    } finally {
      this.running = false;
    }
  }
}
