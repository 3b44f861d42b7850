/** Anything with an address range [base, end). */
export interface AddressRange {
  readonly base: bigint;
  readonly end: bigint;
}

/** Address → range lookup by binary search over ranges sorted by base (modules of a dump, drivers of a kernel dump). */
export class RangeIndex<T extends AddressRange> {
  private readonly sorted: readonly T[];

  constructor(ranges: readonly T[]) {
    this.sorted = ranges.filter((r) => r.end > r.base).sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
  }

  /** The range whose [base, end) holds `address` and the offset inside it, or null. */
  find(address: bigint): { readonly range: T; readonly offset: bigint } | null {
    let lo = 0;
    let hi = this.sorted.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.sorted[mid]!.base <= address) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    // Ranges from odd writers or a hostile file may overlap: look at a few predecessors too.
    for (let i = at; i >= 0 && i > at - 4; i--) {
      const r = this.sorted[i]!;
      if (address >= r.base && address < r.end) return { range: r, offset: address - r.base };
    }
    return null;
  }
}
