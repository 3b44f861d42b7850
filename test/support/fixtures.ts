import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * Root of the real-file fixtures (../shared/fixtures beside the repo). They are never copied into
 * the repo (licences, personal data); WER_FIXTURES_DIR points elsewhere when needed.
 */
export const FIXTURES_DIR = process.env.WER_FIXTURES_DIR
  ? resolve(process.env.WER_FIXTURES_DIR)
  : resolve(__dirname, '../../../shared/fixtures');

/** Absolute path of a fixture file, e.g. `fixturePath('reportwer', 'DownPower-website.Report.wer')`. */
export function fixturePath(...parts: string[]): string {
  const p = join(FIXTURES_DIR, ...parts);
  if (!existsSync(p)) throw new Error(`Fixture missing: ${p} (set WER_FIXTURES_DIR to the shared fixtures folder)`);
  return p;
}

/** File names in one fixture folder, sorted. */
export function fixtureFiles(folder: string): string[] {
  return readdirSync(fixturePath(folder)).sort();
}
