/**
 * The compact index of the report list: one slot per report, each list column in a typed array,
 * text values interned in dictionaries. About 100 bytes a report plus its own searchable text,
 * instead of the few kilobytes of a WerReport object graph.
 */
import { displayApplication, displayModule } from '../../../../shared/report-display';
import type { StoreKind, WerReport } from '../../../../shared/report-model';
import { exceptionText, offsetSortKey, quickFilterShared } from '../../../../shared/report-list-text';
import { sourceKey } from '../../../../shared/record-sources';
import { columnValue, eventTimeMs, NUMBER_COLUMNS, problemFacts, type NumberColumn } from '../../../../shared/problem-rows';
import { type PackedStrings, resized } from '../binary-sections';
import { OwnTextIndex } from './own-text';
import { StringDictionary } from './string-dictionary';

/** The stores, in the order their numbers are stored. */
export const STORE_KINDS: readonly StoreKind[] = ['ReportQueue', 'ReportArchive', 'Minidump', 'CrashDumps', 'EventLog', 'other'];

/** The interned text columns (numbers into `ReportColumns.texts`). */
export const TEXT_COLUMNS = ['event', 'application', 'version', 'module', 'exception', 'offset', 'source'] as const;
/** One interned text column. */
export type TextColumn = (typeof TEXT_COLUMNS)[number];

/** What a report puts in each column. */
function textValues(r: WerReport): Record<TextColumn, string> {
  return {
    event: r.eventType ?? '',
    application: displayApplication(r),
    version: r.fields.applicationVersion ?? '',
    module: displayModule(r),
    exception: exceptionText(r),
    offset: offsetSortKey(r.fields.exceptionOffset) ?? '',
    source: sourceKey(r),
  };
}

/**
 * A report's own search text (quickFilterParts' `own`: id, folder, machine) as the index keeps it:
 * the folder's parent apart (with its last separator: a few stores hold most folders, so it is
 * kept once per store instead of once per report), and the rest with the folder's name first
 * (a word spanning the two is found as a parent ending + a name beginning: see WordMatches), then
 * the id unless the name holds it already (a collector's folder names do: a word in the id is
 * found in the name), then the machine, one per line. All lower-cased. At 1,000,000 collected
 * reports that is ~90 bytes a report less than id, folder and machine in full.
 */
export function ownSearchParts(r: WerReport): { readonly parent: string; readonly rest: string } {
  const folder = r.folder.toLowerCase();
  const cut = afterLastSeparator(folder);
  const name = folder.slice(cut);
  const id = r.id.toLowerCase();
  const rest = [name, name.includes(id) ? '' : id, (r.machine ?? '').toLowerCase()].filter((v, i) => i === 0 || v !== '');
  return { parent: folder.slice(0, cut), rest: rest.join('\n') };
}

/** Where the text after a path's last separator (either kind) starts; 0 when it has none. */
export function afterLastSeparator(path: string): number {
  return Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/')) + 1;
}

/** Columns of every slot; a removed slot stays dead (slots keep the library's order) until `compacted`. */
export class ReportColumns {
  /** Slots in use, dead ones included. */
  length = 0;
  /** Report id of each slot: null for a dead one, undefined while only `packedIds` has it (see idAt). */
  private ids: (string | null | undefined)[] = [];
  /** The ids of a loaded index, decoded a slot at a time when first asked for (see adoptIds). */
  private packedIds: PackedStrings | null = null;
  alive = new Uint8Array(1024);
  /** Event time in ms since 1970, NaN when none. */
  time = new Float64Array(1024);
  store = new Uint8Array(1024);
  attachments = new Uint32Array(1024);
  /** Number of the report's shared search text in `sharedTexts`. */
  shared = new Uint32Array(1024);
  /** Number of the report's folder's parent in `parentTexts` (see ownSearchParts). */
  parent = new Uint32Array(1024);
  readonly text: Record<TextColumn, Uint32Array>;
  /** Values of the text columns (one dictionary: sort ranks are computed once for all). */
  texts = new StringDictionary();
  /** What problems are grouped by and summarise (numbers into `problemTexts`, -1 for none: see shared/problem-rows.ts). */
  readonly problem: Record<NumberColumn, Int32Array>;
  /** Values of the problem columns (keys, bucket ids, versions, machines, ...). */
  problemTexts = new StringDictionary();
  /** The shared search texts (see `quickFilterParts`): few distinct ones in a large library. */
  sharedTexts = new StringDictionary();
  /** The folders' parents, lower-cased, each with its last separator: a store's path, once (see ownSearchParts). */
  parentTexts = new StringDictionary();
  /** The rest of each report's own search text (see ownSearchParts). */
  own = new OwnTextIndex();
  /** Report id → slot; null until first needed after `adoptIds` (see slotOfId). */
  private slots: Map<string, number> | null = new Map<string, number>();
  liveCount = 0;
  /** Bumped by every put and remove: a copy made between pauses checks it did not change (see query-cache.ts). */
  changes = 0;

