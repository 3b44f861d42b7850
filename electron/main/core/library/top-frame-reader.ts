/**
 * The top frame of native crashes, for grouping them into problems by `module!function` (as
 * Sentry groups by the first in-app frame): listing never reads a dump's stack, so the library
 * reads it soon after, in the background, one dump at a time, and stores it as `fields.topFrame`
 * (kept in the report cache, so each report's dump is read once).
 *
 * The top frame is the first frame of the crashing thread that is not in Windows' own modules
 * (a module under `X:\Windows\`: a crash inside `msvcrt!strlen` is charged to the program's
 * caller), and it counts only when its module's PDB names it (a private or a public symbol).
 * Nothing deeper is tried: when that frame is unnamed or named by an export only, a deeper frame
 * would merge different crash sites of the unnamed code, and an export is often just the nearest
 * name. The walk stops at the first frame found by stack scanning (a stale return address may
 * look like a caller), so a scanned frame is never the top frame.
 *
 * Symbols are local only: the symbol path's folders and the caches of its `srv*` elements, and the
 * modules' own files on the machine that crashed. A symbol server is never contacted from here
 * (not even a configured one): opening a report's detail downloads its symbols, and later reads
 * find them in the cache.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { WerReport } from '../../../../shared/report-model';
import { eventFamily } from '../../../../shared/problem-key';
import { sigLayout } from '../../../../shared/sig-fields';
import { frameLabel } from '../../../../shared/symbol-model';
import { mapLimit } from '../map-limit';
import { readDumpFile } from '../minidump/read-dump-file';
import { dumpSymbols } from '../symbolize/dump-symbols';
import { symbolModule } from '../symbolize/symbolize-dump';
import { createSymbolLocator, type SymbolLocatorOptions } from '../symbols/symbol-locator';
import type { SymbolPathElement } from '../symbols/symbol-path';
import type { BackgroundRead } from './background-reader';

/** The symbol path the top frames are read with (the app's effective path); null: local files only. */
export type TopFrameSymbolPath = Pick<SymbolLocatorOptions, 'elements' | 'defaultCache'> | null;

/** Gives the current symbol path (it may change in Settings between two reads). */
export type TopFrameSymbols = () => Promise<TopFrameSymbolPath>;

/** Frames of the crashing thread walked at most: the program's code is rarely deeper below Windows' own. */
const MAX_FRAMES = 32;
/** Dumps remembered for the life of the process (bounds a pathological tree). */
const MAX_REMEMBERED = 10_000;
/** Dumps read at once by {@link withTopFramesAll}. */
const CONCURRENCY = 2;
/** `X:\Windows\…` (any drive, `\\?\` form too) or `\SystemRoot\…`: Windows' own modules. */
const SYSTEM_MODULE = /^(?:\\\\[?.]\\)?(?:[a-z]:\\windows\\|\\systemroot\\)/i;

