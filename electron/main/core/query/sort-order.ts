/**
 * The order of all live slots for one list sort, with the list's rules (test/support/list-rules.ts):
 * text compared the human way (case-insensitive, "v2" before "v10") through ranks of the distinct
 * values, offsets by raw code units, empty values last in both directions, ties in slot order.
 * Keys become integer ranks, and rank and slot are packed into one float so the sort is the
 * engine's native numeric sort, not a million comparator calls.
 */
import type { QuerySort, QuerySortColumn } from '../../../../shared/query-model';
import { sourceKeyLabel } from '../../../../shared/record-sources';
import { storeLabel } from '../../../../shared/report-list-text';
import { STORE_KINDS, type ReportColumns, type TextColumn } from './report-columns';

const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const SLOT_SPACE = 2 ** 32;
/** Ranks above this cannot be packed with a slot into a float's 53 bits. */
const MAX_RANK = 2 ** 21 - 1;

/** Rank of each value (equal values, or values the comparison calls equal, share one); -1 for empty. */
function ranksOf(values: readonly string[], compare: (a: string, b: string) => number): Int32Array {
  const ids = values.map((_, i) => i).filter((i) => values[i] !== '');
  ids.sort((a, b) => compare(values[a] as string, values[b] as string));
  const ranks = new Int32Array(values.length).fill(-1);
  let rank = 0;
  ids.forEach((id, i) => {
    if (i > 0 && compare(values[ids[i - 1] as number] as string, values[id] as string) !== 0) rank += 1;
    ranks[id] = rank;
  });
  return ranks;
}

const rawCompare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Rank keys of numbers: the position of each distinct value among the sorted ones; -1 for NaN. */
function numberRanks(columns: ReportColumns, slots: Uint32Array, valueOf: (slot: number) => number): Int32Array {
  const values = new Float64Array(slots.length);
  slots.forEach((s, i) => (values[i] = valueOf(s)));
  const sorted = values.slice().sort();
  const ranks = new Int32Array(columns.length).fill(-1);
  slots.forEach((s, i) => {
    const v = values[i] as number;
    if (Number.isNaN(v)) return;
    let lo = 0;
    let hi = sorted.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((sorted[mid] as number) < v) lo = mid + 1;
      else hi = mid;
    }
    ranks[s] = lo;
  });
  return ranks;
}

/** Rank keys of a text column through its dictionary. */
function textRanks(columns: ReportColumns, column: TextColumn, label: (value: string) => string, compare: (a: string, b: string) => number): Int32Array {
  const byValue = ranksOf(columns.texts.all().map(label), compare);
  const values = columns.text[column];
  const ranks = new Int32Array(columns.length);
  for (let s = 0; s < columns.length; s++) ranks[s] = byValue[values[s] as number] ?? -1;
  return ranks;
}

/** Each slot's rank for a column (-1 = empty, sorted last). */
function slotRanks(columns: ReportColumns, column: QuerySortColumn, slots: Uint32Array): Int32Array {
  const same = (v: string) => v;
  switch (column) {
    case 'time':
      return numberRanks(columns, slots, (s) => columns.time[s] as number);
    case 'attachments':
      return numberRanks(columns, slots, (s) => columns.attachments[s] as number);
    case 'offset':
      return textRanks(columns, 'offset', same, rawCompare);
    case 'source':
      return textRanks(columns, 'source', (v) => (v === '' ? '' : sourceKeyLabel(v)), collator.compare);
    case 'store': {
      const byStore = ranksOf(STORE_KINDS.map(storeLabel), collator.compare);
      const ranks = new Int32Array(columns.length);
      for (let s = 0; s < columns.length; s++) ranks[s] = byStore[columns.store[s] as number] ?? -1;
      return ranks;
    }
    case 'event':
    case 'application':
    case 'version':
    case 'module':
    case 'exception':
      return textRanks(columns, column, same, collator.compare);
  }
}

/**
 * Whether live slots in slot order are already in the order of a number column's sort (ties in
 * slot order, none last): a loaded query index is saved in the list's order, so the newest-first
 * order a start makes is its slots as they are (~0.1 s of sorting at 300,000 reports saved).
 */
function inNumberOrder(values: Float64Array | Uint32Array, slots: Uint32Array, descending: boolean): boolean {
  let last = descending ? Infinity : -Infinity;
  let none = false;
  for (let i = 0; i < slots.length; i++) {
    const v = values[slots[i] as number] as number;
    if (Number.isNaN(v)) none = true;
    else if (none || (descending ? v > last : v < last)) return false;
    else last = v;
  }
  return true;
}

/**
 * Live slots that are in a number column's order one way (see inNumberOrder), in its order the
 * other way: the runs of equal values in reverse, each run still in slot order, none last. The
 * History view asks for the oldest report: at 1,000,000 sorting for it took ~0.4 s.
 */
function reversedRuns(values: Float64Array | Uint32Array, slots: Uint32Array): Uint32Array {
  let dated = slots.length;
  while (dated > 0 && Number.isNaN(values[slots[dated - 1] as number] as number)) dated -= 1;
  const out = new Uint32Array(slots.length);
  let n = 0;
  for (let end = dated; end > 0; ) {
    const value = values[slots[end - 1] as number] as number;
    let start = end - 1;
    while (start > 0 && values[slots[start - 1] as number] === value) start -= 1;
    for (let i = start; i < end; i++) out[n++] = slots[i] as number;
    end = start;
  }
  out.set(slots.subarray(dated), n);
  return out;
}

