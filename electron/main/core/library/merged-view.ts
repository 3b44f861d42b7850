/**
 * The library's records as the user sees them: one per crash. Source records (a WER folder, a
 * LocalDumps or kernel dump, the crashes one event log records) come and go one by one; each change
 * re-merges only the records linked to it (same report id, same process, see core/records) and
 * says what the user's list gained, lost or saw change.
 */
import type { LibraryEvent } from '../../../../shared/library-model';
import { summaryLine } from '../../../../shared/report-display';
import type { RecordSource, WerReport } from '../../../../shared/report-model';
import { canJoinOthers, mergeRecords, recordLinks } from '../records/merge-records';
import { MultiMap } from './multi-map';
import { fullReport, type HeldReport, StoredReport } from './stored-report';

/** Ids added to the id map between two pauses of prepareIds. */
const FILL_SLICE = 5_000;

/** The key of one source: a WER folder or dump file by its path, an event by its log and record id. */
export function sourceKey(source: RecordSource): string {
  switch (source.kind) {
    case 'wer':
      return source.folder;
    case 'dump':
      return source.path;
    case 'eventlog':
      return `eventlog:${source.log ?? source.channel}#${source.recordId}`;
  }
}

/** The key of a source record: its first source's (a stored report is a WER folder's record alone: its folder). */
export function recordKey(record: HeldReport): string {
  if (record instanceof StoredReport) return record.folder;
  const first = record.sources[0];
  return first ? sourceKey(first) : record.folder;
}

/** One change of a source record: set (a record) or gone (null). */
export interface SourceChange {
  readonly key: string;
  readonly record: WerReport | null;
}

/**
 * Source records the view does not hold itself: the library's index of WER folders and dump files,
 * each record under its folder (a dump record's folder is its file). A collector's 1,000,000
 * folders were a second map of every record (~0.75 s of a warm start).
 */
export interface FolderRecords {
  /** The record under a folder, undefined when none. */
  recordAt(folder: string): HeldReport | undefined;
  /** Every record (live, like a Map's iteration). */
  records(): IterableIterator<HeldReport>;
  /**
   * The folders whose records are still as a loaded cache's table gave them and have this report
   * id: found without a map by id (a collector's 1,000,000 ids were ~1 s of background work and
   * ~100 MB), without making them.
   */
  rowFoldersWithId(id: string): Iterable<string>;
  /** The folder and report id of every other record (live, as records() is): the ones the view maps by id itself. */
  laterFolderIds(): IterableIterator<readonly [string, string]>;
  /** How many records there are. */
  readonly size: number;
  /**
   * The records made so far: every record but some kept on disk (see FolderMap), so every one
   * that can join others. What a start looks at without making the others.
   */
  madeRecords(): IterableIterator<HeldReport>;
}

const NO_FOLDERS: FolderRecords = {
  recordAt: () => undefined,
  records: () => [][Symbol.iterator](),
  rowFoldersWithId: () => [],
  laterFolderIds: () => [][Symbol.iterator](),
  size: 0,
  madeRecords: () => [][Symbol.iterator](),
};

/**
 * Source and merged records may be stored reports (kept on disk, see stored-report.ts): those are
 * WER folders' records that join nothing on their own, read back only where their content is
 * needed (asked for by id, merged with a joiner, compared after a change).
 *
 * The source records are the folder records (shared with the library's index, from the first
 * reset on) and the others the view holds itself (event log records). The index changes a folder
 * first and tells the view after: between the two, {@link folderChanging} keeps what the view
 * knew, so a change is compared with the records as they were.
 */
