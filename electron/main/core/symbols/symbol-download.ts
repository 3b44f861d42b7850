/**
 * One symbol file from a server into a file: redirects followed within bounds, a deadline for
 * the answer and for every silence in the body, a size cap checked before (Content-Length) and
 * while (counted bytes) reading, cancel, progress. The file is flushed to disk when complete and
 * removed on any failure, so the caller can rename it into place knowing it is whole.
 */
import { open, rm } from 'node:fs/promises';
import { describeTransportError, type SymbolTransport } from './symbol-transport';

/** How one download may go. */
export interface DownloadLimits {
  readonly transport: SymbolTransport;
  /** Longest wait for the answer, and longest silence while the body arrives. */
  readonly timeoutMs: number;
  readonly maxBytes: number;
  readonly maxRedirects: number;
  readonly signal?: AbortSignal;
  /** Bytes so far and the announced size, every 256 KiB and at the end. */
  readonly onProgress?: (bytes: number, total: number | null) => void;
}

/**
 * How a download ended. `absent` (404/410) is the only outcome worth remembering as a miss;
 * `unreachable` (no answer at all: connection refused, TLS refused, silence) says the server
 * itself is out of reach, `failed` that it answered badly.
 */
export type DownloadOutcome =
  | { readonly kind: 'saved'; readonly bytes: number; readonly url: string }
  | { readonly kind: 'absent'; readonly status: number }
  | { readonly kind: 'failed'; readonly message: string }
  | { readonly kind: 'unreachable'; readonly message: string }
  | { readonly kind: 'cancelled' };

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
const PROGRESS_STEP = 256 * 1024;

class DownloadStop extends Error {}

/** Downloads `url` into `dest` (a new file the caller owns). Never throws for network trouble. */
export async function downloadFile(url: string, dest: string, limits: DownloadLimits): Promise<DownloadOutcome> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    const step = await attempt(current, dest, limits);
    if (step.kind !== 'redirect') return step;
    if (hop >= limits.maxRedirects) return { kind: 'failed', message: `more than ${limits.maxRedirects} redirects` };
    let next: URL;
    try {
      next = new URL(step.location, current);
    } catch {
      return { kind: 'failed', message: 'the server redirected to an invalid address' };
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') return { kind: 'failed', message: `the server redirected to a ${next.protocol} address` };
    // A redirect must not strip the encryption the configured URL asked for.
    if (current.protocol === 'https:' && next.protocol === 'http:') return { kind: 'failed', message: 'the server redirected from HTTPS to plain HTTP' };
    current = next;
  }
}

type Step = DownloadOutcome | { readonly kind: 'redirect'; readonly location: string };

async function attempt(url: URL, dest: string, limits: DownloadLimits): Promise<Step> {
  const own = new AbortController();
  const signal = limits.signal ? AbortSignal.any([limits.signal, own.signal]) : own.signal;
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timedOut = true;
      own.abort();
    }, limits.timeoutMs);
  };
  arm();
  // Set once the answer is a 200 being saved: failures after it are the answer's, not the server's reach.
  let answered = false;
  try {
    const res = await limits.transport.get(url, signal);
    if (REDIRECTS.has(res.status)) {
      res.discard();
      return res.location ? { kind: 'redirect', location: res.location } : { kind: 'failed', message: `HTTP ${res.status} without a Location` };
    }
    if (res.status === 404 || res.status === 410) {
      res.discard();
      return { kind: 'absent', status: res.status };
    }
    if (res.status !== 200) {
      res.discard();
      return { kind: 'failed', message: `the server answered HTTP ${res.status}` };
    }
    if (res.contentLength !== null && res.contentLength > limits.maxBytes) {
      res.discard();
      return { kind: 'failed', message: `the file is ${res.contentLength} bytes, more than the ${limits.maxBytes} allowed` };
    }
    answered = true;
    const bytes = await save(res.body, dest, res.contentLength, limits, arm, () => res.discard());
    return { kind: 'saved', bytes, url: url.href };
  } catch (e) {
    if (answered) await rm(dest, { force: true });
    if (limits.signal?.aborted) return { kind: 'cancelled' };
    if (e instanceof DownloadStop) return { kind: 'failed', message: e.message };
    const silence = answered ? `stopped sending for ${limits.timeoutMs} ms` : `did not answer within ${limits.timeoutMs} ms`;
    const message = timedOut ? `${url.host} ${silence}` : describeTransportError(e);
    return { kind: answered ? 'failed' : 'unreachable', message };
  } finally {
    clearTimeout(timer);
  }
}

async function save(
  body: AsyncIterable<Uint8Array>,
  dest: string,
  total: number | null,
  limits: DownloadLimits,
  arm: () => void,
  discard: () => void,
): Promise<number> {
  const fh = await open(dest, 'wx');
  let bytes = 0;
  let reported = 0;
  try {
    for await (const chunk of body) {
      arm();
      bytes += chunk.length;
      if (bytes > limits.maxBytes) {
        discard();
        throw new DownloadStop(`the file is larger than the ${limits.maxBytes} bytes allowed`);
      }
      await fh.write(chunk);
      if (bytes - reported >= PROGRESS_STEP) {
        reported = bytes;
        limits.onProgress?.(bytes, total);
      }
    }
    if (total !== null && bytes !== total) throw new DownloadStop(`the answer ended after ${bytes} of ${total} bytes`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  limits.onProgress?.(bytes, total);
  return bytes;
}
