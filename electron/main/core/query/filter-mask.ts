/**
 * Evaluates a filter over the columns: one byte per slot with a bit for each part of the filter
 * the report fails. A report is shown when its byte is 0; a facet's counts take the reports that
 * fail nothing but that facet (so each count is what checking the value would show). Same rules
 * as the list's reference `applyFilter` (test/support/list-rules.ts), which the page once applied itself.
 */
import { isCalendarDay, localDay, normalizeUtcOffset } from '../../../../shared/calendar-day';
import type { QueryFilter } from '../../../../shared/query-model';
import { afterLastSeparator, STORE_KINDS, type ReportColumns } from './report-columns';

/** Bits of a slot's mask byte: which part of the filter it fails. */
export const FAILS = {
  ids: 1,
  days: 2,
  text: 4,
  eventTypes: 8,
  applications: 16,
  stores: 32,
  sources: 64,
  problem: 128,
} as const;

const DAY_MS = 86_400_000;
// Days are compared as numbers only where their ISO text has 4-digit years (0000–9999).
const FIRST_PLAIN_MS = Date.parse('0000-01-01T00:00:00.000Z');
const LAST_PLAIN_MS = Date.parse('9999-12-31T23:59:59.999Z');

/** Matches of quick-filter words, kept between keystrokes until the library changes. */
export class WordMatches {
  private readonly cache = new Map<string, Uint8Array>();

  constructor(private readonly columns: ReportColumns) {}

  /** Words whose matches are kept. */
  get size(): number {
    return this.cache.size;
  }

  /** Slots whose searchable text contains the word (1 = contains). */
  of(word: string): Uint8Array {
    const known = this.cache.get(word);
    if (known) return known;
    const c = this.columns;
    const sharedHit = new Uint8Array(c.sharedTexts.size);
    c.sharedTexts.all().forEach((text, id) => {
      if (text.includes(word)) sharedHit[id] = 1;
    });
    const hits = new Uint8Array(c.length);
    c.own.markMatches(word, hits);
    // The folder's parent is kept apart (see ownSearchParts): the word in it, or spanning its end
    // and the name's beginning. A parent ends with a separator and a name has none, so such a
    // word has its part in the parent end at its last separator.
    const parents = c.parentTexts.all();
    const parentHit = Uint8Array.from(parents, (p) => (p.includes(word) ? 1 : 0));
    const cut = afterLastSeparator(word);
    if (cut > 0 && cut < word.length) {
      const head = word.slice(0, cut);
      const ending = Uint8Array.from(parents, (p) => (p.endsWith(head) ? 1 : 0));
      if (ending.includes(1)) c.own.markStartingWith(word.slice(cut), hits, (s) => ending[c.parent[s] as number] === 1);
    }
    for (let s = 0; s < c.length; s++) if (sharedHit[c.shared[s] as number] || parentHit[c.parent[s] as number]) hits[s] = 1;
    if (this.cache.size >= 16) this.cache.clear();
    this.cache.set(word, hits);
    return hits;
  }

  /** Brings the kept matches up to date after some slots changed (added, replaced or removed). */
  patch(changed: readonly number[]): void {
    const c = this.columns;
    for (const [word, known] of this.cache) {
      const hits = grown(known, c.length);
      for (const s of changed) {
        const matches = c.alive[s] === 1 && (c.ownTextOf(s).includes(word) || c.sharedTexts.valueOf(c.shared[s] as number).includes(word));
        hits[s] = matches ? 1 : 0;
      }
      this.cache.set(word, hits);
    }
  }

  /** Forgets every match (the library changed). */
  clear(): void {
    this.cache.clear();
  }
}

/** A byte array of at least `length` bytes with `array`'s bytes first (itself when long enough). */
export function grown(array: Uint8Array, length: number): Uint8Array {
  if (array.length >= length) return array;
  const bigger = new Uint8Array(length);
  bigger.set(array);
  return bigger;
}

/** The words of a quick filter, as the renderer splits them. */
export function filterWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => w !== '');
}

