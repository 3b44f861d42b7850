import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The repository root. */
export const REPO_ROOT = resolve(__dirname, '..', '..');

/** The built app the Electron-contract, CLI and e2e tests drive (`npm test` builds before Jest). */
export const BUILT = {
  main: join(REPO_ROOT, 'out', 'main', 'index.js'),
  preload: join(REPO_ROOT, 'out', 'preload', 'index.js'),
  cli: join(REPO_ROOT, 'out', 'main', 'cli.js'),
  scanWorker: join(REPO_ROOT, 'out', 'main', 'scan-worker.js'),
  renderer: join(REPO_ROOT, 'out', 'renderer', 'index.html'),
} as const;

/** Fails with the fix when a built file is missing (Jest was started without building first). */
export function requireBuilt(...files: readonly string[]): void {
  for (const file of files) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run npm run build first (npm test builds before running Jest).`);
  }
}
