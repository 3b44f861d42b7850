/**
 * Symbols of one dump module: finds its PDB (by the dump's CodeView debug id, else by the id in
 * its image, which is found by code id first: Windows' triage dumps and Wine write no CodeView
 * records), refuses a PDB whose GUID/age differ, and names addresses from the PDB, else from the
 * image's exports bounded by the function that holds the address.
 */
import { basename, win32 } from 'node:path';
import type { PdbFrameInfo } from '../pdb/frame-data';
import { openPdbFile } from '../pdb/open-pdb';
import type { InlineFrame, PdbFileReader } from '../pdb/pdb-types';
import { readDebugInfo } from '../pe/debug-directory';
import type { PeImage } from '../pe/pe-image';
import type { SymbolLocator } from '../symbols/symbol-locator';
import { exportName } from './export-names';

/** A module as the dump lists it. */
export interface SymbolModule {
  /** File name (`kernel32.dll`). */
  readonly name: string;
  /** Path as recorded on the crashing machine. */
  readonly path: string;
  /** `%08X` TimeDateStamp + `%x` SizeOfImage, or null when the dump has neither. */
  readonly codeId: string | null;
  /** PDB path from the dump's CodeView record, or null. */
  readonly debugFile: string | null;
  /** GUID + age from the dump's CodeView record, or null. */
  readonly debugId: string | null;
}

/** Whether the module's PDB is in use, and if not why. */
export interface ModuleSymbolsInfo {
  readonly status: 'loaded' | 'missing' | 'mismatched' | 'error';
  /** The PDB in use (loaded) or the one refused (mismatched), else null. */
  readonly file: string | null;
  /** Why symbols are missing, mismatched or failed; null when loaded. */
  readonly message: string | null;
}

/** What an address of the module is. */
export interface FrameSymbol {
  readonly function: string;
  readonly functionOffset: number;
  readonly file: string | null;
  readonly line: number | null;
  /** Inlined calls at the address, innermost first. */
  readonly inlined: readonly InlineFrame[];
  /** `pdb`: private symbols; `public`: the nearest public symbol; `export`: the image's exports only. */
  readonly source: 'pdb' | 'public' | 'export';
}

/** Where a module's image and PDB come from. */
export interface ModuleSymbolsContext {
  /** The symbol path's locator, or null when no symbol path is set. */
  readonly locator: SymbolLocator | null;
  /** The module's image (from the dump, the symbol path or the local disk), or null. */
  readonly image: () => Promise<PeImage | null>;
  /** Whether a file exists on this machine (the PDB path of the CodeView record is tried as dbghelp does). */
  readonly exists: (path: string) => boolean;
  readonly signal?: AbortSignal;
}

/** The symbols of one module, resolved once on first use. */
export interface ModuleSymbols {
  info(): Promise<ModuleSymbolsInfo>;
  /** Names the image RVA, or null when nothing covers it. */
  symbolize(rva: number): Promise<FrameSymbol | null>;
  /** x86: the PDB's FrameData/FPO record covering the image RVA, or null (no PDB in use, or no record). */
  frameInfo(rva: number): Promise<PdbFrameInfo | null>;
  close(): Promise<void>;
}

interface Refusal {
  readonly path: string;
  readonly reason: string;
}

/** A PDB opened and found to be the module's build. */
interface VerifiedPdb {
  readonly path: string;
  readonly pdb: PdbFileReader;
}

interface PdbId {
  readonly name: string;
  readonly debugId: string;
  /** The full path the linker recorded, tried on this machine. */
  readonly recorded: string | null;
}

async function pdbIdOf(module: SymbolModule, image: PeImage | null): Promise<PdbId | null> {
  if (module.debugId && module.debugFile) {
    return { name: win32.basename(module.debugFile), debugId: module.debugId.toUpperCase(), recorded: module.debugFile };
  }
  const cv = image ? (await readDebugInfo(image)).codeView : null;
  if (cv && cv.kind !== 'unknown') return { name: cv.pdbName, debugId: cv.debugId.toUpperCase(), recorded: cv.pdbPath };
  return null;
}

