/**
 * Lays the built app out in the Wine prefix the way an installed package is: package.json, the
 * build output (out/) and the production dependencies the CLI requires at run time. Copies, so
 * the Wine user can read them wherever the repository is checked out.
 */
import { spawnSync } from 'node:child_process';
import { copyFile, cp, mkdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { REPO_ROOT } from '../../support/built';

/** Folders of the production dependencies (all levels), relative to the repository: `npm ls --omit=dev`. */
function productionPackages(): string[] {
  const listed = spawnSync('npm', ['ls', '--omit=dev', '--parseable', '--all'], { cwd: REPO_ROOT, encoding: 'utf8' });
  // npm ls exits 1 on any oddity of the tree (an extraneous dev package); its list is still right.
  const folders = listed.stdout.split('\n').filter((l) => l.startsWith(REPO_ROOT) && l !== REPO_ROOT).map((l) => relative(REPO_ROOT, l));
  if (folders.length === 0) throw new Error(`npm ls --omit=dev listed no dependencies: ${listed.stderr.trim()}`);
  return folders;
}

/** Copies package.json, out/ and the production node_modules into `target`. */
export async function stageApp(target: string): Promise<void> {
  await mkdir(target, { recursive: true });
  await copyFile(join(REPO_ROOT, 'package.json'), join(target, 'package.json'));
  for (const folder of ['out', ...productionPackages()]) {
    await cp(join(REPO_ROOT, folder), join(target, folder), { recursive: true });
  }
}
