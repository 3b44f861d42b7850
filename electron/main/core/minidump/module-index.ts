import { RangeIndex } from '../range-index';
import type { ParsedModule } from './parse-modules';

/** A module hit: the module and the address's offset inside it. */
export interface ModuleHit {
  readonly module: ParsedModule;
  readonly offset: bigint;
}

/** Address → module lookup by binary search over module ranges sorted by base. */
export class ModuleIndex {
  private readonly ranges: RangeIndex<ParsedModule>;

  constructor(modules: readonly ParsedModule[]) {
    this.ranges = new RangeIndex(modules);
  }

  /** The module whose [base, base + size) contains `address`, or null ("in no module"). */
  find(address: bigint): ModuleHit | null {
    const hit = this.ranges.find(address);
    return hit ? { module: hit.range, offset: hit.offset } : null;
  }

  /** Whether `address` lies in any module (what the stack scanner accepts as a return address). */
  contains(address: bigint): boolean {
    return this.find(address) !== null;
  }
}
