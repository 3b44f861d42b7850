/**
 * Symbols for every module of one dump: each module's image and PDB are found once, on first
 * use, and every opened file is closed together. Images come, in order, from the caller (the
 * dump's own memory, for full dumps), the symbol path by code id, and the module's own path when
 * the dump is opened on the machine that crashed (same code id only). The same object serves the
 * stack walk (images, x86 frame data: `ReadMinidumpOptions.symbols`) and the naming of its frames.
 */
import { existsSync } from 'node:fs';
import { openFileSource, type FileByteSource } from '../minidump/byte-source';
import type { PdbFrameInfo } from '../pdb/frame-data';
import { openPeImage, type PeImage } from '../pe/pe-image';
import type { SymbolLocator } from '../symbols/symbol-locator';
import { moduleSymbols, type ModuleSymbols, type SymbolModule } from './module-symbols';

/** Where a dump's symbols come from. */
export interface DumpSymbolsOptions {
  /** The symbol path's locator, or null when none is set (then only local files are used). */
  readonly locator: SymbolLocator | null;
  /** An image the caller already has for a module (mapped in a full dump's memory), or null. */
  readonly imageInDump?: (module: SymbolModule) => Promise<PeImage | null>;
  /** Whether a file exists on this machine; defaults to the real file system. */
  readonly exists?: (path: string) => boolean;
  readonly signal?: AbortSignal;
}

/** The symbols of a dump's modules. */
export interface DumpSymbols {
  /** The module's symbols (the same object for the same module). */
  of(module: SymbolModule): ModuleSymbols;
  /** The module's image, or null when none was found. */
  image(module: SymbolModule): Promise<PeImage | null>;
  /** x86: the FrameData/FPO record of the module's PDB at an image RVA, or null. */
  frameInfo(module: SymbolModule, rva: number): Promise<PdbFrameInfo | null>;
  /** Closes every opened image and PDB. */
  close(): Promise<void>;
}

function keyOf(module: SymbolModule): string {
  return `${module.name.toLowerCase()}|${module.codeId ?? ''}|${module.debugId ?? ''}`;
}

/** Creates the symbol state of one dump. */
export function dumpSymbols(options: DumpSymbolsOptions): DumpSymbols {
  const exists = options.exists ?? existsSync;
  const opened: FileByteSource[] = [];
  const images = new Map<string, Promise<PeImage | null>>();
  const modules = new Map<string, ModuleSymbols>();

  /** Opens an image file and keeps it only when it is the module's build (same code id). */
  const openImageFile = async (path: string, codeId: string): Promise<PeImage | null> => {
    let source: FileByteSource;
    try {
      source = await openFileSource(path);
    } catch {
      return null;
    }
    const image = await openPeImage(source);
    if (image.ok && image.value.codeId.toLowerCase() === codeId.toLowerCase()) {
      opened.push(source);
      return image.value;
    }
    await source.close();
    return null;
  };

  const findImage = async (module: SymbolModule): Promise<PeImage | null> => {
    const inDump = (await options.imageInDump?.(module)) ?? null;
    if (inDump || !module.codeId) return inDump;
    if (options.locator) {
      const found = await options.locator.locateImage({ name: module.name, codeId: module.codeId }, options.signal ? { signal: options.signal } : {});
      const image = found.kind === 'found' ? await openImageFile(found.path, module.codeId) : null;
      if (image) return image;
    }
    return module.path && exists(module.path) ? openImageFile(module.path, module.codeId) : null;
  };

  const image = (module: SymbolModule): Promise<PeImage | null> => {
    const key = keyOf(module);
    let found = images.get(key);
    if (!found) {
      found = findImage(module);
      images.set(key, found);
    }
    return found;
  };

  const of = (module: SymbolModule): ModuleSymbols => {
    const key = keyOf(module);
    let symbols = modules.get(key);
    if (!symbols) {
      symbols = moduleSymbols(module, {
        locator: options.locator,
        image: () => image(module),
        exists,
        ...(options.signal ? { signal: options.signal } : {}),
      });
      modules.set(key, symbols);
    }
    return symbols;
  };

  return {
    image,
    of,
    frameInfo: (module, rva) => of(module).frameInfo(rva),
    async close() {
      await Promise.all([...modules.values()].map((m) => m.close()));
      await Promise.all(opened.splice(0).map((s) => s.close()));
    },
  };
}
