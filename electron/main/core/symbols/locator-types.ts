/** The symbol locator's public data: what a lookup asks, reports on the way, and answers. */
import type { StoreLayout } from './store-lookup';

/** Where a found file came from. `element` is the symbol path element as written. */
export type SymbolSource =
  | { readonly kind: 'cache'; readonly dir: string; readonly element: string }
  | { readonly kind: 'folder'; readonly dir: string; readonly layout: StoreLayout; readonly element: string }
  | { readonly kind: 'server'; readonly url: string; readonly element: string };

/**
 * How sure the match is: found under the id in a store; a build-output file by name that the
 * caller's `verify` accepted; or one by name alone (no `verify` given: the caller must check it).
 */
export type SymbolMatch = 'store-id' | 'verified' | 'name-only';

/** The answer of a lookup. `tried` lists every path and URL looked at, in order. */
export type LocateResult =
  | { readonly kind: 'found'; readonly path: string; readonly source: SymbolSource; readonly match: SymbolMatch }
  | { readonly kind: 'missing'; readonly tried: readonly string[]; readonly message: string }
  | { readonly kind: 'error'; readonly tried: readonly string[]; readonly message: string };

/** A download's progress (every 256 KiB and at its end). */
export interface SymbolProgress {
  /** The file asked for (`ntdll.pdb`, also while its `ntdll.pd_` is downloaded). */
  readonly file: string;
  readonly url: string;
  readonly bytes: number;
  /** The announced size, or null when the server did not say. */
  readonly total: number | null;
}

/** Per-lookup options. */
export interface LocateOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SymbolProgress) => void;
  /**
   * Checks a file found by name only (`DIR/name.pdb` in a plain folder): the caller compares its
   * GUID and age (or the image's timestamp and size). Without it such a file is returned as
   * `name-only`; when it rejects, the lookup goes on.
   */
  readonly verify?: (path: string) => Promise<boolean>;
}

/** A PDB lookup: the PDB name (a full path is cut to its file name) and the dump's debug id. */
export interface PdbQuery {
  readonly name: string;
  readonly debugId: string;
}

/** An image lookup: the module's file name and its code id (`%08X` timestamp + `%x` size). */
export interface ImageQuery {
  readonly name: string;
  readonly codeId: string;
}
