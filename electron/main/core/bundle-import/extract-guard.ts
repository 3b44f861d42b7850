/**
 * Limits of a bundle import and the stream that enforces them while an entry inflates: it counts
 * the bytes really produced (a zip may lie about its sizes), hashes them, and stops the moment a
 * limit is passed, so a zip bomb never gets to fill the disk.
 */
import { createHash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import type { ImportLimits } from '../../../../shared/bundle-import-model';

/** Limits used when the caller gives none: generous for heap dumps, far below a zip bomb. */
export const DEFAULT_IMPORT_LIMITS: ImportLimits = {
  maxEntries: 50_000,
  maxTotalBytes: 8 * 1024 * 1024 * 1024,
  // Real dumps compress up to ~100:1; deflate's ceiling is ~1030:1, which bombs run at.
  maxRatio: 500,
  ratioMinBytes: 1024 * 1024,
};

/** Running totals over one import. */
export interface ImportTotals {
  bytes: number;
}

/** An error that is the zip's fault: its message is the reason shown to the user. */
export class RefusedEntry extends Error {}

/** Counts, hashes and limits the inflated bytes of one entry. */
export class ExtractGuard extends Transform {
  private readonly hash = createHash('sha256');
  /** Bytes of this entry so far. */
  bytes = 0;
  /** Lower-case hex SHA-256 once the entry has ended. */
  sha256: string | null = null;

  constructor(
    private readonly limits: ImportLimits,
    private readonly totals: ImportTotals,
    private readonly declaredSize: number,
    private readonly compressedSize: number,
  ) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.totals.bytes += chunk.length;
    if (this.bytes > this.declaredSize) {
      return callback(new RefusedEntry(`it inflates to more than the ${this.declaredSize} bytes it declares (a zip bomb or a damaged zip)`));
    }
    if (this.totals.bytes > this.limits.maxTotalBytes) {
      return callback(new RefusedEntry(`the bundle inflates past the limit of ${this.limits.maxTotalBytes} bytes`));
    }
    if (this.bytes >= this.limits.ratioMinBytes && this.bytes / Math.max(1, this.compressedSize) > this.limits.maxRatio) {
      return callback(new RefusedEntry(`it expands more than ${this.limits.maxRatio}:1 (a zip bomb)`));
    }
    this.hash.update(chunk);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.sha256 = this.hash.digest('hex');
    callback();
  }
}

/** Why an entry's declared sizes are refused before inflating, or null. */
export function checkDeclaredSizes(
  limits: ImportLimits,
  declaredTotal: number,
  uncompressedSize: number,
  compressedSize: number,
): string | null {
  if (declaredTotal > limits.maxTotalBytes) return `the bundle declares more than the limit of ${limits.maxTotalBytes} bytes`;
  if (uncompressedSize >= limits.ratioMinBytes && uncompressedSize / Math.max(1, compressedSize) > limits.maxRatio) {
    return `it declares a compression ratio above ${limits.maxRatio}:1 (a zip bomb)`;
  }
  return null;
}
