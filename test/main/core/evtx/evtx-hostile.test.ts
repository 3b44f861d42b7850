/**
 * Hostile EVTX input: template loops, absurd sizes, endless nesting, corrupt chunks, truncation,
 * not-EVTX files. Each gives a clear problem; the readable rest is kept; nothing throws.
 */
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { readEvtx } from '../../../../electron/main/core/evtx/read-evtx';
import { writeEvtx } from '../../../support/evtx-writer';
import { appError1000Classic } from '../../../support/evtx-crash-events';
import { HOSTILE_BODIES, hostileLog } from '../../../support/evtx-hostile';

test.each(Object.entries(HOSTILE_BODIES))('%s: a problem for that record, its neighbours intact', async (name, body) => {
  const log = await readEvtx(createBufferSource(hostileLog(body)));
  expect(log.problems).toEqual([]);
  expect(log.records.map((r) => r.recordId)).toEqual([1, 2, 3]);
  const [good1, bad, good3] = log.records;
  expect(good1!.problems).toEqual([]);
  expect(good3!.problems).toEqual([]);
  expect(good3!.dataList[0]).toBe('crashy.exe');
  expect(bad!.problems).toHaveLength(1);
  expect(bad!.problems[0]).toMatchObject({ code: 'bad-binxml', chunk: 0 });
  expect(bad!.problems[0]!.message).toMatch(/^record 2: /);
  expect(bad!.event).toBeNull();
});

test('the template loop is named as such', async () => {
  const log = await readEvtx(createBufferSource(hostileLog(HOSTILE_BODIES['template refers to itself']!)));
  expect(log.records[1]!.problems[0]!.message).toMatch(/refers to itself/);
});

const events = Array.from({ length: 30 }, (_, i) => appError1000Classic(i + 1));

test('a corrupt chunk in the middle: a problem, the other chunks read', async () => {
  const bytes = writeEvtx(events, { recordsPerChunk: 10 });
  bytes.fill(0x41, 4096 + 65536, 4096 + 65536 + 600);
  const log = await readEvtx(createBufferSource(bytes));
  expect(log.problems.map((p) => [p.code, p.chunk])).toEqual([['bad-chunk-header', 1]]);
  expect(log.records.map((r) => r.recordId)).toEqual([...Array.from({ length: 10 }, (_, i) => i + 1), ...Array.from({ length: 10 }, (_, i) => i + 21)]);
});

test('an absurd record size: that record is skipped, the records around it are kept', async () => {
  const bytes = writeEvtx(events.slice(0, 5));
  const second = Buffer.from(bytes).indexOf(Buffer.from([0x2a, 0x2a, 0, 0]), 4096 + 512 + 1);
  new DataView(bytes.buffer).setUint32(second + 4, 0xfffffff0, true);
  const log = await readEvtx(createBufferSource(bytes));
  expect(log.records.map((r) => r.recordId)).toEqual([1, 3, 4, 5]);
  expect(log.problems.map((p) => p.code)).toEqual(['bad-records-crc', 'bad-record']);
  expect(log.problems[1]!.message).toMatch(/impossible size 4294967280/);
});

test('a wiped record signature: that record is skipped, the rest of the chunk is read', async () => {
  const bytes = writeEvtx(events.slice(0, 5));
  const third = Buffer.from(bytes).indexOf(Buffer.from([0x2a, 0x2a, 0, 0]), Buffer.from(bytes).indexOf(Buffer.from([0x2a, 0x2a, 0, 0]), 4096 + 513) + 1);
  bytes.fill(0, third, third + 4);
  const log = await readEvtx(createBufferSource(bytes));
  expect(log.records.map((r) => r.recordId)).toEqual([1, 2, 4, 5]);
  expect(log.problems.map((p) => p.message)).toEqual(['chunk 0: event records CRC mismatch', `record at chunk offset ${third - 4096}: no record signature`]);
});

test('a file cut in the middle of a chunk keeps the records before the cut', async () => {
  const bytes = writeEvtx(events, { recordsPerChunk: 10 });
  const log = await readEvtx(createBufferSource(bytes.subarray(0, 4096 + 65536 + 3000)));
  expect(log.records.length).toBeGreaterThan(10);
  expect(log.records.length).toBeLessThan(20);
  expect(log.problems.map((p) => p.code)).toEqual(['truncated', 'truncated']);
  expect(log.problems[1]!.message).toMatch(/cut off at the end of the file/);
});

test('not an EVTX file, an empty file, a header alone', async () => {
  const junk = await readEvtx(createBufferSource(new Uint8Array(200_000).fill(0x5a)));
  expect(junk.records).toEqual([]);
  expect(junk.problems[0]).toMatchObject({ code: 'bad-file-header' });
  const empty = await readEvtx(createBufferSource(new Uint8Array(0)));
  expect(empty.problems.map((p) => p.code)).toEqual(['bad-file-header', 'truncated']);
  const headerOnly = await readEvtx(createBufferSource(writeEvtx(events).subarray(0, 4096)));
  expect(headerOnly.records).toEqual([]);
  expect(headerOnly.problems).toEqual([]);
});

test('a wiped file header: chunks are still found', async () => {
  const bytes = writeEvtx(events, { recordsPerChunk: 10 });
  bytes.fill(0, 0, 4096);
  const log = await readEvtx(createBufferSource(bytes));
  expect(log.records).toHaveLength(30);
  expect(log.problems.map((p) => p.code)).toEqual(['bad-file-header', 'chunk-recovered', 'chunk-recovered', 'chunk-recovered']);
});