  constructor() {
    this.text = Object.fromEntries(TEXT_COLUMNS.map((c) => [c, new Uint32Array(1024)])) as Record<TextColumn, Uint32Array>;
    this.problem = Object.fromEntries(NUMBER_COLUMNS.map((c) => [c, new Int32Array(1024)])) as Record<NumberColumn, Int32Array>;
  }

  /**
   * Report id → slot of the live reports. After `adoptIds` it is built when first needed: a start
   * from the query index asks for none (300,000 entries were half of decoding the index).
   */
  get slotOfId(): Map<string, number> {
    if (!this.slots) {
      const slots = new Map<string, number>();
      for (let s = 0; s < this.length; s++) {
        const id = this.idAt(s);
        if (id !== null) slots.set(id, s);
      }
      this.slots = slots;
    }
    return this.slots;
  }

  /**
   * Takes the ids of slots 0.. as they are: a list (null for a dead slot), or a loaded index's
   * packed ids, decoded when first asked for (1,000,000 ids made at once were ~56 MB the library
   * holds already: see shareIds). The id map follows when first needed.
   */
  adoptIds(ids: (string | null)[] | PackedStrings): void {
    if (Array.isArray(ids)) {
      this.ids = ids;
      this.packedIds = null;
    } else {
      this.ids = new Array<undefined>(ids.length);
      this.packedIds = ids;
    }
    this.slots = null;
  }

  /** The report id of a slot; null for a dead one. */
  idAt(slot: number): string | null {
    const id = this.ids[slot];
    if (id !== undefined) return id;
    const decoded = this.packedIds && slot < this.packedIds.length ? this.packedIds.at(slot) : null;
    this.ids[slot] = decoded;
    return decoded;
  }

  /**
   * Gives each slot the id string held elsewhere (`held`: the library's own string for an id,
   * undefined when it has none), `slice` slots between `pause`s, so one string serves both: ids
   * decoded from a loaded index are otherwise a second copy of every id (~56 MB at 1,000,000
   * reports). Each is decoded for the lookup and dropped at once. Slots changed meanwhile hold
   * the library's string already; `signal` stops it. Once every slot has its id, the packed ids
   * go (their section of the file, ~40 MB at 1,000,000, is freed: see readSectionFile). The pause
   * is offered every 1,024 slots (it decides whether to yield): 20,000 slots at a time held the
   * event loop ~0.1 s at 1,000,000, and the first page after a warm start waited 3-5 s.
   */
  async shareIds(held: (id: string) => string | undefined, pause: () => Promise<void>, signal?: AbortSignal, slice = 1024): Promise<void> {
    for (let from = 0; from < this.length; from += slice) {
      if (signal?.aborted) return;
      const to = Math.min(this.length, from + slice);
      for (let s = from; s < to; s++) {
        const id = this.idAt(s);
        if (id !== null) this.ids[s] = held(id) ?? id;
      }
      await pause();
    }
    this.packedIds = null;
  }

