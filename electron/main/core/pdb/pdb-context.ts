import type { ByteSource } from '../minidump/byte-source';
import { createAddressMap, parseOmap, parseSectionHeaders, type AddressMap, type Omap, type PdbSection } from './address-map';
import { parseDebugHeader, parseDbiHeader, type DbiHeader } from './dbi';
import { parseModules, type PdbModule } from './dbi-modules';
import { parseSectionContributions, parseSectionMap, type SectionMapEntry } from './dbi-sections';
import { ModuleCache } from './module-cache';
import type { ModuleSymbols } from './module-symbols';
import { openMsf, MAX_STREAM_READ, type MsfFile } from './msf';
import { describePdbError, fail, ProblemList } from './pdb-error';
import { parsePdbInfo, type PdbInfoStream } from './pdb-info';
import { openPublics, type PublicSymbols } from './publics';
import { openStringTable, type StringTable } from './string-table';
import { openTypeStream, type TypeStream } from './type-stream';

const INFO_STREAM = 1;
const TPI_STREAM = 2;
const DBI_STREAM = 3;
const IPI_STREAM = 4;
/** 2^21: with a 32-bit RVA the packed sort key stays below 2^53. */
const MAX_CONTRIBUTIONS = 0x200000;

/** Address → module map from the section contributions, in source RVA order. */
export interface ContributionMap {
  readonly start: Uint32Array;
  readonly end: Uint32Array;
  readonly module: Uint16Array;
}

/** Everything an opened PDB keeps: small tables cached at open, the rest opened lazily. */
export interface PdbContext {
  readonly msf: MsfFile;
  readonly info: PdbInfoStream;
  readonly dbi: DbiHeader;
  readonly modules: readonly PdbModule[];
  readonly sectionMap: readonly SectionMapEntry[];
  readonly imageSections: readonly PdbSection[];
  readonly map: AddressMap;
  readonly contributions: ContributionMap;
  readonly problems: ProblemList;
  /** The /names string table, or null when absent or damaged. */
  strings(): Promise<StringTable | null>;
  /** TPI (types) and IPI (function ids) streams, or null when absent or damaged. */
  tpi(): Promise<TypeStream | null>;
  ipi(): Promise<TypeStream | null>;
  /** The public symbols, or null when absent or damaged. */
  publics(): Promise<PublicSymbols | null>;
  /** A module's indexed symbols and lines, or null when it has none (cached, bounded). */
  moduleSymbols(index: number): Promise<ModuleSymbols | null>;
}

/** Size caps of the small tables read whole (a damaged size must not drive a big read). */
const MAX_INFO_STREAM = 16 * 1024 * 1024;
const MAX_SECTION_HEADERS = 0xffff * 40;

/** Reads a whole stream of at most `max` bytes. */
async function readStream(msf: MsfFile, stream: number, max: number, what: string): Promise<Uint8Array> {
  const size = msf.streamSize(stream);
  if (size === null) fail(`the ${what} (stream ${stream}) does not exist`);
  if (size > max) fail(`the ${what} (stream ${stream}) declares ${size} bytes, more than it can hold`);
  return msf.read(stream, 0, size);
}

/** Runs `open` once, keeping its value; a failure becomes a problem and null. */
function lazy<T>(what: string, problems: ProblemList, open: () => Promise<T | null>): () => Promise<T | null> {
  let pending: Promise<T | null> | null = null;
  return () =>
    (pending ??= open().catch((error: unknown) => {
      problems.add(`${what}: ${describePdbError(error)}`);
      return null;
    }));
}

async function readSections(msf: MsfFile, stream: number | null, problems: ProblemList): Promise<PdbSection[]> {
  if (stream === null) return [];
  try {
    return parseSectionHeaders(await readStream(msf, stream, MAX_SECTION_HEADERS, 'section header stream'));
  } catch (error) {
    problems.add(`section headers: ${describePdbError(error)}`);
    return [];
  }
}

async function readOmap(msf: MsfFile, stream: number | null, problems: ProblemList): Promise<Omap | null> {
  if (stream === null) return null;
  try {
    return parseOmap(await readStream(msf, stream, MAX_STREAM_READ, 'OMAP stream'));
  } catch (error) {
    problems.add(`OMAP table: ${describePdbError(error)}`);
    return null;
  }
}

async function buildAddressMap(msf: MsfFile, dbi: DbiHeader, problems: ProblemList): Promise<{ map: AddressMap; image: PdbSection[] }> {
  const debug = parseDebugHeader(await msf.read(DBI_STREAM, dbi.debugHeader.offset, dbi.debugHeader.size));
  const image = await readSections(msf, debug.sectionHeaders, problems);
  const toSource = await readOmap(msf, debug.omapToSource, problems);
  const fromSource = await readOmap(msf, debug.omapFromSource, problems);
  // With OMAP, records use the section layout from before the rewrite.
  const original = toSource || fromSource ? await readSections(msf, debug.originalSectionHeaders, problems) : [];
  const source = original.length > 0 ? original : image;
  if (source.length === 0) problems.add('the PDB has no section headers: addresses cannot be mapped to symbols');
  return { map: createAddressMap(source, toSource, fromSource), image };
}

