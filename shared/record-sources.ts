/**
 * What recorded a crash, in words and kinds: the list's Source column and facet ("WER + Event
 * log"), one plain sentence per source (the detail's "Recorded by", `show`'s text, tooltips), and
 * whether a crash is known only from the event log. Shared by the UI and the CLI.
 */
import { eventFamily } from './problems';
import type { EventLogSource, RecordSource, WerReport } from './report-model';
import { formatBytes, utcTime } from './report-summary';

/** A kind of source as people tell them apart: a dump file is a LocalDumps dump or a kernel dump. */
export type SourceKind = 'wer' | 'eventlog' | 'localdump' | 'kerneldump';

/** Display order of the kinds (the folder first: it holds the most). */
const SOURCE_ORDER: readonly SourceKind[] = ['wer', 'eventlog', 'localdump', 'kerneldump'];

/** What a record without sources (from a cache older than sources) is: its WER folder. */
const FOLDER_ONLY: readonly SourceKind[] = ['wer'];

/**
 * The kind of one source. A dump file of a kernel event (BlueScreen, a Minidump store record) is
 * a kernel dump; any other dump file is one LocalDumps wrote for a user-mode crash.
 */
export function sourceKind(source: RecordSource, r: Pick<WerReport, 'eventType' | 'store'>): SourceKind {
  if (source.kind !== 'dump') return source.kind;
  return r.store === 'Minidump' || eventFamily(r.eventType) === 'kernel' ? 'kerneldump' : 'localdump';
}

/** The distinct kinds of a record's sources, in display order. */
export function sourceKinds(r: Pick<WerReport, 'sources' | 'eventType' | 'store'>): readonly SourceKind[] {
  const sources = Array.isArray(r.sources) ? r.sources : [];
  if (sources.length === 0) return FOLDER_ONLY;
  const present = new Set(sources.map((s) => sourceKind(s, r)));
  return SOURCE_ORDER.filter((k) => present.has(k));
}

/** The Source facet's value of a record: its kinds joined by "+", e.g. `wer+eventlog`. */
export function sourceKey(r: Pick<WerReport, 'sources' | 'eventType' | 'store'>): string {
  return sourceKinds(r).join('+');
}

/** Whether a crash is known only from the event log: its WER folder is gone, or was never written. */
export function isLogOnly(r: Pick<WerReport, 'sources' | 'eventType' | 'store'>): boolean {
  const kinds = sourceKinds(r);
  return r.store === 'EventLog' || (kinds.length === 1 && kinds[0] === 'eventlog');
}

const KIND_LABELS: Readonly<Record<SourceKind, string>> = {
  wer: 'WER',
  eventlog: 'Event log',
  localdump: 'LocalDumps',
  kerneldump: 'Kernel dump',
};

/** A facet value (`wer+eventlog`) as the column shows it: "WER + Event log". */
export function sourceKeyLabel(key: string): string {
  const labels = key
    .split('+')
    .map((k) => KIND_LABELS[k as SourceKind])
    .filter((l): l is string => l !== undefined);
  return labels.length > 0 ? labels.join(' + ') : '(unknown source)';
}

/** The Source cell's text: "WER", "Event log", "WER + Event log", "LocalDumps"… */
export function sourceLabel(r: Pick<WerReport, 'sources' | 'eventType' | 'store'>): string {
  return sourceKeyLabel(sourceKey(r));
}

/** The last part of a Windows or POSIX path. */
function baseName(path: string): string {
  return path.split(/[\\/]/).pop() || path;
}

/** "Application log" of this PC, or of a saved log file. */
function logName(s: EventLogSource): string {
  const channel = s.channel.trim() || 'event';
  return s.log === null ? `this PC's ${channel} log` : `${channel} log (${baseName(s.log)})`;
}

/**
 * One source as a sentence: "WER report folder C:\…", "Application log: Application Error 1000,
 * record #1234, 2026-11-01 10:00:00 UTC", "LocalDumps dump C:\…\app.exe.1234.dmp (12 MB)".
 * `time` formats the event time (the UI passes its local-time formatter).
 */
export function describeSource(source: RecordSource, r: Pick<WerReport, 'eventType' | 'store'>, time: (iso: string) => string = utcTime): string {
  switch (source.kind) {
    case 'wer':
      return `WER report folder ${source.folder}`;
    case 'eventlog': {
      const when = source.time ? `, ${time(source.time)}` : '';
      const log = logName(source);
      return `${log.charAt(0).toUpperCase()}${log.slice(1)}: ${source.provider} ${source.eventId}, record #${source.recordId}${when}`;
    }
    case 'dump': {
      const what = sourceKind(source, r) === 'kerneldump' ? 'Kernel dump' : 'LocalDumps dump';
      const size = source.size === null ? '' : ` (${formatBytes(source.size)})`;
      return `${what} ${source.path}${size}`;
    }
  }
}

/** The Source cell's tooltip: one sentence per source. */
export function sourcesTitle(r: Pick<WerReport, 'sources' | 'eventType' | 'store'>): string {
  const sources = Array.isArray(r.sources) ? r.sources : [];
  if (sources.length === 0) return 'WER report folder';
  const lines = sources.map((s) => describeSource(s, r));
  return isLogOnly(r) ? [...lines, 'Known only from the event log: Windows deleted the report folder, or never wrote one.'].join('\n') : lines.join('\n');
}
