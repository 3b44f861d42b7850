/**
 * Reads many report folders (readReportSummaries) on the calling thread and, for large scans, on
 * worker threads beside it: a scan is CPU-bound (listing, reading and parsing ~100 µs a folder),
 * so a second core takes about a third off a big scan (the workers' answers still cost this
 * thread a JSON.parse). The calling thread keeps reading too, so nothing
 * waits on a worker, and any worker that fails (cannot start, crashes, a packaged app that cannot
 * load it) only gives its folders back: every folder is still read exactly once.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { WerReport } from '../../../../shared/report-model';
import { type FolderStamp, folderStamp, stampFromNumbers, stampNumber } from './folder-stamp';
import { type FolderToRead, readReportSummaries } from '../report/read-report-folder';

/** Worker threads to read with: the built worker script (see scan-worker.ts) and how many. */
export interface ReadHelpers {
  readonly workerFile: string;
  readonly count: number;
}

/** A chunk of folders sent to a worker: to read, or (`stampsOf`) only to stamp. */
export type ChunkRequest = { readonly folders: readonly FolderToRead[] } | { readonly stampsOf: readonly string[] };

/**
 * A worker's answer: the chunk's reports as JSON (cheaper to pass than a structured clone), the
 * stamps as numbers (see encodeStamps), or why it failed.
 */
export type ChunkAnswer = { readonly json: string } | { readonly stamps: Float64Array } | { readonly error: string };

/** Folders read per turn: reading a batch before parsing it keeps the kernel's caches warm (see readReportSummaries). */
export const READ_BATCH = 32;
/** Folders per message to a worker: ~25 ms of work, so messages stay few and no worker sits idle long. */
const CHUNK = 256;
/** Chunks a worker holds at once, so it has the next one while its answer waits for this thread. */
const CHUNKS_IN_FLIGHT = 2;
/** Below this many folders a worker's start-up (~40 ms) costs more than it saves. */
const MIN_FOLDERS_FOR_HELPERS = 1024;
/**
 * How long workers stay after a scan: a fresh worker runs its first few thousand folders at
 * half speed (its code is not compiled yet), so scans close together (the batches of one
 * comparison) share warm workers. Briefly: an idle worker keeps its whole heap (~90 MB of the
 * server's RSS after a 300,000-folder start, held 30 s into the first minute the app is used).
 */
const IDLE_MS = 3_000;

let configured: ReadHelpers | null = null;
/** Workers kept between scans, with the script they run; unreferenced, so they never keep a process alive. */
const idle: { file: string; worker: Worker }[] = [];
let idleTimer: NodeJS.Timeout | null = null;

/**
 * Lets scans use worker threads running `workerFile` (the built scan-worker.js). Called once by
 * the composition roots (app, CLI), which know where the build put it; without it, or with
 * `count` 0, folders are read on the calling thread only. Defaults to one worker per core but
 * one, at most 3.
 */
export function useReadHelpers(workerFile: string | null, count = availableParallelism() - 1): void {
  configured = workerFile && count > 0 ? { workerFile, count: Math.min(count, 3) } : null;
}

/** Ends the workers kept between scans (they also end by themselves after IDLE_MS). */
export async function closeReadHelpers(): Promise<void> {
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = null;
  await Promise.all(idle.splice(0).map(({ worker }) => worker.terminate()));
}

/** A worker running `file`: one kept from an earlier scan, else a new one (null when it cannot start). */
function takeWorker(file: string): Worker | null {
  const i = idle.findIndex((w) => w.file === file);
  if (i >= 0) {
    const [{ worker }] = idle.splice(i, 1) as [{ file: string; worker: Worker }];
    worker.ref();
    return worker;
  }
  try {
    const worker = new Worker(file);
    // For the worker's whole life: an error is handled by the scan using it (or nobody, when
    // idle), never thrown as unhandled; one that dies while idle is dropped.
    worker.on('error', () => undefined).on('exit', () => {
      const at = idle.findIndex((w) => w.worker === worker);
      if (at >= 0) idle.splice(at, 1);
    });
    return worker;
  } catch {
    return null;
  }
}

