/**
 * Writes a planned ticket bundle as one zip, streaming: each source file is piped into the zip
 * when its turn comes (one open file at a time, back-pressure from the output file down to the
 * read), hashed on the way. The zip is written to a `.partial-…` file beside the target and renamed
 * into place at the end; on failure or cancel the partial file is removed.
 */
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { Readable } from 'node:stream';
import { ZipFile } from 'yazl';
import type { BundleManifest, BundlePlan, BundleProgress, BundleResult, BundleWriteError } from '../../../../shared/export-model';
import { err, ok, type Result } from '../../../../shared/result';
import { describeFsError } from '../fs-errors';
import { createRedactor } from '../redaction/redaction-engine';
import type { RecordBundlePlan } from './bundle-plan';
import { buildSummaryDoc, type EntryContext, fileEntryStream, generatedEntryStream, manifestEntry, textReader } from './bundle-entries';
import type { SymbolLocator } from '../symbols/symbol-locator';
import { MANIFEST_NAME } from './manifest';
import type { BundleSummaryDoc } from './summary-doc';
import { summaryHtml } from './summary-html';
import { summaryMarkdown } from './summary-markdown';

/** Options of writing a bundle. */
export interface WriteBundleOptions {
  /** Called as files are written (at most every 100 ms while bytes flow, and after each file). */
  readonly onProgress?: (progress: BundleProgress) => void;
  /** Aborting stops the write and removes the partial file. */
  readonly signal?: AbortSignal;
  /** The clock for `createdAt` (tests pass a fixed one). */
  readonly now?: () => Date;
  /** Deflate level 0–9 (default 6). */
  readonly compressionLevel?: number;
  /** Names the minidumps' frames in the summaries (see readReportDetail); absent = no symbol work. */
  readonly symbols?: SymbolLocator | null;
}

const PROGRESS_INTERVAL_MS = 100;

function oneLine(e: unknown): string {
  const path = (e as NodeJS.ErrnoException | undefined)?.path;
  const text = e instanceof Error ? `${path && (e as NodeJS.ErrnoException).code ? `${path}: ` : ''}${describeFsError(e)}` : String(e);
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

/** Writes the bundle a plan describes to `outFile` (replacing it), reporting progress; never throws. */
export async function writeBundle(
  plan: BundlePlan | RecordBundlePlan,
  outFile: string,
  options: WriteBundleOptions = {},
): Promise<Result<BundleResult, BundleWriteError>> {
  const { signal, onProgress } = options;
  if (signal?.aborted) return err({ kind: 'cancelled', message: 'The bundle was cancelled before it was started.' });
  const target = resolve(outFile);
  const partial = `${target}.partial-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(dirname(target), { recursive: true });
  } catch (e) {
    return err({ kind: 'failed', message: `${dirname(target)} could not be created: ${oneLine(e)}.` });
  }

  const redactor = plan.redaction
    ? createRedactor({ known: plan.redaction.known, placeholders: plan.redaction.placeholders })
    : null;
  const filesTotal = plan.files.length + 3;
  let filesDone = 0;
  let bytesDone = 0;
  let lastEmit = 0;
  let phase: BundleProgress['phase'] = 'files';
  let currentPath: string | null = null;
  const emit = (force: boolean) => {
    const now = Date.now();
    if (!onProgress || (!force && now - lastEmit < PROGRESS_INTERVAL_MS)) return;
    lastEmit = now;
    onProgress({ phase, filesDone, filesTotal, bytesDone, bytesTotal: plan.totalBytes, current: currentPath });
  };

  let settle!: (r: Result<BundleResult, BundleWriteError>) => void;
  const finished = new Promise<Result<BundleResult, BundleWriteError>>((r) => (settle = r));
  const out = createWriteStream(partial, { flags: 'wx', highWaterMark: 1024 * 1024 });
  const zip = new ZipFile();
  // yazl types its output as the old NodeJS.ReadableStream; it is a PassThrough.
  const zipOut = zip.outputStream as unknown as Readable;
  let failure: BundleWriteError | null = null;

  const ctx: EntryContext = {
    plan,
    redactor,
    ...(options.symbols !== undefined ? { symbols: options.symbols } : {}),
    createdAt: (options.now ?? (() => new Date()))().toISOString(),
    files: [],
    addBytes: (n) => {
      bytesDone += n;
      emit(false);
    },
    fileDone: () => {
      filesDone++;
      emit(true);
    },
    fail: (e) => void stop({ kind: 'failed', message: `The bundle could not be written: ${oneLine(e)}` }),
    current: null,
    readText: textReader(plan.files),
  };

  async function stop(reason: BundleWriteError): Promise<void> {
    if (failure) return;
    failure = reason;
    ctx.current?.destroy();
    zipOut.unpipe(out);
    zipOut.destroy();
    if (!out.closed) {
      out.destroy();
      await new Promise<void>((r) => out.once('close', () => r()));
    }
    await rm(partial, { force: true }).catch(() => undefined);
    settle(err(reason));
  }

  const onAbort = () => void stop({ kind: 'cancelled', message: 'The bundle was cancelled; no file was written.' });
  signal?.addEventListener('abort', onAbort, { once: true });
  zip.on('error', ctx.fail);
  zipOut.on('error', ctx.fail);
  out.on('error', ctx.fail);

  /** Adds an entry whose stream is made when the zip reaches it; a failed producer fails the bundle. */
  const lazy = (zipPath: string, mtime: Date, produce: () => Promise<Readable> | Readable) => {
    zip.addReadStreamLazy(zipPath, { mtime, compressionLevel: options.compressionLevel ?? 6 }, (cb) => {
      if (failure) return;
      currentPath = zipPath;
      Promise.resolve()
        .then(produce)
        .then(
          (stream) => (failure ? stream.destroy() : cb(null, stream)),
          (e: unknown) => ctx.fail(e),
        );
    });
  };

  const created = new Date(ctx.createdAt);
  for (const f of plan.files) lazy(f.zipPath, new Date(f.mtimeMs || created.getTime()), () => fileEntryStream(ctx, f));
  let doc: BundleSummaryDoc | null = null;
  let manifest: BundleManifest | null = null;
  lazy('summary.md', created, async () => {
    phase = 'summary';
    emit(true);
    doc = await buildSummaryDoc(ctx, redactor?.summary() ?? null);
    return generatedEntryStream(ctx, 'summary.md', summaryMarkdown(doc));
  });
  lazy('summary.html', created, () => {
    if (!doc) throw new Error('the summary was not built');
    return generatedEntryStream(ctx, 'summary.html', summaryHtml(doc));
  });
  lazy(MANIFEST_NAME, created, () => {
    const entry = manifestEntry(ctx, redactor?.summary() ?? null);
    manifest = entry.manifest;
    return entry.stream;
  });
  zip.end();
  zipOut.pipe(out);

  out.once('close', () => {
    if (failure) return;
    const written = manifest;
    if (!written) {
      void stop({ kind: 'failed', message: 'The bundle could not be written: the zip ended before its manifest.' });
      return;
    }
    void (async () => {
      try {
        const zipBytes = (await stat(partial)).size;
        await rename(partial, target);
        phase = 'done';
        filesDone = filesTotal;
        currentPath = null;
        emit(true);
        settle(ok({ outFile: target, zipBytes, manifest: written }));
      } catch (e) {
        await stop({ kind: 'failed', message: `${target} could not be written: ${oneLine(e)}.` });
      }
    })();
  });

  const result = await finished;
  signal?.removeEventListener('abort', onAbort);
  return result;
}
