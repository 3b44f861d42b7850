/**
 * A test EVTX writer: file header, 64 KiB chunks with string and template tables, records whose
 * BinXML is a template instance (definitions resident on first use per chunk) with typed
 * substitution values, and the three CRC-32s (computed with node:zlib, independently of the
 * reader's own CRC). Can write "dirty" logs whose header counts fewer chunks than the file holds.
 */
import { crc32 } from 'node:zlib';
import { ChunkWriter, utf16, type WNode, type WTemplate, type WValue } from './evtx-binxml-writer';

/** How an event's `<EventData>` is stored. */
export type WriterData =
  /** Classic (ReportEvent) form: one string array, shown as unnamed `<Data>` elements. */
  | { readonly kind: 'classic'; readonly strings: readonly string[]; readonly binary?: Uint8Array }
  /** Manifest form: one named `<Data>` per field, each value a string or a typed value. */
  | { readonly kind: 'named'; readonly fields: readonly (readonly [string, string | WValue])[]; readonly binary?: Uint8Array; readonly nested?: boolean };

/** One event to write. */
export interface WriterEvent {
  readonly recordId: number;
  readonly provider: string;
  readonly providerGuid?: string;
  readonly eventId: number;
  readonly qualifiers?: number;
  readonly level?: number;
  readonly task?: number;
  readonly keywords?: bigint;
  /** FILETIME ticks. */
  readonly time: bigint;
  readonly processId?: number;
  readonly threadId?: number;
  readonly channel?: string;
  readonly computer?: string;
  readonly userSid?: string;
  readonly data: WriterData;
}

/** Layout choices. */
export interface WriterOptions {
  /** Records per chunk before a new chunk starts (also starts one when the chunk is full). */
  readonly recordsPerChunk?: number;
  /** Chunk count written in the file header; fewer than written makes a dirty log. */
  readonly headerChunkCount?: number;
}

/** Value type codes used by the writer (see the reader's ValueType). */
export const T = { String: 0x01, UInt8: 0x04, UInt16: 0x06, UInt32: 0x08, UInt64: 0x0a, Binary: 0x0e, Guid: 0x0f, FileTime: 0x11, Sid: 0x13, HexInt32: 0x14, HexInt64: 0x15, BinXml: 0x21, StringArray: 0x81 } as const;

const CHUNK = 65536;
const EVENT_NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

/** Typed value builders. */
export const V = {
  str: (s: string): WValue => ({ type: T.String, bytes: utf16(s) }),
  strings: (list: readonly string[]): WValue => ({ type: T.StringArray, bytes: concat(list.map((s) => utf16(s, true))) }),
  u8: (n: number): WValue => ({ type: T.UInt8, bytes: Uint8Array.of(n) }),
  u16: (n: number): WValue => ({ type: T.UInt16, bytes: Uint8Array.of(n & 0xff, n >> 8) }),
  u32: (n: number): WValue => ({ type: T.UInt32, bytes: le(BigInt(n >>> 0), 4) }),
  u64: (n: bigint): WValue => ({ type: T.UInt64, bytes: le(n, 8) }),
  hex32: (n: number): WValue => ({ type: T.HexInt32, bytes: le(BigInt(n >>> 0), 4) }),
  hex64: (n: bigint): WValue => ({ type: T.HexInt64, bytes: le(n, 8) }),
  fileTime: (n: bigint): WValue => ({ type: T.FileTime, bytes: le(n, 8) }),
  binary: (b: Uint8Array): WValue => ({ type: T.Binary, bytes: b }),
  guid: (g: string): WValue => ({ type: T.Guid, bytes: guidBytes(g) }),
  sid: (s: string): WValue => ({ type: T.Sid, bytes: sidBytes(s) }),
};

