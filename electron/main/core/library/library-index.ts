import { existsSync } from 'node:fs';
import { sep } from 'node:path';
import type { LibraryEvent } from '../../../../shared/library-model';
import { summaryLine } from '../../../../shared/report-display';
import type { WerReport } from '../../../../shared/report-model';
import { Emitter } from '../emitter';
import type { CacheEntry, FolderStamp } from './report-cache';

const NO_STAMP: FolderStamp = { dirMtimeMs: 0, werSize: null, werMtimeMs: null };

/**
 * The reports of the library by folder, and the events their changes mean: added, updated
 * (including a move from ReportQueue to ReportArchive), removed after a grace period.
 */
export class LibraryIndex {
  private readonly byFolder = new Map<string, CacheEntry>();
  /** Report id → its folders, so a report is found by id without going through every entry. */
  private readonly byId = new Map<string, Set<string>>();
  private readonly removals = new Map<string, NodeJS.Timeout>();
  private readonly events = new Emitter<LibraryEvent>();

  /** @param onChange called after every change (the library schedules a cache write). */
  constructor(
    private readonly removeGraceMs: number,
    private readonly onChange: () => void,
  ) {}

  /** Every entry (report + the folder stamp it was read with). */
  entries(): IterableIterator<CacheEntry> {
    return this.byFolder.values();
  }

  get size(): number {
    return this.byFolder.size;
  }

  get(folder: string): CacheEntry | undefined {
    return this.byFolder.get(folder);
  }

  has(folder: string): boolean {
    return this.byFolder.has(folder);
  }

  /** The entries of the report with this id: normally one, more when the same report sits in two folders. */
  withId(id: string): CacheEntry[] {
    const found: CacheEntry[] = [];
    for (const folder of this.byId.get(id) ?? []) {
      const entry = this.byFolder.get(folder);
      if (entry) found.push(entry);
    }
    return found;
  }

  /** Takes an entry as it is, without an event (a cached report whose folder is unchanged). */
  adopt(entry: CacheEntry): void {
    this.put(entry);
  }

  /** Indexed folders at or below a folder. */
  foldersUnder(root: string): string[] {
    const prefix = root.endsWith(sep) ? root : root + sep;
    return [...this.byFolder.keys()].filter((f) => f === root || f.startsWith(prefix));
  }

  /** Listens to changes; returns the function that stops listening. */
  subscribe(listener: (event: LibraryEvent) => void): () => void {
    return this.events.subscribe(listener);
  }

  /** Sends an event to every listener; a failing listener does not stop the others. */
  emit(event: LibraryEvent): void {
    this.events.emit(event);
  }

  /** Adds or replaces a report; with `announce`, emits added / updated / moved. */
  upsert(report: WerReport, stamp: FolderStamp | null, announce: boolean): void {
    const folder = report.folder;
    const existing = this.byFolder.get(folder);
    this.cancelRemoval(folder);
    this.put({ stamp: stamp ?? NO_STAMP, report });
    this.onChange();
    if (!announce) return;
    const summary = summaryLine(report);
    if (existing) {
      if (JSON.stringify(existing.report) !== JSON.stringify(report)) this.emit({ kind: 'updated', report, summary, previousFolder: null });
      return;
    }
    // The same report in another folder that is gone: WER moved it (ReportQueue → ReportArchive).
    const moved = this.withId(report.id).find((e) => e.report.folder !== folder && !existsSync(e.report.folder));
    if (moved) {
      this.drop(moved.report.folder);
      this.cancelRemoval(moved.report.folder);
      this.emit({ kind: 'updated', report, summary, previousFolder: moved.report.folder });
      return;
    }
    this.emit({ kind: 'added', report, summary });
  }

  /** Removes a vanished folder after the grace period, unless it is back (or moved) by then. */
  scheduleRemoval(folder: string): void {
    if (this.removals.has(folder) || !this.byFolder.has(folder)) return;
    this.removals.set(
      folder,
      setTimeout(() => {
        this.removals.delete(folder);
        if (!existsSync(folder)) this.remove(folder, true);
      }, this.removeGraceMs),
    );
  }

  /** Removes a report now; with `announce`, emits removed. */
  remove(folder: string, announce: boolean): void {
    const entry = this.drop(folder);
    if (!entry) return;
    this.onChange();
    if (announce) this.emit({ kind: 'removed', id: entry.report.id, folder });
  }

  /** Cancels every pending removal (the library is closing). */
  cancelAll(): void {
    for (const t of this.removals.values()) clearTimeout(t);
    this.removals.clear();
  }

  /** Sets an entry, keeping the id map in step (a rewritten Report.wer can change a folder's id). */
  private put(entry: CacheEntry): void {
    const folder = entry.report.folder;
    const before = this.byFolder.get(folder);
    if (before && before.report.id !== entry.report.id) this.unlinkId(before.report.id, folder);
    this.byFolder.set(folder, entry);
    const folders = this.byId.get(entry.report.id);
    if (folders) folders.add(folder);
    else this.byId.set(entry.report.id, new Set([folder]));
  }

  /** Deletes an entry and its id link; returns it, or undefined when the folder was not indexed. */
  private drop(folder: string): CacheEntry | undefined {
    const entry = this.byFolder.get(folder);
    if (!entry) return undefined;
    this.byFolder.delete(folder);
    this.unlinkId(entry.report.id, folder);
    return entry;
  }

  private unlinkId(id: string, folder: string): void {
    const folders = this.byId.get(id);
    folders?.delete(folder);
    if (folders?.size === 0) this.byId.delete(id);
  }

  private cancelRemoval(folder: string): void {
    const t = this.removals.get(folder);
    if (t) clearTimeout(t);
    this.removals.delete(folder);
  }
}