/** All live slots in the order of a sort. */
export function sortedSlots(columns: ReportColumns, sort: QuerySort): Uint32Array {
  const slots = columns.liveSlots();
  const numbers = sort.column === 'time' ? columns.time : sort.column === 'attachments' ? columns.attachments : null;
  if (numbers && inNumberOrder(numbers, slots, sort.direction === 'descending')) return slots;
  if (numbers && inNumberOrder(numbers, slots, sort.direction !== 'descending')) return reversedRuns(numbers, slots);
  const ranks = slotRanks(columns, sort.column, slots);
  const descending = sort.direction === 'descending';
  let highest = -1;
  for (const s of slots) highest = Math.max(highest, ranks[s] ?? -1);
  if (highest >= MAX_RANK) return compareSorted(slots, ranks, descending);
  const keyed = new Float64Array(slots.length);
  const empty: number[] = [];
  let n = 0;
  for (const s of slots) {
    const rank = ranks[s] ?? -1;
    if (rank < 0) empty.push(s);
    else keyed[n++] = (descending ? MAX_RANK - rank : rank) * SLOT_SPACE + s;
  }
  const order = keyed.subarray(0, n).sort();
  const out = new Uint32Array(slots.length);
  for (let i = 0; i < n; i++) out[i] = (order[i] as number) % SLOT_SPACE;
  empty.forEach((s, i) => (out[n + i] = s));
  return out;
}

/** The same order with a comparator: for more distinct keys than a packed float can hold. */
function compareSorted(slots: Uint32Array, ranks: Int32Array, descending: boolean): Uint32Array {
  const sign = descending ? -1 : 1;
  return slots.slice().sort((x, y) => {
    const a = ranks[x] ?? -1;
    const b = ranks[y] ?? -1;
    if (a < 0 || b < 0) return a === b ? x - y : a < 0 ? 1 : -1;
    return sign * (a - b) || x - y;
  });
}

/**
 * Compares two live slots as `sortedSlots` orders them (never 0 for two slots: ties go by slot),
 * value by value instead of through ranks: for placing a few changed slots into a kept order.
 */
export function slotComparator(columns: ReportColumns, sort: QuerySort): (x: number, y: number) => number {
  const sign = sort.direction === 'descending' ? -1 : 1;
  const ordered = <T>(valueOf: (slot: number) => T | null, compare: (a: T, b: T) => number) => {
    return (x: number, y: number): number => {
      const a = valueOf(x);
      const b = valueOf(y);
      if (a === null || b === null) return a === b ? x - y : a === null ? 1 : -1;
      return sign * compare(a, b) || x - y;
    };
  };
  const number = (values: ArrayLike<number>) =>
    ordered<number>(
      (s) => (Number.isNaN(values[s] as number) ? null : (values[s] as number)),
      (a, b) => a - b,
    );
  const text = (column: TextColumn, label: (value: string) => string, compare: (a: string, b: string) => number) => {
    const values = columns.text[column];
    return ordered<string>((s) => label(columns.texts.valueOf(values[s] as number)) || null, compare);
  };
  const same = (v: string) => v;
  switch (sort.column) {
    case 'time':
      return number(columns.time);
    case 'attachments':
      return number(columns.attachments);
    case 'offset':
      return text('offset', same, rawCompare);
    case 'source':
      return text('source', (v) => (v === '' ? '' : sourceKeyLabel(v)), collator.compare);
    case 'store': {
      const labels = STORE_KINDS.map(storeLabel);
      return ordered<string>((s) => labels[columns.store[s] as number] || null, collator.compare);
    }
    case 'event':
    case 'application':
    case 'version':
    case 'module':
    case 'exception':
      return text(sort.column, same, collator.compare);
  }
}

/**
 * A sort's order after some slots changed (added, replaced or removed): the changed slots leave
 * their old places and the live ones among them are put where `sortedSlots` would put them, each
 * found by binary search. O(order + changed × log order) instead of a new sort.
 */
export function patchedOrder(columns: ReportColumns, sort: QuerySort, order: Uint32Array, changed: readonly number[]): Uint32Array {
  const compare = slotComparator(columns, sort);
  const isChanged = new Uint8Array(columns.length);
  for (const s of changed) isChanged[s] = 1;
  const kept = new Uint32Array(order.length);
  let n = 0;
  for (const s of order) if (!isChanged[s]) kept[n++] = s;
  const moved = changed.filter((s) => columns.alive[s] === 1).sort(compare);
  const out = new Uint32Array(n + moved.length);
  let from = 0;
  let at = 0;
  for (const slot of moved) {
    let lo = from;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (compare(kept[mid] as number, slot) < 0) lo = mid + 1;
      else hi = mid;
    }
    out.set(kept.subarray(from, lo), at);
    at += lo - from;
    out[at++] = slot;
    from = lo;
  }
  out.set(kept.subarray(from, n), at);
  return out;
}