function le(n: bigint, width: number): Uint8Array {
  const out = new Uint8Array(width);
  for (let i = 0; i < width; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/** A `{xxxxxxxx-…}` GUID in Windows' mixed-endian byte order. */
export function guidBytes(g: string): Uint8Array {
  const h = g.replace(/[{}-]/g, '');
  const b = Buffer.from(h, 'hex');
  return Uint8Array.of(b[3]!, b[2]!, b[1]!, b[0]!, b[5]!, b[4]!, b[7]!, b[6]!, ...b.subarray(8));
}

function sidBytes(s: string): Uint8Array {
  const [, rev, auth, ...subs] = s.split('-');
  return concat([Uint8Array.of(Number(rev), subs.length), le(BigInt(auth!), 6).reverse(), ...subs.map((x) => le(BigInt(x), 4))]);
}

const sub = (index: number, type: number, optional = false): WNode => ({ kind: 'sub', index, type, optional });
const el = (name: string, children: WNode[] = [], attrs: { name: string; value: WNode }[] = []): WNode => ({ kind: 'element', name, children, attrs });

/** The System part shared by every template: substitutions 0–13. */
function systemNode(): WNode {
  return el('System', [
    el('Provider', [], [{ name: 'Name', value: sub(0, T.String) }, { name: 'Guid', value: sub(1, T.Guid, true) }]),
    el('EventID', [sub(3, T.UInt16)], [{ name: 'Qualifiers', value: sub(2, T.UInt16, true) }]),
    el('Version', [sub(4, T.UInt8)]),
    el('Level', [sub(5, T.UInt8)]),
    el('Task', [sub(6, T.UInt16)]),
    el('Opcode', [sub(4, T.UInt8)]),
    el('Keywords', [sub(7, T.HexInt64)]),
    el('TimeCreated', [], [{ name: 'SystemTime', value: sub(8, T.FileTime) }]),
    el('EventRecordID', [sub(9, T.UInt64)]),
    el('Correlation'),
    el('Execution', [], [{ name: 'ProcessID', value: sub(10, T.UInt32) }, { name: 'ThreadID', value: sub(11, T.UInt32) }]),
    el('Channel', [{ kind: 'text', text: 'Application' }]),
    el('Computer', [sub(12, T.String)]),
    el('Security', [], [{ name: 'UserID', value: sub(13, T.Sid, true) }]),
  ]);
}

function systemValues(e: WriterEvent): WValue[] {
  const none: WValue = { type: 0, bytes: new Uint8Array(0) };
  return [
    V.str(e.provider), e.providerGuid ? V.guid(e.providerGuid) : none, e.qualifiers === undefined ? none : V.u16(e.qualifiers),
    V.u16(e.eventId), V.u8(0), V.u8(e.level ?? 2), V.u16(e.task ?? 0), V.hex64(e.keywords ?? 0x80000000000000n),
    V.fileTime(e.time), V.u64(BigInt(e.recordId)), V.u32(e.processId ?? 0), V.u32(e.threadId ?? 0),
    V.str(e.computer ?? 'TESTPC'), e.userSid ? V.sid(e.userSid) : none,
  ];
}

function guidFor(text: string): Uint8Array {
  const g = new Uint8Array(16);
  for (let i = 0; i < text.length; i++) g[i % 16] = (g[i % 16]! * 31 + text.charCodeAt(i)) & 0xff;
  return g;
}

/** The event's template and values: System, then EventData (inline, or as nested BinXML). */
function templateFor(e: WriterEvent): { template: WTemplate; values: WValue[] } {
  const d = e.data;
  const binary: WValue = d.binary ? V.binary(d.binary) : { type: 0, bytes: new Uint8Array(0) };
  let eventData: WNode;
  let dataValues: WValue[];
  let shape: string;
  if (d.kind === 'classic') {
    eventData = el('EventData', [el('Data', [sub(14, T.StringArray, true)]), el('Binary', [sub(15, T.Binary, true)])]);
    dataValues = [d.strings.length ? V.strings(d.strings) : { type: 0, bytes: new Uint8Array(0) }, binary];
    shape = 'classic';
  } else {
    const values = d.fields.map(([, v]) => (typeof v === 'string' ? V.str(v) : v));
    eventData = el('EventData', [
      ...d.fields.map(([name], i) => el('Data', [sub(14 + i, values[i]!.type)], [{ name: 'Name', value: { kind: 'text', text: name } }])),
      ...(d.binary ? [el('Binary', [sub(14 + d.fields.length, T.Binary, true)])] : []),
    ]);
    dataValues = d.binary ? [...values, binary] : values;
    shape = `named:${e.provider}:${e.eventId}:${d.fields.map(([n], i) => `${n}/${values[i]!.type}`).join(',')}:${!!d.binary}`;
    if (d.nested) {
      // EventData as a BinXML value of its own (type 0x21) with its own template.
      const inner: WTemplate = { guid: guidFor('inner' + shape), body: [reindex(eventData, 14)] };
      const outer: WTemplate = { guid: guidFor('outer' + shape), body: [el('Event', [systemNode(), sub(14, T.BinXml)], [{ name: 'xmlns', value: { kind: 'text', text: EVENT_NS } }])] };
      return { template: outer, values: [...systemValues(e), { type: T.BinXml, nested: { template: inner, values: dataValues } }] };
    }
  }
  const body = [el('Event', [systemNode(), eventData], [{ name: 'xmlns', value: { kind: 'text', text: EVENT_NS } }])];
  return { template: { guid: guidFor(shape), body }, values: [...systemValues(e), ...dataValues] };
}

/** Shifts substitution indexes down by `by` (for the nested EventData template). */
function reindex(node: WNode, by: number): WNode {
  if (node.kind === 'sub') return { ...node, index: node.index - by };
  if (node.kind === 'text') return node;
  return { ...node, children: node.children?.map((c) => reindex(c, by)), attrs: node.attrs?.map((a) => ({ name: a.name, value: reindex(a.value, by) })) };
}

/** Writes one event record at the writer's position. */
export function writeRecord(w: ChunkWriter, e: WriterEvent): void {
  const start = w.pos;
  w.raw(Uint8Array.of(0x2a, 0x2a, 0, 0));
  w.u32(0);
  w.u64(BigInt(e.recordId));
  w.u64(e.time);
  const { template, values } = templateFor(e);
  w.fragment(template, values);
  const size = w.pos - start + 4;
  w.u32(size);
  w.dv.setUint32(start + 4, size, true);
}

/** Fills in a chunk's header (ids, offsets, tables, both CRCs) and returns its 64 KiB. */
export function finishChunk(w: ChunkWriter, ids: readonly number[], lastRecordAt: number): Uint8Array {
  const b = w.bytes.slice(0, CHUNK);
  const dv = new DataView(b.buffer);
  b.set(Buffer.from('ElfChnk\0', 'latin1'), 0);
  const first = BigInt(ids[0] ?? 0);
  const last = BigInt(ids[ids.length - 1] ?? 0);
  dv.setBigUint64(8, first, true);
  dv.setBigUint64(16, last, true);
  dv.setBigUint64(24, first, true);
  dv.setBigUint64(32, last, true);
  dv.setUint32(40, 128, true);
  dv.setUint32(44, lastRecordAt, true);
  dv.setUint32(48, w.pos, true);
  w.stringBuckets.forEach((v, i) => dv.setUint32(128 + i * 4, v, true));
  w.templateBuckets.forEach((v, i) => dv.setUint32(384 + i * 4, v, true));
  dv.setUint32(52, crc32(b.subarray(512, w.pos)), true);
  dv.setUint32(124, crc32(b.subarray(128, 512), crc32(b.subarray(0, 120))), true);
  return b;
}

/** Writes a whole log; returns the file bytes. */
export function writeEvtx(events: readonly WriterEvent[], options: WriterOptions = {}): Uint8Array {
  const perChunk = options.recordsPerChunk ?? 1000;
  const chunks: Uint8Array[] = [];
  let w = new ChunkWriter(new Uint8Array(CHUNK * 2), 512);
  let ids: number[] = [];
  let lastAt = 0;
  const flush = (): void => {
    chunks.push(finishChunk(w, ids, lastAt));
    w = new ChunkWriter(new Uint8Array(CHUNK * 2), 512);
    ids = [];
  };
  for (const e of events) {
    if (ids.length >= perChunk) flush();
    let at = w.pos;
    const buckets = [[...w.stringBuckets], [...w.templateBuckets]] as const;
    writeRecord(w, e);
    if (w.pos > CHUNK) {
      // Did not fit: undo it, then start a new chunk (names and templates become resident there).
      if (ids.length === 0) throw new Error(`event ${e.recordId} does not fit in one chunk`);
      w.bytes.fill(0, at);
      w.pos = at;
      buckets[0].forEach((v, i) => (w.stringBuckets[i] = v));
      buckets[1].forEach((v, i) => (w.templateBuckets[i] = v));
      flush();
      at = w.pos;
      writeRecord(w, e);
    }
    ids.push(e.recordId);
    lastAt = at;
  }
  if (ids.length > 0 || chunks.length === 0) flush();
  return assembleLog(chunks, options.headerChunkCount ?? chunks.length, (events[events.length - 1]?.recordId ?? 0) + 1);
}

/** Puts a file header (with its CRC) before finished chunks; fewer counted than given = dirty. */
export function assembleLog(chunks: readonly Uint8Array[], count: number, nextRecordId: number): Uint8Array {
  const header = new Uint8Array(4096);
  const dv = new DataView(header.buffer);
  header.set(Buffer.from('ElfFile\0', 'latin1'), 0);
  dv.setBigUint64(8, 0n, true);
  dv.setBigUint64(16, BigInt(Math.max(0, count - 1)), true);
  dv.setBigUint64(24, BigInt(nextRecordId), true);
  dv.setUint32(32, 128, true);
  dv.setUint16(36, 2, true);
  dv.setUint16(38, 3, true);
  dv.setUint16(40, 4096, true);
  dv.setUint16(42, count, true);
  dv.setUint32(120, count < chunks.length ? 1 : 0, true);
  dv.setUint32(124, crc32(header.subarray(0, 120)), true);
  return concat([header, ...chunks]);
}
