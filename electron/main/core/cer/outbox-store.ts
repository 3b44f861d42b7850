/**
 * The outbox file: every forwarding job, as one JSON file in the app's data folder, saved
 * atomically (temp file + fsync + rename) and coalesced: callers await a write that includes
 * their change. One process at a time owns an outbox file.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { OutboxJob } from '../../../../shared/cer-model';
import { CoalescingWriter } from '../atomic-file';

/** File name of the outbox inside the data folder. */
export const OUTBOX_FILE = 'cer-outbox.json';
const VERSION = 1;
const STATE_KINDS = new Set(['pending', 'posted', 'done', 'failed']);

function isJob(v: unknown): v is OutboxJob {
  if (typeof v !== 'object' || v === null) return false;
  const j = v as Record<string, unknown>;
  const state = j.state as Record<string, unknown> | null | undefined;
  return (
    typeof j.id === 'string' && typeof j.reportId === 'string' && typeof j.folder === 'string' &&
    typeof j.server === 'string' && typeof j.machineName === 'string' && typeof j.userName === 'string' &&
    typeof j.attempts === 'number' && typeof j.nextAttemptAt === 'number' &&
    typeof state === 'object' && state !== null && STATE_KINDS.has(state.kind as string) &&
    (state.kind === 'pending' || typeof state.answer === 'object')
  );
}

/** The jobs of one outbox file, in memory, with durable saves. */
export class OutboxStore {
  private readonly byId = new Map<string, OutboxJob>();
  private readonly writer: CoalescingWriter;

  private constructor(readonly file: string) {
    this.writer = new CoalescingWriter(file, () => JSON.stringify({ version: VERSION, jobs: [...this.byId.values()] }));
  }

  /**
   * Loads (or starts) the outbox in `dataDir`. Throws an Error with a plain message when the file
   * exists but is not an outbox: it is never overwritten silently, since that would lose jobs.
   */
  static async open(dataDir: string): Promise<OutboxStore> {
    await mkdir(dataDir, { recursive: true });
    const store = new OutboxStore(join(dataDir, OUTBOX_FILE));
    let text: string;
    try {
      text = await readFile(store.file, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return store;
      throw e;
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw new Error(`The outbox file ${store.file} is damaged (not JSON); move it away to start a new outbox.`);
    }
    const jobs = (parsed as { version?: unknown; jobs?: unknown } | null)?.jobs;
    if (!Array.isArray(jobs)) throw new Error(`The outbox file ${store.file} is not an outbox; move it away to start a new one.`);
    for (const j of jobs) if (isJob(j)) store.byId.set(j.id, { ...j, skippedFiles: Array.isArray(j.skippedFiles) ? j.skippedFiles : [] });
    return store;
  }

  /** All jobs, oldest first. */
  jobs(): readonly OutboxJob[] {
    return [...this.byId.values()];
  }

  /** One job by id. */
  get(id: string): OutboxJob | undefined {
    return this.byId.get(id);
  }

  /** Replaces (or adds) a job and resolves once the file on disk includes the change. */
  put(job: OutboxJob): Promise<void> {
    this.byId.set(job.id, job);
    return this.save();
  }

  /** Adds or replaces several jobs with one write. */
  putAll(jobs: readonly OutboxJob[]): Promise<void> {
    for (const j of jobs) this.byId.set(j.id, j);
    return this.save();
  }

  /** Resolves once everything changed so far is on disk. */
  save(): Promise<void> {
    return this.writer.save();
  }
}
