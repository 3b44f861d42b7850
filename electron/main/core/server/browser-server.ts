import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { constants as zlibConstants, gzip } from 'node:zlib';
import { err, type Result } from '../../../../shared/result';
import type { WerCalls, WerEvent } from '../../../../shared/wer-api';
import { isWerMethod, validateCall } from '../../../../shared/wer-api-validate';
import type { DownloadRegistry } from './download-registry';
import { noteRequest } from '../time-slice';

/** How to start the browser-mode server. */
export interface BrowserServerOptions {
  /** The WerApi calls (the core's WerService). */
  readonly calls: WerCalls;
  /** Where app events come from (the LibraryHost). */
  readonly subscribe: (listener: (event: WerEvent) => void) => () => void;
  /** Files offered for download (bundles made in browser mode). */
  readonly downloads?: DownloadRegistry;
  /** The built renderer (index.html and assets/). */
  readonly rendererDir: string;
  readonly host?: string;
  /** 0 picks a free port. */
  readonly port?: number;
  /** Fixed token (tests); a random one per run otherwise. */
  readonly token?: string;
}

/** A running server. */
export interface BrowserServer {
  /** The URL to open, with the token. */
  readonly url: string;
  readonly token: string;
  readonly close: () => Promise<void>;
}

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
};

function send(res: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'Content-Type': type, 'Cache-Control': 'no-store' });
  res.end(body);
}

/** JSON answers from this size on are gzipped for clients that accept it (the report list is ~1.7 KB per report). */
const GZIP_FROM_BYTES = 64 * 1024;

function acceptsGzip(req: IncomingMessage): boolean {
  return /\bgzip\b/i.test(String(req.headers['accept-encoding'] ?? ''));
}

/**
 * Sends a value as JSON. Large answers (10,000 reports are ~17 MB) are gzipped, at the fastest
 * level and off the event loop (zlib runs in libuv's pool): ~10x smaller, which matters when the
 * page is opened from another machine (`serve --host`).
 */
function sendJson(req: IncomingMessage, res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  const type = 'application/json; charset=utf-8';
  if (body.length < GZIP_FROM_BYTES || !acceptsGzip(req)) return send(res, 200, body, type);
  gzip(body, { level: zlibConstants.Z_BEST_SPEED }, (error, zipped) => {
    if (error) return send(res, 200, body, type);
    res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': type, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding', 'Cache-Control': 'no-store' });
    res.end(zipped);
  });
}

/** Largest JSON body of a call (a few thousand report ids, settings, ticket text). */
const MAX_CALL_BODY = 2 * 1024 * 1024;

function readBody(req: IncomingMessage, limit: number): Promise<string | null> {
  return new Promise((resolveBody) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const collect = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) return void chunks.push(chunk);
      // Too large: stop keeping it, but read the rest away so the client gets the answer
      // (destroying the request reset the connection before the error could be sent).
      chunks.length = 0;
      req.off('data', collect);
      req.resume();
      resolveBody(null);
    };
    req.on('data', collect);
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolveBody(null));
  });
}

/** POST /api/call/<method> with a JSON array of arguments → the call's Result as JSON. */
async function runCall(calls: WerCalls, method: string, req: IncomingMessage): Promise<Result<unknown>> {
  if (!isWerMethod(method)) return err('No such call.');
  const body = await readBody(req, MAX_CALL_BODY);
  if (body === null) return err('The request is too large.');
  let args: unknown;
  try {
    args = body.trim() === '' ? [] : JSON.parse(body);
  } catch {
    return err('The request is not valid JSON.');
  }
  if (!Array.isArray(args)) return err('The arguments must be a JSON array.');
  const valid = validateCall(method, args);
  if (!valid.ok) return valid;
  try {
    return await (calls[method] as (...a: unknown[]) => Promise<Result<unknown>>)(...valid.value);
  } catch (e) {
    return err(e instanceof Error ? e.message : String(e));
  }
}

