import { existsSync, readdirSync } from 'node:fs';
import { copyFile } from 'node:fs/promises';
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

/**
 * Copies the one complete real WER report set of the fixtures (JonJon565: Report.wer, two
 * metadata XMLs, memory.csv, sysinfo.txt, the triage minidump) into `folder` under the file
 * names WER gives them. Report id b0e0a37d-af49-4d6d-a411-f0946870c9dd.
 */
export async function copyRealReportSet(folder: string): Promise<void> {
  const files: [string, string, string][] = [
    ['reportwer', 'JonJon565-JohnsDDLs.Report.wer', 'Report.wer'],
    ['metadata', 'JonJon565-WER7FE4.tmp.WERInternalMetadata.xml', 'WER7FE4.tmp.WERInternalMetadata.xml'],
    ['metadata', 'JonJon565-WERC9FA.tmp - Copy.xml', 'WERC9FA.tmp.xml'],
    ['other', 'JonJon565-WERCA0A.tmp - Copy.csv', 'WERCA0A.tmp.csv'],
    ['other', 'JonJon565-WERCA49.tmp - Copy.txt', 'WERCA49.tmp.txt'],
    ['minidump', 'JonJon565-WERC824.tmp - Copy.dmp', 'WERC824.tmp.mdmp'],
  ];
  for (const [dir, name, target] of files) await copyFile(fixturePath(dir, name), join(folder, target));
}
