/**
 * Gets the Electron binary the way the `electron` package does on its first `require`: its own
 * `install.js` (which asks `@electron/get`, so ELECTRON_MIRROR, electron_config_cache,
 * electron_use_remote_checksums, ELECTRON_GET_USE_PROXY and the rest keep working). Before that,
 * the same download is made in this process with the same options, so that it can print a
 * progress line and, when it fails, say why in one line; install.js then finds the file in
 * @electron/get's cache and only unpacks it.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The project's `electron` package: where it lives and which version it wants. */
export interface ElectronPackage {
  readonly dir: string;
  readonly version: string;
}

/** What the download says while it runs. */
export interface DownloadProgress {
  readonly transferred: number;
  readonly total: number | null;
}

/** The `electron` package the project at `projectRoot` resolves. */
export function findElectronPackage(projectRoot: string): ElectronPackage {
  const manifest = createRequire(join(projectRoot, 'package.json')).resolve('electron/package.json');
  const { version } = JSON.parse(readFileSync(manifest, 'utf8')) as { version: string };
  return { dir: dirname(manifest), version };
}

/** The platform and arch install.js downloads for (its own environment overrides included). */
export function electronTarget(env: NodeJS.ProcessEnv): { platform: string; arch: string } {
  const platform = env.ELECTRON_INSTALL_PLATFORM || env.npm_config_platform || process.platform;
  let arch = env.ELECTRON_INSTALL_ARCH || env.npm_config_arch || process.arch;
  // install.js: x64 Node on an arm64 Mac (Rosetta) still gets the arm64 build.
  if (platform === 'darwin' && process.platform === 'darwin' && arch === 'x64' && env.npm_config_arch === undefined) {
    try {
      if (execFileSync('sysctl', ['-in', 'sysctl.proc_translated'], { encoding: 'utf8' }).trim() === '1') arch = 'arm64';
    } catch {
      // Not under Rosetta, or no sysctl: keep x64, as install.js does.
    }
  }
  return { platform, arch };
}

/** The unpacked executable when install.js's own check would pass, else null. */
export function installedElectron(pkg: ElectronPackage, env: NodeJS.ProcessEnv): string | null {
  try {
    const version = readFileSync(join(pkg.dir, 'dist', 'version'), 'utf8').trim().replace(/^v/, '');
    const relative = readFileSync(join(pkg.dir, 'path.txt'), 'utf8');
    if (version !== pkg.version || relative === '') return null;
    const executable = join(env.ELECTRON_OVERRIDE_DIST_PATH || join(pkg.dir, 'dist'), relative);
    return existsSync(executable) ? executable : null;
  } catch {
    return null;
  }
}

interface ElectronGet {
  downloadArtifact(details: Record<string, unknown>): Promise<string>;
}

/**
 * Downloads the release zip into @electron/get's cache with exactly the options install.js
 * passes (so install.js then finds it there), reporting progress. Rejects as @electron/get does.
 */
export async function downloadElectron(
  pkg: ElectronPackage,
  env: NodeJS.ProcessEnv,
  onProgress: (progress: DownloadProgress) => void,
): Promise<void> {
  // @electron/get is ESM and reads its mirror settings from process.env, as it does under install.js.
  const entry = createRequire(join(pkg.dir, 'package.json')).resolve('@electron/get');
  const get = (await import(pathToFileURL(entry).href)) as ElectronGet;
  const remoteChecksums = env.electron_use_remote_checksums || env.npm_config_electron_use_remote_checksums;
  await get.downloadArtifact({
    version: pkg.version,
    artifactName: 'electron',
    force: env.force_no_cache === 'true',
    cacheRoot: env.electron_config_cache,
    checksums: remoteChecksums ? undefined : JSON.parse(readFileSync(join(pkg.dir, 'checksums.json'), 'utf8')),
    ...electronTarget(env),
    downloadOptions: {
      quiet: true,
      getProgressCallback: (p: { transferred: number; total: number | null }) => onProgress({ transferred: p.transferred, total: p.total }),
    },
  });
}

/** Runs the package's install.js, which unpacks the cached zip into dist/ and writes path.txt. */
export function unpackElectron(pkg: ElectronPackage, env: NodeJS.ProcessEnv): Promise<void> {
  // The zip was just downloaded into the cache: install.js must take it from there, not fetch again.
  const { force_no_cache: _forced, ...childEnv } = env;
  return new Promise((resolve, reject) => {
    let output = '';
    const child = spawn(process.execPath, [join(pkg.dir, 'install.js')], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolve();
      else reject(new Error(firstLine(output) || `install.js exited with code ${code}`));
    });
  });
}

/** One line that says why a download failed: the network cause rather than "fetch failed". */
export function failureReason(error: unknown): string {
  let e: unknown = error;
  // fetch wraps the socket error (ECONNREFUSED, ENOTFOUND, a proxy's refusal) in `cause`.
  while (e instanceof Error && e.message === 'fetch failed' && e.cause !== undefined) e = e.cause;
  if (e instanceof AggregateError && e.errors.length > 0) e = e.errors[0];
  const text = e instanceof Error ? e.message : String(e);
  return firstLine(text) || 'unknown error';
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '') ?? '';
}
