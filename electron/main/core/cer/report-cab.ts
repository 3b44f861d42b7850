/**
 * The level-2 CAB of a report folder: every regular file in it (Report.wer included, so the
 * collector gets the full report), MSZIP-compressed, with files that would push the cabinet
 * over a size budget left out rather than failing the whole upload.
 */
import { lstat, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { CabEntry } from './cab-format';
import { type CabWriteOptions, writeCab } from './cab-writer';

/** Default budget of uncompressed bytes per report CAB. */
export const DEFAULT_MAX_CAB_INPUT_BYTES = 256 * 1024 * 1024;

/** A built CAB and what went into it. */
export interface ReportCab {
  readonly cab: Uint8Array;
  readonly included: readonly string[];
  /** Files left out because they did not fit the budget or could not be read. */
  readonly skipped: readonly string[];
}

/** Builds the CAB of a report folder's files (sorted by name; links and sub-folders are not followed). */
export async function buildReportCab(
  folder: string,
  maxInputBytes = DEFAULT_MAX_CAB_INPUT_BYTES,
  options: CabWriteOptions = {},
): Promise<ReportCab> {
  const dirents = await readdir(folder, { withFileTypes: true });
  const files = dirents.filter((d) => d.isFile()).map((d) => d.name).sort();
  const entries: CabEntry[] = [];
  const skipped: string[] = [];
  let total = 0;
  for (const name of files) {
    const path = join(folder, name);
    try {
      const st = await lstat(path);
      if (!st.isFile() || total + st.size > maxInputBytes || Buffer.byteLength(name) > 255) {
        skipped.push(name);
        continue;
      }
      const data = await readFile(path);
      total += data.length;
      entries.push({ name, data, mtimeMs: st.mtimeMs });
    } catch {
      // Removed or locked since the listing (WER cleans up after itself): send the rest.
      skipped.push(name);
    }
  }
  return { cab: writeCab(entries, { compression: 'mszip', ...options }), included: entries.map((e) => e.name), skipped };
}
