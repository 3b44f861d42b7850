/**
 * Report.wer for a report the collector received: the WERREPORT's content in Report.wer keys
 * (so `scan` and the UI read collected reports like local ones), plus `Cer.*` keys about the
 * sender and the exchange. Report.wer keeps every key, so the UI can read them back:
 *   Cer.MachineName / Cer.UserName   MACHINEINFO@machinename, USERINFO@username (the "machines" view)
 *   Cer.OsVersion / Cer.Lcid / Cer.Oem / Cer.AppCompany   the other WERREPORT attributes
 *   Cer.RemoteAddress                the sending IP address
 *   Cer.ReceivedTime                 when the collector got it (FILETIME, like EventTime)
 *   Cer.Bucket / Cer.BucketTable / Cer.DumpFile   what the collector answered
 * Written UTF-16LE with a BOM and CRLF line ends, like Windows 10+.
 */
import { toFiletime, utf16leWithBom } from '../sample/report-writer';
import { safeCabEntryName } from './safe-names';
import type { WerReportDoc } from './werreport-xml';

/** What the collector knows besides the document. */
export interface CollectedMeta {
  readonly bucket: number;
  readonly bucketTable: number;
  readonly dumpFile: string;
  readonly remoteAddress: string;
  readonly receivedMs: number;
}

/** Report.wer key prefix of the collector's own keys. */
export const CER_KEY_PREFIX = 'Cer.';

// A value must stay on its line: Report.wer has no escaping.
function clean(value: string): string {
  return value.replace(/[\r\n\0]/g, ' ');
}

/** Report.wer text for a received WERREPORT. */
export function formatCollectedReportWer(doc: WerReportDoc, meta: CollectedMeta): string {
  const lines: [string, string][] = [['Version', '1'], ['EventType', doc.event.eventType]];
  if (doc.event.eventTime !== '0') lines.push(['EventTime', doc.event.eventTime]);
  lines.push(
    ['ReportType', String(doc.event.reportType)],
    ['Response.BucketId', String(meta.bucket)],
    ['Response.BucketTable', String(meta.bucketTable)],
  );
  for (const p of doc.parameters) lines.push([`Sig[${p.id}].Name`, p.name ?? `Parameter ${p.id}`], [`Sig[${p.id}].Value`, p.value]);
  doc.secondaryParameters.forEach((p, i) => lines.push([`DynamicSig[${i + 1}].Name`, p.name], [`DynamicSig[${i + 1}].Value`, p.value]));
  const os = doc.machine.os.split('.');
  if (os.length >= 3 && os.slice(0, 3).every((n) => /^\d{1,10}$/.test(n))) {
    const info: [string, string][] = [['vermaj', os[0] as string], ['vermin', os[1] as string], ['verbld', os[2] as string]];
    if (/^\d{1,5}$/.test(doc.machine.lcid)) info.push(['lcid', String(Number(doc.machine.lcid))]);
    info.forEach(([k, v], i) => lines.push([`OsInfo[${i}].Key`, k], [`OsInfo[${i}].Value`, v]));
  }
  doc.files
    .filter((f) => safeCabEntryName(f.name) !== null)
    .forEach((f, i) => lines.push([`File[${i}].CabName`, f.name], [`File[${i}].Path`, f.name], [`File[${i}].Type`, String(f.type)]));
  if (doc.event.friendlyName) lines.push(['FriendlyEventName', doc.event.friendlyName]);
  if (doc.event.description) lines.push(['ReportDescription', doc.event.description]);
  if (doc.application) lines.push(['AppName', doc.application.name], ['AppPath', doc.application.path]);
  lines.push(
    ['Cer.MachineName', doc.machine.name],
    ['Cer.UserName', doc.user.name],
    ['Cer.OsVersion', doc.machine.os],
    ['Cer.Lcid', doc.machine.lcid],
  );
  if (doc.machine.oem) lines.push(['Cer.Oem', doc.machine.oem]);
  if (doc.application?.company) lines.push(['Cer.AppCompany', doc.application.company]);
  lines.push(
    ['Cer.RemoteAddress', meta.remoteAddress],
    ['Cer.ReceivedTime', toFiletime(meta.receivedMs)],
    ['Cer.Bucket', String(meta.bucket)],
    ['Cer.BucketTable', String(meta.bucketTable)],
    ['Cer.DumpFile', meta.dumpFile],
  );
  return lines.map(([k, v]) => `${k}=${clean(v)}`).join('\r\n');
}

/** The bytes of {@link formatCollectedReportWer}: UTF-16LE with a BOM. */
export function encodeCollectedReportWer(doc: WerReportDoc, meta: CollectedMeta): Uint8Array {
  return utf16leWithBom(formatCollectedReportWer(doc, meta));
}