/** Whether a module path (as the crashing machine recorded it) is one of Windows' own modules. */
export function isSystemModulePath(path: string): boolean {
  return SYSTEM_MODULE.test(path.replace(/\//g, '\\'));
}

/**
 * The symbol path without its network: each `srv*` element keeps its caches but loses an HTTP(S)
 * store (its caches are still searched); folders, shares and `cache*` stay as they are.
 */
export function localSymbolPath(elements: readonly SymbolPathElement[]): SymbolPathElement[] {
  return elements.map((e) => (e.kind === 'server' && e.store?.kind === 'http' ? { ...e, store: null } : e));
}

/**
 * The top frame (`module!function`, module without its extension, as WinDbg prints it) of the
 * minidump at `path`, read with local symbols only; null when the dump is not a readable
 * user-mode minidump or no frame qualifies (see the file comment). Never throws.
 */
export async function readTopFrame(path: string, symbolPath: TopFrameSymbolPath): Promise<string | null> {
  const locator = symbolPath && symbolPath.elements.length > 0 ? createSymbolLocator({ ...symbolPath, elements: localSymbolPath(symbolPath.elements) }) : null;
  const symbols = dumpSymbols({ locator });
  try {
    // The same symbols give the walk its images (unwind data, x86 frame data) and name the frame.
    const read = await readDumpFile(path, { images: { locator }, symbols, maxFrames: MAX_FRAMES });
    if (!read.ok || read.value.kind !== 'user') return null;
    const { stack, modules } = read.value.summary;
    for (const [i, frame] of stack.entries()) {
      if (frame.trust === 'scan') return null;
      const address = BigInt(frame.address);
      const module = modules.find((m) => address >= BigInt(m.base) && address < BigInt(m.base) + BigInt(m.size));
      // Code outside every module (a bad call, JIT code) has no name to group by.
      if (!module || frame.offset === null) return null;
      if (isSystemModulePath(module.path)) continue;
      // Callers are named at return address − 1 (the call), as symbolizeDump does.
      const rva = Number(BigInt(frame.offset));
      const back = i > 0 && frame.trust !== 'context' && rva > 0 ? 1 : 0;
      const named = await symbols.of(symbolModule(module)).symbolize(rva - back);
      if (!named || named.source === 'export') return null;
      return frameLabel({ module: module.name, offset: frame.offset, address: frame.address, function: named.function });
    }
    return null;
  } catch {
    // A hostile dump or PDB must cost its record the frame, never the library.
    return null;
  } finally {
    await symbols.close().catch(() => undefined);
    locator?.close();
  }
}

/** Whether a record is a native crash whose top frame could group it (an exception code, not a .NET or kernel event). */
export function wantsTopFrame(report: WerReport): boolean {
  if (report.fields.topFrame || !report.fields.exceptionCode || report.store === 'Minidump') return false;
  return eventFamily(report.eventType) === 'crash' && (sigLayout(report.eventType)?.includes('exceptionCode') ?? false);
}

/** The user-mode minidump a record's top frame is read from: its report folder's minidump, else a dump file among its sources. */
export function topFrameDumpPath(report: WerReport): string | null {
  if (report.store !== 'EventLog' && report.store !== 'CrashDumps') {
    const present = report.attachments.filter((a) => a.size !== null);
    const dump = present.find((a) => a.kind === 'minidump') ?? present.find((a) => a.kind === 'heapdump');
    if (dump) return join(report.folder, dump.file);
  }
  for (const s of report.sources) if (s.kind === 'dump') return s.path;
  return null;
}

interface Remembered {
  readonly size: number;
  readonly mtimeMs: number;
  /** The symbol path the answer was read with (a new path may name more). */
  readonly symbolPath: string;
  readonly topFrame: string | null;
}

/** Answers per dump path for this process, so a record read again (a touched folder) costs no second walk. */
const remembered = new Map<string, Remembered>();

function fingerprint(symbolPath: TopFrameSymbolPath): string {
  return symbolPath ? JSON.stringify([symbolPath.defaultCache, symbolPath.elements.map((e) => e.text)]) : '';
}

/** The record with `fields.topFrame` filled in when its dump names one; otherwise the record as it was. */
export async function withTopFrame(report: WerReport, symbolPath: TopFrameSymbolPath): Promise<WerReport> {
  if (!wantsTopFrame(report)) return report;
  const path = topFrameDumpPath(report);
  const info = path ? await stat(path).catch(() => null) : null;
  if (!path || !info?.isFile()) return report;
  const key = fingerprint(symbolPath);
  const hit = remembered.get(path);
  let topFrame: string | null;
  if (hit && hit.size === info.size && hit.mtimeMs === info.mtimeMs && hit.symbolPath === key) {
    topFrame = hit.topFrame;
  } else {
    topFrame = await readTopFrame(path, symbolPath);
    if (remembered.size >= MAX_REMEMBERED) remembered.delete(remembered.keys().next().value as string);
    remembered.set(path, { size: info.size, mtimeMs: info.mtimeMs, symbolPath: key, topFrame });
  }
  return topFrame ? { ...report, fields: { ...report.fields, topFrame } } : report;
}

/** withTopFrame over many records (a few dumps read at once), in the same order. */
export async function withTopFramesAll(reports: readonly WerReport[], symbolPath: TopFrameSymbolPath): Promise<WerReport[]> {
  return mapLimit(reports, CONCURRENCY, (r) => withTopFrame(r, symbolPath));
}

/**
 * The background read of native crashes' top frame (see background-reader.ts), named with the
 * symbol path `symbols` gives at each read (absent: the modules' own files only).
 */
export function topFrameRead(symbols: TopFrameSymbols = async () => null): BackgroundRead {
  return {
    wants: (report) => wantsTopFrame(report) && topFrameDumpPath(report) !== null,
    read: async (report) => withTopFrame(report, await symbols().catch(() => null)),
  };
}
