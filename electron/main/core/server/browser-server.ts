import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { ok } from '../../../../shared/result';
import type { ReportLibrary } from '../library/report-library';

/** How to start the browser-mode server. */
export interface BrowserServerOptions {
  readonly library: ReportLibrary;
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

function sendJson(res: ServerResponse, value: unknown): void {
  send(res, 200, JSON.stringify(value), 'application/json; charset=utf-8');
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
    if (!allowedHosts.has((req.headers.host ?? '').toLowerCase())) return send(res, 421, 'Unknown host.');
    const url = new URL(req.url ?? '/', 'http://local');
    if (req.method !== 'GET') return send(res, 405, 'Only GET is supported.');
    if (url.pathname.startsWith('/api/')) {
      const given = (req.headers['x-wer-token'] as string | undefined) ?? url.searchParams.get('token');
      if (!sameToken(given ?? null, token)) return send(res, 401, 'Missing or wrong token: open the URL printed by `serve`.');
      if (url.pathname === '/api/reports') {
        return sendJson(res, ok({ reports: options.library.reports(), stores: options.library.stores() }));
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

  const unsubscribe = options.library.subscribe((event) => {
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