async function buildContributions(msf: MsfFile, dbi: DbiHeader, map: AddressMap, problems: ProblemList): Promise<ContributionMap> {
  const empty = { start: new Uint32Array(0), end: new Uint32Array(0), module: new Uint16Array(0) };
  let c;
  try {
    c = parseSectionContributions(await msf.read(DBI_STREAM, dbi.sectionContributions.offset, dbi.sectionContributions.size));
  } catch (error) {
    problems.add(`section contributions: ${describePdbError(error)}`);
    return empty;
  }
  // Sort keys pack (start RVA, entry index) into one exact double so a typed-array sort does the work.
  const count = Math.min(c.count, MAX_CONTRIBUTIONS);
  if (count < c.count) problems.add(`only the first ${count} of ${c.count} section contributions are used`);
  const keys: number[] = [];
  const rvas = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    const rva = map.sourceRva(c.section[i]!, c.offset[i]!);
    if (rva === null || c.size[i] === 0) continue;
    rvas[i] = rva;
    keys.push(rva * MAX_CONTRIBUTIONS + i);
  }
  const sorted = Float64Array.from(keys).sort();
  const out = { start: new Uint32Array(sorted.length), end: new Uint32Array(sorted.length), module: new Uint16Array(sorted.length) };
  sorted.forEach((key, k) => {
    const i = key % MAX_CONTRIBUTIONS;
    out.start[k] = rvas[i]!;
    out.end[k] = Math.min(0xffffffff, rvas[i]! + c.size[i]!);
    out.module[k] = c.module[i]!;
  });
  return out;
}

/** Opens a PDB: the MSF directory, info and DBI streams, section headers and contributions. */
export async function openPdbContext(source: ByteSource): Promise<PdbContext> {
  const problems = new ProblemList();
  const msf = await openMsf(source);
  msf.problems.forEach((p) => problems.add(p));
  if (msf.streamSize(INFO_STREAM) === null) fail('the PDB has no info stream');
  const info = parsePdbInfo(await readStream(msf, INFO_STREAM, MAX_INFO_STREAM, 'PDB info stream'));
  if (info.minimalDebugInfo) problems.add('this PDB was linked with /DEBUG:FASTLINK: much of its debug information stays in the object files, so lookups may find only public symbols');
  const dbiSize = msf.streamSize(DBI_STREAM);
  if (dbiSize === null) fail('the PDB has no DBI stream (no modules, sections or symbols)');
  const headerProblems: string[] = [];
  const dbi = parseDbiHeader(await msf.read(DBI_STREAM, 0, 64), dbiSize, headerProblems);
  headerProblems.forEach((p) => problems.add(p));
  if (dbi.modules.size > MAX_STREAM_READ) fail('the DBI module list is too large to be real');
  const moduleProblems: string[] = [];
  const modules = parseModules(await msf.read(DBI_STREAM, dbi.modules.offset, dbi.modules.size), moduleProblems);
  moduleProblems.forEach((p) => problems.add(p));
  let sectionMap: SectionMapEntry[] = [];
  try {
    sectionMap = parseSectionMap(await msf.read(DBI_STREAM, dbi.sectionMap.offset, dbi.sectionMap.size));
  } catch (error) {
    problems.add(`section map: ${describePdbError(error)}`);
  }
  const { map, image } = await buildAddressMap(msf, dbi, problems);
  const contributions = await buildContributions(msf, dbi, map, problems);

  const strings = lazy('/names string table', problems, async () => {
    const stream = info.namedStreams.get('/names');
    return stream === undefined ? null : openStringTable(msf, stream);
  });
  const tpi = lazy('type stream', problems, () => openTypeStream(msf, TPI_STREAM));
  // Before VC 14 (no IPI feature) stream 4 is not an id stream.
  const ipi = lazy('id stream', problems, async () => (!info.hasIpi || msf.streamSize(IPI_STREAM) === null ? null : openTypeStream(msf, IPI_STREAM)));
  const publics = lazy('public symbols', problems, async () =>
    dbi.publicsStream === null || dbi.symbolRecordsStream === null ? null : openPublics(msf, dbi.publicsStream, dbi.symbolRecordsStream),
  );
  const cache = new ModuleCache(msf, map, problems);

  return {
    msf,
    info,
    dbi,
    modules,
    sectionMap,
    imageSections: image,
    map,
    contributions,
    problems,
    strings,
    tpi,
    ipi,
    publics,
    moduleSymbols: (index) => {
      const module = modules[index];
      return module ? cache.get(module) : Promise.resolve(null);
    },
  };
}
