/**
 * Names from an image's exports, for modules without a usable PDB (as WinDbg does for system DLLs
 * without symbols). The nearest export below an address names it only when no other function
 * starts in between: the .pdata function that holds the address must begin at or before the
 * export, otherwise the address is in an unexported function and the name would be a lie.
 */
import { createExportIndex, type ExportIndex, nearestExport, readExports } from '../pe/exports';
import { lookupArm64Function, readArm64FunctionTable } from '../pe/arm64-function-table';
import type { PeImage } from '../pe/pe-image';
import { findX64Function, readX64FunctionTable } from '../pe/x64-function-table';

/** The export name and offset of an address. */
export interface ExportSymbol {
  /** The export's first name, or `Ordinal<n>` for one exported by ordinal only. */
  readonly function: string;
  readonly functionOffset: number;
}

/** What naming needs from an image, read once per image. */
interface ImageTables {
  readonly exports: ExportIndex;
  /** Start RVA of the function holding `rva` per the image's unwind table, or null when it has none there. */
  readonly functionStart: (rva: number) => Promise<number | null>;
}

const tables = new WeakMap<PeImage, Promise<ImageTables>>();

async function readTables(image: PeImage): Promise<ImageTables> {
  const exports = createExportIndex(await readExports(image));
  const arch = image.headers.coff.arch;
  if (arch === 'amd64') {
    const table = await readX64FunctionTable(image);
    return { exports, functionStart: async (rva) => findX64Function(table, rva)?.beginRva ?? null };
  }
  if (arch === 'arm64') {
    const table = await readArm64FunctionTable(image);
    return { exports, functionStart: async (rva) => (await lookupArm64Function(image, table, rva))?.beginRva ?? null };
  }
  return { exports, functionStart: async () => null };
}

function tablesOf(image: PeImage): Promise<ImageTables> {
  let found = tables.get(image);
  if (!found) {
    found = readTables(image);
    tables.set(image, found);
  }
  return found;
}

/** The export that names `rva`, or null when there is none or another function lies in between. */
export async function exportName(image: PeImage, rva: number): Promise<ExportSymbol | null> {
  const { exports, functionStart } = await tablesOf(image);
  const nearest = nearestExport(exports, rva);
  if (!nearest) return null;
  const start = await functionStart(rva);
  if (start !== null && start > nearest.export.rva) return null;
  const name = nearest.export.names[0] ?? `Ordinal${nearest.export.ordinal}`;
  return { function: name, functionOffset: nearest.offset };
}
