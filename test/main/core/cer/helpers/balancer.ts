/**
 * A load balancer in front of several collectors, for the side-by-side tests: each request goes
 * to the next collector in a fixed shuffled order (so a report's POST and its PUT often reach
 * different collectors), and every n-th answer is lost after the collector handled the request,
 * as when a connection drops on the way back: the client must retry something that succeeded.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running balancer. */
export interface Balancer {
  readonly url: string;
  /** Requests passed on / answers dropped. */
  readonly counts: { passed: number; dropped: number };
  close(): Promise<void>;
}

/** Starts a balancer over `targets` (collector URLs) on 127.0.0.1; `dropEvery` 0 = never drop. */
export async function startBalancer(targets: readonly string[], dropEvery: number): Promise<Balancer> {
  const counts = { passed: 0, dropped: 0 };
  // Deterministic "random" order: a linear congruential sequence, not round robin, so POST and PUT
  // of one report go to the same collector sometimes and to different ones other times.
  let seed = 12345;
  const pick = (): URL => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return new URL(targets[seed % targets.length] as string);
  };
  const server = http.createServer((req, res) => {
    const target = pick();
    const n = ++counts.passed;
    const upstream = http.request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers, agent: false },
      (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (c: Buffer) => chunks.push(c));
        answer.on('end', () => {
          if (dropEvery > 0 && n % dropEvery === 0) {
            counts.dropped++;
            req.socket.destroy();
            return;
          }
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(chunks));
        });
      },
    );
    upstream.on('error', () => req.socket.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
