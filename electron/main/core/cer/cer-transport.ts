/**
 * The HTTP(S) seam of the forwarder: a tiny request/response interface, and its implementation
 * on node:http/https with certificate verification (optionally against a custom CA), a connect
 * timeout, a total timeout, an AbortSignal and a cap on the answer size. Tests inject their own.
 */
import * as http from 'node:http';
import * as https from 'node:https';

/** Scheme, host and port of a CER server (or of its DumpServer). */
export interface CerEndpoint {
  readonly protocol: 'http:' | 'https:';
  /** Host name or IP address (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
}

/** One request: the path is sent exactly as given (a DumpFile may hold `\`). */
export interface CerRequest {
  readonly method: 'POST' | 'PUT';
  readonly endpoint: CerEndpoint;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Uint8Array;
}

/** The status and (size-capped) body of an answer. */
export interface CerResponse {
  readonly status: number;
  readonly body: Uint8Array;
}

/** Why a request got no answer. `aborted` is the caller's own cancel. */
export type CerTransportErrorKind = 'connect' | 'timeout' | 'network' | 'tls' | 'aborted';

/** A request that got no HTTP answer. */
export class CerTransportError extends Error {
  /** Creates an error of the given kind. */
  constructor(readonly kind: CerTransportErrorKind, message: string) {
    super(message);
    this.name = 'CerTransportError';
  }
}

/** Sends CER requests. */
export interface CerTransport {
  /** Sends one request; rejects with a CerTransportError when no answer came. */
  send(request: CerRequest, signal?: AbortSignal): Promise<CerResponse>;
  /** Closes idle kept-alive connections. */
  close(): void;
}

/** Options of {@link nodeTransport}. */
export interface NodeTransportOptions {
  /** PEM certificate(s) trusted for HTTPS instead of the system store. */
  readonly ca?: string | Buffer;
  /** Time to open the TCP connection (default 10 s). */
  readonly connectTimeoutMs?: number;
  /** Time for the whole exchange, upload included (default 120 s). */
  readonly timeoutMs?: number;
  /** Most answer bytes kept (default 64 KiB); the rest is dropped. */
  readonly maxResponseBytes?: number;
}

const TLS_CODE = /^(CERT_|DEPTH_ZERO|UNABLE_TO_|SELF_SIGNED|ERR_TLS_|ERR_SSL_|HOSTNAME_MISMATCH|ERR_CERT)/;
const CONNECT_CODES = new Set(['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EADDRNOTAVAIL']);

function describe(e: unknown): CerTransportError {
  if (e instanceof CerTransportError) return e;
  const code = (e as NodeJS.ErrnoException | undefined)?.code ?? '';
  const message = e instanceof Error ? e.message : String(e);
  if (CONNECT_CODES.has(code)) return new CerTransportError('connect', `cannot connect (${code})`);
  if (TLS_CODE.test(code)) return new CerTransportError('tls', `the server's certificate was not accepted (${code})`);
  return new CerTransportError('network', `the connection failed (${code || message})`);
}

/** A transport on node:http/https; HTTPS always verifies the server certificate. */
export function nodeTransport(options: NodeTransportOptions = {}): CerTransport {
  const connectTimeoutMs = options.connectTimeoutMs ?? 10_000;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const maxBytes = options.maxResponseBytes ?? 64 * 1024;
  const httpAgent = new http.Agent({ keepAlive: true, maxSockets: 8 });
  const httpsAgent = new https.Agent({ keepAlive: true, maxSockets: 8, rejectUnauthorized: true, ...(options.ca ? { ca: options.ca } : {}) });

  function send(request: CerRequest, signal?: AbortSignal): Promise<CerResponse> {
    return new Promise<CerResponse>((resolve, reject) => {
      if (signal?.aborted) return reject(new CerTransportError('aborted', 'cancelled'));
      const secure = request.endpoint.protocol === 'https:';
      const req = (secure ? https : http).request({
        host: request.endpoint.host,
        port: request.endpoint.port,
        method: request.method,
        path: request.path,
        headers: { ...request.headers, 'content-length': String(request.body.length) },
        agent: secure ? httpsAgent : httpAgent,
      });
      let connectTimer: NodeJS.Timeout | undefined;
      const totalTimer = setTimeout(() => req.destroy(new CerTransportError('timeout', `no answer within ${timeoutMs} ms`)), timeoutMs);
      const onAbort = (): void => void req.destroy(new CerTransportError('aborted', 'cancelled'));
      signal?.addEventListener('abort', onAbort, { once: true });
      let settled = false;
      const finish = (error: unknown, response?: CerResponse): void => {
        if (settled) return;
        settled = true;
        clearTimeout(totalTimer);
        clearTimeout(connectTimer);
        signal?.removeEventListener('abort', onAbort);
        if (response) resolve(response);
        else reject(describe(error));
      };
      req.on('socket', (socket) => {
        // A kept-alive socket is already connected; only a new one gets the connect deadline.
        if (!socket.connecting) return;
        connectTimer = setTimeout(
          () => req.destroy(new CerTransportError('timeout', `could not connect within ${connectTimeoutMs} ms`)),
          connectTimeoutMs,
        );
        socket.once('connect', () => clearTimeout(connectTimer));
      });
      req.on('error', (e) => finish(e));
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size >= maxBytes) return;
          chunks.push(chunk.subarray(0, maxBytes - size));
          size += Math.min(chunk.length, maxBytes - size);
          // Enough kept: drop the connection rather than read a hostile endless answer.
          if (size >= maxBytes) {
            res.destroy();
            finish(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks) });
          }
        });
        res.on('end', () => finish(null, { status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', (e) => finish(e));
        res.on('close', () => {
          if (!res.complete) finish(new CerTransportError('network', 'the connection closed in the middle of the answer'));
        });
      });
      req.end(request.body);
    });
  }

  return {
    send,
    close: () => {
      httpAgent.destroy();
      httpsAgent.destroy();
    },
  };
}
