/**
 * Logs written by our test EVTX writer, read back by our reader and by the peer evtxexport: every
 * value type, arrays kept as arrays, nested BinXML, shared templates, dirty logs (chunks beyond
 * the header's count), and CRCs that are checked but not trusted blindly.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBufferSource, type ByteSource } from '../../../../electron/main/core/minidump/byte-source';
import { iterateEvtx, readEvtx } from '../../../../electron/main/core/evtx/read-evtx';
import { createEvtxRecordReader } from '../../../../electron/main/core/evtx/evtx-record-reader';
import { V, writeEvtx, type WriterEvent } from '../../../support/evtx-writer';
import type { WValue } from '../../../support/evtx-binxml-writer';
import { BASE_TIME, appError1000Classic, wer1001Classic, wer1001Named } from '../../../support/evtx-crash-events';
import { evtxexportEvents, pythonEvtxStringArrays } from '../../../support/evtx-peer';
import { retainedHeap } from '../../../support/retained-heap';

const raw = (type: number, ...bytes: number[]): WValue => ({ type, bytes: Uint8Array.from(bytes) });

/** Every value type with the rendering Windows' export gives it. */
const TYPED: readonly (readonly [string, WValue, string | string[]])[] = [
  ['String', V.str('héllo wörld'), 'héllo wörld'],
  ['Ansi', raw(0x02, 0x41, 0x42, 0x00), 'AB'],
  ['Int8', raw(0x03, 0xff), '-1'],
  ['UInt8', V.u8(200), '200'],
  ['Int16', raw(0x05, 0x00, 0x80), '-32768'],
  ['UInt16', V.u16(65535), '65535'],
  ['Int32', raw(0x07, 0x02, 0x00, 0x07, 0x80), '-2147024894'],
  ['UInt32', V.u32(4294967295), '4294967295'],
  ['Int64', raw(0x09, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff), '-2'],
  ['UInt64', V.u64(18446744073709551615n), '18446744073709551615'],
  ['Real32', raw(0x0b, 0x00, 0x00, 0xc0, 0x3f), '1.5'],
  ['Real64', raw(0x0c, 0, 0, 0, 0, 0, 0, 0x04, 0xc0), '-2.5'],
  ['Bool', raw(0x0d, 1, 0, 0, 0), 'true'],
  ['Binary', V.binary(Uint8Array.of(0x00, 0xab, 0xcd)), '00ABCD'],
  ['Guid', V.guid('{0EAD09BD-2157-539A-8D6D-C87F95B64D70}'), '{0ead09bd-2157-539a-8d6d-c87f95b64d70}'],
  ['SizeT', raw(0x10, 0x10, 0, 0, 0, 0, 0, 0, 0), '0x0000000000000010'],
  ['FileTime', V.fileTime(BASE_TIME + 1234567n), '2025-06-01T12:00:00.1234567Z'],
  ['SystemTime', raw(0x12, 0xe9, 0x07, 6, 0, 0, 0, 1, 0, 12, 0, 30, 0, 15, 0, 0x7b, 0), '2025-06-01T12:30:15.123Z'],
  ['Sid', V.sid('S-1-5-21-1004336348-1177238915-682003330-512'), 'S-1-5-21-1004336348-1177238915-682003330-512'],
  ['HexInt32', V.hex32(0x3560), '0x3560'],
  ['HexInt64', V.hex64(0x80000000000000n), '0x80000000000000'],
  ['Strings', V.strings(['', '', 'third']), ['', '', 'third']],
  ['UInt16s', raw(0x86, 1, 0, 2, 0), ['1', '2']],
];

const typedEvent: WriterEvent = { ...appError1000Classic(1), provider: 'Test', data: { kind: 'named', fields: TYPED.map(([n, v]) => [n, v] as const) } };

