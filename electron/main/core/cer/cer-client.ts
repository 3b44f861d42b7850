/**
 * The two exchanges of MS-CER2 as single steps (cer-protocol.md §4, §11): POST the WERREPORT to
 * `/stage2.htm`, then PUT the CAB to the DumpFile the server named. Each step says whether a
 * failure is worth retrying; the outbox decides when.
 */
import type { CerAnswer } from '../../../../shared/cer-model';
import { err, ok, type Result } from '../../../../shared/result';
import { parseCerAnswer } from './cer-response';
import { type CerEndpoint, type CerTransport, CerTransportError } from './cer-transport';

/** Default CER port when the server is given without one [MS-CER2 3.1.3]. */
export const DEFAULT_CER_PORT = 1273;
/** The level-1 path, literally, in every spec example. */
export const STAGE2_PATH = '/stage2.htm';

/** A CER server: where level 1 goes, and the default for level 2. */
export interface CerServer extends CerEndpoint {
  /** `http://host:port`, lower-cased: the outbox's key for the server. */
  readonly origin: string;
}

/** What one exchange came to. `retry`: try again later (network, timeout, 5xx, junk); `fail`: do not. */
export type CerStepOutcome<T> =
  | { readonly kind: 'ok'; readonly value: T }
  | { readonly kind: 'retry'; readonly error: string }
  | { readonly kind: 'fail'; readonly error: string }
  | { readonly kind: 'aborted' };

/** Parses `host`, `host:port`, `http://host[:port]` or `https://host[:port]`; default port 1273. */
export function parseCerServer(spec: string): Result<CerServer> {
  const trimmed = spec.trim();
  if (trimmed === '') return err('The server is empty.');
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
  } catch {
    return err(`"${spec}" is not a server name or URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return err(`The server must use http or https, not ${url.protocol}`);
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    return err(`Give the server as scheme://host:port only (the path is always ${STAGE2_PATH}): ${spec}`);
  }
  const port = url.port ? Number(url.port) : DEFAULT_CER_PORT;
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return ok({ protocol: url.protocol, host, port, origin: `${url.protocol}//${hostPart}:${port}`.toLowerCase() });
}

function classifyStatus(status: number, what: string): CerStepOutcome<never> {
  if (status >= 500 || status === 408 || status === 425 || status === 429) {
    return { kind: 'retry', error: `the server answered HTTP ${status} to the ${what}` };
  }
  return { kind: 'fail', error: `the server refused the ${what} (HTTP ${status})` };
}

function transportOutcome(e: unknown, what: string): CerStepOutcome<never> {
  if (!(e instanceof CerTransportError)) throw e;
  if (e.kind === 'aborted') return { kind: 'aborted' };
  // A certificate problem will not go away by itself: the user must fix the CA or the URL.
  if (e.kind === 'tls') return { kind: 'fail', error: `${what}: ${e.message}` };
  return { kind: 'retry', error: `${what}: ${e.message}` };
}

/** Level 1: POSTs the WERREPORT bytes and parses the answer. */
export async function postWerReport(
  transport: CerTransport,
  server: CerServer,
  body: Uint8Array,
  signal?: AbortSignal,
): Promise<CerStepOutcome<CerAnswer>> {
  let status: number;
  let answerBytes: Uint8Array;
  try {
    const res = await transport.send(
      { method: 'POST', endpoint: server, path: STAGE2_PATH, headers: { 'content-type': 'text/xml', 'user-agent': 'MSDW' }, body },
      signal,
    );
    status = res.status;
    answerBytes = res.body;
  } catch (e) {
    return transportOutcome(e, 'report');
  }
  if (status < 200 || status > 299) return classifyStatus(status, 'report');
  const parsed = parseCerAnswer(answerBytes);
  // A 2xx without a single CER key is an error page or junk, not an acknowledgement.
  if (!parsed.recognised) return { kind: 'retry', error: 'the server\u2019s answer to the report was not a CER answer' };
  return { kind: 'ok', value: parsed.answer };
}

const HOST_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,62})(?:\.[A-Za-z0-9-]{1,63})*\.?$/;
const IPV6 = /^\[?([0-9A-Fa-f:.]{2,45})\]?$/;

/**
 * Where the CAB goes: DumpServer when the answer names a plausible host (same scheme and port),
 * else the configured server; the DumpFile path verbatim, percent-encoding only bytes HTTP
 * cannot carry, and a leading `\` turned into the `/` every request path starts with.
 */
export function dumpFileTarget(server: CerServer, answer: CerAnswer): Result<{ endpoint: CerEndpoint; path: string }> {
  const dumpFile = answer.dumpFile;
  if (!dumpFile) return err('the server asked for data but named no DumpFile');
  if (/^[a-z][a-z0-9+.-]*:/i.test(dumpFile)) return err(`the DumpFile "${dumpFile.slice(0, 80)}" is not a path`);
  let path = dumpFile.replace(/[^\x21-\x7e]/gu, (c) => encodeURIComponent(c));
  if (path.startsWith('\\')) path = `/${path.slice(1)}`;
  else if (!path.startsWith('/')) path = `/${path}`;
  const ds = answer.dumpServer?.trim() ?? '';
  const v6 = IPV6.exec(ds);
  const host = HOST_NAME.test(ds) ? ds : v6?.[1]?.includes(':') ? v6[1] : server.host;
  return ok({ endpoint: { protocol: server.protocol, host, port: server.port }, path });
}

/** Level 2: PUTs the CAB; any 2xx is success. */
export async function putCab(
  transport: CerTransport,
  server: CerServer,
  answer: CerAnswer,
  cab: Uint8Array,
  signal?: AbortSignal,
): Promise<CerStepOutcome<number>> {
  const target = dumpFileTarget(server, answer);
  if (!target.ok) return { kind: 'fail', error: target.error };
  try {
    const res = await transport.send(
      {
        method: 'PUT',
        endpoint: target.value.endpoint,
        path: target.value.path,
        headers: { 'content-type': 'application/vnd.ms-cab-compressed', 'user-agent': 'MSDW' },
        body: cab,
      },
      signal,
    );
    if (res.status >= 200 && res.status <= 299) return { kind: 'ok', value: res.status };
    return classifyStatus(res.status, 'upload');
  } catch (e) {
    return transportOutcome(e, 'upload');
  }
}
