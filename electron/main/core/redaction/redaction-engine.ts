/**
 * The redaction engine: replaces known values (user, machine and domain names, the machine GUID,
 * anything the user adds) and shape-based values (e-mail and IP addresses, SIDs, profile paths)
 * with numbered placeholders, the same placeholder for the same value in every text it is given.
 * Pure: text in, text out. One engine per bundle keeps the numbering consistent across files.
 */
import {
  type KnownValue,
  type PlaceholderEntry,
  REDACTION_CATEGORIES,
  type RedactionCategory,
  type RedactionCount,
  type RedactionSummary,
} from '../../../../shared/export-model';
import { findPatternMatches, normalizeValue, type PatternMatch } from './redaction-patterns';

/** Known values shorter than this are not replaced: `ab` would turn half of every file into noise. */
export const MIN_KNOWN_VALUE_LENGTH = 3;

/** What an engine starts from. */
export interface RedactorSeed {
  readonly known: readonly KnownValue[];
  /** Placeholders assigned earlier (by a planning dry run), kept so numbering matches it. */
  readonly placeholders?: readonly PlaceholderEntry[];
}

/** Options of one `redact` call. */
export interface RedactOptions {
  /** `xml` writes placeholders as `&lt;user-1&gt;` so an XML file stays well-formed. */
  readonly escape?: 'none' | 'xml';
  /** Whether replacements count towards the summary (false for file names and paths). */
  readonly count?: boolean;
  /** The label of a value redacted on its own (`Module version`): a key the patterns may consult. */
  readonly context?: string;
}

/** A stateful redactor: one per bundle. */
export interface Redactor {
  /** `text` with every sensitive value replaced by its placeholder. */
  readonly redact: (text: string, options?: RedactOptions) => string;
  /** Categories and counts of the counted replacements so far (never the values). */
  readonly summary: () => RedactionSummary;
  /** Every value → placeholder pair assigned so far. Local only. */
  readonly placeholders: () => readonly PlaceholderEntry[];
}

interface KnownTable {
  readonly regex: RegExp | null;
  readonly categories: ReadonlyMap<string, RedactionCategory>;
  readonly skipped: number;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function knownTable(known: readonly KnownValue[]): KnownTable {
  const categories = new Map<string, RedactionCategory>();
  let skipped = 0;
  for (const k of known) {
    const norm = normalizeValue(k.value);
    if (norm.length < MIN_KNOWN_VALUE_LENGTH) {
      if (norm.length > 0) skipped++;
      continue;
    }
    if (!categories.has(norm)) categories.set(norm, k.category);
  }
  // Longest first, so `alice.smith` wins over `alice` where both match at the same place.
  const values = [...categories.keys()].sort((a, b) => b.length - a.length);
  if (values.length === 0) return { regex: null, categories, skipped };
  const alternatives = values.map((v) => escapeRegex(v).replace(/\s+/g, '\\s+')).join('|');
  // Letters and digits on either side mean the value is part of a longer word: leave it.
  const regex = new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, 'giu');
  return { regex, categories, skipped };
}

function knownMatches(text: string, table: KnownTable): PatternMatch[] {
  if (!table.regex) return [];
  const found: PatternMatch[] = [];
  table.regex.lastIndex = 0;
  for (const m of text.matchAll(table.regex)) {
    const value = m[0];
    const category = table.categories.get(normalizeValue(value)) ?? 'custom';
    found.push({ start: m.index, end: m.index + value.length, category, value });
  }
  return found;
}

/** Earliest first, longest first at the same place; overlapping later matches are dropped. */
function pickSpans(matches: PatternMatch[]): PatternMatch[] {
  matches.sort((a, b) => a.start - b.start || b.end - a.end);
  const picked: PatternMatch[] = [];
  let cursor = 0;
  for (const m of matches) {
    if (m.start < cursor) continue;
    picked.push(m);
    cursor = m.end;
  }
  return picked;
}

/** Creates a redactor for one bundle. */
export function createRedactor(seed: RedactorSeed): Redactor {
  const table = knownTable(seed.known);
  const byValue = new Map<string, PlaceholderEntry>();
  const next = new Map<RedactionCategory, number>();
  for (const p of seed.placeholders ?? []) {
    byValue.set(normalizeValue(p.value), p);
    const n = Number(/-(\d+)>$/.exec(p.placeholder)?.[1] ?? 0);
    next.set(p.category, Math.max(next.get(p.category) ?? 0, n));
  }
  const occurrences = new Map<RedactionCategory, number>();
  const used = new Map<RedactionCategory, Set<string>>();

  const placeholderFor = (m: PatternMatch): PlaceholderEntry => {
    const key = normalizeValue(m.value);
    const existing = byValue.get(key);
    if (existing) return existing;
    // A value the user or the reports named keeps its category even when a pattern found it.
    const category = table.categories.get(key) ?? m.category;
    const n = (next.get(category) ?? 0) + 1;
    next.set(category, n);
    const entry: PlaceholderEntry = { category, value: m.value, placeholder: `<${category}-${n}>` };
    byValue.set(key, entry);
    return entry;
  };

  const redact = (text: string, options: RedactOptions = {}): string => {
    const spans = pickSpans([...knownMatches(text, table), ...findPatternMatches(text, options.context)]);
    if (spans.length === 0) return text;
    const count = options.count ?? true;
    const parts: string[] = [];
    let cursor = 0;
    for (const span of spans) {
      const entry = placeholderFor(span);
      parts.push(text.slice(cursor, span.start));
      parts.push(options.escape === 'xml' ? entry.placeholder.replace('<', '&lt;').replace('>', '&gt;') : entry.placeholder);
      cursor = span.end;
      if (count) {
        occurrences.set(entry.category, (occurrences.get(entry.category) ?? 0) + 1);
        const set = used.get(entry.category) ?? new Set<string>();
        set.add(entry.placeholder);
        used.set(entry.category, set);
      }
    }
    parts.push(text.slice(cursor));
    return parts.join('');
  };

  const summary = (): RedactionSummary => {
    const counts: RedactionCount[] = [];
    for (const category of REDACTION_CATEGORIES) {
      const n = occurrences.get(category) ?? 0;
      if (n > 0) counts.push({ category, values: used.get(category)?.size ?? 0, occurrences: n });
    }
    return { counts, skippedShortValues: table.skipped };
  };

  return { redact, summary, placeholders: () => [...byValue.values()] };
}