function withFile<T>(bytes: Uint8Array, run: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'evtx-rt-'));
  try {
    const file = join(dir, 'log.evtx');
    writeFileSync(file, bytes);
    return run(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('every value type renders as Windows renders it; string arrays stay arrays', async () => {
  const log = await readEvtx(createBufferSource(writeEvtx([typedEvent])));
  expect(log.problems).toEqual([]);
  expect(log.records[0]!.problems).toEqual([]);
  expect(log.records[0]!.data).toEqual(Object.fromEntries(TYPED.map(([n, , want]) => [n, want])));
});

test('evtxexport reads the typed values the writer wrote', () => {
  const [peer] = withFile(writeEvtx([typedEvent]), evtxexportEvents);
  // Where libevtx renders differently from Windows (Windows' side is proven by the fixture test):
  // signed ints as sign-magnitude (0xff → -127, 0x80070002 → -458754), reals in %e form, SizeT in
  // decimal, 9 fraction digits, zero-padded hex ints, upper-case GUIDs.
  const libevtx: Readonly<Record<string, string>> = {
    Int8: '-127', Int32: '-458754', Int64: '-9223372036854775806', Real32: '1.500000e+000', Real64: '-2.500000e+000', SizeT: '16',
    FileTime: '2025-06-01T12:00:00.123456700Z', HexInt32: '0x00003560', HexInt64: '0x0080000000000000', Guid: '{0EAD09BD-2157-539A-8D6D-C87F95B64D70}',
  };
  for (const [name, , want] of TYPED) expect({ name, value: peer!.data[name] }).toEqual({ name, value: libevtx[name] ?? want });
});

test('classic string arrays become one unnamed Data per string, in order, empty strings included', async () => {
  const e: WriterEvent = { ...appError1000Classic(7), data: { kind: 'classic', strings: ['', '', 'APPCRASH', ''] } };
  const log = await readEvtx(createBufferSource(writeEvtx([e])));
  expect(log.records[0]!.dataList).toEqual(['', '', 'APPCRASH', '']);
  expect(log.records[0]!.data).toEqual({});
});

test('nested BinXML EventData and templates shared between records of a chunk', async () => {
  const events = [wer1001Named(1, 'b1', true), wer1001Named(2, 'b2', true), wer1001Named(3, 'b3', false)];
  const log = await readEvtx(createBufferSource(writeEvtx(events)));
  expect(log.records.map((r) => [r.recordId, r.data['Bucket'], r.data['ReportId'], r.problems.length])).toEqual([
    [1, 'b1', '4b0e8f9a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', 0], [2, 'b2', '4b0e8f9a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', 0], [3, 'b3', '4b0e8f9a-1c2d-4e5f-8a9b-0c1d2e3f4a5b', 0],
  ]);
});

function manyEvents(n: number): WriterEvent[] {
  return Array.from({ length: n }, (_, i) => (i % 2 ? appError1000Classic(i + 1) : wer1001Named(i + 1, String(i))));
}

test('a dirty log: chunks beyond the header count are recovered, and evtxexport agrees', async () => {
  const bytes = writeEvtx(manyEvents(30), { recordsPerChunk: 10, headerChunkCount: 1 });
  const log = await readEvtx(createBufferSource(bytes));
  expect(log.header).toMatchObject({ chunkCount: 1, flags: 1, crcValid: true });
  expect(log.records.map((r) => r.recordId)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
  expect(log.records.filter((r) => r.recovered)).toHaveLength(20);
  expect(log.problems.map((p) => [p.code, p.chunk])).toEqual([['chunk-recovered', 1], ['chunk-recovered', 2]]);
  expect(withFile(bytes, evtxexportEvents).map((e) => e.system['eventRecordId'])).toEqual(log.records.map((r) => r.recordId));
});

test('CRCs are checked but not trusted blindly: the damaged record is still read', async () => {
  const bytes = writeEvtx(manyEvents(4));
  // Change one character of a string value: only the records CRC can notice.
  const text = Buffer.from('crashy.exe', 'utf16le');
  const at = Buffer.from(bytes).indexOf(text);
  bytes[at] = 'k'.charCodeAt(0);
  bytes[4096 + 125] = bytes[4096 + 125]! ^ 0xff; // chunk header CRC
  bytes[125] = bytes[125]! ^ 0xff; // file header CRC
  const log = await readEvtx(createBufferSource(bytes));
  expect(log.problems.map((p) => p.code)).toEqual(['bad-file-crc', 'bad-chunk-crc', 'bad-records-crc']);
  expect(log.records).toHaveLength(4);
  expect(log.records[0]!.data['P1']).toBe('krashy.exe');
});

test('streams with bounded reads: one chunk at a time, each byte read once', async () => {
  const bytes = writeEvtx(manyEvents(200), { recordsPerChunk: 20 });
  let biggest = 0;
  let total = 0;
  const inner = createBufferSource(bytes);
  const source: ByteSource = { size: inner.size, read: (o, n) => { biggest = Math.max(biggest, n); total += n; return inner.read(o, n); } };
  let count = 0;
  for await (const item of iterateEvtx(source)) if (item.kind === 'record') count++;
  expect(count).toBe(200);
  expect(biggest).toBeLessThanOrEqual(65536);
  expect(total).toBeLessThanOrEqual(bytes.length + 4096);
});

test('a log larger than memory would allow is streamed: a virtual 1 GB file, read lazily, heap stays flat', async () => {
  // One real-looking chunk repeated: the source serves every chunk offset from the same bytes.
  const one = writeEvtx(manyEvents(40), { recordsPerChunk: 40 });
  const chunk = one.subarray(4096, 4096 + 65536);
  const chunks = 16_000;
  const size = 4096 + chunks * 65536;
  const header = one.slice(0, 4096);
  new DataView(header.buffer).setUint16(42, 0xffff, true);
  const source: ByteSource = {
    size: BigInt(size),
    read: async (offset, length) => (offset === 0n ? header.slice(0, length) : chunk.slice(0, length)),
  };
  // Held heap, not raw heapUsed: uncollected garbage reached 128 MB once in a busy full run.
  const before = retainedHeap();
  let records = 0;
  let peak = 0;
  for await (const item of iterateEvtx(source)) {
    if (item.kind === 'record' && ++records % 5_000 === 0) peak = Math.max(peak, retainedHeap() - before);
    // The first 32 MB are enough to show the point without a slow test: nothing was read ahead.
    if (records >= 500 * 40) break;
  }
  expect(records).toBe(20_000);
  expect(peak).toBeLessThan(64 * 1024 * 1024);
}, 60_000);

test('python-evtx re-orders a string array that starts with an empty string; we keep the order', async () => {
  const bytes = writeEvtx([wer1001Classic(1)]);
  const theirs = withFile(bytes, pythonEvtxStringArrays)[0]!;
  const mine = (await readEvtx(createBufferSource(bytes))).records[0]!.dataList;
  expect(mine.slice(0, 3)).toEqual(['', '0', 'APPCRASH']);
  // The known python-evtx bug (fixture README): the empty Bucket comes out after BucketType.
  expect(theirs.slice(0, 3)).toEqual(['0', '', 'APPCRASH']);
  expect(theirs.slice(2)).toEqual(mine.slice(2));
  expect(withFile(bytes, evtxexportEvents)[0]!.dataList.slice(0, 3)).toEqual(['', '0', 'APPCRASH']);
});

test('random access by record offset, through a bounded chunk cache', async () => {
  const bytes = writeEvtx(manyEvents(300));
  const inner = createBufferSource(bytes);
  let reads = 0;
  const source: ByteSource = { size: inner.size, read: (o, n) => { reads++; return inner.read(o, n); } };
  const all = (await readEvtx(createBufferSource(bytes))).records;
  expect(new Set(all.map((r) => r.chunk)).size).toBeGreaterThan(2);
  const reader = createEvtxRecordReader(source, 2);
  for (const r of [all[5]!, all[150]!, all[299]!, all[6]!]) expect(await reader.recordAt(r.offset)).toEqual(r);
  const before = reads;
  expect((await reader.recordAt(all[7]!.offset))?.recordId).toBe(8);
  expect(reads).toBe(before);
  expect(await reader.recordAt(all[7]!.offset + 1)).toBeNull();
  expect(await reader.recordAt(-5)).toBeNull();
  // Chunks split where the next record would not fit; evtxexport reads the same records.
  expect(withFile(bytes, evtxexportEvents)).toHaveLength(300);
});
