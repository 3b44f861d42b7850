/**
 * The CrashDumps store: a LocalDumps dump (`app.exe.PID.dmp`) as one APPCRASH record, made from
 * a few KB of the dump whatever its size (see dump-facts.ts). The record looks like the APPCRASH
 * report WER would have written for the same crash: the same Sig[0..7] layout and value formats
 * (wer-formats.md §2.4), so `fields` give application, module, exception code and offset.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { basename } from 'node:path';
import type { ReportOs, SigEntry, WerReport } from '../../../../shared/report-model';
import { semanticFields } from '../../../../shared/sig-fields';
import { describeFsError } from '../fs-errors';
import { MAX_READ_BYTES } from '../minidump/byte-source';
import { reportId } from '../report/read-report-folder';
import { REPORT_TYPE_NAMES } from '../report/report-wer-values';
import { type DumpFacts, type DumpModule, readDumpFacts, type SyncByteSource } from './dump-facts';
import { parseLocalDumpName } from './local-dump-file';

/** WER_REPORT_TYPE of application crashes. */
const REPORT_TYPE_APP_CRASH = 2;

const ARCHITECTURE: Readonly<Record<string, string>> = { amd64: 'X64', x86: 'X86', arm64: 'ARM64', arm: 'ARM' };

/** A file's size and modification time: what says a dump record changed. */
interface FileStat {
  readonly size: number | null;
  readonly mtimeMs: number | null;
}

/** Lower-case hex padded to `digits`, as WER writes timestamps, codes and offsets (no 0x). */
function sigHex(value: bigint | number, digits: number): string {
  return BigInt(value).toString(16).padStart(digits, '0');
}

/**
 * The Sig[0..7] of the APPCRASH report WER writes for this crash: versions `a.b.c.d` (0.0.0.0 when
 * unknown), timestamps and the code as 8 hex digits, the offset inside the faulting module as 16
 * hex digits (8 for 32-bit processes); a crash outside every module names module `unknown` and
 * gives the address itself as the offset. Without an exception stream only the application is known.
 */
export function appCrashSignature(facts: Pick<DumpFacts, 'arch' | 'mainModule' | 'crash'>, fallbackImage: string | null): SigEntry[] {
  const app = facts.mainModule;
  const sig: SigEntry[] = [
    { index: 0, name: 'Application Name', value: app?.name ?? fallbackImage ?? 'unknown' },
    { index: 1, name: 'Application Version', value: app?.version ?? '0.0.0.0' },
    { index: 2, name: 'Application Timestamp', value: sigHex(app?.timestamp ?? 0, 8) },
  ];
  const crash = facts.crash;
  if (!crash) return sig;
  const module: DumpModule | null = crash.module;
  const narrow = facts.arch === 'x86' || facts.arch === 'arm';
  const offset = module ? crash.address - module.base : crash.address;
  sig.push(
    { index: 3, name: 'Fault Module Name', value: module?.name ?? 'unknown' },
    { index: 4, name: 'Fault Module Version', value: module?.version ?? '0.0.0.0' },
    { index: 5, name: 'Fault Module Timestamp', value: sigHex(module?.timestamp ?? 0, 8) },
    { index: 6, name: 'Exception Code', value: sigHex(crash.code >>> 0, 8) },
    { index: 7, name: 'Exception Offset', value: sigHex(offset, narrow ? 8 : 16) },
  );
  return sig;
}

/** A synchronous positional-read source over an open file descriptor (reads capped like the async sources). */
export function fdSource(fd: number, size: number): SyncByteSource {
  return {
    size,
    read(offset, length) {
      const n = Math.max(0, Math.min(length, MAX_READ_BYTES, size - offset));
      if (offset < 0 || n === 0) return new Uint8Array(0);
      const out = new Uint8Array(n);
      let done = 0;
      while (done < n) {
        const got = readSync(fd, out, done, n - done, offset + done);
        if (got === 0) break;
        done += got;
      }
      return done === n ? out : out.subarray(0, done);
    },
  };
}

/** The record before the dump is read: what the file name and stat say (the application named by the file). */
function baseRecord(path: string, storeRoot: string | null, stat: FileStat): WerReport {
  const fromName = parseLocalDumpName(basename(path));
  const signature: SigEntry[] = fromName ? [{ index: 0, name: 'Application Name', value: fromName.image }] : [];
  return {
    id: reportId(null, path),
    folder: path,
    store: 'CrashDumps',
    storeRoot,
    folderKind: null,
    eventType: 'APPCRASH',
    reportType: REPORT_TYPE_APP_CRASH,
    reportTypeName: REPORT_TYPE_NAMES[REPORT_TYPE_APP_CRASH] ?? null,
    eventTime: stat.mtimeMs === null ? null : new Date(stat.mtimeMs).toISOString(),
    uploadTime: null,
    appName: fromName?.image ?? null,
    appPath: null,
    friendlyEventName: 'Stopped working',
    signature,
    fields: semanticFields('APPCRASH', signature),
    bucket: null,
    process: fromName ? { pid: fromName.pid, startTime: null } : null,
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

/** The record of a dump from its facts (exported for tests that build dumps in memory). */
export function crashDumpRecord(path: string, storeRoot: string | null, facts: DumpFacts, stat: FileStat): WerReport {
  const base = baseRecord(path, storeRoot, stat);
  const signature = appCrashSignature(facts, base.appName);
  const app = facts.mainModule;
  const os: ReportOs | null =
    facts.osVersion === null && facts.arch === null
      ? null
      : { version: facts.osVersion, build: facts.osBuild, architecture: (facts.arch && ARCHITECTURE[facts.arch]) ?? null, edition: null };
  const pid = facts.processId ?? base.process?.pid ?? null;
  return {
    ...base,
    eventTime: facts.dumpTime ?? base.eventTime,
    appName: app?.name ?? base.appName,
    appPath: app?.path ?? null,
    signature,
    fields: semanticFields('APPCRASH', signature),
    process: pid === null ? null : { pid, startTime: facts.processCreateTime },
    os,
    problems: [...facts.problems],
  };
}

/**
 * Reads one LocalDumps dump into an APPCRASH record with positional reads of a few KB. Never
 * throws: a dump that cannot be opened, is not a minidump or is damaged still yields a record
 * (named from its file name where it can be), with its problems.
 */
export function readCrashDumpRecord(path: string, storeRoot: string | null): WerReport {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return { ...baseRecord(path, storeRoot, { size: null, mtimeMs: null }), problems: [`The dump could not be read: ${describeFsError(e)}.`] };
  }
  try {
    const { size, mtimeMs } = fstatSync(fd);
    const stat = { size, mtimeMs };
    try {
      const facts = readDumpFacts(fdSource(fd, size));
      if (typeof facts === 'string') return { ...baseRecord(path, storeRoot, stat), problems: [`The dump could not be read: ${facts}.`] };
      return crashDumpRecord(path, storeRoot, facts, stat);
    } catch (e) {
      return { ...baseRecord(path, storeRoot, stat), problems: [`The dump could not be read: ${describeFsError(e)}.`] };
    }
  } catch (e) {
    return { ...baseRecord(path, storeRoot, { size: null, mtimeMs: null }), problems: [`The dump could not be read: ${describeFsError(e)}.`] };
  } finally {
    closeSync(fd);
  }
}
