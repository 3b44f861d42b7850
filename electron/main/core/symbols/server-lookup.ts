/**
 * One lookup on an HTTP(S) symbol server, as symsrv does it: GET `URL/name/ID/name`, then
 * `name_` (a CAB), then `file.ptr`; what is found lands in the downstream cache. Three 404s make
 * a miss that is remembered (persisted in the cache folder) so the server is not asked again
 * until it expires; anything else that goes wrong is reported and not remembered.
 */
import { mkdir, readFile, rm, rmdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describeFsError } from '../fs-errors';
import { adoptTemp, cachePath, installIntoCache, tempPathFor } from './cache-install';
import { MAX_FILE_PTR_BYTES } from './file-pointer';
import type { Limiter } from './limiter';
import type { SymbolProgress } from './locator-types';
import { type MissCache, missKey } from './miss-cache';
import { followPointer } from './store-lookup';
import { downloadFile, type DownloadOutcome } from './symbol-download';
import { compressedName, FILE_PTR, type SymbolKey } from './symbol-keys';
import type { SymbolTransport } from './symbol-transport';

/** What a server lookup needs from its locator. */
export interface ServerContext {
  readonly transport: () => SymbolTransport;
  readonly limiter: Limiter;
  readonly misses: (cacheDir: string) => Promise<MissCache>;
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly missTtlMs: number;
  /**
   * Servers that gave no answer at all, until when they are skipped: with a company server down,
   * a dump's 150 modules must not each wait out the timeout (symsrv skips such a server too).
   */
  readonly unreachable: Map<string, { readonly until: number; readonly message: string }>;
  readonly unreachableForMs: number;
  readonly now: () => number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: SymbolProgress) => void;
}

/** How a server lookup ended. */
export type ServerOutcome =
  | { readonly kind: 'found'; readonly path: string }
  | { readonly kind: 'missing'; readonly message: string | null }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'cancelled' };

/** A server lookup's outcome and the URLs it asked (or would have: a remembered miss says so). */
export interface ServerLookup {
  readonly outcome: ServerOutcome;
  readonly tried: readonly string[];
}

type Form = 'file' | 'compressed' | 'pointer';

/** Looks for `key` on the server at `storeUrl`, downloading into `cacheDir`. */
export async function lookupServer(storeUrl: string, key: SymbolKey, cacheDir: string, ctx: ServerContext): Promise<ServerLookup> {
  const base = `${storeUrl}/${encodeURIComponent(key.name)}/${encodeURIComponent(key.id)}/`;
  const tried: string[] = [];
  const outcome = await lookupInto(storeUrl, base, key, cacheDir, ctx, tried);
  if (outcome.kind !== 'found') await pruneEmpty(cacheDir, key);
  return { outcome, tried };
}

/** Removes the `name/ID` folders made for a download that did not happen (rmdir: only if empty). */
async function pruneEmpty(cacheDir: string, key: SymbolKey): Promise<void> {
  for (const dir of [join(cacheDir, key.name, key.id), join(cacheDir, key.name)]) {
    try {
      await rmdir(dir);
    } catch {
      return;
    }
  }
}

