/**
 * Kernel dump stores for the integration tests: a C:\Windows\Minidump-like folder of built small
 * dumps, a LiveKernelReports tree, and a BlueScreen report folder whose .dmp is a kernel dump.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { buildTriageDump, type TriageDumpSpec } from './kernel-triage-builder';
import { ACME_CRASH, KERNEL_CRASH_STACK, PARAMETER_ONLY } from './kernel-triage-cases';

/** A Minidump folder: two acme.sys 0xD1 crashes (one by crash address, one by parameter) and one 0x3B in netfoo.sys. */
export async function writeMinidumpFolder(dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const dumps: [string, TriageDumpSpec][] = [
    ['050624-12345-01.dmp', ACME_CRASH],
    ['050724-22222-01.dmp', { ...PARAMETER_ONLY, systemTime: new Date('2024-05-07T01:02:03.000Z') }],
    ['050824-33333-01.dmp', { ...KERNEL_CRASH_STACK, systemTime: new Date('2024-05-08T01:02:03.000Z') }],
  ];
  const paths: string[] = [];
  for (const [name, spec] of dumps) {
    const path = join(dir, name);
    await writeFile(path, buildTriageDump(spec));
    paths.push(path);
  }
  // Not kernel dumps: left out of the store.
  await writeFile(join(dir, 'notes.txt'), 'hello');
  await writeFile(join(dir, 'user.dmp'), Buffer.from('MDMP\x93\xa7\x00\x00'));
  return paths;
}

/** Report.wer text of a BlueScreen report (UTF-16LE with BOM, as WER writes it). */
export function blueScreenReportWer(code: string, parameters: readonly string[], dumpName: string): Buffer {
  const lines = [
    'Version=1',
    'EventType=BlueScreen',
    'EventTime=133595980890000000',
    'ReportType=4',
    'Consent=1',
    'ReportIdentifier=7d91bb3f-9f5d-4e9f-88c3-846cfa983079',
    'Sig[0].Name=Code',
    `Sig[0].Value=${code}`,
    ...parameters.flatMap((p, i) => [`Sig[${i + 1}].Name=Parameter ${i + 1}`, `Sig[${i + 1}].Value=${p}`]),
    'File[0].CabName=' + dumpName,
    'File[0].Path=' + dumpName,
    'File[0].Flags=589826',
    'File[0].Type=2',
    'FriendlyEventName=Shut down unexpectedly',
    'AppName=Windows',
  ];
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf16le')]);
}

/** A Kernel_… report folder holding Report.wer and the ACME_CRASH small dump. */
export async function writeBlueScreenReport(parent: string, name: string, code: string, parameters: readonly string[]): Promise<string> {
  const folder = join(parent, name);
  await mkdir(folder, { recursive: true });
  await writeFile(join(folder, 'Report.wer'), blueScreenReportWer(code, parameters, '050624-12345-01.dmp'));
  await writeFile(join(folder, '050624-12345-01.dmp'), buildTriageDump(ACME_CRASH));
  return folder;
}
