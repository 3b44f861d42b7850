/**
 * Reports a first start sets aside on disk while it reads. A start with nothing cached parses
 * every report folder (~1.4 KB of objects a report); holding them all until the cache is first
 * written was ~0.6 GB at 300,000 reports, and would be ~2 GB at 1,000,000. Instead, every few
 * thousand reports read are appended to a spill file beside the cache (each report's JSON, one
 * after the other) and held as StoredReports pointing into it, as a warm start holds the cache's.
 * The next cache save copies their bytes from there (no second JSON.stringify) and points them at
 * the cache; then the spill file is removed. Each start has a file of its own (a library swapped
 * in while the previous one still reads from its file must not touch it); the ones a crashed
 * start left are removed by the next start.
 */
import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { WerReport } from '../../../../shared/report-model';
import { closeRecordFiles, RecordsFile, StoredPlaces, StoredReport } from './stored-report';

/** Spill files of this process still in use (never removed as left behind). */
const inUse = new Set<string>();
let started = 0;

/** Whether a file name is one of the spill files of a report cache (see newSpillFile). */
export function isSpillFileOf(cacheFile: string, name: string): boolean {
  return name.startsWith(`${basename(cacheFile)}.`) && name.endsWith('.spill');
}

/** A new spill file name beside a report cache: `<cache>.<pid>-<n>.spill`. */
function newSpillFile(cacheFile: string): string {
  started += 1;
  return `${cacheFile}.${process.pid}-${started}.spill`;
}

/** Removes the spill files beside a report cache that no library of this process uses (left by a crash). */
export function removeLeftSpills(cacheFile: string): void {
  let names: string[];
  try {
    names = readdirSync(dirname(cacheFile));
  } catch {
    return;
  }
  for (const name of names) {
    const path = join(dirname(cacheFile), name);
    if (!isSpillFileOf(cacheFile, name) || inUse.has(path)) continue;
    try {
      rmSync(path, { force: true });
    } catch {
      // Not a file, or not ours to remove: it only costs disk space.
    }
  }
}

/** When a start spills: more folders to read than `above`, a spill every `every` reports read. */
export interface SpillOptions {
  readonly above: number;
  readonly every: number;
}

/** Defaults: a workstation's few hundred reports never spill; a collector's hold ~5,000 in memory at most. */
export const DEFAULT_SPILL: SpillOptions = { above: 20_000, every: 5_000 };

/** The spill file of one start (see the file comment). */
export class ReportSpill {
  /** Where each spilled report is (its row), and its folder's stamp once the index gives it. */
  private readonly places: StoredPlaces;
  private fd: number | null = null;
  private written = 0;
  private failed = false;
  private ended = false;

  /** The file is made at the first write. */
  readonly path: string;

  /** A new spill file beside `cacheFile`. */
  constructor(cacheFile: string) {
    this.path = newSpillFile(cacheFile);
    this.places = new StoredPlaces(new RecordsFile(this.path));
    inUse.add(this.path);
  }

  /**
   * Appends the reports' JSON; their stored copies, in order, or null when the file cannot be
   * written (then, and for every later call, the reports stay in memory: nothing is lost).
   */
  write(reports: readonly WerReport[]): StoredReport[] | null {
    if (this.failed || this.ended) return null;
    try {
      if (this.fd === null) {
        // A data folder nothing was saved in yet (a first `serve --data-dir DIR`) does not exist.
        mkdirSync(dirname(this.path), { recursive: true });
        this.fd = openSync(this.path, 'w');
      }
      const parts = reports.map((r) => Buffer.from(JSON.stringify(r)));
      const data = Buffer.concat(parts);
      let done = 0;
      while (done < data.length) done += writeSync(this.fd, data, done, data.length - done, this.written + done);
      let at = this.written;
      this.written += data.length;
      return reports.map((r, i) => {
        const length = (parts[i] as Buffer).length;
        // No stamp yet: the index gives it its folder's (see LibraryIndex.store).
        const stored = new StoredReport(r.id, r.folder, this.places, this.places.add(at, length, null));
        at += length;
        return stored;
      });
    } catch {
      this.failed = true;
      this.close();
      return null;
    }
  }

  /** Ends the writing (the start's reads are done); the file stays for the reports stored in it until `remove`. */
  close(): void {
    this.ended = true;
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }

  /** Whether the writing ended: a cache save from then on moves every report stored here. */
  get closed(): boolean {
    return this.ended;
  }

  /** Removes the file: once no stored report points into it (a cache save moved them all). */
  remove(): void {
    this.close();
    closeRecordFiles();
    try {
      rmSync(this.path, { force: true });
    } catch {
      // Gone or not removable: the next start tries again.
    }
    inUse.delete(this.path);
  }
}