async function lookupInto(storeUrl: string, base: string, key: SymbolKey, cacheDir: string, ctx: ServerContext, tried: string[]): Promise<ServerOutcome> {
  const misses = await ctx.misses(cacheDir);
  const mk = missKey(storeUrl, key.name, key.id);
  const remembered = misses.lookup(mk);
  if (remembered !== null) {
    tried.push(`${base} (not asked again: missing there recently)`);
    return { kind: 'missing', message: remembered || null };
  }
  const down = ctx.unreachable.get(storeUrl);
  if (down && down.until > ctx.now()) {
    tried.push(`${base} (not asked: the server could not be reached moments ago)`);
    return { kind: 'failed', message: `${storeUrl} was skipped: ${down.message} moments ago` };
  }
  let final: string;
  try {
    final = cachePath(cacheDir, key);
    await mkdir(dirname(final), { recursive: true });
  } catch (e) {
    return { kind: 'failed', message: `the symbol cache ${cacheDir} cannot be used (${describeFsError(e)})` };
  }
  for (const form of ['file', 'compressed', 'pointer'] as const) {
    const file = form === 'file' ? key.name : form === 'compressed' ? compressedName(key.name) : FILE_PTR;
    const url = base + encodeURIComponent(file);
    tried.push(url);
    const tmp = tempPathFor(final);
    const got = await download(url, tmp, key, form, ctx);
    if (got.kind === 'absent') continue;
    if (got.kind === 'cancelled') return got;
    if (got.kind === 'failed') return { kind: 'failed', message: `${url}: ${got.message}` };
    if (got.kind === 'unreachable') {
      ctx.unreachable.set(storeUrl, { until: ctx.now() + ctx.unreachableForMs, message: got.message });
      return { kind: 'failed', message: `${url}: ${got.message}` };
    }
    const outcome = await place(form, tmp, final, key, cacheDir, ctx);
    if (outcome.kind === 'failed') return { kind: 'failed', message: `${url}: ${outcome.message}` };
    // The store said why there is no file (MSG:): that is a miss, and remembered like one.
    if (outcome.kind === 'missing') await rememberMiss(misses, mk, outcome.message ?? '', ctx);
    return outcome;
  }
  await rememberMiss(misses, mk, '', ctx);
  return { kind: 'missing', message: null };
}

async function download(url: string, tmp: string, key: SymbolKey, form: Form, ctx: ServerContext): Promise<DownloadOutcome> {
  try {
    return await ctx.limiter.run(
      () =>
        downloadFile(url, tmp, {
          transport: ctx.transport(),
          timeoutMs: ctx.timeoutMs,
          maxBytes: form === 'pointer' ? MAX_FILE_PTR_BYTES : ctx.maxBytes,
          maxRedirects: ctx.maxRedirects,
          ...(ctx.signal ? { signal: ctx.signal } : {}),
          onProgress: (bytes, total) => ctx.onProgress?.({ file: key.name, url, bytes, total }),
        }),
      ctx.signal,
    );
  } catch {
    // Only a cancel while waiting for a free download slot gets here.
    return { kind: 'cancelled' };
  }
}

/** Turns a downloaded temporary file into the cached symbol file. */
async function place(form: Form, tmp: string, final: string, key: SymbolKey, cacheDir: string, ctx: ServerContext): Promise<ServerOutcome> {
  if (form === 'file') {
    const adopted = await adoptTemp(tmp, final, key);
    return adopted.ok ? { kind: 'found', path: adopted.value } : { kind: 'failed', message: adopted.error };
  }
  const options = { maxBytes: ctx.maxBytes, ...(ctx.signal ? { signal: ctx.signal } : {}) };
  if (form === 'compressed') {
    try {
      const installed = await installIntoCache(cacheDir, key, { kind: 'compressed', path: tmp }, options);
      if (ctx.signal?.aborted) return { kind: 'cancelled' };
      return installed.ok ? { kind: 'found', path: installed.value } : { kind: 'failed', message: installed.error.replace(`${tmp}: `, '') };
    } finally {
      await rm(tmp, { force: true });
    }
  }
  let bytes: Uint8Array;
  try {
    bytes = await readFile(tmp);
  } finally {
    await rm(tmp, { force: true });
  }
  const hit = await followPointer(bytes, key, 'flat');
  if (hit.kind === 'message') return { kind: 'missing', message: hit.message };
  if (hit.kind === 'invalid') return { kind: 'failed', message: hit.message };
  const installed = await installIntoCache(cacheDir, key, hit, options);
  if (ctx.signal?.aborted) return { kind: 'cancelled' };
  return installed.ok ? { kind: 'found', path: installed.value } : { kind: 'failed', message: installed.error };
}

async function rememberMiss(misses: MissCache, key: string, message: string, ctx: ServerContext): Promise<void> {
  try {
    await misses.remember(key, message, ctx.missTtlMs);
  } catch {
    // A cache folder that cannot take the list only costs a repeated request next time.
  }
}
