/**
 * Rendering of BinXML substitution values (every value type, scalar and array) as the strings
 * Windows' XML export shows. Nested BinXML (type 0x21) is left to the caller.
 */
import { fileTimeToIso, systemTimeToIso } from './evtx-time';

/** BinXML value type codes (the array flag 0x80 is separate). */
export const ValueType = {
  Null: 0x00,
  String: 0x01,
  AnsiString: 0x02,
  Int8: 0x03,
  UInt8: 0x04,
  Int16: 0x05,
  UInt16: 0x06,
  Int32: 0x07,
  UInt32: 0x08,
  Int64: 0x09,
  UInt64: 0x0a,
  Real32: 0x0b,
  Real64: 0x0c,
  Bool: 0x0d,
  Binary: 0x0e,
  Guid: 0x0f,
  SizeT: 0x10,
  FileTime: 0x11,
  SystemTime: 0x12,
  Sid: 0x13,
  HexInt32: 0x14,
  HexInt64: 0x15,
  EvtHandle: 0x20,
  BinXml: 0x21,
  EvtXml: 0x23,
} as const;

/** Flag in a value type marking an array of that type. */
export const ARRAY_FLAG = 0x80;

const utf16 = new TextDecoder('utf-16le');
const latin1 = new TextDecoder('latin1');

/** Decodes UTF-16LE and drops trailing NULs (Windows stores them; the export does not show them). */
export function decodeUtf16(bytes: Uint8Array, start: number, end: number): string {
  while (end - start >= 2 && bytes[end - 2] === 0 && bytes[end - 1] === 0) end -= 2;
  // Most names and values are short: a plain loop beats TextDecoder's per-call overhead there.
  if (end - start > 128) return utf16.decode(bytes.subarray(start, end));
  let out = '';
  for (let i = start; i + 1 < end; i += 2) out += String.fromCharCode(bytes[i]! | (bytes[i + 1]! << 8));
  return out;
}

let lastBytes: Uint8Array | null = null;
let lastView: DataView | null = null;

