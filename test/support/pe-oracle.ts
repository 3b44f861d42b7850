import { all, big, num, one, prop, readobj, runLlvm, type ReadobjNode } from './pe-readobj';

/**
 * The independent view of a PE file: what llvm-readobj-14 / llvm-objdump-14 print, turned into
 * plain values the tests compare the reader's output with. Nothing here uses the reader.
 */

/** Header fields per llvm-readobj --file-headers (plus objdump -p for the three readobj omits). */
export interface OracleHeaders {
  readonly peOffset: number;
  readonly machine: number;
  readonly sectionCount: number;
  readonly timeDateStamp: number;
  readonly pointerToSymbolTable: number;
  readonly symbolCount: number;
  readonly optionalHeaderSize: number;
  readonly characteristics: number;
  readonly optional: Readonly<Record<string, number | bigint | null>>;
  readonly dataDirectories: readonly { rva: number; size: number }[];
}

const DIRECTORY_KEYS = [
  'ExportTable',
  'ImportTable',
  'ResourceTable',
  'ExceptionTable',
  'CertificateTable',
  'BaseRelocationTable',
  'Debug',
  'Architecture',
  'GlobalPtr',
  'TLSTable',
  'LoadConfigTable',
  'BoundImport',
  'IAT',
  'DelayImportDescriptor',
  'CLRRuntimeHeader',
  'Reserved',
];

/** Headers of `file` as the LLVM tools see them. */
export function oracleHeaders(file: string): OracleHeaders {
  const tree = readobj(file, '--file-headers');
  const fh = one(tree, 'ImageFileHeader').children;
  const oh = one(tree, 'ImageOptionalHeader').children;
  const dd = one(oh, 'DataDirectory').children;
  const objdump = runLlvm('llvm-objdump', ['-p', file]);
  const hexField = (name: string): number => Number('0x' + new RegExp(`^${name}\\s+([0-9a-fA-F]+)`, 'm').exec(objdump)![1]);
  const flags = (nodes: ReadobjNode[] | null, key: string): number => num(/\((0x[0-9A-Fa-f]+)\)/.exec(one(nodes, key).value)![1]);
  const baseOfData = prop(oh, 'BaseOfData');
  return {
    peOffset: num(prop(one(tree, 'DOSHeader').children, 'AddressOfNewExeHeader')),
    machine: num(prop(fh, 'Machine')),
    sectionCount: num(prop(fh, 'SectionCount')),
    timeDateStamp: num(prop(fh, 'TimeDateStamp')),
    pointerToSymbolTable: num(prop(fh, 'PointerToSymbolTable')),
    symbolCount: num(prop(fh, 'SymbolCount')),
    optionalHeaderSize: num(prop(fh, 'OptionalHeaderSize')),
    characteristics: flags(fh, 'Characteristics'),
    optional: {
      magic: num(prop(oh, 'Magic')),
      majorLinkerVersion: num(prop(oh, 'MajorLinkerVersion')),
      minorLinkerVersion: num(prop(oh, 'MinorLinkerVersion')),
      sizeOfCode: num(prop(oh, 'SizeOfCode')),
      sizeOfInitializedData: num(prop(oh, 'SizeOfInitializedData')),
      sizeOfUninitializedData: num(prop(oh, 'SizeOfUninitializedData')),
      addressOfEntryPoint: num(prop(oh, 'AddressOfEntryPoint')),
      baseOfCode: num(prop(oh, 'BaseOfCode')),
      baseOfData: baseOfData === undefined ? null : num(baseOfData),
      imageBase: big(prop(oh, 'ImageBase')),
      sectionAlignment: num(prop(oh, 'SectionAlignment')),
      fileAlignment: num(prop(oh, 'FileAlignment')),
      majorOperatingSystemVersion: num(prop(oh, 'MajorOperatingSystemVersion')),
      minorOperatingSystemVersion: num(prop(oh, 'MinorOperatingSystemVersion')),
      majorImageVersion: num(prop(oh, 'MajorImageVersion')),
      minorImageVersion: num(prop(oh, 'MinorImageVersion')),
      majorSubsystemVersion: num(prop(oh, 'MajorSubsystemVersion')),
      minorSubsystemVersion: num(prop(oh, 'MinorSubsystemVersion')),
      win32VersionValue: hexField('Win32Version'),
      sizeOfImage: num(prop(oh, 'SizeOfImage')),
      sizeOfHeaders: num(prop(oh, 'SizeOfHeaders')),
      checkSum: hexField('CheckSum'),
      subsystem: num(prop(oh, 'Subsystem')),
      dllCharacteristics: flags(oh, 'Characteristics'),
      sizeOfStackReserve: big(prop(oh, 'SizeOfStackReserve')),
      sizeOfStackCommit: big(prop(oh, 'SizeOfStackCommit')),
      sizeOfHeapReserve: big(prop(oh, 'SizeOfHeapReserve')),
      sizeOfHeapCommit: big(prop(oh, 'SizeOfHeapCommit')),
      loaderFlags: hexField('LoaderFlags'),
      numberOfRvaAndSizes: num(prop(oh, 'NumberOfRvaAndSize')),
    },
    dataDirectories: DIRECTORY_KEYS.map((k) => ({ rva: num(prop(dd, `${k}RVA`)), size: num(prop(dd, `${k}Size`)) })),
  };
}