function sameToken(given: string | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A file of the built renderer for a URL path, or null when the path leaves the folder or is no file. */
function staticFile(rendererDir: string, pathname: string): string | null {
  const relative = normalize(decodeURIComponent(pathname === '/' ? '/index.html' : pathname)).replace(/^[/\\]+/, '');
  const file = resolve(rendererDir, relative);
  if (file !== resolve(rendererDir) && !file.startsWith(resolve(rendererDir) + sep)) return null;
  try {
    return statSync(file).isFile() ? file : null;
  } catch {
    return null;
  }
}

/**
 * Browser mode: serves the built renderer and the WerApi over HTTP JSON + Server-Sent Events on
 * loopback. Every API call needs the per-run token (header `X-Wer-Token`, or `?token=` for the
 * event stream, which cannot set headers), and the Host header must name this server, so other
 * sites in the same browser cannot read reports (DNS rebinding).
 */
export async function startBrowserServer(options: BrowserServerOptions): Promise<BrowserServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const host = options.host ?? '127.0.0.1';
  const streams = new Set<ServerResponse>();
  let allowedHosts: Set<string> = new Set();

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    noteRequest();
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) return send(res, 421, 'Unknown host.');
    const url = new URL(req.url ?? '/', 'http://local');
    if (url.pathname.startsWith('/api/')) {
      const given = (req.headers['x-wer-token'] as string | undefined) ?? url.searchParams.get('token');
      if (!sameToken(given ?? null, token)) return send(res, 401, 'Missing or wrong token: open the URL printed by `serve`.');
      if (url.pathname.startsWith('/api/call/')) {
        // Calls need the token header: a form or link on another site cannot set one.
        if (req.method !== 'POST' || !req.headers['x-wer-token']) return send(res, 405, 'Calls are POST requests with the X-Wer-Token header.');
        void runCall(options.calls, url.pathname.slice('/api/call/'.length), req).then((result) => sendJson(req, res, result));
        return;
      }
      if (req.method !== 'GET') return send(res, 405, 'Only GET is supported here.');
      if (url.pathname === '/api/reports') {
        void options.calls.listReports().then((result) => sendJson(req, res, result));
        return;
      }
      if (url.pathname.startsWith('/api/download/')) {
        const offered = options.downloads?.take(url.pathname.slice('/api/download/'.length));
        if (!offered) return send(res, 404, 'This download is gone: each bundle can be downloaded once. Export it again.');
        res.writeHead(200, {
          ...SECURITY_HEADERS,
          'Content-Type': 'application/zip',
          'Content-Disposition': `attachment; filename="${offered.fileName.replace(/[^\w.-]/g, '_')}"`,
          'Cache-Control': 'no-store',
        });
        const stream = createReadStream(offered.file);
        stream.on('error', () => res.destroy());
        stream.on('close', () => offered.done());
        stream.pipe(res);
        return;
      }
      if (url.pathname === '/api/events') {
        res.writeHead(200, { ...SECURITY_HEADERS, 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
        res.write(': connected\n\n');
        streams.add(res);
        req.on('close', () => streams.delete(res));
        return;
      }
      return send(res, 404, 'No such API.');
    }
    if (req.method !== 'GET') return send(res, 405, 'Only GET is supported.');
    const file = staticFile(options.rendererDir, url.pathname);
    if (!file) return send(res, 404, 'Not found.');
    res.writeHead(200, {
      ...SECURITY_HEADERS,
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Cache-Control': 'no-cache',
    });
    createReadStream(file).pipe(res);
  };

  const server: Server = createServer(handle);
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolveListen());
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  allowedHosts = new Set([`${hostInUrl}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`].map((h) => h.toLowerCase()));

  const unsubscribe = options.subscribe((event) => {
    const frame = `data: ${JSON.stringify(event)}\n\n`;
    for (const s of streams) s.write(frame);
  });
  // Keeps idle event streams open through proxies and lets the browser notice a dead server.
  const heartbeat = setInterval(() => {
    for (const s of streams) s.write(': ping\n\n');
  }, 15_000);

  return {
    url: `http://${hostInUrl}:${port}/?token=${token}`,
    token,
    close: async () => {
      clearInterval(heartbeat);
      unsubscribe();
      options.downloads?.clear();
      for (const s of streams) s.end();
      streams.clear();
      const closed = new Promise<void>((r) => server.close(() => r()));
      server.closeAllConnections();
      await closed;
    },
  };
}

/** Where the built renderer is, next to the built CLI (out/main/cli.js → out/renderer). */
export function builtRendererDir(): string {
  return join(__dirname, '..', 'renderer');
}
