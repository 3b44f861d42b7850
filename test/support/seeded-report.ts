/**
 * A report folder with known personal data planted in every kind of text file, for redaction
 * tests: Report.wer (UTF-16LE with BOM), WERInternalMetadata.xml (UTF-16LE with BOM), memory.csv
 * and sysinfo.txt (UTF-16LE, no BOM), plus a minidump and a binary ETL trace.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatMemoryCsv, formatMetadataXml, formatSysinfo } from '../../electron/main/core/sample/attachment-writers';
import { formatReportWer, type ReportSpec, utf16leWithBom } from '../../electron/main/core/sample/report-writer';
import { sampleDumpBytes } from '../../electron/main/core/sample/sample-dump';
import { generatedSpec } from './store-builder';

/** The planted values, by category. */
export const SEEDED = {
  user: 'kwilliams',
  machine: 'FINANCE-PC-042',
  domain: 'CONTOSOCORP',
  email: 'k.williams@contoso-mail.example.com',
  ipv4: '10.20.30.40',
  ipv6: '2001:db8:85a3::8a2e:370:7334',
  sid: 'S-1-5-21-3623811015-3361044348-30300820-1013',
  machineGuid: '3F2504E0-4F89-11D3-9A0C-0305E82C3301',
} as const;

/** Every planted value. */
export const SEEDED_VALUES: readonly string[] = Object.values(SEEDED);

function utf16(text: string): Uint8Array {
  return Buffer.from(text, 'utf16le');
}

/** File names of a seeded report folder. */
export const SEEDED_FILES = {
  wer: 'Report.wer',
  xml: 'WERB001.tmp.WERInternalMetadata.xml',
  csv: 'WERB002.tmp.csv',
  txt: 'WERB003.tmp.txt',
  dump: 'WERB004.tmp.mdmp',
  etl: 'WERB005.tmp.etl',
} as const;

/** Writes the n-th seeded report under `storeDir`; returns its folder and spec. */
export async function writeSeededReport(storeDir: string, n: number): Promise<{ folder: string; spec: ReportSpec }> {
  const base = generatedSpec(n).spec;
  const s = SEEDED;
  const spec: ReportSpec = { ...base, appPath: `C:\\Users\\${s.user}\\AppData\\Local\\Contoso\\Viewer\\ContosoViewer.exe` };
  const folder = join(storeDir, spec.folderName);
  await mkdir(folder, { recursive: true });
  const extra = [
    `LoadedModule[0]=C:\\Users\\${s.user}\\AppData\\Local\\Contoso\\Viewer\\ContosoRender.dll`,
    `ReportDescription=Sent by ${s.email} from ${s.machine} (${s.ipv4}, ${s.ipv6}) as ${s.domain}\\${s.user}, SID ${s.sid}, machine ${s.machineGuid}`,
  ];
  await writeFile(join(folder, SEEDED_FILES.wer), utf16leWithBom(`${formatReportWer(spec)}\r\n${extra.join('\r\n')}`));
  await writeFile(
    join(folder, SEEDED_FILES.xml),
    formatMetadataXml({
      eventType: spec.eventType, parameters: spec.signature.map(([, v]) => v), pid: spec.pid, imageName: 'ContosoViewer.exe',
      build: 19045, ubr: 3636, machineId: s.machineGuid, reportGuid: spec.reportIdentifier, creationTime: new Date(spec.eventTimeMs).toISOString(),
    }),
  );
  const csv = Buffer.concat([
    Buffer.from(formatMemoryCsv('ContosoViewer.exe', spec.pid)),
    utf16(`\r\nsync.exe,7000,3,1,0,3,1,1,1,1,8,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,1,4,1,C:\\Users\\${s.user}\\sync ${s.email}`),
  ]);
  await writeFile(join(folder, SEEDED_FILES.csv), csv);
  const txt = Buffer.concat([
    Buffer.from(formatSysinfo()),
    utf16(`\r\nU.Account${' '.repeat(35)}${s.domain}\\${s.user} ${s.sid}\r\nU.Share${' '.repeat(37)}\\\\${s.machine}\\dumps ${s.ipv4}`),
  ]);
  await writeFile(join(folder, SEEDED_FILES.txt), txt);
  await writeFile(
    join(folder, SEEDED_FILES.dump),
    sampleDumpBytes({ exceptionCode: 0xc0000005, module: 'ContosoRender.dll', moduleVersion: '2.4.1.0', offset: 0x12a4f, appImage: 'ContosoViewer.exe', pid: spec.pid, timeMs: spec.eventTimeMs }),
  );
  await writeFile(join(folder, SEEDED_FILES.etl), Buffer.from([0x00, 0x01, 0x02, 0xfe, 0xff, 0x00, 0x10, 0x20, 0x11, 0x00, 0x00, 0x07]));
  return { folder, spec };
}
