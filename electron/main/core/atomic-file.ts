/**
 * Durable file writes (settings, triage, window state, the CER outbox and collector state, the
 * query index):
 * write a temporary file, flush it, rename it over the old one. A crash leaves the old or the new
 * file, never half of one.
 */
import { randomBytes } from 'node:crypto';
import { renameSync } from 'node:fs';
import { type FileHandle, open, rename, rm } from 'node:fs/promises';

/** Replaces `file` with `data` (text is written as UTF-8) atomically (same folder temp file + fsync + rename). */
export async function writeFileAtomic(file: string, data: string | Uint8Array): Promise<void> {
  await replaceFileAtomic(file, (handle) => handle.writeFile(data));
}

/**
 * Replaces `file` atomically with what `write` writes into a temporary file beside it (flushed,
 * then renamed over it); a failed write or rename leaves the old file and no temporary one.
 */
export async function replaceFileAtomic(file: string, write: (handle: FileHandle) => Promise<void>): Promise<void> {
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(tmp, 'w');
  try {
    await write(handle);
    // Flushed before the rename, so a power cut cannot leave the new name on empty data.
    await handle.sync();
  } catch (e) {
    await handle.close().catch(() => undefined);
    await rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await renameWithRetry(tmp, file);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** Attempts at renaming before giving up, 20, 40, 60, 80 ms apart. */
const RENAME_ATTEMPTS = 5;

/**
 * rename, retried a few times: on Windows a virus scanner or indexer briefly holding the target
 * makes it fail with EPERM/EBUSY/EACCES, and a few short waits get past it.
 */
export async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (e) {
      if (!worthRetrying(e, attempt)) throw e;
      await new Promise((resolve) => setTimeout(resolve, 20 * attempt));
    }
  }
}

/**
 * renameWithRetry, blocking: for a rename that must happen in the same step as the caller's next
 * statements (the report cache's stored reports move to the new file with it). The waits block
 * the thread, only when Windows holds the target (200 ms at most).
 */
export function renameSyncWithRetry(from: string, to: string): void {
  for (let attempt = 1; ; attempt++) {
    try {
      renameSync(from, to);
      return;
    } catch (e) {
      if (!worthRetrying(e, attempt)) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20 * attempt);
    }
  }
}

function worthRetrying(e: unknown, attempt: number): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return attempt < RENAME_ATTEMPTS && (code === 'EPERM' || code === 'EBUSY' || code === 'EACCES');
}

/**
 * Coalesces saves of a changing in-memory state: `save()` resolves once a write that started
 * after the call has finished, so each caller knows its change is on disk, and a burst of changes
 * costs a few writes instead of one each.
 */
export class CoalescingWriter {
  private writing: Promise<void> | null = null;
  private dirty = false;

  /** `snapshot` is called at the start of each write to get the text to store. */
  constructor(private readonly file: string, private readonly snapshot: () => string) {}

  /** Resolves once everything changed before the call is on disk. */
  save(): Promise<void> {
    this.dirty = true;
    this.writing ??= this.flush();
    return this.writing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        await writeFileAtomic(this.file, this.snapshot());
      }
    } finally {
      this.writing = null;
    }
  }
}