/** Keeps a healthy worker for the next scan, unreferenced, until IDLE_MS pass without one. */
function keepWorker(file: string, worker: Worker): void {
  worker.unref();
  idle.push({ file, worker });
  if (idleTimer) clearTimeout(idleTimer);
  idleTimer = setTimeout(() => void closeReadHelpers(), IDLE_MS).unref();
}

/** The helpers scans use now (see useReadHelpers). */
export function readHelpers(): ReadHelpers | null {
  return configured;
}

/** How a readInParallel went: reports read by workers, and workers that failed. */
export interface ParallelReadStats {
  readonly byHelpers: number;
  readonly failedHelpers: number;
}

/** Options of readInParallel. */
export interface ParallelReadOptions {
  /** Workers to use; default: those of useReadHelpers. */
  readonly helpers?: ReadHelpers | null;
  /** Smallest number of folders for which workers start (default 1024). */
  readonly minFolders?: number;
}

/** One worker with the chunks it holds; `failed` once it errored or exited early. */
interface Helper {
  readonly worker: Worker;
  readonly held: FolderToRead[][];
  failed: boolean;
  /** Removes this scan's listeners from the worker. */
  release: () => void;
}

/**
 * Reads every folder once, calling `onReport` for each report (in no particular order) and
 * `pause` between batches so the event loop keeps running. Never throws for a folder: like
 * readReportSummaries, unreadable folders yield reports with problems.
 */
export async function readInParallel(
  folders: readonly FolderToRead[],
  onReport: (report: WerReport) => void,
  pause: () => Promise<void>,
  options: ParallelReadOptions = {},
): Promise<ParallelReadStats> {
  const queue: FolderToRead[][] = [];
  for (let i = 0; i < folders.length; i += CHUNK) queue.push(folders.slice(i, i + CHUNK));
  const config = options.helpers === undefined ? configured : options.helpers;
  const wanted = folders.length >= (options.minFolders ?? MIN_FOLDERS_FOR_HELPERS) ? (config?.count ?? 0) : 0;
  let byHelpers = 0;
  let failedHelpers = 0;
  let wake: (() => void) | null = null;
  const helpers: Helper[] = [];

  const feed = (helper: Helper): void => {
    while (!helper.failed && helper.held.length < CHUNKS_IN_FLIGHT && queue.length > 0) {
      const chunk = queue.shift() as FolderToRead[];
      helper.held.push(chunk);
      // Dirents cannot cross threads; the worker lists such folders again.
      const request: ChunkRequest = { folders: chunk.map(({ folder, store, storeRoot }) => ({ folder, store, storeRoot })) };
      helper.worker.postMessage(request);
    }
  };
  const fail = (helper: Helper): void => {
    if (helper.failed) return;
    helper.failed = true;
    failedHelpers++;
    // Its chunks go back to the queue: whoever is free reads them again, nothing is lost.
    queue.unshift(...helper.held.splice(0));
    void helper.worker.terminate();
    wake?.();
  };
  const onAnswer = (helper: Helper, answer: ChunkAnswer): void => {
    if (helper.failed) return;
    const reports = 'json' in answer ? parseReports(answer.json) : null;
    if (!reports || helper.held.length === 0) return fail(helper);
    helper.held.shift();
    byHelpers += reports.length;
    for (const report of reports) onReport(report);
    feed(helper);
    wake?.();
  };
  for (let i = 0; i < wanted && config; i++) {
    const worker = takeWorker(config.workerFile);
    if (!worker) {
      failedHelpers++;
      continue;
    }
    const helper = attach(worker, onAnswer, fail);
    helpers.push(helper);
    feed(helper);
  }

  try {
    for (;;) {
      const chunk = queue.shift();
      if (chunk) {
        for (let i = 0; i < chunk.length; i += READ_BATCH) {
          await pause();
          for (const report of readReportSummaries(chunk.slice(i, i + READ_BATCH))) onReport(report);
        }
        continue;
      }
      if (!helpers.some((h) => !h.failed && h.held.length > 0)) break;
      // Nothing left to take: wait for a worker's answer (or its failure, which refills the queue).
      await new Promise<void>((resolve) => (wake = resolve));
      wake = null;
    }
  } finally {
    for (const helper of helpers) {
      helper.release();
      // A worker still holding chunks (the scan threw) could answer late: it is not kept.
      if (!helper.failed && helper.held.length === 0 && config) keepWorker(config.workerFile, helper.worker);
      else void helper.worker.terminate();
      helper.failed = true;
    }
  }
  return { byHelpers, failedHelpers };
}

