import type { PdbFrameInfo } from './frame-data';
import type { Result } from '../../../../shared/result';
import type { PdbSection } from './address-map';
import type { PdbModule } from './dbi-modules';
import type { SectionMapEntry } from './dbi-sections';

/** Re-exported so callers need only this file for the reader's types. */
export type { PdbSection } from './address-map';
/** Re-exported so callers need only this file for the reader's types. */
export type { PdbModule } from './dbi-modules';
/** Re-exported so callers need only this file for the reader's types. */
export type { SectionMapEntry } from './dbi-sections';
/** Re-exported so callers need only this file for the reader's types. */
export type { FpoRecord, FrameDataRecord, PdbFrameInfo } from './frame-data';

/** What identifies a PDB and matches it to an image's CodeView (RSDS) record. */
export interface PdbIdentity {
  /** GUID as "XXXXXXXX-XXXX-XXXX-XXXX-XXXXXXXXXXXX". */
  readonly guid: string;
  /**
   * Age to match against the image: the DBI stream's age, which wins over the info stream's (the
   * linker updates both, but tools that rewrite a PDB may only update the DBI one; dbghelp and
   * LLVM match on the DBI age).
   */
  readonly age: number;
  /** Age recorded in the PDB info stream (stream 1). */
  readonly infoAge: number;
  /** Time stamp the linker wrote (seconds since 1970). */
  readonly signature: number;
  /** Info stream version (20000404 = VC 7.0). */
  readonly version: number;
  /** Symbol-server id: GUID without dashes + age in hex, upper case. */
  readonly debugId: string;
}

/** One inlined call at an address. */
export interface InlineFrame {
  /** Qualified name of the inlined function ("geo::Shape::area"). */
  readonly function: string;
  /** Source file of the line, or null when unknown. */
  readonly file: string | null;
  /** Line inside the inlined function at the address, or null when unknown. */
  readonly line: number | null;
}

/** What an address is: its function, source line and any inlined calls there. */
export interface SymbolizedAddress {
  /** "function": from the module's private symbols; "public": the nearest public symbol only. */
  readonly kind: 'function' | 'public';
  /** Function name, demangled if it was decorated. */
  readonly function: string;
  /** Bytes from the function's (or public symbol's) start to the address. */
  readonly functionOffset: number;
  /**
   * Source file and line of the address in the (non-inlined) function; when calls are inlined
   * here, this is the line of the outermost inlined call. Null for public symbols.
   */
  readonly file: string | null;
  readonly line: number | null;
  /** Start column when the line table has columns, else null. */
  readonly column: number | null;
  /** Inlined calls at the address, innermost first (empty when none). */
  readonly inlined: readonly InlineFrame[];
}

/** A public symbol (S_PUB32). */
export interface PdbPublic {
  /** Name as stored (decorated for C++). */
  readonly name: string;
  /** RVA in the image, or null when its section is unknown or it maps nowhere. */
  readonly rva: number | null;
  readonly section: number;
  readonly offset: number;
  /** Flagged as a function (CV_PUBSYMFLAGS cvpsfFunction). */
  readonly isFunction: boolean;
}

/** A procedure of a module (S_GPROC32 / S_LPROC32 and their _ID variants). */
export interface PdbFunction {
  readonly name: string;
  /** RVA in the image, or null when it maps nowhere. */
  readonly rva: number | null;
  readonly length: number;
}

/** One line table entry of a module. */
export interface PdbLine {
  readonly rva: number;
  readonly line: number;
  readonly file: string | null;
}

/** An opened PDB. All methods resolve (never reject); failures become problems or Result errors. */
export interface PdbReader {
  readonly identity: PdbIdentity;
  /** IMAGE_FILE_MACHINE_* from the DBI header (0x8664 x64, 0x14c x86, 0xaa64 arm64). */
  readonly machine: number;
  readonly modules: readonly PdbModule[];
  /** Image section headers (after OMAP, when the PDB has one). */
  readonly sections: readonly PdbSection[];
  readonly sectionMap: readonly SectionMapEntry[];
  /** Whether addresses are translated through OMAP tables. */
  readonly usesOmap: boolean;
  /** Problems found so far (opening and lookups), in plain language. */
  problems(): readonly string[];
  /** Function, line and inlined calls at an image RVA, or null when nothing covers it. */
  symbolize(rva: number): Promise<SymbolizedAddress | null>;
  /** Public symbols in address order (at most `limit`). */
  publics(limit?: number): Promise<Result<readonly PdbPublic[], string>>;
  /** Procedures of one module, in address order. */
  functions(moduleIndex: number): Promise<Result<readonly PdbFunction[], string>>;
  /** Line table entries of one module, in address order. */
  lines(moduleIndex: number): Promise<Result<readonly PdbLine[], string>>;
  /** The x86 frame record (FRAMEDATA, else old FPO) covering an image RVA, or null. */
  frameInfo(rva: number): Promise<PdbFrameInfo | null>;
}

/** A PDB opened from a file; close it when done. */
export interface PdbFileReader extends PdbReader {
  /** Closes the file handle; safe to call twice. */
  close(): Promise<void>;
}
