/** What the module table of a minidump and the driver table of a kernel dump share. */

/** The columns both tables sort by (`load` is the dump's own order; `date` needs a timestamp). */
export type RangeSortKey = 'load' | 'name' | 'base' | 'size' | 'date';

interface RangeRow {
  readonly name: string;
  readonly base: string;
  readonly size: number;
  readonly timestamp?: number;
}

// Addresses are "0x" hex of up to 64 bits: padded, they compare as text.
const addressKey = (hex: string) => hex.slice(2).padStart(16, '0');

/** The rows with their load-order index, sorted by `key` (biggest and newest first). */
export function sortRanges<T extends RangeRow>(rows: readonly T[], key: RangeSortKey): readonly (readonly [number, T])[] {
  const indexed = rows.map((r, i) => [i, r] as const);
  if (key === 'name') return [...indexed].sort((a, b) => a[1].name.localeCompare(b[1].name, undefined, { sensitivity: 'base' }));
  if (key === 'base') return [...indexed].sort((a, b) => addressKey(a[1].base).localeCompare(addressKey(b[1].base)));
  if (key === 'size') return [...indexed].sort((a, b) => b[1].size - a[1].size);
  if (key === 'date') return [...indexed].sort((a, b) => (b[1].timestamp ?? 0) - (a[1].timestamp ?? 0));
  return indexed;
}

/** A dump summary's parse problems, one notice each (nothing when there are none). */
export function DumpProblems({ problems }: { readonly problems: readonly string[] }) {
  if (problems.length === 0) return null;
  return (
    <ul className="dump-problems">
      {problems.map((p, i) => (
        <li key={i} className="notice">
          {p}
        </li>
      ))}
    </ul>
  );
}
