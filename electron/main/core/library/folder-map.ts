/**
 * A map by folder path that can start from the rows of a loaded records table (see
 * cache-records.ts) without a step per row: a row is found through the hash of its folder saved in
 * the table, and its value is made when it is first reached (the start's comparison of the
 * folders, in the background, reaches them all). Making a Map of a 1,000,000-report collector's
 * folders (~150 characters each) hashed every path and made an entry object for each: ~1.1-1.2 s
 * of a warm start.
 *
 * A row is also found by its report id, through the id's hash saved in the table (see
 * rowKeysWithId), while its value is still its table's: the merged list maps by id only the
 * other records (a map of 1,000,000 ids was ~1 s of background work after a start and ~100 MB).
 *
 * It behaves as a Map<string, V>: the same values, size and iteration order, and iteration sees
 * changes made meanwhile as a Map's does (a key set again keeps its place, one deleted is skipped,
 * one added is reached). The rows come first in iteration, in table order, then the keys added
 * after; a row's key deleted and set again is added (as a Map moves it to the end).
 */

import type { FolderStamp } from '../store/folder-stamp';

/** How many code units at the end of a folder path its hash covers (see folderHash). */
const HASHED_TAIL = 32;

/**
 * The hash of a folder path (or a report id) the records table saves for each row: FNV-1a over
 * its length and its last 32 UTF-16 code units. The end of a report folder's name is its own (a
 * GUID, a dump's process id and time), while its start is the store's path, the same for every
 * folder of the store: hashing whole paths (~150 code units) cost ~1 µs a lookup (0.95 s for
 * 1,000,000, as many as the lookups after a start; 0.1 s this way). Paths that differ only further
 * up (the same folder name in two stores) share a hash and are told apart by comparing them.
 */