  /** Stores a report in its slot (a new one at the end when its id is new); returns the slot. */
  put(r: WerReport): number {
    this.changes += 1;
    let slot = this.slotOfId.get(r.id);
    if (slot === undefined) {
      slot = this.length;
      this.reserve(slot + 1);
      this.length += 1;
      this.liveCount += 1;
      this.slotOfId.set(r.id, slot);
      this.ids[slot] = r.id;
    }
    this.alive[slot] = 1;
    this.time[slot] = eventTimeMs(r);
    this.store[slot] = Math.max(0, STORE_KINDS.indexOf(r.store));
    this.attachments[slot] = Array.isArray(r.attachments) ? r.attachments.length : 0;
    const values = textValues(r);
    for (const c of TEXT_COLUMNS) this.text[c][slot] = this.texts.intern(values[c]);
    const facts = problemFacts(r);
    for (const c of NUMBER_COLUMNS) {
      const value = columnValue(facts, c);
      this.problem[c][slot] = value === null ? -1 : this.problemTexts.intern(value);
    }
    this.shared[slot] = this.sharedTexts.intern(quickFilterShared(r));
    const own = ownSearchParts(r);
    this.parent[slot] = this.parentTexts.intern(own.parent);
    this.own.set(slot, own.rest);
    return slot;
  }

  /** The own search text of a slot as quickFilterParts gives it, in another order (parent and name joined back into the folder). */
  ownTextOf(slot: number): string {
    return this.parentTexts.valueOf(this.parent[slot] as number) + this.own.textOf(slot);
  }

  /** Marks a report's slot dead; false when the id is unknown. */
  remove(id: string): boolean {
    const slot = this.slotOfId.get(id);
    if (slot === undefined) return false;
    this.changes += 1;
    this.slotOfId.delete(id);
    this.alive[slot] = 0;
    this.ids[slot] = null;
    this.own.clear(slot);
    this.liveCount -= 1;
    return true;
  }

  /** The live slots in order. */
  liveSlots(): Uint32Array {
    const out = new Uint32Array(this.liveCount);
    let n = 0;
    for (let s = 0; s < this.length; s++) if (this.alive[s]) out[n++] = s;
    return out;
  }

  /** Bytes held by the typed columns and the own texts (strings and maps not counted). */
  get byteLength(): number {
    const columns = [this.alive, this.time, this.store, this.attachments, this.shared, this.parent, ...TEXT_COLUMNS.map((c) => this.text[c]), ...NUMBER_COLUMNS.map((c) => this.problem[c])];
    return columns.reduce((sum, a) => sum + a.byteLength, 0) + this.own.byteLength;
  }

  /**
   * These columns with slot i holding what slot `order[i]` holds (the same dictionaries): an index
   * built in the order reports were cheapest to read, put in the library's order. Every slot must
   * be live and `order` a permutation of them. The search texts move to the new columns (see
   * OwnTextIndex.takeReordered): these are left without them.
   */
  reordered(order: Uint32Array): ReportColumns {
    if (this.liveCount !== this.length || order.length !== this.length) throw new Error('reordered needs every slot live, each once in the order');
    const out = new ReportColumns();
    out.reserve(order.length);
    const permute = <T extends Uint8Array | Uint32Array | Int32Array | Float64Array>(from: T, to: T): void => {
      for (let i = 0; i < order.length; i++) to[i] = from[order[i] as number] as number;
    };
    permute(this.alive, out.alive);
    permute(this.time, out.time);
    permute(this.store, out.store);
    permute(this.attachments, out.attachments);
    permute(this.shared, out.shared);
    permute(this.parent, out.parent);
    for (const c of TEXT_COLUMNS) permute(this.text[c], out.text[c]);
    for (const c of NUMBER_COLUMNS) permute(this.problem[c], out.problem[c]);
    out.texts = this.texts;
    out.problemTexts = this.problemTexts;
    out.sharedTexts = this.sharedTexts;
    out.parentTexts = this.parentTexts;
    out.own = this.own.takeReordered(order);
    out.adoptIds(Array.from(order, (slot) => this.idAt(slot)));
    out.length = order.length;
    out.liveCount = order.length;
    return out;
  }

  /** Makes room for `size` slots. */
  reserve(size: number): void {
    if (size <= this.alive.length) return;
    const capacity = Math.max(size, this.alive.length * 2);
    this.alive = resized(this.alive, capacity);
    this.time = resized(this.time, capacity);
    this.store = resized(this.store, capacity);
    this.attachments = resized(this.attachments, capacity);
    this.shared = resized(this.shared, capacity);
    this.parent = resized(this.parent, capacity);
    for (const c of TEXT_COLUMNS) this.text[c] = resized(this.text[c], capacity);
    for (const c of NUMBER_COLUMNS) this.problem[c] = resized(this.problem[c], capacity);
  }
}
