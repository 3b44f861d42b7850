/**
 * Entry of the worker threads that read report folders for big scans (see parallel-read.ts):
 * each message is a chunk of folders, each answer their reports as JSON, or (stampsOf) only their
 * stamps. Built next to the app's and the CLI's entries (out/main/scan-worker.js).
 */
import { parentPort } from 'node:worker_threads';
import type { WerReport } from '../../../../shared/report-model';
import { readReportSummaries } from '../report/read-report-folder';
import { folderStamp } from './folder-stamp';
import { type ChunkAnswer, type ChunkRequest, encodeStamps, READ_BATCH } from './parallel-read';

parentPort?.on('message', (request: ChunkRequest) => {
  let answer: ChunkAnswer;
  try {
    if ('stampsOf' in request) {
      const stamps = encodeStamps(request.stampsOf.map((folder) => folderStamp(folder)));
      parentPort?.postMessage({ stamps } satisfies ChunkAnswer, [stamps.buffer as ArrayBuffer]);
      return;
    }
    const { folders } = request;
    const reports: WerReport[] = [];
    for (let i = 0; i < folders.length; i += READ_BATCH) reports.push(...readReportSummaries(folders.slice(i, i + READ_BATCH)));
    answer = { json: JSON.stringify(reports) };
  } catch (e) {
    answer = { error: e instanceof Error ? e.message : String(e) };
  }
  parentPort?.postMessage(answer);
});
