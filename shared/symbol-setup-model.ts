/**
 * What the Settings page shows about symbols: the effective symbol path with where each element
 * comes from, the problems of its sources, and the app's symbol cache. Plain data across the WerApi.
 */
import type { AppSettings } from './settings-model';

/** Microsoft's public symbol server (the one-click setting; the core's effective path adds it). */
export const MICROSOFT_SYMBOL_SERVER_URL = 'https://msdl.microsoft.com/download/symbols';

/** Where an element of the effective symbol path came from (WinDbg's order: first wins). */
export type SymbolPathOrigin = '_NT_ALT_SYMBOL_PATH' | '_NT_SYMBOL_PATH' | 'settings' | 'microsoft';

/** One element of the effective symbol path, as the UI lists it. */
export interface SymbolPathEntry {
  readonly origin: SymbolPathOrigin;
  readonly kind: 'server' | 'cache' | 'folder';
  /** The element as written. */
  readonly text: string;
  /** The server URL or store folder; null for `srv*` and `cache*` without one. */
  readonly store: string | null;
  /** The caches it fills, in order, with the default cache spelled out. */
  readonly caches: readonly string[];
  /** Whether the element downloads over the network (an HTTP(S) store). */
  readonly network: boolean;
}

/** An element that was skipped, and why. */
export interface SymbolPathIssue {
  readonly origin: SymbolPathOrigin;
  readonly text: string;
  readonly message: string;
}

/** The symbol settings a `symbolSetup` preview may try before they are saved. */
export type SymbolSetupDraft = Partial<Pick<AppSettings, 'symbolPath' | 'symbolMicrosoftServer' | 'symbolCacheDir'>>;

/** The keys a draft may carry. */
export const SYMBOL_DRAFT_KEYS: readonly (keyof SymbolSetupDraft)[] = ['symbolPath', 'symbolMicrosoftServer', 'symbolCacheDir'];

/** Bytes and files in a symbol cache folder. */
export interface SymbolCacheSize {
  readonly bytes: number;
  readonly files: number;
}

/** The symbol setup as the app would use it now. */
export interface SymbolSetup {
  readonly elements: readonly SymbolPathEntry[];
  readonly problems: readonly SymbolPathIssue[];
  /** The app's symbol cache folder (the setting, else the default). */
  readonly cacheDir: string;
  /** `symbols` in the app's data folder, used when the setting is empty. */
  readonly defaultCacheDir: string;
  /** What the cache holds; null when it could not be read (see `cacheError`). */
  readonly cacheSize: SymbolCacheSize | null;
  readonly cacheError: string | null;
}

/** What clearing the cache did, and what is left. */
export interface SymbolCacheCleared {
  readonly cacheDir: string;
  /** Top-level entries removed (`name.pdb` folders, the remembered misses). */
  readonly removed: number;
  /** Top-level entries left because they are not symbol cache content. */
  readonly kept: readonly string[];
  readonly cacheSize: SymbolCacheSize | null;
}
