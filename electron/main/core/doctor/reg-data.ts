/** Turns a registry value's raw bytes (a .reg `hex(N):` list) into the doctor's typed data. */
import type { RegData, RegType } from '../../../../shared/doctor-model';

/** The type of a `hex(N)` number (regedit's REG_* constants). */
export function regTypeOf(n: number): RegType {
  switch (n) {
    case 0: return 'REG_NONE';
    case 1: return 'REG_SZ';
    case 2: return 'REG_EXPAND_SZ';
    case 3: return 'REG_BINARY';
    case 4: return 'REG_DWORD';
    case 5: return 'REG_DWORD_BIG_ENDIAN';
    case 7: return 'REG_MULTI_SZ';
    case 11: return 'REG_QWORD';
    default: return 'REG_UNKNOWN';
  }
}

/** Lower-case hex of bytes, no separators. */
export function hexOf(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}

/** A 64-bit number as a JS number when exact, else its decimal string. */
export function qwordData(v: bigint): number | string {
  return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString();
}

/**
 * Strings of string-typed bytes: UTF-16LE in a version 5 export, the ANSI code page in REGEDIT4
 * (latin1 here: WER values are ASCII, and an exact code page would need the exporting machine's).
 */
function strings(bytes: Uint8Array, unicode: boolean): string[] {
  const text = unicode ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length & ~1).toString('utf16le') : Buffer.from(bytes).toString('latin1');
  return text.split('\0');
}

/** Typed data of raw value bytes; wrong-sized numbers become null rather than a guess. */
export function regDataOf(type: RegType, bytes: Uint8Array, unicode: boolean): RegData {
  const view = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return strings(bytes, unicode)[0] ?? '';
    case 'REG_MULTI_SZ': {
      const list = strings(bytes, unicode);
      // The list ends with an empty string (the double NUL); empties before it are not written by Windows.
      while (list.length > 0 && list[list.length - 1] === '') list.pop();
      return list;
    }
    case 'REG_DWORD':
      return bytes.length === 4 ? view.readUInt32LE(0) : null;
    case 'REG_DWORD_BIG_ENDIAN':
      return bytes.length === 4 ? view.readUInt32BE(0) : null;
    case 'REG_QWORD':
      return bytes.length === 8 ? qwordData(view.readBigUInt64LE(0)) : null;
    default:
      return hexOf(bytes);
  }
}
