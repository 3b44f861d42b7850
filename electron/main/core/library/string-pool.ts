/**
 * One copy of each repeated string of the library's reports. A collector's reports repeat the
 * same few thousand values (event types, store paths, applications, modules, versions, signature
 * names, attachment names), but each report read from disk or from the JSON cache holds its own
 * copies: measured on a generated fleet, sharing them takes a parsed report from ~2.8 KB to
 * ~1.7 KB of heap, and the library's whole cost per report (with its indexes) from ~4.0 to
 * ~3.2 KB. Values unique to a report (its id, folder and times) are left alone, and the pool
 * stops growing at a bound, so a store of nothing but unique values costs no more than before.
 */
import type { WerReport } from '../../../../shared/report-model';

/** Keys whose values are unique per report: never pooled. */
const UNIQUE_KEYS: ReadonlySet<string> = new Set(['id', 'folder', 'eventTime', 'uploadTime', 'startTime', 'time', 'path', 'reportIds']);
/** Distinct strings kept at most (a few MB). */
const DEFAULT_MAX_STRINGS = 200_000;

/** Shares repeated strings between reports (see the file comment). */
export class StringPool {
  private readonly strings = new Map<string, string>();

  constructor(private readonly maxStrings = DEFAULT_MAX_STRINGS) {}

  /** Distinct strings pooled so far. */
  get size(): number {
    return this.strings.size;
  }

  /**
   * Replaces the report's repeated strings by the pool's copies, in place, and returns it. Only
   * equal strings are swapped, so nobody holding the report can tell; the objects keep the
   * shapes they were built with (copies made key by key take more memory than they save).
   */
  report(report: WerReport): WerReport {
    this.share(report, '');
    return report;
  }

  private string(value: string): string {
    const known = this.strings.get(value);
    if (known !== undefined) return known;
    if (this.strings.size < this.maxStrings) this.strings.set(value, value);
    return value;
  }

  /** `key`: the property holding `value` (an array's strings are pooled as its key says). */
  private share(value: object, key: string): void {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const v: unknown = value[i];
        if (typeof v === 'string') {
          if (!UNIQUE_KEYS.has(key)) value[i] = this.string(v);
        } else if (v !== null && typeof v === 'object') this.share(v, key);
      }
      return;
    }
    const record = value as Record<string, unknown>;
    for (const field of Object.keys(record)) {
      const v = record[field];
      if (typeof v === 'string') {
        if (!UNIQUE_KEYS.has(field)) record[field] = this.string(v);
      } else if (v !== null && typeof v === 'object') this.share(v, field);
    }
  }
}
