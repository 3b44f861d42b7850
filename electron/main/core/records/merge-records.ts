/**
 * One record per crash across sources: a WER report folder, the events of a log, a LocalDumps
 * dump. Records link by report id (a folder's ReportIdentifier/IntegratorReportIdentifier = the
 * report id its events name) and by process (pid + start time, what a dump knows). Linear: maps
 * keyed by link, no scans of the list per record.
 */
import type { WerReport } from '../../../../shared/report-model';
import { compareReports } from '../../../../shared/report-order';
import { mergeInto } from './merge-into';
import { processKey, recordReportIds } from './record-links';

export { recordLinks } from './record-links';

/** What part a record plays in a merge. */
type Role = 'folder' | 'log' | 'dump' | 'other';

function roleOf(record: WerReport): Role {
  if (record.sources.some((s) => s.kind === 'wer')) return 'folder';
  if (record.store === 'EventLog') return 'log';
  if (record.store === 'CrashDumps' || record.sources.some((s) => s.kind === 'dump')) return 'dump';
  return 'other';
}

/**
 * Whether a record can be merged with others: an event's record or a dump joins a WER folder's
 * (or an event's), while folders and other records never join each other. A library of WER
 * folders alone has nothing to merge.
 */
export function canJoinOthers(record: WerReport): boolean {
  const role = roleOf(record);
  return role === 'log' || role === 'dump';
}

/** Sets `map[key] = value` unless the key is taken (the first record in list order wins). */
function claim<V>(map: Map<string, V>, key: string | null, value: V): void {
  if (key !== null && !map.has(key)) map.set(key, value);
}

/** The value of the first key the map has. */
function firstFound(map: ReadonlyMap<string, number>, keys: readonly string[]): number | undefined {
  for (const key of keys) {
    const value = map.get(key);
    if (value !== undefined) return value;
  }
  return undefined;
}

/**
 * One record per crash, sorted by compareReports. WER folder records are never merged with each
 * other (the same report in ReportQueue and ReportArchive stays two records, as the library has
 * it). An event-log record and a dump record join the WER folder record of their crash (the
 * first in compareReports order when two match); without a folder, an event-log record takes the
 * other log records of its report id and the dump records of its process. A dump links by
 * process to a folder, or to a log record attached to a folder, before a lone log record. Records
 * left alone are returned as they are (same objects).
 */
export function mergeRecords(records: readonly WerReport[]): WerReport[] {
  const order = records.map((_, i) => i).sort((a, b) => compareReports(records[a]!, records[b]!) || a - b);
  const roles = records.map(roleOf);
  /** Primary index → the indices merged into it, in list order. */
  const merged = new Map<number, number[]>();
  const attached = new Uint8Array(records.length);
  const attach = (primary: number, other: number): void => {
    attached[other] = 1;
    const list = merged.get(primary);
    if (list) list.push(other);
    else merged.set(primary, [other]);
  };
  // Report ids and processes are kept apart (no prefixed keys to build): bare ids reuse their
  // hash. A map is only built when some record can look in it (a scan of WER folders alone
  // builds none).
  const hasLogs = roles.includes('log');
  const hasDumps = roles.includes('dump');
  const folderByReport = new Map<string, number>();
  const folderByProcess = new Map<string, number>();
  if (hasLogs || hasDumps) {
    for (const i of order) {
      if (roles[i] !== 'folder') continue;
      if (hasLogs) for (const id of recordReportIds(records[i]!)) claim(folderByReport, id, i);
      if (hasDumps) claim(folderByProcess, processKey(records[i]!.process), i);
    }
  }
  const logByReport = new Map<string, number>();
  const logByProcess = new Map<string, number>();
  for (const i of hasLogs ? order : []) {
    if (roles[i] !== 'log') continue;
    const ids = recordReportIds(records[i]!);
    const process = hasDumps ? processKey(records[i]!.process) : null;
    const folder = firstFound(folderByReport, ids);
    if (folder !== undefined) {
      attach(folder, i);
      // A dump of this crash finds the folder through the log's process when the folder has none.
      claim(folderByProcess, process, folder);
      continue;
    }
    const log = firstFound(logByReport, ids);
    const primary = log ?? i;
    if (log !== undefined) attach(log, i);
    for (const id of ids) claim(logByReport, id, primary);
    claim(logByProcess, process, primary);
  }
  for (const i of hasDumps ? order : []) {
    if (roles[i] !== 'dump') continue;
    const process = processKey(records[i]!.process);
    if (process === null) continue;
    const target = folderByProcess.get(process) ?? logByProcess.get(process);
    if (target !== undefined) attach(target, i);
  }
  const out: WerReport[] = [];
  let moved = false;
  for (const i of order) {
    if (attached[i] === 1) continue;
    const others = merged.get(i);
    const record = others ? mergeInto(records[i]!, others.map((o) => records[o]!)) : records[i]!;
    // A primary without a time may have taken one from the records it absorbed.
    if (record.eventTime !== records[i]!.eventTime) moved = true;
    out.push(record);
  }
  return moved ? out.sort(compareReports) : out;
}
