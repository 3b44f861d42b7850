import type { ParsedModule } from './parse-modules';

/** A module hit: the module and the address's offset inside it. */
export interface ModuleHit {
  readonly module: ParsedModule;
  readonly offset: bigint;
}

/** Address → module lookup by binary search over module ranges sorted by base. */
export class ModuleIndex {
  private readonly sorted: readonly ParsedModule[];

  constructor(modules: readonly ParsedModule[]) {
    this.sorted = modules.filter((m) => m.end > m.base).sort((a, b) => (a.base < b.base ? -1 : a.base > b.base ? 1 : 0));
  }

  /** The module whose [base, base + size) contains `address`, or null ("in no module"). */
  find(address: bigint): ModuleHit | null {
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
    // Overlapping entries are rare but real (odd writers): check a few predecessors too.
    for (let i = at; i >= 0 && i > at - 4; i--) {
      const m = this.sorted[i]!;
      if (address >= m.base && address < m.end) return { module: m, offset: address - m.base };
    }
    return null;
  }

  /** Whether `address` lies in any module (what the stack scanner accepts as a return address). */
  contains(address: bigint): boolean {
    return this.find(address) !== null;
  }
}
