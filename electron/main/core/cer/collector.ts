/**
 * A CER collector (cer-protocol.md §10): an HTTP(S) server that takes `POST /stage2.htm`,
 * records the report, answers Bucket/BucketTable/iData/DumpFile, and takes the PUT of a CAB for a
 * DumpFile handed out (by it or by another collector on the same folder), landing each report once
 * (collector-store.ts). Everything it receives is hostile input: bodies are capped,
 * DTDs refused, CAB names checked, and nothing stored is ever served back (no GET at all).
 * Binds 127.0.0.1 unless told otherwise.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { formatCerAnswer } from './cer-response';
import { STAGE2_PATH } from './cer-client';
import { CollectorStore, type CollectorStoreTimes, type SweepSummary } from './collector-store';
import { parseWerReportXml } from './werreport-xml';

/** Size caps of the collector. */
export interface CollectorLimits {
  /** Largest WERREPORT body (default 1 MiB; real ones are a few KB). */
  readonly maxReportBytes: number;
  /** Largest CAB body (default 256 MiB). */
  readonly maxCabBytes: number;
  /** Most files in one CAB (default 1,000). */
  readonly maxCabFiles: number;
  /** Most uncompressed bytes in one CAB (default 1 GiB). */
  readonly maxUncompressedBytes: number;
}

/** Defaults of {@link CollectorLimits}. */
export const DEFAULT_COLLECTOR_LIMITS: CollectorLimits = {
  maxReportBytes: 1024 * 1024,
  maxCabBytes: 256 * 1024 * 1024,
  maxCabFiles: 1000,
  maxUncompressedBytes: 1024 * 1024 * 1024,
};

/** Something the collector did, for its log. */
export type CollectorEvent =
  | { readonly kind: 'report'; readonly folder: string; readonly machineName: string; readonly eventType: string; readonly bucket: number; readonly remoteAddress: string }
  | { readonly kind: 'upload'; readonly folder: string; readonly files: readonly string[]; readonly remoteAddress: string }
  | { readonly kind: 'rejected'; readonly method: string; readonly path: string; readonly status: number; readonly reason: string; readonly remoteAddress: string }
  | ({ readonly kind: 'swept' } & SweepSummary);

/** Options of {@link startCollector}. */
export interface CollectorOptions {
  /** The collector's folder: reports go to DIR/ReportArchive. */
  readonly dir: string;
  /** Address to bind (default 127.0.0.1: loopback only). */
  readonly host?: string;
  /** Port (default 1273; 0 = any free port). */
  readonly port?: number;
  /** PEM key and certificate: serve HTTPS instead of HTTP. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  readonly limits?: Partial<CollectorLimits>;
  readonly onEvent?: (event: CollectorEvent) => void;
  readonly now?: () => number;
  /** When the store's sweep removes crashed writes, lands abandoned reports, drops old records. */
  readonly storeTimes?: Partial<CollectorStoreTimes>;
  /** How often the sweep runs while listening (default hourly; it also runs at start). */
  readonly sweepIntervalMs?: number;
}

/** A listening collector. */
export interface RunningCollector {
  /** `http://127.0.0.1:1273`: what a forwarder's --server takes. */
  readonly url: string;
  readonly port: number;
  readonly store: CollectorStore;
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

type Body = { kind: 'ok'; bytes: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

function readBody(req: http.IncomingMessage, max: number): Promise<Body> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > max) return Promise.resolve({ kind: 'too-large' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > max) {
        req.removeAllListeners('data');
        req.pause();
        resolve({ kind: 'too-large' });
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve({ kind: 'ok', bytes: Buffer.concat(chunks) }));
    req.on('aborted', () => resolve({ kind: 'aborted' }));
    req.on('error', () => resolve({ kind: 'aborted' }));
  });
}

function send(res: http.ServerResponse, status: number, text: string, close = false): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, {
    'content-type': 'text/plain; charset=us-ascii',
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
    ...(close ? { connection: 'close' } : {}),
  });
  // The body is declared ASCII; reasons may quote received text, so anything else becomes '?'.
  res.end(text.replace(/[^\x20-\x7e\r\n]/g, '?'));
}

/** Maps `\` and `%5C` to `/` (spec DumpFiles use backslashes) and drops the query. */
export function normalizeRequestPath(url: string): string {
  return (url.split('?')[0] ?? '').replace(/%5c/gi, '/').replace(/\\/g, '/');
}

