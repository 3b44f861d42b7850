import { err, ok, type Result } from '../../../../shared/result';
import { createCachedSource, openFileSource, type ByteSource, type FileByteSource } from '../minidump/byte-source';
import { describeFsError } from '../fs-errors';
import { demanglerProblem } from './demangle';
import { openPdbContext, type PdbContext } from './pdb-context';
import { describePdbError } from './pdb-error';
import { openFrameTables, type FrameTables } from './frame-data';
import type { PdbFileReader, PdbFunction, PdbIdentity, PdbLine, PdbPublic, PdbReader } from './pdb-types';
import { fileName, symbolizeRva } from './symbolize';

/** Publics listed when no limit is given. */
const DEFAULT_PUBLICS_LIMIT = 100_000;

function identityOf(ctx: PdbContext): PdbIdentity {
  const { info, dbi } = ctx;
  return {
    guid: info.guid,
    age: dbi.age,
    infoAge: info.age,
    signature: info.signature,
    version: info.version,
    debugId: info.guid.replace(/-/g, '') + dbi.age.toString(16).toUpperCase(),
  };
}

async function guarded<T>(run: () => Promise<T>): Promise<Result<T, string>> {
  try {
    return ok(await run());
  } catch (error) {
    return err(describePdbError(error));
  }
}

async function listPublics(ctx: PdbContext, limit: number): Promise<PdbPublic[]> {
  const publics = await ctx.publics();
  if (!publics) return [];
  const out: PdbPublic[] = [];
  for (let i = 0; i < publics.count && out.length < limit; i++) {
    const p = await publics.at(i);
    const source = ctx.map.sourceRva(p.section, p.offset);
    out.push({ name: p.name, rva: source === null ? null : ctx.map.toImage(source), section: p.section, offset: p.offset, isFunction: (p.flags & 2) !== 0 });
  }
  return out;
}

async function listFunctions(ctx: PdbContext, index: number): Promise<PdbFunction[]> {
  const symbols = await ctx.moduleSymbols(index);
  return (symbols?.procs ?? []).map((p) => ({ name: p.name, rva: ctx.map.toImage(p.rva), length: p.length }));
}

async function listLines(ctx: PdbContext, index: number): Promise<PdbLine[]> {
  const symbols = await ctx.moduleSymbols(index);
  if (!symbols) return [];
  const l = symbols.lines;
  const out: PdbLine[] = [];
  for (let i = 0; i < l.rva.length; i++) {
    // Contribution ends and the synthetic start entries are not in the file as such.
    if (l.flags[i]) continue;
    const rva = ctx.map.toImage(l.rva[i]!);
    if (rva !== null) out.push({ rva, line: l.line[i]!, file: await fileName(ctx, l, l.file[i]!) });
  }
  return out;
}

function readerOf(ctx: PdbContext): PdbReader {
  let frames: Promise<FrameTables | null> | null = null;
  return {
    identity: identityOf(ctx),
    machine: ctx.dbi.machine,
    modules: ctx.modules,
    sections: ctx.imageSections,
    sectionMap: ctx.sectionMap,
    usesOmap: ctx.map.usesOmap,
    problems() {
      const demangler = demanglerProblem();
      return demangler ? [...ctx.problems.list(), demangler] : ctx.problems.list();
    },
    async symbolize(rva) {
      if (!Number.isInteger(rva) || rva < 0 || rva > 0xffffffff) return null;
      try {
        return await symbolizeRva(ctx, rva);
      } catch (error) {
        ctx.problems.add(`looking up 0x${rva.toString(16)}: ${describePdbError(error)}`);
        return null;
      }
    },
    publics: (limit = DEFAULT_PUBLICS_LIMIT) => guarded(() => listPublics(ctx, limit)),
    functions: (index) => guarded(() => listFunctions(ctx, index)),
    lines: (index) => guarded(() => listLines(ctx, index)),
    async frameInfo(rva) {
      if (!Number.isInteger(rva) || rva < 0 || rva > 0xffffffff) return null;
      try {
        frames ??= openFrameTables(ctx).catch((error: unknown) => {
          ctx.problems.add(`frame data: ${describePdbError(error)}`);
          return null;
        });
        return (await (await frames)?.lookup(rva)) ?? null;
      } catch (error) {
        ctx.problems.add(`frame data at 0x${rva.toString(16)}: ${describePdbError(error)}`);
        return null;
      }
    },
  };
}

/**
 * Opens a PDB over a ByteSource. Only the MSF directory, the info and DBI headers, the module
 * list, section headers and section contributions are read now; symbols, lines, types and publics
 * are read on demand. Failures come back as a plain-language error, never as an exception.
 */
export async function openPdb(source: ByteSource): Promise<Result<PdbReader, string>> {
  try {
    // Small reads (record headers, names, index probes) dominate lookups: a block cache absorbs them.
    return ok(readerOf(await openPdbContext(createCachedSource(source))));
  } catch (error) {
    return err(describePdbError(error));
  }
}

/** Opens a PDB file for on-demand reading; close the reader when done. */
export async function openPdbFile(path: string): Promise<Result<PdbFileReader, string>> {
  let file: FileByteSource;
  try {
    file = await openFileSource(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    return err(`cannot open the PDB: ${missing ? 'no such file' : describeFsError(error)}`);
  }
  const opened = await openPdb(file);
  if (!opened.ok) {
    await file.close().catch(() => undefined);
    return opened;
  }
  return ok({ ...opened.value, close: () => file.close().catch(() => undefined) });
}