export class MergedView {
  /** Source records by {@link recordKey} that are not folder records (the events of logs). */
  private readonly own = new Map<string, HeldReport>();
  /** Whether the folder records are part of the view (from the first reset on). */
  private linked = false;
  /**
   * Folders the folder records changed that the view was not told about yet: the record the
   * view knows there (null: none). Emptied by the apply that follows the change.
   */
  private readonly changing = new Map<string, HeldReport | null>();
  /**
   * Link (report id, process) → the source records that have it; built when the first record that
   * can join others (an event, a dump) comes: until then every record is merged alone, and a
   * collector's 300,000 WER folders need no links (seconds of a start).
   */
  private byLink: MultiMap | null = null;
  /** Source records that can join others (see canJoinOthers). */
  private joiners = 0;
  /**
   * Merged records of more than one source, by the key of their first source. A source record
   * merged alone (nearly all of them) is its own merged record and is not held twice: it is the
   * merged record under its key unless that key is in `combined` or `mergedOf` (see mergedAt).
   */
  private readonly combined = new Map<string, WerReport>();
  /** Source record key → the key of the combined record it is part of, when that is another key. */
  private readonly mergedOf = new Map<string, string>();
  /**
   * Record id → merged record keys (one report in two folders has two), except for folder records
   * still as a loaded table gave them, which the folder records find by id themselves (see
   * unmappedKeysWithId). Made after a start, a slice at a time (see prepareIds; after a first
   * start it maps every record: 300,000 keys took ~0.3 s and its garbage), or at once by the
   * first lookup; from then on kept in step with every publish.
   */
  private ids: MultiMap | null = null;
  /** While `ids` is being filled: the published records not visited yet, key and id (see prepareIds). */
  private filling: Iterator<readonly [string, string]> | null = null;
  /** How many merged records there are. */
  private published = 0;

  /** @param folders the folder records (none: the view holds every source record itself). */
  constructor(private readonly folders: FolderRecords = NO_FOLDERS) {}

  get size(): number {
    return this.published;
  }

  /** Every merged record, unsorted (stored ones read from disk one at a time). */
  *records(): IterableIterator<WerReport> {
    for (const record of this.heldRecords()) yield fullReport(record);
  }

  /** Every merged record as held, unsorted: stored ones are not read. */
  *heldRecords(): IterableIterator<HeldReport> {
    for (const [key, record] of this.sources()) if (this.isAlone(key)) yield record;
    yield* this.combined.values();
  }

  /** The merged records with this id. */
  withId(id: string): WerReport[] {
    return [...this.keysWithId(id)].flatMap((k) => {
      const record = this.mergedAt(k);
      return record ? [fullReport(record)] : [];
    });
  }

  /**
   * The merged records with each of these ids (as {@link withId} gives them, an empty list for an
   * id none has). While the id map is still being filled (see prepareIds) the records it maps are
   * found in one pass over them instead of finishing the map at once: after a first start at
   * 1,000,000 reports the map takes ~0.8-1.2 s to make, the pass ~0.1 s.
   */
  withIds(ids: readonly string[]): Map<string, WerReport[]> {
    const found = new Map<string, WerReport[]>(ids.map((id) => [id, []]));
    if (this.ids !== null && this.filling === null) {
      for (const [id, list] of found) list.push(...this.withId(id));
      return found;
    }
    for (const [id, list] of found) {
      for (const key of this.unmappedKeysWithId(id)) {
        const record = this.sourceAt(key);
        if (record) list.push(fullReport(record));
      }
    }
    // The id first (the few wanted ones), whether the record is merged alone only then; a folder
    // record's key is its folder.
    for (const [folder, id] of this.laterFolderIds()) {
      const list = found.get(id);
      const record = list && this.isAlone(folder) ? this.sourceAt(folder) : undefined;
      if (list && record) list.push(fullReport(record));
    }
    for (const [key, record] of this.own) {
      const list = found.get(record.id);
      if (list && this.isAlone(key)) list.push(fullReport(record));
    }
    for (const record of this.combined.values()) found.get(record.id)?.push(record);
    return found;
  }

  /**
   * The id string of the (first) merged record with this id the id map holds, as the view holds
   * it; undefined when none has it, or only records still as a loaded table gave them (their ids
   * are not made for this: see FolderRecords.rowFoldersWithId).
   */
  heldId(id: string): string | undefined {
    for (const mk of this.idMap().get(id)) return this.mergedAt(mk)?.id;
    return undefined;
  }

  /**
   * The keys of the WER folders and dump files in the merged records with this id (what the
   * library's index holds them under), without reading stored ones.
   */
  foldersWithId(id: string): string[] {
    const folders: string[] = [];
    for (const mk of this.keysWithId(id)) {
      const record = this.mergedAt(mk);
      if (record instanceof StoredReport) folders.push(record.folder);
      else if (record) for (const s of record.sources) if (s.kind !== 'eventlog') folders.push(sourceKey(s));
    }
    return folders;
  }

