/**
 * The symbol locator: walks a parsed symbol path element by element, as dbghelp does, and
 * returns the first PDB or image found, copied into the downstream caches the path names. There
 * is no network at all unless an element names an HTTP(S) server; the transport is created on
 * the first request.
 */
import type { Result } from '../../../../shared/result';
import { type ElementContext, walkElement } from './element-lookup';
import { Limiter } from './limiter';
import type { ImageQuery, LocateOptions, LocateResult, PdbQuery, SymbolProgress } from './locator-types';
import { MissCache } from './miss-cache';
import { describeKey, imageKey, pdbKey, type SymbolKey } from './symbol-keys';
import type { SymbolPathElement } from './symbol-path';
import { nodeSymbolTransport, type SymbolTransport } from './symbol-transport';

/** Options of {@link createSymbolLocator}; every limit has a default. */
export interface SymbolLocatorOptions {
  /** The elements to search, in order (from `parseSymbolPath` or `effectiveSymbolPath`). */
  readonly elements: readonly SymbolPathElement[];
  /** The default downstream cache (`srv*URL`, `cache*`, compressed files from plain stores). */
  readonly defaultCache: string;
  /** Used instead of node:http(s) (tests, or an app-wide transport). */
  readonly transport?: SymbolTransport;
  /** A company CA (PEM) trusted for HTTPS next to the system store (default transport only). */
  readonly ca?: string;
  /** Longest wait for an answer, and longest silence inside one (default 30 s). */
  readonly timeoutMs?: number;
  /** Largest file downloaded or unpacked (default 4 GiB). */
  readonly maxBytes?: number;
  /** Downloads in flight across all lookups (default 4). */
  readonly maxParallel?: number;
  /** Redirects followed per request (default 5). */
  readonly maxRedirects?: number;
  /** How long a 404 is remembered (default 24 h). */
  readonly missTtlMs?: number;
  /** How long a server that gave no answer is skipped (default 2 min). */
  readonly unreachableForMs?: number;
  readonly now?: () => number;
  /** Progress of every download of this locator (the per-lookup one is called too). */
  readonly onProgress?: (progress: SymbolProgress) => void;
}

/** Finds PDBs and images. */
export interface SymbolLocator {
  /** A PDB by name and debug id (`name.pdb/<GUID><AGE>/name.pdb`). */
  locatePdb(query: PdbQuery, options?: LocateOptions): Promise<LocateResult>;
  /** An image by name and code id (`name.dll/<TIMESTAMP><SIZE>/name.dll`). */
  locateImage(query: ImageQuery, options?: LocateOptions): Promise<LocateResult>;
  /** Closes kept-alive connections of the default transport. */
  close(): void;
}

/** Default limits of a locator. */
export const SYMBOL_LOCATOR_DEFAULTS = {
  timeoutMs: 30_000,
  maxBytes: 4 * 1024 * 1024 * 1024,
  maxParallel: 4,
  maxRedirects: 5,
  missTtlMs: 24 * 60 * 60 * 1000,
  unreachableForMs: 2 * 60 * 1000,
} as const;

/** Creates a locator over a symbol path. */
export function createSymbolLocator(options: SymbolLocatorOptions): SymbolLocator {
  const limiter = new Limiter(options.maxParallel ?? SYMBOL_LOCATOR_DEFAULTS.maxParallel);
  const now = options.now ?? Date.now;
  const missCaches = new Map<string, Promise<MissCache>>();
  const unreachable = new Map<string, { until: number; message: string }>();
  let ownTransport: SymbolTransport | null = null;
  const transport = (): SymbolTransport => {
    if (options.transport) return options.transport;
    ownTransport ??= nodeSymbolTransport(options.ca ? { ca: options.ca } : {});
    return ownTransport;
  };
  const misses = (dir: string): Promise<MissCache> => {
    let cache = missCaches.get(dir);
    if (!cache) {
      cache = MissCache.open(dir, now);
      missCaches.set(dir, cache);
    }
    return cache;
  };

  async function locate(key: Result<SymbolKey>, call: LocateOptions): Promise<LocateResult> {
    if (!key.ok) return { kind: 'error', tried: [], message: key.error };
    const ctx: ElementContext = {
      key: key.value,
      defaultCache: options.defaultCache,
      call,
      tried: [],
      failures: [],
      messages: [],
      server: {
        transport,
        limiter,
        misses,
        timeoutMs: options.timeoutMs ?? SYMBOL_LOCATOR_DEFAULTS.timeoutMs,
        maxBytes: options.maxBytes ?? SYMBOL_LOCATOR_DEFAULTS.maxBytes,
        maxRedirects: options.maxRedirects ?? SYMBOL_LOCATOR_DEFAULTS.maxRedirects,
        missTtlMs: options.missTtlMs ?? SYMBOL_LOCATOR_DEFAULTS.missTtlMs,
        unreachable,
        unreachableForMs: options.unreachableForMs ?? SYMBOL_LOCATOR_DEFAULTS.unreachableForMs,
        now,
        ...(call.signal ? { signal: call.signal } : {}),
        onProgress: (p) => {
          options.onProgress?.(p);
          call.onProgress?.(p);
        },
      },
    };
    let cache: string | null = null;
    for (const element of options.elements) {
      if (call.signal?.aborted) break;
      if (element.kind === 'cache') cache = element.dir ?? options.defaultCache;
      const found = await walkElement(element, cache, ctx);
      if (found) return found;
    }
    const what = describeKey(key.value);
    if (call.signal?.aborted) return { kind: 'error', tried: ctx.tried, message: `The search for ${what} was cancelled.` };
    if (ctx.nameOnly) return ctx.nameOnly;
    if (ctx.failures.length > 0) {
      const more = ctx.failures.length > 1 ? ` (and ${ctx.failures.length - 1} more problem${ctx.failures.length > 2 ? 's' : ''})` : '';
      return { kind: 'error', tried: ctx.tried, message: `${what} was not found: ${ctx.failures[0]}${more}.` };
    }
    const where = options.elements.length === 0 ? 'no symbol path is set' : `looked in ${ctx.tried.length} places`;
    const said = ctx.messages.length > 0 ? `; the store says: ${ctx.messages.join('; ')}` : '';
    return { kind: 'missing', tried: ctx.tried, message: `${what} was not found (${where})${said}.` };
  }

  return {
    locatePdb: (query, call = {}) => locate(pdbKey(query.name, query.debugId), call),
    locateImage: (query, call = {}) => locate(imageKey(query.name, query.codeId), call),
    close: () => ownTransport?.close(),
  };
}
