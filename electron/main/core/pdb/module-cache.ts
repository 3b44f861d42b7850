import type { AddressMap } from './address-map';
import type { PdbModule } from './dbi-modules';
import { loadModuleSymbols, type ModuleSymbols } from './module-symbols';
import type { MsfFile } from './msf';
import { describePdbError, type ProblemList } from './pdb-error';

/** Memory the indexed modules may take together (rough weights), and how many are kept. */
const WEIGHT_BUDGET = 64 * 1024 * 1024;
const MAX_MODULES = 64;

/** Least-recently-used cache of indexed modules: lookups index a module once, memory stays bounded. */
export class ModuleCache {
  private readonly entries = new Map<number, Promise<ModuleSymbols | null>>();
  private readonly weights = new Map<number, number>();
  private total = 0;

  constructor(
    private readonly msf: MsfFile,
    private readonly map: AddressMap,
    private readonly problems: ProblemList,
  ) {}

  /** The module's symbols (indexed on first use), or null when it has none or they are damaged. */
  get(module: PdbModule): Promise<ModuleSymbols | null> {
    const hit = this.entries.get(module.index);
    if (hit) {
      // Refresh recency: Map iteration order is insertion order.
      this.entries.delete(module.index);
      this.entries.set(module.index, hit);
      return hit;
    }
    const pending = this.load(module);
    this.entries.set(module.index, pending);
    return pending;
  }

  private async load(module: PdbModule): Promise<ModuleSymbols | null> {
    if (module.symbolStream === null) return null;
    const local: string[] = [];
    try {
      const symbols = await loadModuleSymbols(this.msf, module, this.map, local);
      this.weights.set(module.index, symbols.weight);
      this.total += symbols.weight;
      this.evict(module.index);
      return symbols;
    } catch (error) {
      local.push(describePdbError(error));
      return null;
    } finally {
      local.forEach((p) => this.problems.add(`module ${module.index} (${module.name}): ${p}`));
    }
  }

  private evict(keep: number): void {
    for (const index of this.entries.keys()) {
      if (this.total <= WEIGHT_BUDGET && this.entries.size <= MAX_MODULES) break;
      if (index === keep) continue;
      this.entries.delete(index);
      this.total -= this.weights.get(index) ?? 0;
      this.weights.delete(index);
    }
  }
}
