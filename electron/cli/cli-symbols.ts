/**
 * The symbol path of a CLI command: `--symbols PATH` when given (and nothing else), otherwise what
 * the desktop app uses: `_NT_ALT_SYMBOL_PATH`, `_NT_SYMBOL_PATH`, the Settings symbol path and
 * Microsoft's server when it is switched on there. Nothing set means no lookups at all, and no
 * network unless the path names a server.
 */
import { join } from 'node:path';
import { openSettingsStore } from '../main/core/app/settings-store';
import { defaultSymbolCacheDir, symbolLocatorBase } from '../main/core/app/symbol-settings';
import { createSymbolLocator, type SymbolLocator, type SymbolLocatorOptions } from '../main/core/symbols/symbol-locator';
import { parseSymbolPath } from '../main/core/symbols/symbol-path';
import type { CliIo } from './cli-io';

/** What a locator is built from. */
type SymbolLocatorBase = Pick<SymbolLocatorOptions, 'elements' | 'defaultCache' | 'ca'>;

/** Where a command's symbols come from. */
export interface CliSymbolOptions {
  /** `--symbols PATH` (symbol path syntax), or undefined to use the settings and environment. */
  readonly symbols?: string;
  /** The CLI data folder (settings, the default symbol cache). */
  readonly dataDir: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The command's symbol path (elements, default cache, company CA), or null when none is set; unusable elements are warned about. */
export async function cliSymbolPath(options: CliSymbolOptions, io: CliIo): Promise<SymbolLocatorBase | null> {
  if (options.symbols !== undefined) {
    const parsed = parseSymbolPath(options.symbols);
    for (const p of parsed.problems) io.err(`warning: --symbols: ${p.message}\n`);
    if (parsed.elements.length === 0) return null;
    return { elements: parsed.elements, defaultCache: defaultSymbolCacheDir(options.dataDir) };
  }
  const settings = await openSettingsStore(join(options.dataDir, 'settings.json'));
  const base = await symbolLocatorBase(settings.current(), options.dataDir, options.env);
  if (!base.ok) {
    io.err(`warning: ${base.error}\n`);
    return null;
  }
  return base.value.elements.length === 0 ? null : base.value;
}

/** A locator over the command's symbol path, or null when none is set; unusable elements are warned about. */
export async function cliSymbolLocator(options: CliSymbolOptions, io: CliIo): Promise<SymbolLocator | null> {
  const path = await cliSymbolPath(options, io);
  return path ? createSymbolLocator(path) : null;
}
