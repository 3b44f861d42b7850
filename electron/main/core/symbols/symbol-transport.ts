/**
 * The HTTP(S) seam of symbol downloads: one GET, its status, the headers the downloader needs and
 * the body as a stream. Built like the CER transport (node:http/https, certificates always
 * verified, optional company CA in PEM, a connect deadline, an AbortSignal), with one difference:
 * the company CA is added to the system roots instead of replacing them, so a company server and
 * Microsoft's public server work side by side. Tests inject their own transport.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { rootCertificates } from 'node:tls';

/** One answer. The body must be read to its end or discarded. */
export interface SymbolResponse {
  readonly status: number;
  /** The Location header (redirects), as sent. */
  readonly location: string | null;
  /** The Content-Length header, when it is a number. */
  readonly contentLength: number | null;
  readonly body: AsyncIterable<Uint8Array>;
  /** Drops the rest of the body and its connection. */
  discard(): void;
}

/** Sends GET requests for symbol files. */
export interface SymbolTransport {
  /** One GET without following redirects; rejects (any error) when no answer came. */
  get(url: URL, signal: AbortSignal): Promise<SymbolResponse>;
  /** Closes idle kept-alive connections. */
  close(): void;
}

/** Options of {@link nodeSymbolTransport}. */
export interface NodeSymbolTransportOptions {
  /** PEM certificate(s) trusted for HTTPS in addition to the system store (a company CA). */
  readonly ca?: string;
  /** Time to open the TCP connection (default 10 s). */
  readonly connectTimeoutMs?: number;
}

const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL', 'ETIMEDOUT']);
const TLS_CODE = /^(CERT_|DEPTH_ZERO|UNABLE_TO_|SELF_SIGNED|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH|ERR_CERT)/;

/** A network error as a phrase a user can act on (server down, certificate, connection). */
export function describeTransportError(e: unknown): string {
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  if (CONNECT_CODES.has(code)) return `cannot connect (${code})`;
  if (TLS_CODE.test(code)) return `the server's certificate was not accepted (${code})`;
  return `the connection failed (${code || (e instanceof Error ? e.message : String(e))})`;
}

// symsrv's own name: some company proxies and stores only answer symbol clients they recognise.
const USER_AGENT = 'Microsoft-Symbol-Server/10.0.0.0 (WER Explorer)';

/** A transport on node:http/https; HTTPS always verifies the server certificate. */
export function nodeSymbolTransport(options: NodeSymbolTransportOptions = {}): SymbolTransport {
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const httpsAgent = new https.Agent({
    keepAlive: true,
    maxSockets: 8,
    rejectUnauthorized: true,
    ...(options.ca ? { ca: [...rootCertificates, options.ca] } : {}),
  });

  function get(url: URL, signal: AbortSignal): Promise<SymbolResponse> {
    return new Promise<SymbolResponse>((resolve, reject) => {
      if (signal.aborted) return reject(new Error('cancelled'));
      const secure = url.protocol === 'https:';
      const req = (secure ? https : http).request(url, {
        method: 'GET',
        agent: secure ? httpsAgent : httpAgent,
        headers: { 'user-agent': USER_AGENT, accept: '*/*', 'accept-encoding': 'identity' },
      });
      let connectTimer: NodeJS.Timeout | undefined;
      const onAbort = (): void => void req.destroy(new Error('cancelled'));
      signal.addEventListener('abort', onAbort, { once: true });
      const cleanup = (): void => {
        clearTimeout(connectTimer);
        signal.removeEventListener('abort', onAbort);
      };
      req.on('socket', (socket) => {
        if (!socket.connecting) return;
        connectTimer = setTimeout(() => req.destroy(Object.assign(new Error(`could not connect within ${connectTimeoutMs} ms`), { code: 'ETIMEDOUT' })), connectTimeoutMs);
        socket.once('connect', () => clearTimeout(connectTimer));
      });
      req.on('error', (e) => {
        cleanup();
        reject(e);
      });
      req.on('response', (res) => {
        clearTimeout(connectTimer);
        // The abort listener stays until the body is done: a cancel mid-body must cut it.
        res.once('close', cleanup);
        const length = Number(res.headers['content-length']);
        resolve({
          status: res.statusCode ?? 0,
          location: typeof res.headers.location === 'string' ? res.headers.location : null,
          contentLength: res.headers['content-length'] !== undefined && Number.isSafeInteger(length) && length >= 0 ? length : null,
          body: res,
          discard: () => void res.destroy(),
        });
      });
      req.end();
    });
  }

  return {
    get,
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