/** A section header per llvm-readobj --sections (the name resolved from the string table). */
export interface OracleSection {
  readonly name: string;
  readonly virtualSize: number;
  readonly virtualAddress: number;
  readonly sizeOfRawData: number;
  readonly pointerToRawData: number;
  readonly pointerToRelocations: number;
  readonly pointerToLinenumbers: number;
  readonly numberOfRelocations: number;
  readonly numberOfLinenumbers: number;
  readonly characteristics: number;
}

/** Sections of `file` as llvm-readobj prints them. */
export function oracleSections(file: string): OracleSection[] {
  return all(one(readobj(file, '--sections'), 'Sections').children, 'Section').map((s) => {
    const c = s.children;
    return {
      name: /^(.*?) \(/.exec(prop(c, 'Name')!)![1]!,
      virtualSize: num(prop(c, 'VirtualSize')),
      virtualAddress: num(prop(c, 'VirtualAddress')),
      sizeOfRawData: num(prop(c, 'RawDataSize')),
      pointerToRawData: num(prop(c, 'PointerToRawData')),
      pointerToRelocations: num(prop(c, 'PointerToRelocations')),
      pointerToLinenumbers: num(prop(c, 'PointerToLineNumbers')),
      numberOfRelocations: num(prop(c, 'RelocationCount')),
      numberOfLinenumbers: num(prop(c, 'LineNumberCount')),
      characteristics: num(/\((0x[0-9A-Fa-f]+)\)/.exec(one(c, 'Characteristics').value)![1]),
    };
  });
}

/** One debug directory entry per llvm-readobj --coff-debug-directory. */
export interface OracleDebugEntry {
  readonly type: number;
  readonly timeDateStamp: number;
  readonly sizeOfData: number;
  readonly addressOfRawData: number;
  readonly pointerToRawData: number;
  readonly pdb: { readonly guidBytes: string; readonly age: number; readonly fileName: string } | null;
}

/** Debug directory entries of `file`. */
export function oracleDebugDirectory(file: string): OracleDebugEntry[] {
  return all(one(readobj(file, '--coff-debug-directory'), 'DebugDirectory').children, 'DebugEntry').map((e) => {
    const c = e.children;
    const info = c?.find((n) => n.key === 'PDBInfo');
    return {
      type: num(prop(c, 'Type')),
      timeDateStamp: num(prop(c, 'TimeDateStamp')),
      sizeOfData: num(prop(c, 'SizeOfData')),
      addressOfRawData: num(prop(c, 'AddressOfRawData')),
      pointerToRawData: num(prop(c, 'PointerToRawData')),
      pdb: info
        ? {
            guidBytes: /\(([0-9A-F ]+)\)/.exec(prop(info.children, 'PDBGUID')!)![1]!.replace(/ /g, ''),
            age: num(prop(info.children, 'PDBAge')),
            fileName: prop(info.children, 'PDBFileName')!,
          }
        : null,
    };
  });
}

/** Exports per llvm-readobj --coff-exports: ordinal → RVA (forwarders show their string's RVA). */
export function oracleExportRvas(file: string): Map<number, { rva: number; name: string }> {
  const out = new Map<number, { rva: number; name: string }>();
  for (const e of all(readobj(file, '--coff-exports'), 'Export')) {
    out.set(num(prop(e.children, 'Ordinal')), { rva: num(prop(e.children, 'RVA')), name: prop(e.children, 'Name') ?? '' });
  }
  return out;
}

/** The version resources (one per language) and their data locations per llvm-readobj --coff-resources. */
export function oracleVersionResources(file: string): { language: number; dataRva: number; dataSize: number; codepage: number }[] {
  const res = one(readobj(file, '--coff-resources'), 'Resources').children;
  const type = all(res, 'Type').find((t) => t.value.includes('(ID 16)'));
  if (!type) throw new Error('llvm-readobj shows no VERSIONINFO resource');
  return all(one(type.children, 'Name').children, 'Language').map((lang) => {
    const data = one(lang.children, 'Data').children;
    return { language: num(/\(ID (\d+)\)/.exec(lang.value)![1]), dataRva: num(prop(data, 'DataRVA')), dataSize: num(prop(data, 'DataSize')), codepage: num(prop(data, 'Codepage')) };
  });
}
