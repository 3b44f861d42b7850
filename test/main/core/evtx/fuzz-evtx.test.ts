/**
 * Fuzz: 10,000 seeded mutations of EVTX logs (the first chunk of the real Windows 11 log, and a
 * written log with every crash event kind). The reader must never throw, finish each input
 * quickly, and read a bounded number of bytes; the crash event layer must not throw either.
 */
import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { createBufferSource, type ByteSource } from '../../../../electron/main/core/minidump/byte-source';
import { iterateEvtx } from '../../../../electron/main/core/evtx/read-evtx';
import { crashEventFromRecord } from '../../../../electron/main/core/eventlog/crash-events';
import { fixturePath } from '../../../support/fixtures';
import { mulberry32, type Prng } from '../../../support/prng';
import { writeEvtx } from '../../../support/evtx-writer';
import { appError1000Classic, appError1000Named, appHang1002, bugCheck1001, dotnet1026, wer1001Classic, wer1001Named } from '../../../support/evtx-crash-events';
import { retainedHeap } from '../../../support/retained-heap';

const TOTAL = Number(process.env.EVTX_FUZZ_CASES ?? 10_000);
/** A case taking longer than this is a hang (a guard, not a speed test: a case takes milliseconds, but CI machines get loaded). */
const PER_INPUT_MS = 10_000;
const INTERESTING = [0, 1, 2, 0x0c, 0x0d, 0x0e, 0x21, 0x41, 0x81, 0x7f, 0x80, 0xff, 0xffff, 0x7fffffff, 0xffffffff, 512, 65536];

/**
 * The real log's first chunk cut down to its first `keep` records (free space offset and both
 * CRCs updated) so each case stays cheap while every record is still real Windows BinXML.
 */
function realChunk(keep: number): Uint8Array {
  const bytes = readFileSync(fixturePath('evtx', 'ts-evtx-win11-Application.evtx')).subarray(0, 4096 + 65536);
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 4096 + 512;
  for (let i = 0; i < keep; i++) at += dv.getUint32(at + 4, true);
  bytes.fill(0, at);
  const chunk = bytes.subarray(4096);
  dv.setUint32(4096 + 48, at - 4096, true);
  dv.setUint32(4096 + 52, crc32(chunk.subarray(512, at - 4096)), true);
  dv.setUint32(4096 + 124, crc32(chunk.subarray(128, 512), crc32(chunk.subarray(0, 120))), true);
  return bytes;
}

const real = realChunk(12);
const written = writeEvtx([
  appError1000Classic(1, 13), appError1000Named(2), wer1001Classic(3), wer1001Named(4, 'b', true), appHang1002(5), dotnet1026(6), bugCheck1001(7),
], { recordsPerChunk: 4 });
const BASES = [real, written];

function mutate(base: Uint8Array, rnd: Prng): Uint8Array {
  let bytes = base.slice();
  const edits = 1 + rnd.int(6);
  for (let e = 0; e < edits; e++) {
    const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const kind = rnd.int(10);
    // Most edits land in chunk data (records and their BinXML), where the parsing happens.
    const at = rnd.next() < 0.1 ? rnd.int(Math.min(bytes.length, 4096)) : 4096 + rnd.int(Math.max(1, bytes.length - 4096));
    if (kind < 3 && at + 4 <= bytes.length) dv.setUint32(at, rnd.pick(INTERESTING), true);
    else if (kind < 5 && at + 2 <= bytes.length) dv.setUint16(at, rnd.pick(INTERESTING) & 0xffff, true);
    else if (kind < 8 && at < bytes.length) bytes[at] = rnd.next() < 0.5 ? bytes[at]! ^ (1 << rnd.int(8)) : rnd.int(256);
    else if (kind === 8) bytes = bytes.slice(0, rnd.int(bytes.length + 1));
    else if (bytes.length > 600) {
      // Copy a block over another: plausible-looking but misplaced structures (templates, names).
      const len = 1 + rnd.int(256);
      const from = 4096 + rnd.int(Math.max(1, bytes.length - 4096 - len));
      bytes.copyWithin(4096 + rnd.int(Math.max(1, bytes.length - 4096 - len)), from, from + len);
    }
  }
  return bytes;
}

test(`${TOTAL} mutated logs: no throw, no hang, bounded reads`, async () => {
  const clean = [];
  for (const base of BASES) for await (const item of iterateEvtx(createBufferSource(base))) if (item.kind !== 'header') clean.push(item);
  // The unmutated bases are clean: every problem below comes from a mutation.
  expect(clean.filter((i) => i.kind === 'problem' || (i.kind === 'record' && i.record.problems.length > 0))).toEqual([]);
  expect(clean).toHaveLength(19);
  const rnd = mulberry32(0xe7e7);
  const heapBefore = retainedHeap();
  let heapPeak = 0;
  let records = 0;
  let problems = 0;
  let slowest = 0;
  for (let i = 0; i < TOTAL; i++) {
    const bytes = mutate(BASES[i % BASES.length]!, rnd);
    const inner = createBufferSource(bytes);
    let readBytes = 0;
    const source: ByteSource = { size: inner.size, read: async (o, n) => { const b = await inner.read(o, n); readBytes += b.length; return b; } };
    const started = performance.now();
    try {
      for await (const item of iterateEvtx(source)) {
        if (item.kind === 'record') {
          records++;
          problems += item.record.problems.length;
          crashEventFromRecord(item.record);
        } else if (item.kind === 'problem') problems++;
      }
    } catch (error) {
      throw new Error(`case ${i} threw: ${String(error)}`);
    }
    const took = performance.now() - started;
    slowest = Math.max(slowest, took);
    if (took > PER_INPUT_MS) throw new Error(`case ${i} took ${Math.round(took)} ms`);
    if (i % 500 === 0) heapPeak = Math.max(heapPeak, retainedHeap() - heapBefore);
    if (readBytes > bytes.length + 4096) throw new Error(`case ${i} read ${readBytes} bytes of ${bytes.length}`);
  }
  expect(records).toBeGreaterThan(TOTAL * 3);
  // Nothing accumulates across inputs (what is retained after a collection; reads are bounded above).
  expect(heapPeak).toBeLessThan(64 * 1024 * 1024);
  expect(problems).toBeGreaterThan(TOTAL / 2);
}, 120_000);
