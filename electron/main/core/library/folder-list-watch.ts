/**
 * The watch of a light store (a collector's share of many thousands of reports): only which
 * entries its store folders hold, never the files inside them (the library's sweep looks at
 * those). A native, non-recursive watch of each folder, or on a network share (where native
 * events are unreliable) a poll of each folder's mtime that lists it again when it changed.
 * Unlike a recursive watcher's start, which looks at every entry (300,000 lstat calls for a
 * collector's share, flooding the thread pool that file reads and compression share), starting
 * costs one call per folder.
 */
import { type FSWatcher, readdirSync, statSync, watch } from 'node:fs';
import { join } from 'node:path';
import type { WatchEventKind, WatchHandle, WatchHandlers } from './watch-factory';

/** A folder's entries now, or null when it cannot be listed. */
function entriesOf(dir: string): Set<string> | null {
  try {
    return new Set(readdirSync(dir));
  } catch {
    return null;
  }
}

function mtimeOf(dir: string): number | null {
  return statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? null;
}

/** What an entry that appeared or vanished is now (the library reads it again either way). */
function kindOf(path: string): WatchEventKind {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 'unlinkDir';
  return stat.isDirectory() ? 'addDir' : 'add';
}

/**
 * Watches the entries of `dirs` (each folder's own entries, not deeper): every entry that
 * appears, vanishes or is renamed is reported with its path. `pollMs` set: polled instead of
 * native events.
 */
export function watchFolderLists(dirs: readonly string[], handlers: WatchHandlers, pollMs: number | null): WatchHandle {
  const report = (dir: string, name: string) => {
    const path = join(dir, name);
    handlers.onEvent(kindOf(path), path);
  };
  if (pollMs !== null) return pollFolderLists(dirs, report, pollMs);
  const watchers: FSWatcher[] = [];
  for (const dir of dirs) {
    try {
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (name) report(dir, name.toString());
      });
      watcher.on('error', (error) => handlers.onError(error));
      watchers.push(watcher);
    } catch (e) {
      handlers.onError(e instanceof Error ? e : new Error(String(e)));
    }
  }
  return {
    ready: Promise.resolve(),
    close: async () => {
      for (const w of watchers) w.close();
    },
  };
}

/** The polled form: a folder whose mtime changed is listed again and compared with its last listing. */
function pollFolderLists(dirs: readonly string[], report: (dir: string, name: string) => void, pollMs: number): WatchHandle {
  const known = new Map(dirs.map((dir) => [dir, { mtime: mtimeOf(dir), entries: entriesOf(dir) }]));
  const timer = setInterval(() => {
    for (const [dir, last] of known) {
      const mtime = mtimeOf(dir);
      if (mtime === last.mtime) continue;
      const entries = entriesOf(dir);
      known.set(dir, { mtime, entries });
      if (!entries || !last.entries) continue; // gone or unreadable: the library's root check says so
      for (const name of entries) if (!last.entries.has(name)) report(dir, name);
      for (const name of last.entries) if (!entries.has(name)) report(dir, name);
    }
  }, pollMs);
  timer.unref();
  return {
    ready: Promise.resolve(),
    close: async () => clearInterval(timer),
  };
}
