/**
 * Folder stamps: what says whether a report folder changed since it was read, cheap to take (two
 * stat calls) for every folder of a large store, on any thread (see parallel-read.ts).
 */
import { type Stats, statSync } from 'node:fs';
import { childPath } from './child-path';

/** What says whether a report folder changed since it was read: its mtime and Report.wer's. */
export interface FolderStamp {
  /** Changes when a file is added to or removed from the folder. */
  readonly dirMtimeMs: number;
  readonly werSize: number | null;
  readonly werMtimeMs: number | null;
}

/**
 * The stamp of a report folder now; null when the folder is gone or unreadable. For a Minidump
 * record (a dump file) it is the file's mtime and size.
 */
export function folderStamp(folder: string): FolderStamp | null {
  let dir: Stats;
  try {
    dir = statSync(folder);
  } catch {
    return null;
  }
  if (dir.isFile()) return { dirMtimeMs: dir.mtimeMs, werSize: dir.size, werMtimeMs: dir.mtimeMs };
  try {
    const wer = statSync(childPath(folder, 'Report.wer'));
    return { dirMtimeMs: dir.mtimeMs, werSize: wer.size, werMtimeMs: wer.mtimeMs };
  } catch {
    return { dirMtimeMs: dir.mtimeMs, werSize: null, werMtimeMs: null };
  }
}

/** The stamp given to a report held without one (no time, no Report.wer): its folder is compared again when next seen. */
export const NO_STAMP: FolderStamp = { dirMtimeMs: 0, werSize: null, werMtimeMs: null };

/** A stamp's size or time as a plain number: NaN for none (how binary columns and worker messages carry stamps). */
export function stampNumber(value: number | null): number {
  return value ?? Number.NaN;
}

/** A stamp from its three numbers, NaN meaning none (see stampNumber). */
export function stampFromNumbers(dirMtimeMs: number, werSize: number, werMtimeMs: number): FolderStamp {
  return { dirMtimeMs, werSize: Number.isNaN(werSize) ? null : werSize, werMtimeMs: Number.isNaN(werMtimeMs) ? null : werMtimeMs };
}

/** Whether two stamps say the folder is unchanged. */
export function sameStamp(a: FolderStamp, b: FolderStamp): boolean {
  return a.dirMtimeMs === b.dirMtimeMs && a.werSize === b.werSize && a.werMtimeMs === b.werMtimeMs;
}
