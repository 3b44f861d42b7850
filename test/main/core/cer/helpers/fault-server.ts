/**
 * A collector that misbehaves on cue, for the forwarder's fault tests: the real collector's
 * handler behind a script of faults per method (hang, 500, 403, junk answer, connection reset
 * mid-body). Counts what reached the real handler, so a test can prove nothing went twice.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { collectorHandler, DEFAULT_COLLECTOR_LIMITS } from '../../../../../electron/main/core/cer/collector';
import { CollectorStore } from '../../../../../electron/main/core/cer/collector-store';

/** What the server does with one request instead of handling it. */
export type Fault = 'hang' | '500' | '403' | 'garbled' | 'reset';

/** A scripted server: faults are taken in order, then requests go to the real collector. */
export interface FaultServer {
  readonly url: string;
  readonly port: number;
  readonly store: CollectorStore;
  /** Requests per method that reached the server / the real handler. */
  readonly seen: { post: number; put: number; handledPost: number; handledPut: number };
  readonly faults: { post: Fault[]; put: Fault[] };
  close(): Promise<void>;
}

/** Starts a scripted collector over DIR on 127.0.0.1 (port 0 = any free port). */
export async function startFaultServer(dir: string, port = 0, host = '127.0.0.1'): Promise<FaultServer> {
  const store = await CollectorStore.open(dir);
  const inner = collectorHandler(store, DEFAULT_COLLECTOR_LIMITS);
  const seen = { post: 0, put: 0, handledPost: 0, handledPut: 0 };
  const faults: FaultServer['faults'] = { post: [], put: [] };
  const server = http.createServer((req, res) => {
    const isPut = req.method === 'PUT';
    if (isPut) seen.put++;
    else seen.post++;
    const fault = (isPut ? faults.put : faults.post).shift();
    switch (fault) {
      case undefined:
        if (isPut) seen.handledPut++;
        else seen.handledPost++;
        return inner(req, res);
      case 'hang':
        return;
      case '500':
      case '403':
        req.resume();
        res.writeHead(Number(fault)).end('No.');
        return;
      case 'garbled':
        req.resume();
        res.writeHead(200, { 'content-type': 'text/html' }).end(Buffer.from([0x3c, 0x68, 0x31, 0x3e, 0xff, 0x00, 0x9d, 0x0a, 0x42, 0x75]));
        return;
      case 'reset':
        // Take part of the body, then drop the connection like a crashed proxy would.
        req.once('data', () => req.socket.destroy());
        return;
    }
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${actual}`,
    port: actual,
    store,
    seen,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A port that was free a moment ago and has nothing listening (connection refused). */
export async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