/** Opens `path` and keeps it only when its id is `debugId`; otherwise says what it holds. */
async function openMatching(path: string, debugId: string): Promise<{ pdb: PdbFileReader } | { refused: Refusal }> {
  const opened = await openPdbFile(path);
  if (!opened.ok) return { refused: { path, reason: `${path} cannot be read: ${opened.error}` } };
  if (opened.value.identity.debugId.toUpperCase() === debugId) return { pdb: opened.value };
  await opened.value.close();
  return { refused: { path, reason: `${path} is another build (id ${opened.value.identity.debugId}; the module needs ${debugId})` } };
}

/** Resolves a module's symbols lazily; nothing is read until `info` or `symbolize` is called. */
export function moduleSymbols(module: SymbolModule, context: ModuleSymbolsContext): ModuleSymbols {
  let pdb: PdbFileReader | null = null;
  let resolved: Promise<ModuleSymbolsInfo> | null = null;

  const resolve = async (): Promise<ModuleSymbolsInfo> => {
    const image = await context.image();
    const id = await pdbIdOf(module, image);
    if (!id) {
      const why = module.codeId ? `its image (code id ${module.codeId}) was not found` : 'the dump gives no time stamp and size to find its image by';
      return { status: 'missing', file: null, message: `No PDB id: the dump has no CodeView record for ${module.name} and ${why}.` };
    }
    const refused: Refusal[] = [];
    // The PDB the locator's check accepted stays open, so a module's PDB is opened once.
    let verified: VerifiedPdb | null = null;
    const verify = async (path: string): Promise<boolean> => {
      const found = await openMatching(path, id.debugId);
      if ('refused' in found) {
        refused.push(found.refused);
        return false;
      }
      await verified?.pdb.close();
      verified = { path, pdb: found.pdb };
      return true;
    };
    let path: string | null = null;
    let lookupMessage: string | null = null;
    let failure: ModuleSymbolsInfo | null = null;
    if (id.recorded && context.exists(id.recorded) && (await verify(id.recorded))) path = id.recorded;
    if (!path && context.locator) {
      const found = await context.locator.locatePdb({ name: id.name, debugId: id.debugId }, { verify, ...(context.signal ? { signal: context.signal } : {}) });
      if (found.kind === 'found') path = found.path;
      else if (found.kind === 'error') failure = { status: 'error', file: null, message: found.message };
      else lookupMessage = found.message;
    }
    // `verify` assigns it from the locator's calls, which the compiler's narrowing does not see.
    const kept = verified as VerifiedPdb | null;
    if (kept && kept.path !== path) await kept.pdb.close();
    if (failure) return failure;
    if (path) {
      const opened = kept?.path === path ? { pdb: kept.pdb } : await openMatching(path, id.debugId);
      if ('pdb' in opened) {
        pdb = opened.pdb;
        return { status: 'loaded', file: path, message: null };
      }
      refused.push(opened.refused);
    }
    if (refused.length > 0) {
      return { status: 'mismatched', file: refused[0]!.path, message: `Refused: ${refused.map((r) => r.reason).join('; ')}.` };
    }
    const where = context.locator ? (lookupMessage ?? `${id.name} was not found on the symbol path.`) : 'No symbol path is set.';
    return { status: 'missing', file: null, message: `${basename(id.name)} (id ${id.debugId}): ${where}` };
  };
  const info = (): Promise<ModuleSymbolsInfo> => (resolved ??= resolve());

  return {
    info,
    async symbolize(rva) {
      await info();
      const fromPdb = pdb ? await pdb.symbolize(rva) : null;
      if (fromPdb) {
        const { function: name, functionOffset, file, line, inlined, kind } = fromPdb;
        return { function: name, functionOffset, file, line, inlined, source: kind === 'function' ? 'pdb' : 'public' };
      }
      const image = await context.image();
      const exported = image ? await exportName(image, rva) : null;
      return exported ? { ...exported, file: null, line: null, inlined: [], source: 'export' } : null;
    },
    async frameInfo(rva) {
      await info();
      return pdb ? pdb.frameInfo(rva) : null;
    },
    async close() {
      await pdb?.close();
      pdb = null;
    },
  };
}
