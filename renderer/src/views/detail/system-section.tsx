import type { InternalMetadata, MetadataProcess } from '../../../../shared/metadata-model';
import type { ReportDetail } from '../../../../shared/report-detail';
import { formatDuration } from './detail-format';
import { DetailSection, type Fact, Facts, Time } from './detail-section';

/** The first WERInternalMetadata.xml of the report, if any. */
function internalMetadata(d: ReportDetail): InternalMetadata | null {
  for (const m of d.metadata) if (m.content.kind === 'internal-metadata') return m.content;
  return null;
}

function processName(p: MetadataProcess): string {
  return `${p.imageName ?? 'unknown program'}${p.pid === null ? '' : ` (pid ${p.pid})`}`;
}

/** "explorer.exe (pid 1712) ← userinit.exe (pid 600)": who started the process, nearest first. */
function parentChain(p: MetadataProcess | null): string | null {
  const names: string[] = [];
  for (let q = p?.parent ?? null; q !== null && names.length < 8; q = q.parent) names.push(processName(q));
  return names.length > 0 ? names.join(' ← ') : null;
}

function packageName(d: ReportDetail, meta: InternalMetadata | null): string | null {
  const target = d.reportWer?.targetAppId;
  return d.fields.packageFullName ?? meta?.process?.package?.fullName ?? (target?.kind === 'packaged' ? target.packageFullName : null);
}

function windowsText(d: ReportDetail, meta: InternalMetadata | null): string | null {
  // "(0x30): Windows 10 Pro": the product number is noise for a reader.
  const product = meta?.os?.product?.replace(/^\(0x[0-9a-f]+\):\s*/i, '') ?? null;
  const parts = [product, d.os?.version ? `version ${d.os.version}` : null, d.os?.edition ?? meta?.os?.edition ?? null, d.os?.architecture ?? meta?.os?.architecture ?? null];
  const text = parts.filter(Boolean).join(', ');
  return text || null;
}

function wow64Text(p: MetadataProcess | null): string | null {
  if (!p?.wow64?.guest) return null;
  return '32-bit program running on 64-bit Windows (WOW64)';
}

/** System and process: Windows, computer, process, its parents and package. */
export function SystemSection({ detail: d }: { readonly detail: ReportDetail }) {
  const meta = internalMetadata(d);
  const sys = meta?.system ?? null;
  const model = [sys?.manufacturer, sys?.productName].filter(Boolean).join(' ');
  const facts: (Fact | null)[] = [
    { label: 'Windows', value: windowsText(d, meta) ?? 'Not recorded in this report' },
    { label: 'Build', value: meta?.os?.buildString ?? (d.os?.build === null || d.os?.build === undefined ? null : String(d.os.build)), mono: true },
    { label: 'Computer', value: d.machine },
    { label: 'Computer model', value: model ? `${model}${sys?.biosVersion ? `, BIOS ${sys.biosVersion}` : ''}` : null },
    { label: 'Application', value: d.appName },
    { label: 'Application path', value: d.appPath, mono: true },
    { label: 'Process id', value: d.process ? String(d.process.pid) : meta?.process?.pid != null ? String(meta.process.pid) : null },
    { label: 'Process started', value: d.process?.startTime ? <Time iso={d.process.startTime} /> : null },
    { label: 'Running for', value: meta?.process?.uptimeMs != null ? formatDuration(meta.process.uptimeMs) : null },
    { label: 'Started by', value: parentChain(meta?.process ?? null) },
    { label: 'Package', value: packageName(d, meta), mono: true },
    { label: 'Process type', value: wow64Text(meta?.process ?? null) },
    { label: 'Report type', value: d.reportTypeName },
    { label: 'Uploaded', value: d.uploadTime ? <Time iso={d.uploadTime} /> : 'Not uploaded to Microsoft' },
  ];
  return (
    <DetailSection title="System and process">
      <Facts facts={facts} />
    </DetailSection>
  );
}
