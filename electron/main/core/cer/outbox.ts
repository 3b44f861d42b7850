/**
 * Forwarding as a persisted job queue. One job per (report id, server); its state moves
 * pending → posted (level-1 answer recorded) → done, or to failed. Every move is on disk before
 * the next network step, so after a crash or restart a job resumes where it stood: a job whose
 * level 1 was acknowledged is never POSTed again, only its upload is retried. Network errors,
 * timeouts, 5xx and junk answers are retried with exponential backoff (clock and sleep injected).
 */
import { basename, dirname } from 'node:path';
import type { CerAnswer, ForwardProgress, ForwardResult, OutboxJob, OutboxJobState } from '../../../../shared/cer-model';
import { readReportFolder } from '../report/read-report-folder';
import { storeKindOf } from '../store/scan-stores';
import { type CerServer, type CerStepOutcome, postWerReport, putCab } from './cer-client';
import type { CerTransport } from './cer-transport';
import type { OutboxStore } from './outbox-store';
import { buildReportCab, DEFAULT_MAX_CAB_INPUT_BYTES } from './report-cab';
import { encodeWerReport } from './werreport-xml';
import { type SenderIdentity, werReportFromFolder } from './werreport-map';

/** A report to forward. */
export interface OutboxItem {
  readonly folder: string;
  readonly reportId: string;
}

/** How a run of the outbox behaves. */
export interface OutboxRunOptions {
  readonly transport: CerTransport;
  readonly now?: () => number;
  /** Waits `ms`; resolves early (or rejects) when `signal` aborts. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly signal?: AbortSignal;
  /** Attempts per job in this run before it is left queued for a later run (default 5). */
  readonly maxAttempts?: number;
  /** First retry delay (default 1 s), doubled per attempt up to `maxDelayMs` (default 60 s). */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Jobs in flight at once (default 8: the work is mostly waiting on the network and the disk). */
  readonly concurrency?: number;
  readonly maxCabInputBytes?: number;
  readonly onProgress?: (progress: ForwardProgress) => void;
}

/** The job id of a (report, server) pair. */
export function outboxJobId(reportId: string, server: CerServer): string {
  return `${reportId}@${server.origin}`;
}

/** Sleeps with setTimeout; an abort ends the wait at once. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Queues reports for a server; a failed job is queued again, pending/posted/done jobs stay as they are. */
export async function enqueueReports(
  store: OutboxStore,
  items: readonly OutboxItem[],
  server: CerServer,
  sender: SenderIdentity,
  now: () => number = Date.now,
): Promise<OutboxJob[]> {
  const time = new Date(now()).toISOString();
  const jobs = items.map((item): OutboxJob => {
    const id = outboxJobId(item.reportId, server);
    const existing = store.get(id);
    // Windows moves reports from ReportQueue to ReportArchive: follow the report, keep the state.
    if (existing && existing.state.kind !== 'failed') return existing.folder === item.folder ? existing : { ...existing, folder: item.folder };
    return {
      id, reportId: item.reportId, folder: item.folder, server: server.origin,
      machineName: sender.machineName, userName: sender.userName,
      state: { kind: 'pending' }, attempts: existing?.attempts ?? 0, nextAttemptAt: 0,
      lastError: null, skippedFiles: [], createdAt: existing?.createdAt ?? time, updatedAt: time,
    };
  });
  await store.putAll(jobs);
  return jobs;
}

function isOpen(job: OutboxJob): boolean {
  return job.state.kind === 'pending' || job.state.kind === 'posted';
}

function answerOf(state: OutboxJobState): CerAnswer | null {
  return state.kind === 'pending' ? null : state.answer;
}

/** The result the UI and the CLI show for a job. */
export function forwardResultOf(job: OutboxJob, note: string | null = null): ForwardResult {
  const answer = answerOf(job.state);
  const ok = job.state.kind === 'done';
  const base = ok ? null : job.lastError ?? (isOpen(job) ? 'not sent yet' : 'failed');
  return {
    folder: job.folder, reportId: job.reportId, server: job.server, ok, state: job.state.kind,
    bucket: answer?.bucket ?? null, bucketTable: answer?.bucketTable ?? null, response: answer?.response ?? null,
    uploaded: job.state.kind === 'done' && job.state.uploaded,
    error: ok ? job.lastError : note && base ? `${base}; ${note}` : base,
    skippedFiles: job.skippedFiles, time: job.updatedAt,
  };
}

/**
 * Runs the given jobs until each is done or failed, or has used its attempts for this run (it
 * then stays queued, and the result says so), or the signal aborts. Returns one result per job.
 */
