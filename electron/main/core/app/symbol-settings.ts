/**
 * The symbol settings applied: the effective symbol path the app uses (environment first, as
 * WinDbg does, then the setting, then Microsoft's server when turned on), the app's cache folder,
 * and what a symbol locator is built from. The company CA of the settings applies here too.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result } from '../../../../shared/result';
import type { AppSettings } from '../../../../shared/settings-model';
import type { SymbolCacheCleared, SymbolPathEntry, SymbolSetup } from '../../../../shared/symbol-setup-model';
import { effectiveSymbolPath, type EffectiveElement, type EffectiveSymbolPath } from '../symbols/effective-symbol-path';
import { clearSymbolCache, symbolCacheSize } from '../symbols/symbol-cache-admin';
import type { SymbolLocatorOptions } from '../symbols/symbol-locator';

/** The process environment, or a stand-in (tests). */
export type SymbolEnv = Readonly<Record<string, string | undefined>>;

type SymbolSettings = Pick<AppSettings, 'symbolPath' | 'symbolMicrosoftServer' | 'symbolCacheDir'>;

/** `symbols` in the app's data folder. */
export function defaultSymbolCacheDir(dataDir: string): string {
  return join(dataDir, 'symbols');
}

/** The app's symbol cache folder: the setting, else the default. */
export function symbolCacheDirFor(settings: SymbolSettings, dataDir: string): string {
  return settings.symbolCacheDir || defaultSymbolCacheDir(dataDir);
}

function effectivePath(settings: SymbolSettings, env: SymbolEnv): EffectiveSymbolPath {
  return effectiveSymbolPath({ env, setting: settings.symbolPath, microsoftServer: settings.symbolMicrosoftServer });
}

function entry(element: EffectiveElement, defaultCache: string): SymbolPathEntry {
  const base = { origin: element.origin, kind: element.kind, text: element.text };
  switch (element.kind) {
    case 'server': {
      const store = element.store;
      return {
        ...base,
        store: store === null ? null : store.kind === 'http' ? store.url : store.dir,
        caches: element.caches.map((c) => c ?? defaultCache),
        network: store?.kind === 'http',
      };
    }
    case 'cache':
      return { ...base, store: null, caches: [element.dir ?? defaultCache], network: false };
    case 'folder':
      return { ...base, store: element.dir, caches: [], network: false };
  }
}

/** The effective symbol path and the cache with its size, for the Settings page. */
export async function readSymbolSetup(settings: SymbolSettings, dataDir: string, env: SymbolEnv): Promise<SymbolSetup> {
  const cacheDir = symbolCacheDirFor(settings, dataDir);
  const path = effectivePath(settings, env);
  const size = await symbolCacheSize(cacheDir);
  return {
    elements: path.elements.map((e) => entry(e, cacheDir)),
    problems: path.problems.map((p) => ({ origin: p.origin, text: p.text, message: p.message })),
    cacheDir,
    defaultCacheDir: defaultSymbolCacheDir(dataDir),
    cacheSize: size.ok ? size.value : null,
    cacheError: size.ok ? null : size.error,
  };
}

/** Clears the app's symbol cache folder (never the caches a symbol path names) and measures it again. */
export async function clearAppSymbolCache(settings: SymbolSettings, dataDir: string): Promise<Result<SymbolCacheCleared>> {
  const cacheDir = symbolCacheDirFor(settings, dataDir);
  const cleared = await clearSymbolCache(cacheDir);
  if (!cleared.ok) return cleared;
  const size = await symbolCacheSize(cacheDir);
  return ok({ cacheDir, removed: cleared.value.removed, kept: cleared.value.kept, cacheSize: size.ok ? size.value : null });
}

/** What a symbol locator for the app is built from: the effective path, the cache, the company CA. */
export async function symbolLocatorBase(
  settings: SymbolSettings & Pick<AppSettings, 'cerCaFile'>,
  dataDir: string,
  env: SymbolEnv,
): Promise<Result<Pick<SymbolLocatorOptions, 'elements' | 'defaultCache' | 'ca'>>> {
  const base = { elements: effectivePath(settings, env).elements, defaultCache: symbolCacheDirFor(settings, dataDir) };
  if (!settings.cerCaFile) return ok(base);
  try {
    return ok({ ...base, ca: await readFile(settings.cerCaFile, 'utf8') });
  } catch (e) {
    return err(`The company CA file ${settings.cerCaFile} could not be read (${(e as NodeJS.ErrnoException).code ?? String(e)}); fix or clear it in Settings.`);
  }
}
