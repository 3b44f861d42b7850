/**
 * The Minidump store: a kernel dump file (C:\Windows\Minidump\*.dmp, LiveKernelReports,
 * MEMORY.DMP) as one report record, made from its 8 KiB header only so listing 500 dumps stays
 * cheap. The record looks like a BlueScreen report (LiveKernelEvent for live dumps): the same
 * signature layout, so `fields.bugCheckCode` and the parameters are what such a report holds.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { KernelDumpSummary } from '../../../../shared/kernel-dump-model';
import type { ReportOs, SigEntry, WerReport } from '../../../../shared/report-model';
import { semanticFields } from '../../../../shared/sig-fields';
import { describeFsError } from '../fs-errors';
import { reportId } from '../report/read-report-folder';
import { hasKernelDumpSignature, KERNEL_DUMP_PROBE_BYTES, parseKernelDumpHeader } from './kernel-header';

/** WER_REPORT_TYPE of kernel reports. */
const REPORT_TYPE_KERNEL = 4;

const ARCHITECTURE: Readonly<Record<string, string>> = { amd64: 'X64', x86: 'X86', arm64: 'ARM64', arm: 'ARM' };

interface FileBytes {
  readonly data: Uint8Array;
  readonly size: number;
  readonly mtimeMs: number;
}

/** The first `bytes` of a file with its size and mtime, read synchronously (the scan yields between files). */
function readStart(path: string, bytes: number): FileBytes {
  const fd = openSync(path, 'r');
  try {
    const { size, mtimeMs } = fstatSync(fd);
    const data = new Uint8Array(Math.min(size, bytes));
    let done = 0;
    while (done < data.length) {
      const n = readSync(fd, data, done, data.length - done, done);
      if (n === 0) break;
      done += n;
    }
    return { data: data.subarray(0, done), size, mtimeMs };
  } finally {
    closeSync(fd);
  }
}

/** Whether a file starts with the kernel dump signature "PAGE"; false when it cannot be read. */
export function isKernelDumpFile(path: string): boolean {
  try {
    return hasKernelDumpSignature(readStart(path, 4).data);
  } catch {
    return false;
  }
}

/** Hex as BlueScreen signatures write it: lower case, no 0x, no leading zeros (`d1`, `ffffe000330b5480`). */
function sigHex(value: string): string {
  return BigInt(value).toString(16);
}

/** Whether a dump is a live dump (Windows kept running): by its code, or by where Windows keeps them. */
function isLiveDump(path: string, summary: KernelDumpSummary): boolean {
  return summary.bugCheck.liveDump || /[\\/]LiveKernelReports[\\/]/i.test(path);
}

/** The signature a BlueScreen / LiveKernelEvent report of this dump would carry (Win10 names). */
export function kernelSignature(summary: KernelDumpSummary): SigEntry[] {
  const b = summary.bugCheck;
  return [
    { index: 0, name: 'Code', value: sigHex(b.code) },
    ...b.parameters.map((p, i) => ({ index: i + 1, name: `Parameter ${i + 1}`, value: sigHex(p) })),
  ];
}

/** A record made from a dump's summary (header-only or full); `stat` is the file's size and mtime. */
export function kernelRecord(path: string, storeRoot: string | null, summary: KernelDumpSummary, stat: { size: number; mtimeMs: number }): WerReport {
  const live = isLiveDump(path, summary);
  const eventType = live ? 'LiveKernelEvent' : 'BlueScreen';
  const signature = kernelSignature(summary);
  const driver = summary.causedBy?.driver;
  const os: ReportOs = { version: null, build: summary.osBuild, architecture: ARCHITECTURE[summary.arch] ?? null, edition: null };
  return {
    ...emptyRecord(path, storeRoot, stat),
    eventType,
    reportType: REPORT_TYPE_KERNEL,
    reportTypeName: 'Kernel',
    eventTime: summary.systemTime ?? new Date(stat.mtimeMs).toISOString(),
    // What WER's own kernel reports name as the application.
    appName: 'Windows',
    friendlyEventName: live ? 'Hardware error' : 'Shut down unexpectedly',
    signature,
    fields: { ...semanticFields(eventType, signature), ...(driver ? { causedByDriver: driver } : {}) },
    os,
    problems: [...summary.problems],
  };
}

function emptyRecord(path: string, storeRoot: string | null, stat: { size: number | null; mtimeMs: number | null }): WerReport {
  return {
    id: reportId(null, path),
    folder: path,
    store: 'Minidump',
    storeRoot,
    folderKind: null,
    eventType: null,
    reportType: null,
    reportTypeName: null,
    eventTime: null,
    uploadTime: null,
    appName: null,
    appPath: null,
    friendlyEventName: null,
    signature: [],
    fields: {},
    bucket: null,
    process: null,
    os: null,
    machine: null,
    attachments: [{ file: basename(path), size: stat.size, kind: 'minidump', cabName: null }],
    problems: [],
    sources: [{ kind: 'dump', path, size: stat.size }],
    // For a dump record these are the dump file's own: what says it changed.
    reportWerSize: stat.size,
    reportWerMtimeMs: stat.mtimeMs,
  };
}

/**
 * Reads one kernel dump's header (8 KiB, whatever the file's size) into a record. Never throws:
 * a file that cannot be read or is not a kernel dump still yields a record, with its problem.
 */
export function readKernelRecord(path: string, storeRoot: string | null): WerReport {
  let head: FileBytes;
  try {
    head = readStart(path, KERNEL_DUMP_PROBE_BYTES);
  } catch (e) {
    return { ...emptyRecord(path, storeRoot, { size: null, mtimeMs: null }), problems: [`The dump could not be read: ${describeFsError(e)}.`] };
  }
  const summary = parseKernelDumpHeader(head.data, head.size);
  if (!summary.ok) return { ...emptyRecord(path, storeRoot, head), problems: [`The dump could not be read: ${summary.error}.`] };
  return kernelRecord(path, storeRoot, summary.value, head);
}