/** Folders per stamp message: ~30 ms of stat calls. */
const STAMP_CHUNK = 2048;

/** Stamps as three numbers each (dirMtimeMs, werSize, werMtimeMs); NaN for null (a null stamp: NaN first). */
export function encodeStamps(stamps: readonly (FolderStamp | null)[]): Float64Array {
  const out = new Float64Array(stamps.length * 3).fill(Number.NaN);
  stamps.forEach((stamp, i) => {
    if (!stamp) return;
    out[i * 3] = stamp.dirMtimeMs;
    out[i * 3 + 1] = stampNumber(stamp.werSize);
    out[i * 3 + 2] = stampNumber(stamp.werMtimeMs);
  });
  return out;
}

function decodeStamps(numbers: Float64Array, count: number): (FolderStamp | null)[] | null {
  if (numbers.length !== count * 3) return null;
  return Array.from({ length: count }, (_, i) => {
    const dirMtimeMs = numbers[i * 3] as number;
    return Number.isNaN(dirMtimeMs) ? null : stampFromNumbers(dirMtimeMs, numbers[i * 3 + 1] as number, numbers[i * 3 + 2] as number);
  });
}

/**
 * The stamps of many folders (as folderStamp takes them, in order), taken on a worker thread when
 * helpers are configured and the folders are many: a collector's 300,000 folders are 600,000 stat
 * calls, seconds this thread would otherwise spend while it serves requests. Without a worker, or
 * from where one failed, they are taken here with `pause` between them. The same answers either way.
 */
export async function stampsInParallel(folders: readonly string[], pause: () => Promise<void>, options: ParallelReadOptions = {}): Promise<(FolderStamp | null)[]> {
  const config = options.helpers === undefined ? configured : options.helpers;
  const out: (FolderStamp | null)[] = [];
  const worker = config && folders.length >= (options.minFolders ?? MIN_FOLDERS_FOR_HELPERS) ? takeWorker(config.workerFile) : null;
  if (worker && config) {
    let healthy = true;
    while (healthy && out.length < folders.length) {
      const chunk = folders.slice(out.length, out.length + STAMP_CHUNK);
      const stamps = await askWorker(worker, { stampsOf: chunk }).then((answer) => (answer && 'stamps' in answer ? decodeStamps(answer.stamps, chunk.length) : null));
      if (stamps) out.push(...stamps);
      else healthy = false;
    }
    if (healthy) keepWorker(config.workerFile, worker);
    else void worker.terminate();
  }
  for (let i = out.length; i < folders.length; i++) {
    await pause();
    out.push(folderStamp(folders[i] as string));
  }
  return out;
}

/** One request to a worker and its answer; null when the worker errors or exits first. */
function askWorker(worker: Worker, request: ChunkRequest): Promise<ChunkAnswer | null> {
  return new Promise((resolve) => {
    const done = (answer: ChunkAnswer | null): void => {
      worker.off('message', done).off('error', failed).off('exit', failed);
      resolve(answer);
    };
    const failed = (): void => done(null);
    worker.on('message', done).on('error', failed).on('exit', failed);
    worker.postMessage(request);
  });
}

/** A worker made a Helper of one scan: its answers and failures go to that scan until `release`. */
function attach(
  worker: Worker,
  onAnswer: (helper: Helper, answer: ChunkAnswer) => void,
  onFailure: (helper: Helper) => void,
): Helper {
  const message = (answer: ChunkAnswer): void => onAnswer(helper, answer);
  const failure = (): void => onFailure(helper);
  const release = (): void => void worker.off('message', message).off('error', failure).off('exit', failure);
  const helper: Helper = { worker, held: [], failed: false, release };
  worker.on('message', message).on('error', failure).on('exit', failure);
  return helper;
}

function parseReports(json: string): WerReport[] | null {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? (value as WerReport[]) : null;
  } catch {
    return null;
  }
}
