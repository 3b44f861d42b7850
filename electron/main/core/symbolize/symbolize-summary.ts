/**
 * A minidump summary with symbols: the symbol path's locator, the dump's module symbols and the
 * named stack, put together for `dump`, `show`, `export` and the report detail. One DumpSymbols
 * serves the stack walk (images, x86 frame data) and the names, so each module's image and PDB
 * are opened once; every opened file is closed before these return.
 */
import type { KernelDumpSummary } from '../../../../shared/kernel-dump-model';
import type { MinidumpSummary } from '../../../../shared/minidump-model';
import { ok, type Result } from '../../../../shared/result';
import type { SymbolizedSummary } from '../../../../shared/symbol-model';
import { readDumpFile } from '../minidump/read-dump-file';
import type { ReadMinidumpOptions } from '../minidump/read-minidump';
import type { SymbolLocator } from '../symbols/symbol-locator';
import { dumpSymbols, type DumpSymbols } from './dump-symbols';
import { symbolizeDump } from './symbolize-dump';

/** A .dmp file read with symbols: a user-mode minidump with named frames, or a kernel dump. */
export type SymbolizedDumpFile =
  | { readonly kind: 'user'; readonly summary: SymbolizedSummary<MinidumpSummary> }
  | { readonly kind: 'kernel'; readonly summary: KernelDumpSummary };

/** The summary with symbol fields on every frame and a symbol state on every module, from `symbols` (left open). */
export async function symbolizeWith(summary: MinidumpSummary, symbols: DumpSymbols): Promise<SymbolizedSummary<MinidumpSummary>> {
  const { stack, moduleSymbols } = await symbolizeDump(summary, symbols);
  return { ...summary, stack, modules: summary.modules.map((m, i) => ({ ...m, symbols: moduleSymbols[i] ?? null })) };
}

/** Names an already walked summary's frames through `locator` (null: local files only). */
export async function symbolizeSummary(
  summary: MinidumpSummary,
  locator: SymbolLocator | null,
  signal?: AbortSignal,
): Promise<SymbolizedSummary<MinidumpSummary>> {
  const symbols = dumpSymbols({ locator, ...(signal ? { signal } : {}) });
  try {
    return await symbolizeWith(summary, symbols);
  } finally {
    await symbols.close();
  }
}

/**
 * Reads a .dmp file (readDumpFile) and names a minidump's stack through `locator` (null: local
 * files only): the walk unwinds with the symbols' images and x86 frame data, then the same
 * symbols name its frames. Never throws.
 */
export async function readSymbolizedDumpFile(
  path: string,
  options: Omit<ReadMinidumpOptions, 'images' | 'symbols'>,
  locator: SymbolLocator | null,
  signal?: AbortSignal,
): Promise<Result<SymbolizedDumpFile, string>> {
  const symbols = dumpSymbols({ locator, ...(signal ? { signal } : {}) });
  try {
    // A minidump's walk takes its images from `symbols`; a kernel dump's reader uses `images`.
    const read = await readDumpFile(path, { ...options, images: { locator }, symbols });
    if (!read.ok) return read;
    if (read.value.kind === 'kernel') return ok(read.value);
    return ok({ kind: 'user', summary: await symbolizeWith(read.value.summary, symbols) });
  } finally {
    await symbols.close();
  }
}
