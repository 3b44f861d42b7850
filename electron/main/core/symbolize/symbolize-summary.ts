/**
 * A minidump summary with symbols: the symbol path's locator, the dump's module symbols and the
 * named stack, put together for `dump`, `show` and the report detail. Every opened image and PDB
 * is closed before it returns.
 */
import type { MinidumpSummary } from '../../../../shared/minidump-model';
import type { SymbolizedSummary } from '../../../../shared/symbol-model';
import type { SymbolLocator } from '../symbols/symbol-locator';
import { dumpSymbols } from './dump-symbols';
import { symbolizeDump } from './symbolize-dump';

/** The summary with symbol fields on every frame and a symbol state on every module. */
export async function symbolizeSummary(
  summary: MinidumpSummary,
  locator: SymbolLocator | null,
  signal?: AbortSignal,
): Promise<SymbolizedSummary<MinidumpSummary>> {
  const symbols = dumpSymbols({ locator, ...(signal ? { signal } : {}) });
  try {
    const { stack, moduleSymbols } = await symbolizeDump(summary, symbols);
    return { ...summary, stack, modules: summary.modules.map((m, i) => ({ ...m, symbols: moduleSymbols[i] ?? null })) };
  } finally {
    await symbols.close();
  }
}