/** Per text-dictionary value: 1 when it is one of the wanted values. */
function wantedValues(columns: ReportColumns, wanted: readonly string[]): Uint8Array | null {
  if (wanted.length === 0) return null;
  const flags = new Uint8Array(columns.texts.size);
  for (const v of wanted) {
    const id = columns.texts.idOf(v);
    if (id !== undefined) flags[id] = 1;
  }
  return flags;
}

/** Whether a slot's day (at the offset) lies within from..to, compared as the renderer compares day strings. */
function dayTest(filter: QueryFilter, utcOffsetMinutes: number | undefined): ((ms: number) => boolean) | null {
  const { from, to } = filter;
  if (from === null && to === null) return null;
  const offsetMs = normalizeUtcOffset(utcOffsetMinutes) * 60_000;
  const plainBounds = (from === null || isCalendarDay(from)) && (to === null || isCalendarDay(to));
  const fromMs = from === null ? -Infinity : Date.parse(`${from}T00:00:00Z`);
  const toEndMs = to === null ? Infinity : Date.parse(`${to}T00:00:00Z`) + DAY_MS;
  return (ms) => {
    if (Number.isNaN(ms)) return false;
    const shifted = ms + offsetMs;
    if (plainBounds && shifted >= FIRST_PLAIN_MS && shifted <= LAST_PLAIN_MS) return shifted >= fromMs && shifted < toEndMs;
    // Odd bounds or far-off years: the reference rules' string comparison, exactly.
    const day = localDay(new Date(ms).toISOString(), utcOffsetMinutes);
    return day !== null && (from === null || day >= from) && (to === null || day <= to);
  };
}

/**
 * The fail bits of one slot under a filter (a dead slot gets every bit): the test `filterMask`
 * runs over every slot, for asking about a few slots without a pass over all. The filter's
 * problem comes resolved as `members` (1 = a report of the problem; the engine groups the library
 * to know them), null when the filter names none.
 */
export function slotFailures(
  columns: ReportColumns,
  filter: QueryFilter,
  words: WordMatches,
  utcOffsetMinutes: number | undefined,
  members: Uint8Array | null,
): (slot: number) => number {
  const c = columns;
  const events = wantedValues(c, filter.eventTypes);
  const apps = wantedValues(c, filter.applications);
  const sources = wantedValues(c, filter.sources);
  const stores = filter.stores.length > 0 ? STORE_KINDS.map((k) => filter.stores.includes(k)) : null;
  const ids = filter.reportIds ? new Set<number>() : null;
  for (const id of filter.reportIds ?? []) {
    const slot = c.slotOfId.get(id);
    if (slot !== undefined) ids?.add(slot);
  }
  const inDays = dayTest(filter, utcOffsetMinutes);
  const wordHits = filterWords(filter.text).map((w) => words.of(w));
  return (s) => {
    if (!c.alive[s]) return 0xff;
    let m = 0;
    if (ids && !ids.has(s)) m |= FAILS.ids;
    if (members && !members[s]) m |= FAILS.problem;
    if (inDays && !inDays(c.time[s] as number)) m |= FAILS.days;
    for (const hits of wordHits) {
      if (!hits[s]) {
        m |= FAILS.text;
        break;
      }
    }
    if (events && !events[c.text.event[s] as number]) m |= FAILS.eventTypes;
    if (apps && !apps[c.text.application[s] as number]) m |= FAILS.applications;
    if (stores && !stores[c.store[s] as number]) m |= FAILS.stores;
    if (sources && !sources[c.text.source[s] as number]) m |= FAILS.sources;
    return m;
  };
}

/** The fail bits of every slot under a filter (dead slots get every bit). */
export function filterMask(columns: ReportColumns, filter: QueryFilter, words: WordMatches, utcOffsetMinutes: number | undefined, members: Uint8Array | null): Uint8Array {
  const fails = slotFailures(columns, filter, words, utcOffsetMinutes, members);
  const mask = new Uint8Array(columns.length);
  for (let s = 0; s < columns.length; s++) mask[s] = fails(s);
  return mask;
}
