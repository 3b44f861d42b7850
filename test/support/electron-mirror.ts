/**
 * A stand-in for the Electron release server and for a fresh clone's node_modules, so that
 * `npm start`'s first-run download is tested without the network: a local HTTP mirror serving
 * `electron-vVERSION-PLATFORM-ARCH.zip` (a tiny executable that records how it was started) with
 * its SHASUMS256.txt, and a copy of the project whose node_modules/electron has no binary yet.
 */
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { REPO_ROOT } from './built';
import { buildRawZip } from './zip-builder';

/** Where the stand-in Electron writes its working folder and arguments, one per line. */
export const STANDIN_RECORD_ENV = 'WER_TEST_STANDIN_RECORD';

const EXECUTABLE = ((0o100000 | 0o755) << 16) >>> 0;

/** The release zip of a stand-in Electron for Linux: `electron` (a shell script) and `version`, as the real zip has. */
export function standInElectronZip(version: string): Buffer {
  const script = `#!/bin/sh\nprintf '%s\\n' "$PWD" "$@" > "$${STANDIN_RECORD_ENV}"\n`;
  return buildRawZip([
    { name: 'electron', data: Buffer.from(script), externalAttributes: EXECUTABLE },
    { name: 'version', data: Buffer.from(version) },
  ]);
}

/** A running mirror: its URL (for ELECTRON_MIRROR) and the paths asked for. */
export interface ElectronMirror {
  readonly url: string;
  readonly requests: string[];
  close(): Promise<void>;
}

/** Serves `files` (name → bytes) under `/v<version>/`, the layout @electron/get asks a mirror for. */
export async function startElectronMirror(version: string, files: ReadonlyMap<string, Buffer>): Promise<ElectronMirror> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(req.url ?? '');
    const prefix = `/v${version}/`;
    const body = req.url?.startsWith(prefix) ? files.get(req.url.slice(prefix.length)) : undefined;
    if (!body) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'Content-Length': body.length }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    requests,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** SHASUMS256.txt for the given files, in the `HASH *NAME` form Electron publishes. */
export function shasums(files: ReadonlyMap<string, Buffer>): Buffer {
  const lines = [...files].map(([name, bytes]) => `${createHash('sha256').update(bytes).digest('hex')} *${name}`);
  return Buffer.from(`${lines.join('\n')}\n`);
}

/**
 * A copy of the project as a fresh clone has it after `npm install`: the same package.json,
 * config, sources and build, and node_modules whose packages are links to this checkout's,
 * except `electron`, copied without its binary (no dist/, no path.txt).
 */
export function cloneWithoutElectronBinary(dir: string): string {
  for (const file of ['package.json', 'electron.vite.config.ts']) cpSync(join(REPO_ROOT, file), join(dir, file));
  // The launcher finds the project from its own path, so it is copied; the rest is only read.
  cpSync(join(REPO_ROOT, 'electron'), join(dir, 'electron'), { recursive: true });
  for (const folder of ['out', 'renderer', 'shared']) symlinkSync(join(REPO_ROOT, folder), join(dir, folder));
  const modules = join(dir, 'node_modules');
  mkdirSync(modules);
  for (const name of readdirSync(join(REPO_ROOT, 'node_modules'))) {
    if (name !== 'electron') symlinkSync(join(REPO_ROOT, 'node_modules', name), join(modules, name));
  }
  const electron = join(REPO_ROOT, 'node_modules', 'electron');
  mkdirSync(join(modules, 'electron'));
  for (const file of ['package.json', 'index.js', 'install.js', 'cli.js', 'checksums.json']) {
    cpSync(join(electron, file), join(modules, 'electron', file));
  }
  return dir;
}
