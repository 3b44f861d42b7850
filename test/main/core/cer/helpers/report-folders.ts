/** Report folders for forwarding tests: real fixtures copied into a temporary store. */
import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fixturePath } from '../../../../support/fixtures';

/** Real Report.wer files (4 byte-exact Windows files, 2 pastes) used as forwarding input. */
export const FIXTURE_REPORTS = [
  'DownPower-website.Report.wer',
  'JonJon565-JohnsDDLs.Report.wer',
  'Mayter-CVE-2019-1315.Report.wer',
  'uberalex974-RL.Report.wer',
  'issue-virtio-win-393-CriticalProcessFault2.txt.wer',
  'DebugPrivilege-beacon-BEX64.txt.wer',
] as const;

/**
 * Copies the fixture Report.wer files into `root`/ReportArchive/<name>/Report.wer; the first also
 * gets a 100 KB random minidump-named file (several CAB data blocks) and a small text file.
 */
export async function fixtureStore(root: string): Promise<string[]> {
  const folders: string[] = [];
  for (const [i, name] of FIXTURE_REPORTS.entries()) {
    const folder = join(root, 'ReportArchive', `AppCrash_fixture${i}_${name.replace(/[^A-Za-z0-9]/g, '').slice(0, 20)}`);
    await mkdir(folder, { recursive: true });
    await copyFile(fixturePath('reportwer', name), join(folder, 'Report.wer'));
    if (i === 0) {
      await writeFile(join(folder, 'WER1A2B.tmp.mdmp'), Buffer.concat([Buffer.from('MDMP'), randomBytes(100_000)]));
      await writeFile(join(folder, 'sysinfo été.txt'), 'B.PageSize 4096\r\n'.repeat(500));
    }
    folders.push(folder);
  }
  return folders;
}