  /**
   * Starts over from the folder records as they are now and these other source records (the
   * library's start): no events. From now on every change of the folder records must be told
   * (folderChanging, then apply).
   */
  reset(others: readonly HeldReport[]): void {
    this.own.clear();
    this.linked = true;
    this.changing.clear();
    this.byLink = null;
    this.joiners = 0;
    this.combined.clear();
    this.mergedOf.clear();
    this.ids = null;
    this.filling = null;
    this.published = 0;
    for (const record of this.folders.madeRecords()) if (joins(record)) this.joiners += 1;
    for (const r of others) this.link(recordKey(r), r);
    // One merge of everything: the same records as merging each linked group on its own.
    if (this.joiners === 0) {
      this.published = this.folders.size;
      for (const record of others) this.publish(record);
      return;
    }
    this.linkIndex();
    for (const record of mergeRecords([...this.folderSources(), ...others].map(fullReport))) {
      // A record merged alone is its source (one kept on disk stays there).
      this.publish(record.sources.length === 1 ? (this.sourceAt(recordKey(record)) ?? record) : record);
    }
  }

  /**
   * The folder records are about to change under `folder` (`before` is its record there now,
   * undefined when none): the view keeps that record as its source there until the change is
   * applied. Called again before then, the first record stays.
   */
  folderChanging(folder: string, before: HeldReport | undefined): void {
    if (this.linked && !this.changing.has(folder)) this.changing.set(folder, before ?? null);
  }

  /**
   * Fills the id map a slice at a time between `pause`s, so no start or request waits for it
   * whole; a lookup meanwhile finishes it at once, `signal` (closing) leaves the rest to it.
   */
  async prepareIds(pause: () => Promise<void>, signal?: AbortSignal): Promise<void> {
    this.startIds();
    while (this.filling && !signal?.aborted) {
      this.fillIds(FILL_SLICE);
      await pause();
    }
  }

  /** The id map, complete. */
  private idMap(): MultiMap {
    this.startIds();
    this.fillIds(Infinity);
    return this.ids as MultiMap;
  }

  /** Starts the id map when there is none: from now on every publish keeps it in step. */
  private startIds(): void {
    if (this.ids) return;
    this.ids = new MultiMap();
    this.filling = this.publishedIds();
  }

  /**
   * Adds up to `count` of the published records not visited yet. One published meanwhile was
   * added by publish (adding it again changes nothing); one unpublished is no longer visited (a
   * Map's iteration skips deleted keys) or was removed by unpublish.
   */
  private fillIds(count: number): void {
    const { ids, filling } = this;
    if (!ids || !filling) return;
    for (let n = 0; n < count; n++) {
      const next = filling.next();
      if (next.done) {
        this.filling = null;
        return;
      }
      const [key, id] = next.value;
      ids.add(id, key);
    }
  }

  /**
   * The key and id of every merged record the id map holds, as published when it is reached (see
   * fillIds): all but the folder records still as a loaded table gave them.
   */
  private *publishedIds(): Generator<readonly [string, string]> {
    for (const [folder, id] of this.laterFolderIds()) if (this.isAlone(folder)) yield [folder, id];
    for (const [key, record] of this.own) if (this.isAlone(key)) yield [key, record.id];
    for (const [key, record] of this.combined) yield [key, record.id];
  }

  /** The source record under a key as the view knows it (see changing). */
  private sourceAt(key: string): HeldReport | undefined {
    const own = lookUp(this.own, key);
    if (own !== undefined || !this.linked) return own;
    const before = lookUp(this.changing, key);
    if (before !== undefined) return before ?? undefined;
    return this.folders.recordAt(key);
  }

  /** The folder records as the view knows them (see changing); each one's key is its folder. */
  private *folderSources(): Generator<HeldReport> {
    if (!this.linked) return;
    const changing = this.changing;
    for (const record of this.folders.records()) if (changing.size === 0 || !changing.has(record.folder)) yield record;
    for (const before of changing.values()) if (before) yield before;
  }

  /**
   * The keys of the merged records with this id: those the id map holds, and the unmapped ones
   * (see unmappedKeysWithId).
   */
  private keysWithId(id: string): Iterable<string> {
    const mapped = this.idMap().get(id);
    let keys: Set<string> | null = null;
    for (const key of this.unmappedKeysWithId(id)) (keys ??= new Set(mapped)).add(key);
    return keys ?? mapped;
  }

