/**
 * Which files of an uploaded CAB a collected report folder gets: every entry under a safe name
 * (safe-names.ts), the collector's own names kept for its own files, and nothing at all when one
 * name is unsafe (a real client never sends one).
 */
import { err, ok, type Result } from '../../../../shared/result';
import { type CabReadLimits, readCab } from './cab-reader';
import { safeCabEntryName } from './safe-names';

/** A file to write into a report folder: its `/`-separated path there and its bytes. */
export interface PlannedFile {
  readonly name: string;
  readonly data: Uint8Array;
}

/** Report.wer while its folder is being assembled (a scanner does not take that for a report). */
export const REPORT_WER_PART = 'Report.wer.part';
// CAB entries that would overwrite what the collector wrote itself are kept under another name.
const RENAMED: Readonly<Record<string, string>> = {
  'report.wer': 'Report.sent.wer',
  'report.xml': 'report.sent.xml',
  'report.wer.part': 'Report.sent.wer.part',
};

/** The files of an uploaded CAB as they will be written, or why it is refused. */
export function planCabFiles(cab: Uint8Array, limits: CabReadLimits): Result<PlannedFile[]> {
  if (cab.length < 4 || Buffer.from(cab.subarray(0, 4)).toString('latin1') !== 'MSCF') return err('The upload is not a cabinet (no MSCF signature).');
  const archive = readCab(cab, limits);
  if (!archive.ok) return archive;
  const planned: PlannedFile[] = [];
  const taken = new Set(['report.wer', 'report.xml', REPORT_WER_PART.toLowerCase()]);
  for (const f of archive.value.files) {
    const safe = safeCabEntryName(f.name);
    if (safe === null) return err(`The cabinet holds an unsafe file name: ${JSON.stringify(f.name.slice(0, 120))}.`);
    const name = RENAMED[safe.toLowerCase()] ?? safe;
    if (taken.has(name.toLowerCase())) continue;
    taken.add(name.toLowerCase());
    planned.push({ name, data: f.data });
  }
  return ok(planned);
}
