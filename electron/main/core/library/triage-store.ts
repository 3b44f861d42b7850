/**
 * The triage file on disk (status, notes, ticket per problem; last visit). Writes are atomic
 * (temp file + rename) and serialised; a file that is corrupt or from a newer version is set
 * aside as `<file>.corrupt-<time>` and replaced with an empty state. Nothing here throws.
 */
import { mkdir, readFile, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { err, ok, type Result } from '../../../../shared/result';
import {
  applyTriagePatch,
  emptyTriageState,
  normalizeInstant,
  sanitizeTriageState,
  validateTriagePatch,
  type TriageState,
} from '../../../../shared/triage-model';
import { writeFileAtomic } from '../atomic-file';
import { describeFsError } from '../fs-errors';

/** Larger than any real triage file (50,000 entries with long notes); guards a runaway read. */
export const MAX_TRIAGE_FILE_BYTES = 64 * 1024 * 1024;

/** Services the store uses; defaults are the real clock and no logging. */
export interface TriageStoreOptions {
  readonly now?: () => Date;
  /** Told (once per event) when the file had to be set aside or had bad entries. */
  readonly onWarning?: (message: string) => void;
}

/** What loading found: the usable state, and a sentence for the user when something was wrong. */
export interface TriageLoad {
  readonly state: TriageState;
  readonly warning: string | null;
}

function stampOf(date: Date): string {
  // ':' is not allowed in Windows file names.
  return date.toISOString().replace(/[:.]/g, '-');
}

function errnoOf(error: unknown): string | undefined {
  return (error as NodeJS.ErrnoException | undefined)?.code;
}

/** Writes the state atomically: a temp file next to the target, flushed, then renamed over it. */
export async function saveTriageState(file: string, state: TriageState): Promise<Result<void>> {
  try {
    await mkdir(dirname(file), { recursive: true });
    await writeFileAtomic(file, `${JSON.stringify(state, null, 2)}\n`);
    return ok(undefined);
  } catch (e) {
    return err(`The triage file ${file} could not be saved: ${describeFsError(e)}.`);
  }
}

async function setAside(file: string, reason: string, now: Date): Promise<string> {
  const aside = `${file}.corrupt-${stampOf(now)}`;
  try {
    await rename(file, aside);
  } catch (e) {
    return `The triage file ${file} ${reason} and could not be set aside (${describeFsError(e)}); starting empty.`;
  }
  await saveTriageState(file, emptyTriageState());
  return `The triage file ${file} ${reason}; it was kept as ${aside} and a new one was started.`;
}

function whyUnusable(raw: unknown): string {
  const version = (raw as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > 1) return `was written by a newer version of WER Explorer (format ${version})`;
  return 'is not a valid triage file';
}

/** Reads the triage file. Missing → empty state; unusable → set aside, empty state; never throws. */
export async function loadTriageState(file: string, options: TriageStoreOptions = {}): Promise<TriageLoad> {
  const now = options.now?.() ?? new Date();
  let text: string;
  try {
    const info = await stat(file);
    if (!info.isFile()) return { state: emptyTriageState(), warning: `The triage file ${file} is not a file.` };
    if (info.size > MAX_TRIAGE_FILE_BYTES) {
      return { state: emptyTriageState(), warning: await setAside(file, 'is too large', now) };
    }
    text = await readFile(file, 'utf8');
  } catch (e) {
    if (errnoOf(e) === 'ENOENT') return { state: emptyTriageState(), warning: null };
    // Unreadable (locked, access denied) is not corrupt: leave the file alone.
    return { state: emptyTriageState(), warning: `The triage file ${file} could not be read: ${describeFsError(e)}.` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch {
    return { state: emptyTriageState(), warning: await setAside(file, 'is not valid JSON', now) };
  }
  const sanitized = sanitizeTriageState(raw);
  if (!sanitized) return { state: emptyTriageState(), warning: await setAside(file, whyUnusable(raw), now) };
  const warning =
    sanitized.dropped > 0 ? `${sanitized.dropped} invalid entr${sanitized.dropped === 1 ? 'y' : 'ies'} in ${file} were ignored.` : null;
  return { state: sanitized.state, warning };
}

/** The triage state of the app, kept in memory and saved on every change. */
export interface TriageStore {
  readonly file: string;
  /** The current state (plain data; safe to send over IPC). */
  readonly current: () => TriageState;
  /** What loading found wrong, if anything. */
  readonly loadWarning: string | null;
  /** Changes one problem's triage; the key and patch are validated (they come from the UI). */
  readonly setTriage: (key: unknown, patch: unknown) => Promise<Result<TriageState>>;
  /** Records that the user has seen the problem list at `now` (ISO-8601). */
  readonly markVisited: (now: string) => Promise<Result<TriageState>>;
}

/** Loads the triage file and returns a store over it; changes are written one at a time. */
export async function openTriageStore(file: string, options: TriageStoreOptions = {}): Promise<TriageStore> {
  const loaded = await loadTriageState(file, options);
  if (loaded.warning) options.onWarning?.(loaded.warning);
  let state = loaded.state;
  let queue: Promise<unknown> = Promise.resolve();
  const clock = options.now ?? (() => new Date());

  // Each change is computed from the state the previous write left, and memory only changes
  // once the file has, so a failed save never shows the user a triage that is not on disk.
  function commit(change: (s: TriageState) => Result<TriageState>): Promise<Result<TriageState>> {
    const run = queue.then(async (): Promise<Result<TriageState>> => {
      const next = change(state);
      if (!next.ok) return next;
      const saved = await saveTriageState(file, next.value);
      if (!saved.ok) return saved;
      state = next.value;
      return ok(state);
    });
    queue = run.catch(() => undefined);
    return run;
  }

  return {
    file,
    current: () => state,
    loadWarning: loaded.warning,
    setTriage: (key, patch) =>
      commit((s) => {
        const valid = validateTriagePatch(key, patch);
        if (!valid.ok) return valid;
        return ok(applyTriagePatch(s, valid.value.key, valid.value.patch, clock().toISOString()));
      }),
    markVisited: (now) =>
      commit((s) => {
        const at = normalizeInstant(now);
        if (at === null) return err('The visit time is not a valid time.');
        return ok({ ...s, lastVisit: at });
      }),
  };
}
