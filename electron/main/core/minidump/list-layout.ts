import type { ByteView } from './binary';

/** Where the entries of a count-prefixed list stream start and how many of them really fit. */
export interface ListLayout {
  readonly first: number;
  readonly count: number;
}

/**
 * Lays out a `u32 count` + fixed-size entries stream. Some writers put 4 bytes of padding after
 * the count (DataSize = 8 + n·entry); accept both forms, and clamp the count to what fits and to
 * `cap`, reporting any shortfall as a problem.
 */
export function listLayout(v: ByteView, entrySize: number, cap: number, what: string, problems: string[]): ListLayout {
  if (v.length < 4) {
    problems.push(`${what}: stream of ${v.length} bytes has no count`);
    return { first: 4, count: 0 };
  }
  const declared = v.u32(0);
  const padded = declared > 0 && v.length === 8 + declared * entrySize;
  const first = padded ? 8 : 4;
  const fits = Math.max(0, Math.floor((v.length - first) / entrySize));
  const count = Math.min(declared, fits, cap);
  if (count < declared) {
    problems.push(
      count < fits || fits >= declared
        ? `${what}: ${declared} entries declared, only the first ${count} are read`
        : `${what}: ${declared} entries declared but the stream holds ${fits}`,
    );
  }
  return { first, count };
}
