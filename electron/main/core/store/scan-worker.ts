/**
 * Entry of the worker threads that read report folders for big scans (see parallel-read.ts):
 * each message is a chunk of folders, each answer their reports as JSON. Built next to the app's
 * and the CLI's entries (out/main/scan-worker.js).
 */
import { parentPort } from 'node:worker_threads';
import type { WerReport } from '../../../../shared/report-model';
import { readReportSummaries } from '../report/read-report-folder';
import { type ChunkAnswer, type ChunkRequest, READ_BATCH } from './parallel-read';

parentPort?.on('message', ({ folders }: ChunkRequest) => {
  let answer: ChunkAnswer;
  try {
    const reports: WerReport[] = [];
    for (let i = 0; i < folders.length; i += READ_BATCH) reports.push(...readReportSummaries(folders.slice(i, i + READ_BATCH)));
    answer = { json: JSON.stringify(reports) };
  } catch (e) {
    answer = { error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(answer);
});
