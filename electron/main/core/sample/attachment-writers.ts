import { utf16leWithBom } from './report-writer';

/** What a generated WERInternalMetadata.xml says. */
export interface MetadataSpec {
  readonly eventType: string;
  readonly parameters: readonly string[];
  readonly pid: number;
  readonly imageName: string;
  readonly parentImageName?: string;
  readonly packageFullName?: string;
  readonly build: number;
  readonly ubr: number;
  readonly machineId: string;
  readonly reportGuid: string;
  readonly creationTime: string;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function element(name: string, value: string | number): string {
  return `<${name}>${escapeXml(String(value))}</${name}>`;
}

function processXml(pid: number, image: string, parent: string | undefined, pkg: string | undefined): string {
  const parentXml = parent
    ? `<ParentProcess><ProcessInformation>${element('Pid', pid - 4)}${element('ImageName', parent)}</ProcessInformation></ParentProcess>`
    : '';
  const pkgXml = pkg ? `<Package>${element('FullName', pkg)}</Package>` : '';
  return `<ProcessInformation>${element('Pid', pid)}${element('ImageName', image)}${element('Uptime', 183000)}${pkgXml}${parentXml}</ProcessInformation>`;
}

/** WERInternalMetadata.xml as Windows 10 writes it: UTF-16LE with BOM and a UTF-16 declaration. */
export function formatMetadataXml(spec: MetadataSpec): Uint8Array {
  const params = spec.parameters.map((v, i) => element(`Parameter${i}`, v)).join('');
  const xml =
    '<?xml version="1.0" encoding="UTF-16"?>\r\n<WERReportMetadata>' +
    `<OSVersionInformation>${element('WindowsNTVersion', '10.0')}${element('Build', spec.build)}` +
    `${element('Product', '(0x30): Windows 10 Pro')}${element('Edition', 'Professional')}` +
    `${element('BuildString', `${spec.build}.${spec.ubr}.amd64fre.vb_release.191206-1406`)}` +
    `${element('Revision', spec.ubr)}${element('Flavor', 'Multiprocessor Free')}${element('Architecture', 'X64')}` +
    `${element('LCID', 1033)}</OSVersionInformation>` +
    processXml(spec.pid, spec.imageName, spec.parentImageName, spec.packageFullName) +
    `<ProblemSignatures>${element('EventType', spec.eventType)}${params}</ProblemSignatures>` +
    `<SystemInformation>${element('MID', spec.machineId)}${element('SystemManufacturer', 'Contoso Ltd.')}` +
    `${element('SystemProductName', 'Workstation 5000')}${element('BIOSVersion', '1.17.0')}</SystemInformation>` +
    `<ReportInformation>${element('Guid', spec.reportGuid)}${element('CreationTime', spec.creationTime)}</ReportInformation>` +
    '</WERReportMetadata>';
  return utf16leWithBom(xml);
}

/** UTF-16LE without BOM, as WER writes memory.csv and sysinfo.txt. */
function utf16leNoBom(text: string): Uint8Array {
  return Buffer.from(text, 'utf16le');
}

/** A small memory.csv (process list at crash time) naming the crashing process. */
export function formatMemoryCsv(imageName: string, pid: number): Uint8Array {
  const header =
    'ImageName,UniqueProcessId,NumberOfThreads,WorkingSetPrivateSize,HardFaultCount,NumberOfThreadsHighWatermark,CycleTime,CreateTime,UserTime,KernelTime,BasePriority,PeakVirtualSize,VirtualSize,PageFaultCount,WorkingSetSize,PeakWorkingSetSize,QuotaPeakPagedPoolUsage,QuotaPagedPoolUsage,QuotaPeakNonPagedPoolUsage,QuotaNonPagedPoolUsage,PagefileUsage,PeakPagefileUsage,PrivatePageCount,ReadOperationCount,WriteOperationCount,OtherOperationCount,ReadTransferCount,WriteTransferCount,OtherTransferCount,HandleCount,InheritedFromUniqueProcessId,SessionId,Services';
  const row = (name: string, id: number, parent: number) =>
    `${name},${id},12,4104192,0,14,812377412,133456789012345678,1562500,781250,8,2203729977344,2203712233472,5311,18640896,19169280,362664,351392,21784,19920,6455296,6754304,6455296,31,2,892,1048064,1024,93018,311,${parent},1,`;
  const lines = [header, row('System', 4, 0), row('explorer.exe', 5120, 4988), row(imageName, pid, 5120)];
  return utf16leNoBom(lines.join('\r\n'));
}

/** A small sysinfo.txt (fixed-width `Key   value` performance counters). */
export function formatSysinfo(): Uint8Array {
  const pairs: [string, string][] = [
    ['B.NumberOfPhysicalPages', '4165286'],
    ['B.NumberOfProcessors', '8'],
    ['P.AvailablePages', '1828730'],
    ['P.CommittedPages', '3510274'],
    ['P.CommitLimit', '6197878'],
    ['P.PagedPoolPages', '104931'],
    ['P.NonPagedPoolPages', '58214'],
  ];
  return utf16leNoBom(pairs.map(([k, v]) => `${k.padEnd(44)}${v}`).join('\r\n'));
}
