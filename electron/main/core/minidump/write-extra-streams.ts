import type { ByteWriter } from './byte-writer';
import type { MinidumpSpec, ThreadSpec } from './minidump-spec';
import { end, type Loc } from './write-streams';

/** Writes UnloadedModuleList (14): 12-byte header, 24-byte entries. */
export function writeUnloadedModules(w: ByteWriter, list: NonNullable<MinidumpSpec['unloadedModules']>): Loc {
  const names = list.map((m) => w.minidumpString(m.name));
  const at = w.align(4);
  w.u32(12);
  w.u32(24);
  w.u32(list.length);
  list.forEach((m, i) => {
    w.u64(m.base);
    w.u32(m.size);
    w.u32(0);
    w.u32(m.timestamp ?? 0);
    w.u32(names[i] ?? 0);
  });
  return end(w, at);
}

/** Writes ThreadNames (24): count, then {u32 id, u64 name RVA}. */
export function writeThreadNames(w: ByteWriter, threads: readonly ThreadSpec[]): Loc {
  const named = threads.filter((t) => t.name !== undefined).map((t) => ({ id: t.id, rva: w.minidumpString(t.name ?? '') }));
  const at = w.align(4);
  w.u32(named.length);
  for (const n of named) {
    w.u32(n.id);
    w.u64(n.rva);
  }
  return end(w, at);
}

/** Writes ThreadInfoList (17): 12-byte header, 64-byte entries. */
export function writeThreadInfoList(w: ByteWriter, threads: readonly ThreadSpec[]): Loc {
  const at = w.align(8);
  w.u32(12);
  w.u32(64);
  w.u32(threads.length);
  for (const t of threads) {
    w.u32(t.id);
    w.zeros(12);
    // FILETIME: 100 ns ticks since 1601.
    w.u64(t.createTime ? (BigInt(t.createTime) + 11644473600n) * 10_000_000n : 0n);
    w.zeros(24);
    w.u64(t.startAddress ?? 0);
    w.u64(1);
  }
  return end(w, at);
}

/** Writes HandleData (12) with v1 (32-byte) or v2 (40-byte) descriptors. */
export function writeHandleData(w: ByteWriter, handles: NonNullable<MinidumpSpec['handles']>): Loc {
  const size = handles.descriptorSize ?? 40;
  const names = new Map<string, number>();
  for (const h of handles.entries) if (h.type !== null && !names.has(h.type)) names.set(h.type, w.minidumpString(h.type));
  const at = w.align(8);
  w.u32(16);
  w.u32(size);
  w.u32(handles.entries.length);
  w.u32(0);
  handles.entries.forEach((h, i) => {
    w.u64(h.handle ?? (i + 1) * 4);
    w.u32(h.type === null ? 0 : (names.get(h.type) ?? 0));
    w.zeros(size - 12);
  });
  return end(w, at);
}

/** Writes a comment stream: UTF-16LE (11) or Latin-1 (10), NUL-terminated. */
export function writeComment(w: ByteWriter, text: string, wide: boolean): Loc {
  const at = w.align(4);
  for (let i = 0; i < text.length; i++) {
    if (wide) w.u16(text.charCodeAt(i));
    else w.u8(text.charCodeAt(i));
  }
  if (wide) w.u16(0);
  else w.u8(0);
  return end(w, at);
}
