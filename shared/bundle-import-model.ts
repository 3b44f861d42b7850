/** Opening someone else's ticket bundle: the limits that keep a hostile zip in check, and the result. */
import type { BundleManifest } from './export-model';

/** Limits that keep a hostile zip from filling the disk or the file table. */
export interface ImportLimits {
  readonly maxEntries: number;
  /** Total bytes actually inflated, over all entries. */
  readonly maxTotalBytes: number;
  /** Inflated bytes ÷ compressed bytes of one entry, checked once the entry passes `ratioMinBytes`. */
  readonly maxRatio: number;
  readonly ratioMinBytes: number;
}

/** A bundle extracted into a folder. */
export interface ImportedBundle {
  /** The folder it was extracted into. */
  readonly root: string;
  /** `<root>/reports` when the bundle has one (scan it with scanStores), else null. */
  readonly reportsDir: string | null;
  /** The bundle's manifest, when it has a readable one. */
  readonly manifest: BundleManifest | null;
  readonly entries: number;
  readonly bytes: number;
  /** Things that are off but not dangerous (hash mismatches, a missing manifest), each a sentence. */
  readonly problems: readonly string[];
}