export async function runOutbox(store: OutboxStore, jobIds: readonly string[], server: CerServer, options: OutboxRunOptions): Promise<ForwardResult[]> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? abortableSleep;
  const maxAttempts = options.maxAttempts ?? 5;
  const ids = [...new Set(jobIds)].filter((id) => store.get(id));
  const tries = new Map<string, number>();
  const job = (id: string): OutboxJob => store.get(id) as OutboxJob;
  const live = (id: string): boolean => isOpen(job(id)) && (tries.get(id) ?? 0) < maxAttempts;
  let finished = ids.filter((id) => !live(id)).length;
  const report = (id: string): void => {
    if (!live(id)) finished++;
    options.onProgress?.({ done: finished, total: ids.length, result: forwardResultOf(job(id)) });
  };

  while (!options.signal?.aborted) {
    const open = ids.filter(live);
    if (open.length === 0) break;
    const due = open.filter((id) => job(id).nextAttemptAt <= now());
    if (due.length === 0) {
      const wait = Math.min(...open.map((id) => job(id).nextAttemptAt)) - now();
      await sleep(Math.max(0, wait), options.signal);
      continue;
    }
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < due.length && !options.signal?.aborted) {
        const id = due[next++] as string;
        const attempted = await attemptJob(store, job(id), server, options, now, tries.get(id) ?? 0);
        if (!attempted) {
          // Only a cancel sends nothing; should a transport report "aborted" on its own, do not spin.
          if (!options.signal?.aborted) tries.set(id, (tries.get(id) ?? 0) + 1);
          continue;
        }
        if (job(id).lastError !== null && isOpen(job(id))) tries.set(id, (tries.get(id) ?? 0) + 1);
        report(id);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 8, due.length) }, worker));
  }
  const note = (id: string): string | null => {
    if (!isOpen(job(id))) return null;
    if (options.signal?.aborted) return 'cancelled; the report stays queued';
    return `gave up after ${tries.get(id) ?? 0} attempt(s) in this run; the report stays queued for the next forward`;
  };
  return ids.map((id) => forwardResultOf(job(id), note(id)));
}

/** One step for one job. Returns false when nothing was attempted (cancelled before sending). */
async function attemptJob(
  store: OutboxStore,
  job: OutboxJob,
  server: CerServer,
  options: OutboxRunOptions,
  now: () => number,
  failuresSoFar: number,
): Promise<boolean> {
  const stamp = (): string => new Date(now()).toISOString();
  // `job` is replaced by `apply`; read its state through this so narrowing does not go stale.
  const kind = (): OutboxJobState['kind'] => job.state.kind;
  const apply = async (outcome: CerStepOutcome<unknown>, onOk: () => OutboxJobState): Promise<boolean> => {
    if (outcome.kind === 'aborted') return false;
    const attempts = job.attempts + 1;
    if (outcome.kind === 'ok') {
      job = { ...job, state: onOk(), attempts, lastError: null, nextAttemptAt: 0, updatedAt: stamp() };
    } else if (outcome.kind === 'retry') {
      const delay = Math.min(options.maxDelayMs ?? 60_000, (options.baseDelayMs ?? 1000) * 2 ** failuresSoFar);
      job = { ...job, attempts, lastError: outcome.error, nextAttemptAt: now() + delay, updatedAt: stamp() };
    } else {
      job = { ...job, state: { kind: 'failed', answer: answerOf(job.state), finishedAt: stamp() }, attempts, lastError: outcome.error, updatedAt: stamp() };
    }
    await store.put(job);
    return true;
  };

  if (job.state.kind === 'pending') {
    const location = { store: storeKindOf(basename(dirname(job.folder))), storeRoot: dirname(job.folder) };
    const doc = werReportFromFolder(readReportFolder(job.folder, location), { machineName: job.machineName, userName: job.userName });
    if (!doc) return apply({ kind: 'fail', error: 'the report folder has no readable Report.wer, so there is nothing to send' }, () => job.state);
    const posted = await postWerReport(options.transport, server, encodeWerReport(doc), options.signal);
    const attempted = await apply(posted, () => ({ kind: 'posted', answer: (posted as { value: CerAnswer }).value, postedAt: stamp() }));
    if (!attempted || kind() !== 'posted') return attempted;
  }
  if (job.state.kind !== 'posted') return false;
  const answer = job.state.answer;
  if (!answer.iData || !answer.dumpFile) {
    job = { ...job, state: { kind: 'done', answer, uploaded: false, finishedAt: stamp() }, updatedAt: stamp() };
    await store.put(job);
    return true;
  }
  let cab: Uint8Array;
  try {
    const built = await buildReportCab(job.folder, options.maxCabInputBytes ?? DEFAULT_MAX_CAB_INPUT_BYTES);
    cab = built.cab;
    job = { ...job, skippedFiles: built.skipped };
  } catch (e) {
    return apply({ kind: 'fail', error: `the report's files could not be read for the upload (${e instanceof Error ? e.message : String(e)})` }, () => job.state);
  }
  const put = await putCab(options.transport, server, answer, cab, options.signal);
  return apply(put, () => ({ kind: 'done', answer, uploaded: true, finishedAt: stamp() }));
}
