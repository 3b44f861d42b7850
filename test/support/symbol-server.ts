/**
 * A symbol server on loopback for the locator tests: serves a folder as a symbol store over HTTP
 * or HTTPS and misbehaves on cue per path (hang, stall mid-body, reset, status, HTML, redirect,
 * lying Content-Length, no Content-Length, delay). Records every request and the most requests
 * it had in flight at once, so a test can prove what was (not) asked and the parallel limit.
 */
import { createReadStream, statSync } from 'node:fs';
import * as http from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, resolve, sep } from 'node:path';

/** What the server does for one path instead of serving the file. */
export type SymbolServerFault =
  | { readonly kind: 'hang' }
  | { readonly kind: 'stall'; readonly after: number }
  | { readonly kind: 'reset'; readonly after: number }
  | { readonly kind: 'status'; readonly status: number }
  | { readonly kind: 'html' }
  | { readonly kind: 'redirect'; readonly location: string; readonly status?: number }
  | { readonly kind: 'huge-length' }
  | { readonly kind: 'chunked' }
  | { readonly kind: 'delay'; readonly ms: number };

/** A running server. Faults are keyed by URL path (`/store/ntdll.pdb/ID/ntdll.pdb`). */
export interface SymbolServer {
  /** Base URL of the store (`http://127.0.0.1:PORT/store`). */
  readonly url: string;
  readonly origin: string;
  /** URL paths requested, in order. */
  readonly requests: string[];
  readonly faults: Map<string, SymbolServerFault>;
  /** Most requests being answered at the same time. */
  maxInFlight(): number;
  close(): Promise<void>;
}

const HTML = '<!DOCTYPE html><html><body>Please sign in to the proxy</body></html>';

/** Serves `root` under `/store` on 127.0.0.1 (HTTPS when `tls` is given). */
export async function startSymbolServer(root: string, tls?: { key: string; cert: string }): Promise<SymbolServer> {
  const requests: string[] = [];
  const faults = new Map<string, SymbolServerFault>();
  let inFlight = 0;
  let most = 0;
  const base = resolve(root);
  const handler = (req: http.IncomingMessage, res: http.ServerResponse): void => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requests.push(path);
    inFlight++;
    most = Math.max(most, inFlight);
    res.once('close', () => inFlight--);
    const file = resolve(join(base, path.replace(/^\/store\/?/, '')));
    const size = file.startsWith(base + sep) ? sizeOf(file) : null;
    const fault = faults.get(path);
    const serve = (): void => {
      if (size === null) return void res.writeHead(404).end('Not found');
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': size });
      createReadStream(file).pipe(res);
    };
    if (!fault) return serve();
    switch (fault.kind) {
      case 'hang':
        return;
      case 'delay':
        return void setTimeout(serve, fault.ms);
      case 'status':
        return void res.writeHead(fault.status).end('No.');
      case 'html':
        return void res.writeHead(200, { 'content-type': 'text/html', 'content-length': HTML.length }).end(HTML);
      case 'redirect':
        return void res.writeHead(fault.status ?? 302, { location: fault.location }).end();
      case 'huge-length':
        res.writeHead(200, { 'content-length': String(1e12) });
        return void res.write(Buffer.alloc(1000));
      case 'chunked':
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return void createReadStream(file).pipe(res);
      case 'stall':
      case 'reset': {
        res.writeHead(200, { 'content-length': size ?? 1_000_000 });
        const stream = createReadStream(file, { start: 0, end: fault.after - 1 });
        stream.on('data', (chunk) => res.write(chunk));
        if (fault.kind === 'reset') stream.on('end', () => setTimeout(() => req.socket.destroy(), 20));
        return;
      }
    }
  };
  const server = tls ? https.createServer({ key: tls.key, cert: tls.cert }, handler) : http.createServer(handler);
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const origin = `${tls ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: `${origin}/store`,
    origin,
    requests,
    faults,
    maxInFlight: () => most,
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}

function sizeOf(file: string): number | null {
  try {
    const info = statSync(file);
    return info.isFile() ? info.size : null;
  } catch {
    return null;
  }
}
