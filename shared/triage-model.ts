/**
 * Local triage state: status, notes and a ticket per problem, plus when the user last looked.
 * Plain JSON data (it is the triage file's content and crosses IPC as is). The validation lives
 * here, in pure code, so the file loader and the IPC payload check apply the same rules.
 */
import { err, ok, type Result } from './result';

/** Where a problem stands for the user. `new` is the default and is never stored. */
export type TriageStatus = 'new' | 'investigating' | 'fixed' | 'ignored';

/** Every triage status, in the order a UI offers them. */
export const TRIAGE_STATUSES: readonly TriageStatus[] = ['new', 'investigating', 'fixed', 'ignored'];

/** Size limits: the file is read whole, so nothing in it may grow without bound. */
export const TRIAGE_LIMITS = {
  notes: 10_000,
  ticket: 2_000,
  key: 2_000,
  entries: 50_000,
} as const;

/** What the user recorded about one problem. */
export interface TriageEntry {
  readonly status: TriageStatus;
  readonly notes: string;
  /** A ticket URL or any text (an id like `BUG-123`); shown as text, never opened blindly. */
  readonly ticket: string;
  /** ISO-8601 UTC time of the last change. */
  readonly updatedAt: string;
}

/** The triage file: version 1. */
export interface TriageState {
  readonly version: 1;
  /** ISO-8601 UTC time the user last looked at the problem list, or null before the first visit. */
  readonly lastVisit: string | null;
  /** Entries by problem key (see `problemKey`). */
  readonly problems: Readonly<Record<string, TriageEntry>>;
}

/** A change to one problem's triage; fields left out keep their value. */
export interface TriagePatch {
  readonly status?: TriageStatus;
  readonly notes?: string;
  readonly ticket?: string;
}

/** The state before anything was recorded. */
export function emptyTriageState(): TriageState {
  return { version: 1, lastVisit: null, problems: {} };
}

/** Whether a value is one of the triage statuses. */
export function isTriageStatus(value: unknown): value is TriageStatus {
  return typeof value === 'string' && (TRIAGE_STATUSES as readonly string[]).includes(value);
}

/** An ISO-8601 instant normalised to `toISOString()` form, or null when it is not one. */
export function normalizeInstant(value: unknown): string | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

// NUL and other C0 controls have no business in a note; tabs and line breaks do.
const NOTE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;
const LINE_CONTROLS = /[\u0000-\u001f\u007f]+/g;

function cleanNotes(value: string): string {
  return value.replace(NOTE_CONTROLS, '').slice(0, TRIAGE_LIMITS.notes);
}

function cleanTicket(value: string): string {
  // A ticket is one line: control characters (line breaks included) become one space.
  return value.replace(LINE_CONTROLS, ' ').trim().slice(0, TRIAGE_LIMITS.ticket);
}

/** Whether a string can be a problem key: non-empty and within the length limit. */
export function isValidProblemKey(key: unknown): key is string {
  return typeof key === 'string' && key.length > 0 && key.length <= TRIAGE_LIMITS.key;
}

/** The entry stored for a key, or null. Own properties only: a key like `constructor` is data. */
export function triageEntryOf(state: TriageState | null | undefined, key: string): TriageEntry | null {
  if (!state || !Object.hasOwn(state.problems, key)) return null;
  return state.problems[key] ?? null;
}

/** One stored entry, cleaned; null when it cannot be used (bad status or time). */
function sanitizeEntry(raw: unknown): TriageEntry | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  const updatedAt = normalizeInstant(r.updatedAt);
  if (!isTriageStatus(r.status) || updatedAt === null) return null;
  return {
    status: r.status,
    notes: typeof r.notes === 'string' ? cleanNotes(r.notes) : '',
    ticket: typeof r.ticket === 'string' ? cleanTicket(r.ticket) : '',
    updatedAt,
  };
}

/** Outcome of reading triage JSON: the usable state and how many entries had to be dropped. */
export interface SanitizedTriage {
  readonly state: TriageState;
  readonly dropped: number;
}

/**
 * Checks parsed triage JSON. Returns null when it is not a version-1 triage object at all (the
 * caller sets such a file aside); otherwise keeps every valid entry and drops the rest.
 */
export function sanitizeTriageState(raw: unknown): SanitizedTriage | null {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return null;
  const r = raw as Record<string, unknown>;
  if (r.version !== 1) return null;
  const problems = typeof r.problems === 'object' && r.problems !== null && !Array.isArray(r.problems) ? r.problems : {};
  const entries: [string, TriageEntry][] = [];
  let dropped = 0;
  for (const [key, value] of Object.entries(problems)) {
    const entry = isValidProblemKey(key) && entries.length < TRIAGE_LIMITS.entries ? sanitizeEntry(value) : null;
    if (entry) entries.push([key, entry]);
    else dropped += 1;
  }
  const lastVisit = r.lastVisit === null || r.lastVisit === undefined ? null : normalizeInstant(r.lastVisit);
  if (lastVisit === null && r.lastVisit !== null && r.lastVisit !== undefined) dropped += 1;
  // fromEntries defines own properties, so a "__proto__" key stays data instead of a prototype.
  return { state: { version: 1, lastVisit, problems: Object.fromEntries(entries) }, dropped };
}

/** Checks a key and patch from an untrusted caller (IPC, HTTP); strings are cleaned and capped. */
export function validateTriagePatch(key: unknown, patch: unknown): Result<{ key: string; patch: TriagePatch }> {
  if (!isValidProblemKey(key)) return err('The problem key is missing or too long.');
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return err('The triage change is not an object.');
  const p = patch as Record<string, unknown>;
  const out: { status?: TriageStatus; notes?: string; ticket?: string } = {};
  if (p.status !== undefined) {
    if (!isTriageStatus(p.status)) return err(`Unknown triage status: ${String(p.status).slice(0, 40)}.`);
    out.status = p.status;
  }
  if (p.notes !== undefined) {
    if (typeof p.notes !== 'string') return err('Notes must be text.');
    out.notes = cleanNotes(p.notes);
  }
  if (p.ticket !== undefined) {
    if (typeof p.ticket !== 'string') return err('The ticket must be text.');
    out.ticket = cleanTicket(p.ticket);
  }
  return ok({ key, patch: out });
}

/**
 * The state after a (validated) patch. An entry that ends up as the default (new, no notes, no
 * ticket) is removed, so the file only holds problems the user actually touched.
 */
export function applyTriagePatch(state: TriageState, key: string, patch: TriagePatch, now: string): TriageState {
  const before = triageEntryOf(state, key);
  const entry: TriageEntry = {
    status: patch.status ?? before?.status ?? 'new',
    notes: patch.notes ?? before?.notes ?? '',
    ticket: patch.ticket ?? before?.ticket ?? '',
    updatedAt: normalizeInstant(now) ?? new Date(0).toISOString(),
  };
  const rest = Object.entries(state.problems).filter(([k]) => k !== key);
  const isDefault = entry.status === 'new' && entry.notes === '' && entry.ticket === '';
  const problems = Object.fromEntries(isDefault ? rest : [...rest, [key, entry]]);
  return { version: 1, lastVisit: state.lastVisit, problems };
}
