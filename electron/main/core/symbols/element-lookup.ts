/**
 * One element of the symbol path, looked into as dbghelp/symsrv do: a `srv*` chain searches its
 * downstream caches first, then its store, and copies a find into every cache before the place
 * it was found; `cache*` is searched where it stands and keeps what later elements find; a plain
 * folder is searched as a store, then for `DIR/name` (a build output, checked by the caller).
 */
import type { LocateOptions, LocateResult, SymbolMatch, SymbolSource } from './locator-types';
import { installIntoCache } from './cache-install';
import { lookupServer, type ServerContext } from './server-lookup';
import { lookupPlain, lookupStore, type StoreHit, type StoreLayout } from './store-lookup';
import type { SymbolKey } from './symbol-keys';
import type { SymbolPathElement } from './symbol-path';

/** The state of one lookup as it walks the path. */
export interface ElementContext {
  readonly key: SymbolKey;
  readonly defaultCache: string;
  readonly call: LocateOptions;
  /** Every path and URL looked at. */
  readonly tried: string[];
  /** Places that could not be searched (network, damaged files): they make the answer an error. */
  readonly failures: string[];
  /** What stores said instead of a file (`file.ptr` MSG:). */
  readonly messages: string[];
  readonly server: ServerContext;
  /** The first build-output file found by name when no `verify` was given: the last resort. */
  nameOnly?: Found;
}

type Found = Extract<LocateResult, { kind: 'found' }>;

const found = (path: string, source: SymbolSource, match: SymbolMatch = 'store-id'): Found => ({ kind: 'found', path, source, match });

/** Looks into one element; `cache` is the folder of the last `cache*` element before it. */
export async function walkElement(element: SymbolPathElement, cache: string | null, ctx: ElementContext): Promise<Found | null> {
  switch (element.kind) {
    case 'cache':
      return fromStore(cache ?? ctx.defaultCache, [], (dir) => ({ kind: 'cache', dir, element: element.text }), ctx);
    case 'folder': {
      const targets = cache ? [cache] : [];
      const inStore = await fromStore(element.dir, targets, (dir, layout) => ({ kind: 'folder', dir, layout, element: element.text }), ctx);
      return inStore ?? (await fromBuildOutput(element.dir, element.text, cache, ctx));
    }
    case 'server': {
      const chain = [...new Set([...(cache ? [cache] : []), ...element.caches.map((c) => c ?? ctx.defaultCache)])];
      for (const [i, dir] of chain.entries()) {
        // The cache* folder was searched where it stood; here it only receives copies.
        if (i === 0 && cache) continue;
        const hit = await fromStore(dir, chain.slice(0, i), () => ({ kind: 'cache', dir, element: element.text }), ctx);
        if (hit) return hit;
      }
      const store = element.store;
      if (!store) return null;
      if (store.kind === 'local') {
        return fromStore(store.dir, chain, (dir, layout) => ({ kind: 'folder', dir, layout, element: element.text }), ctx);
      }
      const target = chain[0] ?? ctx.defaultCache;
      const got = await lookupServer(store.url, ctx.key, target, ctx.server);
      ctx.tried.push(...got.tried);
      switch (got.outcome.kind) {
        case 'found':
          await copyToCaches(got.outcome.path, chain.slice(1), ctx);
          return found(got.outcome.path, { kind: 'server', url: store.url, element: element.text });
        case 'missing':
          if (got.outcome.message) ctx.messages.push(got.outcome.message);
          return null;
        case 'failed':
          ctx.failures.push(got.outcome.message);
          return null;
        case 'cancelled':
          return null;
      }
    }
  }
}

type SourceOf = (dir: string, layout: StoreLayout) => SymbolSource;

/**
 * Looks into a store folder. A find is copied into `targets` (the caches before it, nearest
 * first) and returned from the first; a compressed find with no cache to unpack into goes to the
 * default cache; an uncompressed one with no cache is used where it is.
 */
async function fromStore(dir: string, targets: readonly string[], sourceOf: SourceOf, ctx: ElementContext): Promise<Found | null> {
  const look = await lookupStore(dir, ctx.key);
  ctx.tried.push(...look.tried);
  const hit = look.hit;
  if (!hit) return null;
  if (hit.kind === 'message') {
    ctx.messages.push(hit.message);
    return null;
  }
  if (hit.kind === 'invalid') {
    ctx.failures.push(hit.message);
    return null;
  }
  const source = sourceOf(dir, hit.layout);
  if (hit.kind === 'file' && targets.length === 0) return found(hit.path, source);
  const into = targets.length > 0 ? targets : [ctx.defaultCache];
  const path = await installInto(hit, into, ctx);
  // A cache that cannot take the file (disk full, no access) must not hide a usable file.
  if (path === null) return hit.kind === 'file' ? found(hit.path, source) : null;
  return found(path, source);
}

/** The build-output candidate `DIR/name`: checked with `verify`, else kept as the last resort. */
async function fromBuildOutput(dir: string, text: string, cache: string | null, ctx: ElementContext): Promise<Found | null> {
  const look = await lookupPlain(dir, ctx.key);
  ctx.tried.push(...look.tried);
  if (look.hit?.kind !== 'file') return null;
  const source: SymbolSource = { kind: 'folder', dir, layout: 'plain', element: text };
  const verify = ctx.call.verify;
  if (!verify) {
    ctx.nameOnly ??= found(look.hit.path, source, 'name-only');
    return null;
  }
  let accepted = false;
  try {
    accepted = await verify(look.hit.path);
  } catch {
    // A verifier that fails on the file has not accepted it.
  }
  if (!accepted) return null;
  const cached = cache ? await installInto(look.hit, [cache], ctx) : null;
  return found(cached ?? look.hit.path, source, 'verified');
}

/** Installs a hit into the first target, then copies it into the others; null when the first fails. */
async function installInto(hit: Extract<StoreHit, { kind: 'file' | 'compressed' }>, targets: readonly string[], ctx: ElementContext): Promise<string | null> {
  const [first, ...rest] = targets;
  if (first === undefined) return null;
  const options = { maxBytes: ctx.server.maxBytes, ...(ctx.call.signal ? { signal: ctx.call.signal } : {}) };
  const installed = await installIntoCache(first, ctx.key, hit, options);
  if (!installed.ok) {
    if (!ctx.call.signal?.aborted) ctx.failures.push(installed.error);
    return null;
  }
  await copyToCaches(installed.value, rest, ctx);
  return installed.value;
}

async function copyToCaches(path: string, caches: readonly string[], ctx: ElementContext): Promise<void> {
  const options = { maxBytes: ctx.server.maxBytes, ...(ctx.call.signal ? { signal: ctx.call.signal } : {}) };
  // Best effort, as symsrv: the file is already usable from the nearer cache.
  for (const dir of caches) await installIntoCache(dir, ctx.key, { kind: 'file', path }, options);
}
