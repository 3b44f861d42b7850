import type { ByteView } from '../minidump/binary';
import type { TypeRecord, TypeStream } from './type-stream';

const LF_FUNC_ID = 0x1601;
const LF_MFUNC_ID = 0x1602;
const LF_STRING_ID = 0x1605;
const LF_CLASS = 0x1504;
const LF_STRUCTURE = 0x1505;
const LF_UNION = 0x1506;
const LF_ENUM = 0x1507;
const LF_INTERFACE = 0x1519;
/** Sizes of the numeric leaves that can precede a name (LF_CHAR … LF_UQUADWORD). */
const NUMERIC_LEAF_SIZE = new Map<number, number>([
  [0x8000, 1],
  [0x8001, 2],
  [0x8002, 2],
  [0x8003, 4],
  [0x8004, 4],
  [0x8009, 8],
  [0x800a, 8],
]);
const UTF8 = new TextDecoder('utf-8');

function nameAt(data: ByteView, at: number): string {
  const bytes = data.bytes.subarray(Math.min(at, data.length));
  const nul = bytes.indexOf(0);
  return UTF8.decode(nul < 0 ? bytes : bytes.subarray(0, nul));
}

/** Offset just past a numeric leaf, or null for a leaf kind this reader does not know. */
function skipNumeric(data: ByteView, at: number): number | null {
  const leaf = data.u16(at);
  if (leaf < 0x8000) return at + 2;
  const size = NUMERIC_LEAF_SIZE.get(leaf);
  return size === undefined ? null : at + 2 + size;
}

/** Name of a class, struct, union, interface or enum record; null for other kinds. */
export function udtName(record: TypeRecord): string | null {
  const d = record.data;
  switch (record.kind) {
    case LF_CLASS:
    case LF_STRUCTURE:
    case LF_INTERFACE: {
      const at = skipNumeric(d, 16);
      return at === null ? null : nameAt(d, at);
    }
    case LF_UNION: {
      const at = skipNumeric(d, 8);
      return at === null ? null : nameAt(d, at);
    }
    case LF_ENUM:
      return nameAt(d, 12);
    default:
      return null;
  }
}

/**
 * The qualified name of an inlined function from its IPI id: "scope::name" for LF_FUNC_ID with a
 * parent scope, "Class::name" for LF_MFUNC_ID (the class name comes from the TPI stream), as
 * llvm-symbolizer and the debuggers show it. Null when the id is not a function id.
 */
export async function functionIdName(ipi: TypeStream, tpi: TypeStream | null, id: number): Promise<string | null> {
  const record = await ipi.record(id);
  if (!record) return null;
  const d = record.data;
  if (record.kind === LF_FUNC_ID) {
    const name = nameAt(d, 8);
    const scope = d.u32(0);
    if (scope === 0) return name;
    const parent = await ipi.record(scope);
    return parent && parent.kind === LF_STRING_ID ? `${nameAt(parent.data, 4)}::${name}` : name;
  }
  if (record.kind === LF_MFUNC_ID) {
    const name = nameAt(d, 8);
    const cls = tpi ? await tpi.record(d.u32(0)) : null;
    const clsName = cls ? udtName(cls) : null;
    return clsName ? `${clsName}::${name}` : name;
  }
  return null;
}