/** A DataView over the whole buffer, reused while the same chunk is being decoded. */
function viewOf(bytes: Uint8Array): DataView {
  if (bytes !== lastBytes || !lastView) {
    lastBytes = bytes;
    lastView = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  return lastView;
}

function hex(bytes: Uint8Array, start: number, end: number): string {
  let out = '';
  for (let i = start; i < end; i++) out += bytes[i]!.toString(16).padStart(2, '0');
  return out.toUpperCase();
}

/**
 * A GUID as `{xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}` (mixed-endian on disk). Lower case: that is how
 * Windows 11's export renders GUID values (upper-case GUIDs there come from string values).
 */
export function renderGuid(bytes: Uint8Array, at: number): string {
  const dv = new DataView(bytes.buffer, bytes.byteOffset + at, 16);
  const h = (n: number, w: number): string => n.toString(16).padStart(w, '0');
  const d1 = h(dv.getUint32(0, true), 8);
  const d2 = h(dv.getUint16(4, true), 4);
  const d3 = h(dv.getUint16(6, true), 4);
  return `{${d1}-${d2}-${d3}-${hex(bytes, at + 8, at + 10)}-${hex(bytes, at + 10, at + 16)}}`.toLowerCase();
}

/** A SID as `S-1-5-21-…`, or null when the length does not match its sub-authority count. */
export function renderSid(bytes: Uint8Array, start: number, end: number): string | null {
  if (end - start < 8) return null;
  const count = bytes[start + 1]!;
  if (8 + 4 * count !== end - start) return null;
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + bytes[start + i]!;
  const dv = new DataView(bytes.buffer, bytes.byteOffset + start, end - start);
  const parts = [`S-${bytes[start]!}-${authority}`];
  for (let i = 0; i < count; i++) parts.push(String(dv.getUint32(8 + 4 * i, true)));
  return parts.join('-');
}

/** Byte width of a fixed-size scalar type, or 0 for variable-sized ones. */
function fixedWidth(type: number, size: number): number {
  switch (type) {
    case ValueType.Int8: case ValueType.UInt8: return 1;
    case ValueType.Int16: case ValueType.UInt16: return 2;
    case ValueType.Int32: case ValueType.UInt32: case ValueType.Real32: case ValueType.Bool: case ValueType.HexInt32: return 4;
    case ValueType.Int64: case ValueType.UInt64: case ValueType.Real64: case ValueType.FileTime: case ValueType.HexInt64: return 8;
    case ValueType.Guid: case ValueType.SystemTime: return 16;
    // SizeT and handles are pointer-sized: the value's own size tells which.
    case ValueType.SizeT: case ValueType.EvtHandle: return size === 4 ? 4 : 8;
    default: return 0;
  }
}

/** Renders one scalar of `type` from `bytes[start, end)`; null when the bytes cannot hold it. */
export function renderScalar(type: number, bytes: Uint8Array, start: number, end: number): string | null {
  const size = end - start;
  const width = fixedWidth(type, size);
  if (width > 0 && size < width) return null;
  const dv = viewOf(bytes);
  const s = start;
  switch (type) {
    case ValueType.Null: return '';
    case ValueType.String: return decodeUtf16(bytes, start, end - (size % 2));
    case ValueType.AnsiString: return latin1.decode(bytes.subarray(start, end)).replace(/\0+$/, '');
    case ValueType.Int8: return String(dv.getInt8(s));
    case ValueType.UInt8: return String(dv.getUint8(s));
    case ValueType.Int16: return String(dv.getInt16(s, true));
    case ValueType.UInt16: return String(dv.getUint16(s, true));
    case ValueType.Int32: return String(dv.getInt32(s, true));
    case ValueType.UInt32: return String(dv.getUint32(s, true));
    case ValueType.Int64: return dv.getBigInt64(s, true).toString();
    case ValueType.UInt64: return dv.getBigUint64(s, true).toString();
    case ValueType.Real32: return String(dv.getFloat32(s, true));
    case ValueType.Real64: return String(dv.getFloat64(s, true));
    case ValueType.Bool: return dv.getUint32(s, true) !== 0 ? 'true' : 'false';
    case ValueType.Binary: return hex(bytes, start, end);
    case ValueType.Guid: return renderGuid(bytes, start);
    case ValueType.SizeT:
    case ValueType.EvtHandle:
      return '0x' + (width === 4 ? dv.getUint32(s, true).toString(16).padStart(8, '0') : dv.getBigUint64(s, true).toString(16).padStart(16, '0'));
    case ValueType.FileTime: return fileTimeToIso(dv.getBigUint64(s, true)) ?? '';
    case ValueType.SystemTime: return systemTimeToIso(bytes, start) ?? '';
    case ValueType.Sid: return renderSid(bytes, start, end);
    // Windows renders hex ints as 0x + lower-case digits without padding (Keywords 0x80000000000000).
    case ValueType.HexInt32: return '0x' + dv.getUint32(s, true).toString(16);
    case ValueType.HexInt64: return '0x' + dv.getBigUint64(s, true).toString(16);
    case ValueType.EvtXml: return decodeUtf16(bytes, start, end - (size % 2));
    default: return hex(bytes, start, end);
  }
}

/** Renders an array value: strings split at their NUL terminators, fixed-width items by width. */
export function renderArray(type: number, bytes: Uint8Array, start: number, end: number): string[] | null {
  const items: string[] = [];
  if (type === ValueType.String) {
    let from = start;
    for (let i = start; i + 1 < end; i += 2) {
      if (bytes[i] === 0 && bytes[i + 1] === 0) {
        items.push(utf16.decode(bytes.subarray(from, i)));
        from = i + 2;
      }
    }
    if (from + 1 < end) items.push(utf16.decode(bytes.subarray(from, end - ((end - from) % 2))));
    return items;
  }
  if (type === ValueType.AnsiString) {
    return latin1.decode(bytes.subarray(start, end)).replace(/\0$/, '').split('\0');
  }
  const width = fixedWidth(type, type === ValueType.SizeT ? 8 : 0);
  if (width === 0 || (end - start) % width !== 0) return null;
  for (let at = start; at < end; at += width) items.push(renderScalar(type, bytes, at, at + width) ?? '');
  return items;
}
