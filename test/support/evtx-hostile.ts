/**
 * Hand-made hostile chunks for the EVTX reader: records whose BinXML loops through template
 * references, nests without end, or declares absurd sizes, between well-formed records.
 */
import { ChunkWriter } from './evtx-binxml-writer';
import { assembleLog, finishChunk, writeRecord } from './evtx-writer';
import { appError1000Classic } from './evtx-crash-events';

/** Writes a record header, the body, and the trailing size. */
function rawRecord(w: ChunkWriter, id: number, body: (w: ChunkWriter) => void): void {
  const start = w.pos;
  w.raw(Uint8Array.of(0x2a, 0x2a, 0, 0));
  w.u32(0);
  w.u64(BigInt(id));
  w.u64(133932528000000000n);
  body(w);
  const size = w.pos - start + 4;
  w.u32(size);
  w.dv.setUint32(start + 4, size, true);
}

/** A resident template definition whose body is `inner`; returns after the definition. */
function residentTemplate(w: ChunkWriter, inner: (w: ChunkWriter, self: number) => void): number {
  w.u8(0x0c);
  w.u8(0x01);
  w.u32(0x1234);
  const self = w.pos + 4;
  w.u32(self);
  w.u32(0);
  w.raw(new Uint8Array(16).fill(0x77));
  const sizeAt = w.pos;
  w.u32(0);
  w.raw(Uint8Array.of(0x0f, 0x01, 0x01, 0x00));
  inner(w, self);
  w.u8(0x00);
  w.dv.setUint32(sizeAt, w.pos - sizeAt - 4, true);
  return self;
}

/** The hostile record bodies, each between good records 1 and 3 of its own log. */
export const HOSTILE_BODIES: Readonly<Record<string, (w: ChunkWriter) => void>> = {
  'template refers to itself': (w) => {
    w.raw(Uint8Array.of(0x0f, 0x01, 0x01, 0x00));
    residentTemplate(w, (t, self) => {
      // Inside its own definition: an instance of the same template (not resident: a loop).
      t.u8(0x0c); t.u8(0x01); t.u32(0x1234); t.u32(self); t.u32(0);
    });
    w.u32(0);
    w.u8(0x00);
  },
  'value count absurd': (w) => {
    w.raw(Uint8Array.of(0x0f, 0x01, 0x01, 0x00));
    residentTemplate(w, (t) => t.text('x'));
    w.u32(0xffffffff);
    w.u8(0x00);
  },
  'element size absurd': (w) => {
    w.raw(Uint8Array.of(0x0f, 0x01, 0x01, 0x00));
    w.u8(0x01); w.u16(0xffff); w.u32(0x7fffffff); w.name('Event'); w.u8(0x03);
    w.u8(0x00);
  },
  'name length absurd': (w) => {
    w.raw(Uint8Array.of(0x0f, 0x01, 0x01, 0x00));
    w.u8(0x01); w.u16(0xffff); w.u32(20);
    const at = w.pos + 4;
    w.u32(at); w.u32(0); w.u16(0); w.u16(0xffff);
    w.u8(0x03); w.u8(0x00);
  },
  'elements nested without end': (w) => {
    w.raw(Uint8Array.of(0x0f, 0x01, 0x01, 0x00));
    for (let i = 0; i < 2000; i++) { w.u8(0x01); w.u16(0xffff); w.u32(100); w.name('E'); w.u8(0x02); }
    w.u8(0x00);
  },
  'unknown token': (w) => {
    w.raw(Uint8Array.of(0x0f, 0x01, 0x01, 0x00, 0x1f, 0x00));
  },
};

/** A one-chunk log: good record 1, the hostile record 2, good record 3. */
export function hostileLog(body: (w: ChunkWriter) => void): Uint8Array {
  const w = new ChunkWriter(new Uint8Array(65536 * 2), 512);
  writeRecord(w, appError1000Classic(1));
  const at = w.pos;
  rawRecord(w, 2, body);
  writeRecord(w, appError1000Classic(3));
  if (w.pos > 65536) throw new Error('hostile log does not fit one chunk');
  return assembleLog([finishChunk(w, [1, 2, 3], at)], 1, 4);
}
