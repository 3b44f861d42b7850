import { statfsSync } from 'node:fs';
import { watch } from 'chokidar';
import { watchFolderLists } from './folder-list-watch';

/** What happened at a path under a watched root. */
export type WatchEventKind = 'add' | 'change' | 'unlink' | 'addDir' | 'unlinkDir';

/** Callbacks a watcher reports to. */
export interface WatchHandlers {
  readonly onEvent: (kind: WatchEventKind, path: string) => void;
  readonly onError: (error: Error) => void;
}

/** How to watch one root. */
export interface WatchOptions {
  /** Folder levels below the root to watch (a store needs 1: its report folders' files). */
  readonly depth: number;
  /** Poll instead of native events (network shares, where native events are unreliable). */
  readonly usePolling: boolean;
  /**
   * Light (stores of many thousands of reports): only the entries of these folders (the root, the
   * stores below it and the folders on the way), never a walk of every report folder (see
   * folder-list-watch.ts).
   */
  readonly lightDirs?: readonly string[];
}

/** A running watcher. */
export interface WatchHandle {
  /** Resolves once the initial directory walk is done and changes are being reported. */
  readonly ready: Promise<void>;
  readonly close: () => Promise<void>;
}

/** Starts watching a root; injected so the library can be tested without real file events. */
export type WatchFactory = (root: string, options: WatchOptions, handlers: WatchHandlers) => WatchHandle;

/** Poll interval for network shares. */
export const POLL_INTERVAL_MS = 1000;

/**
 * The real watcher: chokidar (a light watch: the folder lists alone). Read-only; it never follows
 * links and reports permission errors instead of stopping, since parts of the WER folders are
 * admin-only.
 */
export const chokidarWatchFactory: WatchFactory = (root, options, handlers) => {
  if (options.lightDirs) return watchFolderLists(options.lightDirs, handlers, options.usePolling ? POLL_INTERVAL_MS : null);
  const watcher = watch(root, {
    ignoreInitial: true,
    // Native handles must not keep the process alive by themselves: the library's timers do
    // while it runs, and chokidar can leave one fs.watch behind (on the parent of a watched
    // folder that vanished and came back) that would otherwise block exit after close().
    persistent: false,
    followSymlinks: false,
    depth: options.depth,
    usePolling: options.usePolling,
    interval: POLL_INTERVAL_MS,
    binaryInterval: POLL_INTERVAL_MS,
    ignorePermissionErrors: false,
    atomic: false,
  });
  watcher.on('all', (event, path) => {
    if (event === 'add' || event === 'change' || event === 'unlink' || event === 'addDir' || event === 'unlinkDir') {
      handlers.onEvent(event, path);
    }
  });
  watcher.on('error', (error) => handlers.onError(error instanceof Error ? error : new Error(String(error))));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return { ready, close: () => watcher.close() };
};

/** statfs magic numbers of network file systems (Linux): NFS, CIFS, SMB2, SMB. */
const NETWORK_FS_TYPES = new Set([0x6969, 0xff534d42, 0xfe534d42, 0x517b]);

/**
 * Whether a path is on a network share, where only polling is reliable: a UNC path, or (on Linux)
 * a folder on an NFS/SMB mount. Windows' mapped drive letters are not recognised.
 */
export function isNetworkPath(path: string, fsType: (path: string) => number | null = linuxFsType): boolean {
  if (/^(\\\\|\/\/)[^\\/]+[\\/]/.test(path)) return true;
  const type = fsType(path);
  return type !== null && NETWORK_FS_TYPES.has(type >>> 0);
}

/** The file system type of a folder on Linux (statfs `f_type`); null elsewhere or when it cannot be read. */
function linuxFsType(path: string): number | null {
  if (process.platform !== 'linux') return null;
  try {
    return statfsSync(path).type;
  } catch {
    return null;
  }
}