/** The request handler of a collector over `store` (exported so tests can wrap it with faults). */
export function collectorHandler(
  store: CollectorStore,
  limits: CollectorLimits,
  onEvent: (e: CollectorEvent) => void = () => {},
  now: () => number = Date.now,
): (req: http.IncomingMessage, res: http.ServerResponse) => void {
  return (req, res) => {
    const method = req.method ?? '';
    const path = normalizeRequestPath(req.url ?? '');
    const remoteAddress = req.socket.remoteAddress ?? '';
    const reject = (status: number, reason: string, close = false): void => {
      onEvent({ kind: 'rejected', method, path: path.slice(0, 200), status, reason, remoteAddress });
      send(res, status, `${reason}\r\n`, close);
      // After refusing an oversized body, stop reading it: the connection is closed.
      if (close) res.on('finish', () => req.socket.destroy());
    };
    const handle = async (): Promise<void> => {
      if (path.toLowerCase() === STAGE2_PATH) {
        if (method !== 'POST') return reject(405, 'Only POST is accepted here.');
        const body = await readBody(req, limits.maxReportBytes);
        if (body.kind === 'aborted') return;
        if (body.kind === 'too-large') return reject(413, 'The report is too large.', true);
        const parsed = parseWerReportXml(body.bytes);
        if (!parsed.ok) return reject(400, `Unable to parse XML. ${parsed.error}`);
        const doc = parsed.value.doc;
        const stored = await store.storeReport(body.bytes, doc, remoteAddress, now());
        onEvent({ kind: 'report', folder: stored.folder, machineName: doc.machine.name, eventType: doc.event.eventType, bucket: stored.bucket, remoteAddress });
        return send(res, 200, formatCerAnswer([
          ['Bucket', String(stored.bucket)],
          ['BucketTable', String(stored.bucketTable)],
          ['iData', '1'],
          ['DumpFile', stored.dumpFile],
        ]));
      }
      if (method !== 'PUT') return reject(404, 'Not found.');
      const body = await readBody(req, limits.maxCabBytes);
      if (body.kind === 'aborted') return;
      if (body.kind === 'too-large') return reject(413, 'The upload is too large.', true);
      const outcome = await store.storeUpload(path, body.bytes, { maxFiles: limits.maxCabFiles, maxTotalBytes: limits.maxUncompressedBytes });
      switch (outcome.kind) {
        case 'stored':
          onEvent({ kind: 'upload', folder: outcome.folder, files: outcome.files, remoteAddress });
          return send(res, 201, 'Created.\r\n');
        case 'duplicate':
          return send(res, 200, 'Already received.\r\n');
        case 'unknown':
          return reject(404, 'This path was never handed out as a DumpFile.');
        case 'conflict':
          return reject(409, `Refused: ${outcome.reason}.`);
        case 'invalid':
          return reject(400, outcome.reason);
      }
    };
    handle().catch((e: unknown) => reject(500, `The collector could not store this (${e instanceof Error ? e.message : String(e)}).`));
  };
}

/** Starts a collector; resolves once it listens. Rejects (e.g. EADDRINUSE) when it cannot. */
export async function startCollector(options: CollectorOptions): Promise<RunningCollector> {
  const store = await CollectorStore.open(options.dir, { times: options.storeTimes, now: options.now });
  const limits = { ...DEFAULT_COLLECTOR_LIMITS, ...options.limits };
  const handler = collectorHandler(store, limits, options.onEvent, options.now);
  const server = options.tls ? https.createServer({ key: options.tls.key, cert: options.tls.cert }, handler) : http.createServer(handler);
  server.headersTimeout = 30_000;
  server.requestTimeout = 10 * 60_000;
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 1273, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  // Other collectors on the same share may crash too: their leftovers are swept from here as well.
  const sweeper = setInterval(() => {
    store.sweep().then(
      (summary) => {
        if (summary.tempsRemoved + summary.landedWithoutUpload + summary.recordsRemoved > 0) options.onEvent?.({ kind: 'swept', ...summary });
      },
      () => {},
    );
  }, options.sweepIntervalMs ?? 60 * 60_000);
  sweeper.unref();
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${options.tls ? 'https' : 'http'}://${hostPart}:${port}`,
    port,
    store,
    close: () =>
      new Promise<void>((resolve) => {
        clearInterval(sweeper);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