  /**
   * Keys of records merged alone with this id that the id map may not hold: folder records still
   * as a loaded table gave them (found by the folder records), and those about to change (the
   * view's record there is the one it knew: see changing).
   */
  private *unmappedKeysWithId(id: string): Generator<string> {
    if (!this.linked) return;
    for (const folder of this.folders.rowFoldersWithId(id)) if (lookUp(this.changing, folder) === undefined && this.isAlone(folder)) yield folder;
    for (const [folder, before] of this.changing) if (before?.id === id && this.isAlone(folder)) yield folder;
  }

  /** The folder records set since a table gave them, folder and id, as the view knows them (see changing). */
  private *laterFolderIds(): Generator<readonly [string, string]> {
    if (!this.linked) return;
    const changing = this.changing;
    for (const pair of this.folders.laterFolderIds()) if (changing.size === 0 || !changing.has(pair[0])) yield pair;
  }

  /** Every source record with its key. */
  private *sources(): Generator<readonly [string, HeldReport]> {
    for (const record of this.folderSources()) yield [record.folder, record];
    yield* this.own;
  }

  /**
   * Applies changes of source records and returns the events they mean for the merged list: a
   * record gone and another with the same id come together are one `updated` (a report WER moved).
   */
  apply(changes: readonly SourceChange[]): LibraryEvent[] {
    if (changes.some((c) => c.record !== null && canJoinOthers(c.record))) this.linkIndex();
    // Everything linked to a changed record before and after the change is merged again.
    const changed = new Set(changes.map((c) => c.key));
    const touched = this.component([...changed]);
    // The merged records as they are: those of the changed sources before the sources change
    // (a record merged alone is its source).
    const before = new Map<string, HeldReport>();
    const collect = (keys: Iterable<string>) => {
      for (const k of keys) {
        const mk = this.mergedKeyOf(k);
        const m = mk === undefined ? undefined : this.mergedAt(mk);
        if (mk !== undefined && m) before.set(mk, m);
      }
    };
    collect(touched);
    for (const { key, record } of changes) {
      this.unlink(key);
      if (record) this.link(key, record);
    }
    const present = this.component([...touched, ...changed]);
    collect([...present].filter((k) => !changed.has(k) && !touched.has(k)));
    for (const k of present) touched.add(k);
    for (const [mk, m] of before) this.unpublish(mk, m);
    const after = new Map<string, HeldReport>();
    const done = new Set<string>();
    for (const key of present) {
      if (done.has(key)) continue;
      const component = this.component([key]);
      for (const k of component) done.add(k);
      for (const record of this.mergeComponent(component)) after.set(this.publish(record), record);
    }
    return diffEvents(before, after);
  }

  /** Every source record reachable from these keys through shared links. */
  private component(start: readonly string[]): Set<string> {
    const found = new Set<string>();
    const queue = start.filter((k) => this.sourceAt(k) !== undefined);
    for (const k of queue) found.add(k);
    const byLink = this.byLink;
    // No links yet: nothing can join anything.
    if (byLink === null) return found;
    while (queue.length > 0) {
      const key = queue.pop() as string;
      const record = this.sourceAt(key);
      if (!record) continue;
      for (const link of recordLinks(fullReport(record))) {
        for (const other of byLink.get(link)) {
          if (found.has(other)) continue;
          found.add(other);
          queue.push(other);
        }
      }
    }
    return found;
  }

  /**
   * The merged records of one component. A record merged alone is its source record itself (no
   * copy: one kept on disk stays there).
   */
  private mergeComponent(keys: ReadonlySet<string>): readonly HeldReport[] {
    const members = [...keys].flatMap((k) => this.sourceAt(k) ?? []);
    if (members.length === 1) return members;
    return mergeRecords(members.map(fullReport)).map((r) => (r.sources.length === 1 ? (this.sourceAt(recordKey(r)) ?? r) : r));
  }

  /** The link index, built from every source record the first time it is needed. */
  private linkIndex(): MultiMap {
    if (this.byLink === null) {
      const byLink = new MultiMap();
      for (const [key, record] of this.sources()) for (const l of recordLinks(fullReport(record))) byLink.add(l, key);
      this.byLink = byLink;
    }
    return this.byLink;
  }