export function folderHash(folder: string): number {
  let h = Math.imul(0x811c9dc5 ^ folder.length, 0x01000193);
  for (let i = Math.max(0, folder.length - HASHED_TAIL); i < folder.length; i++) h = Math.imul(h ^ folder.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** A folder as a map holds it: its own string of the path, and the stamp its value was read with. */
export interface KnownFolder {
  readonly folder: string;
  readonly stamp: FolderStamp;
}

/** A table's rows, as a FolderMap starts from them. */
export interface FolderRows<V> {
  readonly count: number;
  /** Each row's folder. */
  readonly folders: readonly string[];
  /** Each row's folderHash (as saved: a row whose hash is wrong is in iteration but never found by key). */
  readonly hashes: Uint32Array;
  /** Each row's report id (decoded when asked for), and its folderHash as saved (see rowKeysWithId). */
  idAt(row: number): string;
  readonly idHashes: Uint32Array;
  /** A row's value, made when the row is first reached (then kept: the same value each time). */
  make(row: number): V;
  /** The folder stamp a row's value was read with (see known). */
  stampAt(row: number): FolderStamp;
}

const EMPTY = -1;

export class FolderMap<V> {
  private readonly rows: FolderRows<V> | null;
  /** Open addressing over the rows: the row at each slot (EMPTY: none), probed linearly from hash & mask. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  /** The value of each row reached or set so far (undefined: not made yet, or deleted). */
  private readonly made: (V | undefined)[];
  /** 1 where a row's key was deleted (a row's key set again after that is in `added`). */
  private readonly gone: Uint8Array;
  /** 1 where a row's value was set to another report (its id may not be its table's any more). */
  private readonly replaced: Uint8Array;
  /** Open addressing over the rows by the hash of their ids (see rowKeysWithId), as `slots` by folder. */
  private readonly idSlots: Int32Array;
  private rowsLeft: number;
  /**
   * A row whose folder a later row repeats → that later row: the key keeps the first row's place
   * and takes the last one's value, as setting them in order into a Map does.
   */
  private readonly repeated = new Map<number, number>();
  /** The keys that are not rows, in the order they were added. */
  private readonly added = new Map<string, V>();

  /**
   * An empty map, or one that holds the rows of a table as a Map they were set into in order
   * would, leaving out the rows `skipped` marks (1).
   */
  constructor(rows?: FolderRows<V>, skipped?: Uint8Array) {
    this.rows = rows ?? null;
    const count = rows?.count ?? 0;
    let capacity = 1;
    while (capacity < count * 2) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(EMPTY);
    this.mask = capacity - 1;
    this.made = new Array<V | undefined>(count);
    this.gone = new Uint8Array(count);
    if (skipped) this.gone.set(skipped.subarray(0, count));
    this.replaced = new Uint8Array(count);
    this.rowsLeft = count;
    for (let row = 0; row < count; row++) {
      if (this.gone[row] === 1) this.rowsLeft -= 1;
      else this.place(rows as FolderRows<V>, row);
    }
    this.idSlots = new Int32Array(capacity).fill(EMPTY);
    for (let row = 0; row < count; row++) {
      if (this.gone[row] === 1) continue;
      let i = ((rows as FolderRows<V>).idHashes[this.valueRow(row)] as number) & this.mask;
      while (this.idSlots[i] !== EMPTY) i = (i + 1) & this.mask;
      this.idSlots[i] = row;
    }
  }

  get size(): number {
    return this.rowsLeft + this.added.size;
  }

  get(key: string): V | undefined {
    const value = this.addedValue(key);
    if (value !== undefined || this.rowsLeft === 0) return value;
    const row = this.rowOf(key);
    return row === EMPTY ? undefined : this.valueAt(row);
  }

  /**
   * The map's own string of a key and the stamp its value was read with (`knownOf` says it of a
   * made value), without making a row's value: what comparing a listing's folders with the map
   * needs (it made every report of a 1,000,000-row table). Undefined when the key is not here.
   */
  known(key: string, knownOf: (value: V) => KnownFolder): KnownFolder | undefined {
    const value = this.addedValue(key);
    if (value !== undefined) return knownOf(value);
    const row = this.rowsLeft > 0 ? this.rowOf(key) : EMPTY;
    if (row === EMPTY) return undefined;
    const made = this.made[row];
    if (made !== undefined) return knownOf(made);
    const rows = this.rows as FolderRows<V>;
    return { folder: rows.folders[row] as string, stamp: rows.stampAt(this.valueRow(row)) };
  }

  has(key: string): boolean {
    return (this.added.size > 0 && this.added.has(key)) || (this.rowsLeft > 0 && this.rowOf(key) !== EMPTY);
  }

  /**
   * Sets a key's value. `sameId`: the value has the report id of the one it replaces (a report
   * swapped for its stored copy), so a row's key is still found through its table's id.
   */
  set(key: string, value: V, sameId = false): this {
    const row = this.rowsLeft > 0 ? this.rowOf(key) : EMPTY;
    if (row === EMPTY) this.added.set(key, value);
    else {
      this.made[row] = value;
      if (!sameId) this.replaced[row] = 1;
    }
    return this;
  }

  delete(key: string): boolean {
    if (this.added.size > 0 && this.added.delete(key)) return true;
    const row = this.rowsLeft > 0 ? this.rowOf(key) : EMPTY;
    if (row === EMPTY) return false;
    this.gone[row] = 1;
    this.made[row] = undefined;
    this.rowsLeft -= 1;
    return true;
  }

  // Without rows (a first start's map) the Map's own iterators: no generator step per key.
  keys(): IterableIterator<string> {
    return this.rows ? this.rowsThenAdded((_row, folder) => folder, this.added.keys()) : this.added.keys();
  }

  values(): IterableIterator<V> {
    return this.rows ? this.rowsThenAdded((row) => this.valueAt(row), this.added.values()) : this.added.values();
  }

  entries(): IterableIterator<[string, V]> {
    return this.rows ? this.rowsThenAdded((row, folder): [string, V] => [folder, this.valueAt(row)], this.added.entries()) : this.added.entries();
  }

  [Symbol.iterator](): IterableIterator<[string, V]> {
    return this.entries();
  }

  /**
   * The keys whose values are still their table's reports (made or not, or swapped for a copy: see
   * set) and whose rows' report id is `id`: found through the ids' hashes, without a map by id.
   * Making none.
   */
  *rowKeysWithId(id: string): IterableIterator<string> {
    const { rows, idSlots, mask, gone, replaced } = this;
    if (!rows || this.rowsLeft === 0) return;
    const hash = folderHash(id);
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const row = idSlots[i] as number;
      if (row === EMPTY) return;
      if (gone[row] === 1 || replaced[row] === 1) continue;
      const from = this.valueRow(row);
      if (rows.idHashes[from] === hash && rows.idAt(from) === id) yield rows.folders[row] as string;
    }
  }

  /**
   * Each key whose value is not its table's report (set to another, or added), with its value's
   * report id as `idOf` gives it, in iteration order (live, as keys() is): every key
   * rowKeysWithId does not find.
   */
  *laterKeyIds(idOf: (value: V) => string): IterableIterator<readonly [string, string]> {
    const { rows, gone, replaced, made } = this;
    if (rows) {
      for (let row = 0; row < rows.count; row++) {
        if (replaced[row] === 1 && gone[row] === 0) yield [rows.folders[row] as string, idOf(made[row] as V)];
      }
    }
    for (const [key, value] of this.added) yield [key, idOf(value)];
  }

  /**
   * The values made so far (reached, or set), in iteration order: every value but those of rows
   * not reached yet, which are exactly as their table made them.
   */
  *madeValues(): IterableIterator<V> {
    const { rows, gone, made } = this;
    if (rows) {
      for (let row = 0; row < rows.count; row++) {
        const value = made[row];
        if (value !== undefined && gone[row] === 0) yield value;
      }
    }
    yield* this.added.values();
  }

  /** Each row not deleted as `of` gives it, then what `after` gives (live: see the class comment). */
  private *rowsThenAdded<T>(of: (row: number, folder: string) => T, after: IterableIterator<T>): Generator<T> {
    const { rows, gone } = this;
    if (rows) for (let row = 0; row < rows.count; row++) if (gone[row] === 0) yield of(row, rows.folders[row] as string);
    yield* after;
  }

  /**
   * A key's value among the keys added after the rows; not even looked up when there are none (a
   * lookup hashes the key: see lookUp in merged-view.ts).
   */
  private addedValue(key: string): V | undefined {
    return this.added.size === 0 ? undefined : this.added.get(key);
  }

  /** A row's value, made now when it was not. */
  private valueAt(row: number): V {
    let value = this.made[row];
    if (value === undefined) this.made[row] = value = (this.rows as FolderRows<V>).make(this.valueRow(row));
    return value;
  }

  /** The row a row's value is made from: its own, or the last one repeating its folder (see repeated). */
  private valueRow(row: number): number {
    return this.repeated.size === 0 ? row : (this.repeated.get(row) ?? row);
  }

  /** The row whose key this is and is not deleted; EMPTY when none. */
  private rowOf(key: string): number {
    const { rows, slots, mask, gone } = this;
    if (!rows) return EMPTY;
    const hash = folderHash(key);
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const row = slots[i] as number;
      if (row === EMPTY) return EMPTY;
      if (rows.hashes[row] === hash && gone[row] === 0 && rows.folders[row] === key) return row;
    }
  }

  /** Puts a row in its slot; one repeating an earlier row's folder gives that row its value instead (see repeated). */
  private place(rows: FolderRows<V>, row: number): void {
    const hash = (rows.hashes[row] as number) >>> 0;
    const { slots, mask } = this;
    let i = hash & mask;
    for (; slots[i] !== EMPTY; i = (i + 1) & mask) {
      const other = slots[i] as number;
      if (rows.hashes[other] === hash && rows.folders[other] === rows.folders[row]) {
        this.gone[row] = 1;
        this.rowsLeft -= 1;
        this.repeated.set(other, row);
        return;
      }
    }
    slots[i] = row;
  }
}
