import { dirname, join, relative, sep, isAbsolute } from 'node:path';
import { storeKindOf } from '../store/scan-stores';
import type { WatchEventKind } from './watch-factory';

/** What a file event under a watched root means for the library. */
export type WatchTarget =
  | { readonly kind: 'root' }
  | { readonly kind: 'folder'; readonly folder: string }
  | { readonly kind: 'outside' };

/**
 * Maps an event path to the report folder it concerns. Below a ReportQueue/ReportArchive the
 * folder is the store's direct child, whatever depth the event is at; elsewhere a file event
 * concerns its folder and a folder event the folder itself (which may hold reports below it),
 * except a `.dmp` file event, which concerns the file (a Minidump record, or its report folder's).
 */
export function watchTarget(root: string, kind: WatchEventKind, path: string): WatchTarget {
  const rel = relative(root, path);
  if (rel === '') return { kind: 'root' };
  if (rel.startsWith('..') || isAbsolute(rel)) return { kind: 'outside' };
  const parts = rel.split(sep);
  // Dot folders are working areas (a CER collector's `.cer-collector`): their churn is no report's.
  if (parts.some((p) => p.startsWith('.'))) return { kind: 'outside' };
  const chain = [root.replace(/[\\/]+$/, ''), ...parts];
  // The nearest store folder on the way down decides the report folder.
  for (let i = 0; i < chain.length - 1; i++) {
    const name = i === 0 ? (root.split(/[\\/]/).filter(Boolean).pop() ?? '') : (chain[i] as string);
    if (storeKindOf(name) !== 'other') return { kind: 'folder', folder: join(root, ...parts.slice(0, i + 1)) };
  }
  const isDir = kind === 'addDir' || kind === 'unlinkDir';
  // A kernel dump outside the stores may be a Minidump record of its own (the library decides).
  if (!isDir && /\.dmp$/i.test(path)) return { kind: 'folder', folder: path };
  return { kind: 'folder', folder: isDir ? path : dirname(path) };
}