  /**
   * Adds a source record: a folder record is the folder records' own (the one they hold under
   * `key` now); any other the view holds itself.
   */
  private link(key: string, record: HeldReport): void {
    if (!this.linked || this.folders.recordAt(key) !== record) this.own.set(key, record);
    if (joins(record)) this.joiners += 1;
    if (this.byLink) for (const l of recordLinks(fullReport(record))) this.byLink.add(l, key);
    // The first record that can join others: links for every record, this one included.
    else if (this.joiners > 0) this.linkIndex();
  }

  /** Removes a source record (the folder records' change under `key` is applied from now on). */
  private unlink(key: string): void {
    const record = this.sourceAt(key);
    this.own.delete(key);
    this.changing.delete(key);
    if (!record) return;
    if (joins(record)) this.joiners -= 1;
    if (this.byLink) for (const l of recordLinks(fullReport(record))) this.byLink.delete(l, key);
  }

  /** Whether the source record under `key` is merged alone (it is then its own merged record). */
  private isAlone(key: string): boolean {
    return lookUp(this.combined, key) === undefined && lookUp(this.mergedOf, key) === undefined;
  }

  /** The merged record under a merged key. */
  private mergedAt(mk: string): HeldReport | undefined {
    return lookUp(this.combined, mk) ?? (lookUp(this.mergedOf, mk) !== undefined ? undefined : this.sourceAt(mk));
  }

  /** The key of the merged record a source record is part of (its own when merged alone). */
  private mergedKeyOf(key: string): string | undefined {
    return lookUp(this.mergedOf, key) ?? (this.sourceAt(key) !== undefined || lookUp(this.combined, key) !== undefined ? key : undefined);
  }

  /** Adds a merged record (a source record merged alone, or one combined from several); returns its key. */
  private publish(record: HeldReport): string {
    const mk = recordKey(record);
    this.published += 1;
    this.ids?.add(record.id, mk);
    if (record instanceof StoredReport || this.sourceAt(mk) === record) return mk;
    this.combined.set(mk, record);
    for (const s of record.sources) {
      const k = sourceKey(s);
      if (k !== mk && this.sourceAt(k) !== undefined) this.mergedOf.set(k, mk);
    }
    return mk;
  }

  /** Removes a merged record (as it was when published: its sources may have changed since). */
  private unpublish(mk: string, record: HeldReport): void {
    this.published -= 1;
    this.ids?.delete(record.id, mk);
    if (this.combined.get(mk) !== record) return;
    this.combined.delete(mk);
    for (const s of (record as WerReport).sources) {
      const k = sourceKey(s);
      if (this.mergedOf.get(k) === mk) this.mergedOf.delete(k);
    }
  }
}

/**
 * A map's value under a key, without looking when the map is empty (as it mostly is: no event log
 * records, nothing merged, nothing changing). A lookup hashes the key, and a collector's folder
 * paths (~150 characters) are hashed by nothing else: 1,000,000 of them after a start cost ~1 s.
 */
function lookUp<T>(map: ReadonlyMap<string, T>, key: string): T | undefined {
  return map.size === 0 ? undefined : map.get(key);
}

/** Whether a record can join others (a stored report never can: see {@link recordKey}). */
function joins(record: HeldReport): boolean {
  return !(record instanceof StoredReport) && canJoinOthers(record);
}

/** What changed between two sets of merged records (by key), as library events. */
function diffEvents(before: ReadonlyMap<string, HeldReport>, after: ReadonlyMap<string, HeldReport>): LibraryEvent[] {
  const events: LibraryEvent[] = [];
  const gone = new Map<string, HeldReport>();
  for (const [k, r] of before) if (!after.has(k)) gone.set(r.id, r);
  for (const [k, held] of after) {
    const old = before.get(k);
    if (old === held) continue;
    const r = fullReport(held);
    if (old) {
      if (JSON.stringify(fullReport(old)) !== JSON.stringify(r)) events.push({ kind: 'updated', report: r, summary: summaryLine(r), previousFolder: null });
      continue;
    }
    const moved = gone.get(r.id);
    if (moved) {
      gone.delete(r.id);
      events.push({ kind: 'updated', report: r, summary: summaryLine(r), previousFolder: moved.folder === r.folder ? null : moved.folder });
    } else events.push({ kind: 'added', report: r, summary: summaryLine(r) });
  }
  for (const r of gone.values()) events.push({ kind: 'removed', id: r.id, folder: r.folder });
  return events;
}
