import * as http from 'node:http';

/** A raw HTTP exchange (no agent, path sent as given) for poking at the collector. */
export function request(
  url: string,
  method: string,
  path: string,
  body?: Uint8Array | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string } | { status: 'reset'; text: string }> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const req = http.request({ host: u.hostname, port: u.port, method, path, agent: false, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('latin1') }));
      res.on('error', (e) => resolve({ status: 'reset', text: e.message }));
    });
    req.on('error', (e) => resolve({ status: 'reset', text: e.message }));
    req.end(body);
  });
}
