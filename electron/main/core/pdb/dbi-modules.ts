import { ByteView } from '../minidump/binary';

const UTF8 = new TextDecoder('utf-8');

const NO_STREAM = 0xffff;
const MODULE_FIXED_SIZE = 64;

/** One module (object file or import library member) of the DBI module list. */
export interface PdbModule {
  /** Position in the module list (the "module index" of section contributions). */
  readonly index: number;
  /** Module name (usually the object file path, or "* Linker *"). */
  readonly name: string;
  /** Object file or library the module came from. */
  readonly objectName: string;
  /** Stream holding the module's symbols and line tables, or null (stripped or no debug info). */
  readonly symbolStream: number | null;
  /** Bytes of CodeView symbols at the start of that stream (including the 4-byte signature). */
  readonly symbolBytes: number;
  /** Bytes of old-style C11 line data after the symbols (skipped). */
  readonly c11Bytes: number;
  /** Bytes of C13 line data (DEBUG_S_* subsections) after the C11 data. */
  readonly c13Bytes: number;
  /** Number of source files the module lists. */
  readonly sourceFileCount: number;
}

function cString(bytes: Uint8Array, at: number): { readonly text: string; readonly next: number } | null {
  const end = bytes.indexOf(0, at);
  if (end < 0) return null;
  return { text: UTF8.decode(bytes.subarray(at, end)), next: end + 1 };
}

/** Parses the DBI module list substream; a damaged tail ends the list with a problem. */
export function parseModules(bytes: Uint8Array, problems: string[]): PdbModule[] {
  const v = new ByteView(bytes);
  const modules: PdbModule[] = [];
  let at = 0;
  while (at < v.length) {
    if (!v.has(at, MODULE_FIXED_SIZE)) {
      problems.push(`module ${modules.length} of the DBI module list is cut short`);
      break;
    }
    const stream = v.u16(at + 34);
    const name = cString(bytes, at + MODULE_FIXED_SIZE);
    const objectName = name && cString(bytes, name.next);
    if (!name || !objectName) {
      problems.push(`module ${modules.length} of the DBI module list has an unterminated name`);
      break;
    }
    modules.push({
      index: modules.length,
      name: name.text,
      objectName: objectName.text,
      symbolStream: stream === NO_STREAM ? null : stream,
      symbolBytes: v.u32(at + 36),
      c11Bytes: v.u32(at + 40),
      c13Bytes: v.u32(at + 44),
      sourceFileCount: v.u16(at + 48),
    });
    at = (objectName.next + 3) & ~3;
  }
  return modules;
}
