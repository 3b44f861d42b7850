/**
 * Any thread of a minidump, walked and named on request (the detail shows the crashing thread's
 * stack at once and other threads' when clicked). The same walker as the crashing thread (unwind
 * data, frame pointers, validated scan) and the same module symbols as `symbolizeSummary`; the
 * walker and the symbolizer share the images they open, and every file is closed before it returns.
 */
import { join } from 'node:path';
import type { WerReport } from '../../../../shared/report-model';
import { err, ok, type Result } from '../../../../shared/result';
import type { FrameSymbolFields, SymbolizedThreadStack } from '../../../../shared/symbol-model';
import { createCachedSource, withFileSource } from '../minidump/byte-source';
import type { SymbolLocator } from '../symbols/symbol-locator';
import { readThreadStack } from '../unwind/thread-stack';
import { dumpSymbols } from './dump-symbols';
import type { FrameSymbol } from './module-symbols';
import { symbolModule } from './symbolize-dump';

const UNNAMED: FrameSymbolFields = { function: null, functionOffset: null, file: null, line: null, inlined: [], nameSource: null };

/** The symbolizer's answer, with the RVA it was asked about (return address − 1 for callers). */
interface Named {
  readonly symbol: FrameSymbol;
  readonly lookupRva: number;
}

/**
 * Walks thread `threadId` of the minidump at `path` and names its frames through `locator` (null:
 * local files only). Never throws: an unreadable dump, an unknown thread or a thread without a CPU
 * context is an error sentence.
 */
export async function readSymbolizedThread(path: string, threadId: number, locator: SymbolLocator | null, signal?: AbortSignal): Promise<Result<SymbolizedThreadStack>> {
  const symbols = dumpSymbols({ locator, ...(signal ? { signal } : {}) });
  try {
    const walked = await withFileSource(path, (file) =>
      readThreadStack<Named>(createCachedSource(file), threadId, {
        images: { locator },
        // As for the crashing thread: images and x86 frame data from the same symbols that name the frames.
        symbols: { image: (module) => symbols.image(symbolModule(module)), frameInfo: (module, rva) => symbols.frameInfo(symbolModule(module), rva) },
        symbolize: async (_index, module, rva) => {
          const symbol = await symbols.of(symbolModule(module)).symbolize(rva);
          return symbol ? { symbol, lookupRva: rva } : null;
        },
      }),
    );
    if (!walked.ok) return err(`Thread ${threadId} could not be walked: ${walked.error}.`);
    const frames = walked.value.frames.map(({ symbol: named, ...frame }) => {
      if (!named || frame.offset === null) return { ...frame, ...UNNAMED };
      // The offset counts from the frame's own address (the return address), as the crashing thread's does.
      const back = Number(BigInt(frame.offset)) - named.lookupRva;
      const s = named.symbol;
      return {
        ...frame,
        function: s.function,
        functionOffset: `0x${(s.functionOffset + back).toString(16)}`,
        file: s.file,
        line: s.line,
        inlined: s.inlined,
        nameSource: s.source,
      };
    });
    return ok({ threadId, frames, problems: walked.value.problems });
  } finally {
    await symbols.close();
  }
}

/**
 * The dump a record's detail summarises: a report folder's minidump (else its heap dump), else a
 * dump file among the record's sources (a LocalDumps dump, or one merged with an event-log crash).
 */
function recordDumpPath(record: WerReport): string | null {
  if (record.store !== 'EventLog' && record.store !== 'CrashDumps') {
    const present = record.attachments.filter((a) => a.size !== null);
    const dump = present.find((a) => a.kind === 'minidump') ?? present.find((a) => a.kind === 'heapdump');
    if (dump) return join(record.folder, dump.file);
  }
  for (const s of record.sources) if (s.kind === 'dump') return s.path;
  return null;
}

/** Walks and names a thread of a record's minidump. Kernel dump records have no user-mode threads to walk. */
export async function readReportThread(report: WerReport, threadId: number, locator: SymbolLocator | null, signal?: AbortSignal): Promise<Result<SymbolizedThreadStack>> {
  if (report.store === 'Minidump') return err('A kernel dump has no user-mode threads to walk.');
  const path = recordDumpPath(report);
  if (!path) return err('This report has no minidump.');
  return readSymbolizedThread(path, threadId, locator, signal);
}
