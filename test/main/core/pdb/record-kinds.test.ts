/**
 * Record kinds lld does not write but other toolsets do: the _ID procedure kinds (S_GPROC32_ID,
 * S_LPROC32_ID: same layout as S_GPROC32 / S_LPROC32, the type field names an IPI id) and
 * S_INLINESITE2 (an invocation count before the annotations, cvinfo.h INLINESITESYM2).
 */
import { readFileSync } from 'node:fs';
import { ByteView } from '../../../../electron/main/core/minidump/binary';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { parseInlineSite, recordAt, SymbolKind } from '../../../../electron/main/core/pdb/codeview-symbols';
import { openPdb } from '../../../../electron/main/core/pdb/open-pdb';
import { pdbFixtures } from '../../../support/pdb-builder';
import { layoutMsf, msfBytes, splitMsf } from '../../../support/pdb-msf-writer';

const S_LPROC32 = 0x110f;
const S_GPROC32 = 0x1110;

describe('procedure record kinds', () => {
  it('S_GPROC32_ID and S_LPROC32_ID answer as S_GPROC32 and S_LPROC32 do', async () => {
    const original = new Uint8Array(readFileSync(pdbFixtures()['msvc-x64'].pdb));
    const streams: (Uint8Array | null)[] = splitMsf(original).streams.map((s) => s && s.slice());
    const dbi = new DataView(streams[3]!.buffer);
    let changed = 0;
    // Every module of the DBI module list: its stream (at +34) and symbol bytes (at +36).
    for (let at = 64, end = 64 + dbi.getInt32(24, true); at < end; ) {
      const stream = dbi.getUint16(at + 34, true);
      const symbolBytes = dbi.getUint32(at + 36, true);
      const module = streams[stream]!;
      const v = new DataView(module.buffer);
      for (let r = 4; r + 4 <= symbolBytes; r += 2 + v.getUint16(r, true)) {
        const kind = v.getUint16(r + 2, true);
        if (kind === S_GPROC32 || kind === S_LPROC32) {
          v.setUint16(r + 2, kind === S_GPROC32 ? SymbolKind.S_GPROC32_ID : SymbolKind.S_LPROC32_ID, true);
          changed++;
        }
      }
      let next = at + 64;
      next = streams[3]!.indexOf(0, next) + 1;
      next = streams[3]!.indexOf(0, next) + 1;
      at = (next + 3) & ~3;
    }
    expect(changed).toBeGreaterThan(5);
    const plain = await openPdb(createBufferSource(original));
    const ids = await openPdb(createBufferSource(msfBytes(layoutMsf(streams))));
    if (!plain.ok || !ids.ok) throw new Error('open failed');
    const text = plain.value.sections[0]!;
    for (let rva = text.rva; rva < text.rva + text.size; rva++) expect(await ids.value.symbolize(rva)).toEqual(await plain.value.symbolize(rva));
  });
});

describe('inline site record kinds', () => {
  /** An inline site record: length, kind, parent, end, inlinee, [invocations], annotations. */
  function record(kind: number, annotations: number[]): ByteView {
    const fixed = kind === SymbolKind.S_INLINESITE2 ? 20 : 16;
    const bytes = new Uint8Array(fixed + annotations.length);
    const dv = new DataView(bytes.buffer);
    dv.setUint16(0, bytes.length - 2, true);
    dv.setUint16(2, kind, true);
    dv.setUint32(4, 0x48, true);
    dv.setUint32(8, 0x90, true);
    dv.setUint32(12, 0x1003, true);
    if (kind === SymbolKind.S_INLINESITE2) dv.setUint32(16, 7, true);
    bytes.set(annotations, fixed);
    return new ByteView(bytes);
  }

  it.each([
    ['S_INLINESITE', SymbolKind.S_INLINESITE],
    ['S_INLINESITE2', SymbolKind.S_INLINESITE2],
  ])('%s: fields and annotations', (_name, kind) => {
    const v = record(kind, [3, 0x10, 4, 2]);
    expect(parseInlineSite(v, recordAt(v, 0)!)).toEqual({ parent: 0x48, end: 0x90, inlinee: 0x1003, annotations: Uint8Array.from([3, 0x10, 4, 2]) });
  });

  it('a record too short for its kind is a problem, not a read past it', () => {
    const v = record(SymbolKind.S_INLINESITE, []);
    new DataView(v.bytes.buffer).setUint16(2, SymbolKind.S_INLINESITE2, true);
    expect(() => parseInlineSite(v, recordAt(v, 0)!)).toThrow(/cut short/);
  });
});
