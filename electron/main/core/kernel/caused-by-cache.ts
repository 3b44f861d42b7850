/**
 * The driver at fault of kernel dumps, for grouping Minidump records into problems (bug check +
 * driver). Records are listed from the header only; the driver needs the full triage read (a
 * small dump is read whole, a MEMORY.DMP by page walks), so it is read once per file version and
 * kept by path + size + mtime for the life of the process.
 */
import { stat } from 'node:fs/promises';
import type { WerReport } from '../../../../shared/report-model';
import { mapLimit } from '../map-limit';
import { readKernelDump } from './read-kernel-dump';

interface Cached {
  readonly size: number;
  readonly mtimeMs: number;
  readonly driver: string | null;
}

/** Entries kept at most (a Minidump folder holds tens of dumps; this only bounds a pathological tree). */
const MAX_ENTRIES = 10_000;
/** Dumps read at once when filling in many records. */
const CONCURRENCY = 4;

const cache = new Map<string, Cached>();

/** Records the driver at fault of a dump read elsewhere (the detail view reads it fully anyway). */
export function rememberCausedBy(path: string, file: { readonly size: number; readonly mtimeMs: number }, driver: string | null): void {
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(path, { size: file.size, mtimeMs: file.mtimeMs, driver });
}

/** Whether the cache holds an answer for this dump as it is on disk now (size and mtime as given). */
export function cachedCausedBy(path: string, size: number | null, mtimeMs: number | null): Cached | undefined {
  const hit = cache.get(path);
  return hit && hit.size === size && hit.mtimeMs === mtimeMs ? hit : undefined;
}

/** The driver at fault of a dump (null when no rule names one or the dump cannot be read), cached. */
export async function causedByDriverOf(path: string): Promise<string | null> {
  const info = await stat(path).catch(() => null);
  if (!info) return null;
  const hit = cachedCausedBy(path, info.size, info.mtimeMs);
  if (hit) return hit.driver;
  const read = await readKernelDump(path);
  const driver = read.ok ? (read.value.causedBy?.driver ?? null) : null;
  rememberCausedBy(path, info, driver);
  return driver;
}

/** A Minidump record with `fields.causedByDriver` filled in (other records are returned as they are). */
export async function withCausedBy(report: WerReport): Promise<WerReport> {
  if (report.store !== 'Minidump' || report.fields.causedByDriver || !report.eventType) return report;
  const driver = await causedByDriverOf(report.folder);
  return driver ? { ...report, fields: { ...report.fields, causedByDriver: driver } } : report;
}

/** withCausedBy over many records (a few dumps read at once), in the same order. */
export async function withCausedByAll(reports: readonly WerReport[]): Promise<WerReport[]> {
  if (!reports.some((r) => r.store === 'Minidump')) return [...reports];
  return mapLimit(reports, CONCURRENCY, withCausedBy);
}
