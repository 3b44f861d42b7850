/**
 * Hostile and damaged PDBs, made from a real one: truncation at every structure boundary, a
 * stream directory whose page list loops, pages owned twice, absurd declared sizes, streams past
 * the end of the file, damaged DBI sizes, and inline sites whose parent and end pointers form
 * cycles. Every case ends in a plain-language error or problem: nothing throws, nothing hangs.
 */
import { readFileSync } from 'node:fs';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { openPdb } from '../../../../electron/main/core/pdb/open-pdb';
import type { PdbReader } from '../../../../electron/main/core/pdb/pdb-types';
import { pdbFixtures } from '../../../support/pdb-builder';
import { layoutMsf, msfBytes, splitMsf, superblock, type MsfStreams } from '../../../support/pdb-msf-writer';

let original: Uint8Array;
let split: MsfStreams;

beforeAll(() => {
  original = new Uint8Array(readFileSync(pdbFixtures()['msvc-x64'].pdb));
  split = splitMsf(original);
});

/** Everything a caller can ask, so that each lazy path runs on the damaged file. */
async function exercise(pdb: PdbReader): Promise<void> {
  const text = pdb.sections[0];
  for (let rva = text?.rva ?? 0x1000, i = 0; i < 64; i++, rva += 7) await pdb.symbolize(rva);
  await pdb.publics(100);
  for (const m of pdb.modules) {
    await pdb.functions(m.index);
    await pdb.lines(m.index);
  }
}

async function open(bytes: Uint8Array): Promise<{ ok: boolean; text: string }> {
  const r = await openPdb(createBufferSource(bytes));
  if (!r.ok) return { ok: false, text: r.error };
  await exercise(r.value);
  return { ok: true, text: r.value.problems().join('\n') };
}

function u32(b: Uint8Array, at: number): number {
  return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(at, true);
}

function setU32(b: Uint8Array, at: number, value: number): void {
  new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(at, value >>> 0, true);
}

/** A copy of the real PDB with its directory words (count, sizes, page lists) edited. */
function withDirectory(edit: (words: Uint32Array) => void): Uint8Array {
  const bytes = original.slice();
  const bs = u32(bytes, 32);
  const dirBytes = u32(bytes, 44);
  const words = new Uint32Array(dirBytes / 4);
  split.directoryPages.forEach((p, i) => {
    for (let k = 0; k < bs / 4 && i * (bs / 4) + k < words.length; k++) words[i * (bs / 4) + k] = u32(bytes, p * bs + k * 4);
  });
  edit(words);
  split.directoryPages.forEach((p, i) => {
    for (let k = 0; k < bs / 4 && i * (bs / 4) + k < words.length; k++) setU32(bytes, p * bs + k * 4, words[i * (bs / 4) + k]!);
  });
  return bytes;
}

/** Index of stream `s`'s first page entry in the directory words. */
function firstPageWord(s: number): number {
  let word = 1 + split.streams.length;
  for (let i = 0; i < s; i++) word += Math.ceil((split.streams[i]?.length ?? 0) / split.blockSize);
  return word;
}

describe('PDBs that are not PDBs', () => {
  it.each([
    ['an empty file', new Uint8Array(0), /not a PDB file/],
    ['random bytes', new Uint8Array(4096).fill(0x41), /not a PDB file/],
    ['a PDB 2.0 file', new TextEncoder().encode('Microsoft C/C++ program database 2.00\r\n\x1aJG\0\0'.padEnd(64, '\0')), /PDB 2\.0/],
  ])('%s is an error', async (_label, bytes, message) => {
    const r = await open(bytes);
    expect(r.ok).toBe(false);
    expect(r.text).toMatch(message);
  });
});

describe('truncated PDBs', () => {
  /** Cut points: every page boundary and the first bytes of every stream and directory page. */
  function cuts(bytes: Uint8Array): number[] {
    const layout = splitMsf(bytes);
    const bs = layout.blockSize;
    const out = new Set<number>([0, 1, 31, 32, 36, 52, 55, 56, bs - 1]);
    for (let p = 1; p * bs <= bytes.length; p++) for (const d of [-1, 0, 4, 56, 64]) out.add(p * bs + d);
    const starts = layout.pages.flatMap((list) => list.slice(0, 1)).concat(layout.directoryPages);
    for (const page of starts) for (const d of [0, 2, 4, 8, 12, 16, 28, 32, 56, 64, 100]) out.add(page * bs + d);
    return [...out].filter((c) => c >= 0 && c < bytes.length).sort((a, b) => a - b);
  }

  it('as linkers write them (directory last): every cut is a plain error', async () => {
    for (const cut of cuts(original)) {
      const r = await open(original.subarray(0, cut));
      expect(r).toEqual({ ok: false, text: expect.stringMatching(/^(not a PDB file|the file is truncated)/) });
    }
  });

  it('with the directory first: every cut opens with problems and every lookup resolves', async () => {
    const bytes = msfBytes(layoutMsf(split.streams, { directoryFirst: true }));
    let opened = 0;
    for (const cut of cuts(bytes)) {
      const r = await open(bytes.subarray(0, cut));
      if (r.ok) {
        opened++;
        expect(r.text).toMatch(/shorter than its header says/);
      } else expect(r.text).not.toBe('');
    }
    expect(opened).toBeGreaterThan(10);
  });
});

describe('a damaged stream directory', () => {
  it('a page list that names one page twice (a loop) is an error', async () => {
    // 512-byte pages and a padded stream: a directory of many pages, so its page list has many entries.
    const bytes = msfBytes(layoutMsf(split.streams, { blockSize: 512, pad: { stream: 8, size: 1024 * 1024 } }));
    const map = u32(bytes, 52) * 512;
    expect(u32(bytes, 44)).toBeGreaterThan(2 * 512);
    setU32(bytes, map + 4, u32(bytes, map));
    const r = await open(bytes);
    expect(r).toEqual({ ok: false, text: expect.stringMatching(/lists page \d+ twice \(a loop\)/) });
  });

  it('a page list that points at the header page is an error', async () => {
    const bytes = original.slice();
    setU32(bytes, u32(bytes, 52) * split.blockSize, 0);
    expect(await open(bytes)).toEqual({ ok: false, text: expect.stringMatching(/points to page 0, outside the file/) });
  });

  it('a page shared by two streams is a problem, and reading goes on', async () => {
    const bytes = withDirectory((w) => {
      w[firstPageWord(11)] = w[firstPageWord(3)]!;
    });
    const r = await open(bytes);
    expect(r.ok).toBe(true);
    expect(r.text).toMatch(/page \d+ is used twice/);
  });

  it('a stream past the end of the file is a problem; the other streams still answer', async () => {
    const bytes = withDirectory((w) => {
      w[firstPageWord(11)] = 999_999;
    });
    const pdb = await openPdb(createBufferSource(bytes));
    if (!pdb.ok) throw new Error(pdb.error);
    // Module 0 (stream 11) is unreadable: its functions fall back to public symbols.
    const s = await pdb.value.symbolize(0x1010);
    expect(s).toMatchObject({ kind: 'public', function: expect.stringContaining('geo::Shape::area') });
    expect(pdb.value.problems().join('\n')).toMatch(/stream 11 points to page 999999, outside the file/);
  });

  it.each([
    ['a stream size of 4 GB', (w: Uint32Array) => (w[1 + 3] = 0xffffff00), /more pages than the directory lists/],
    ['ten million streams', (w: Uint32Array) => (w[0] = 10_000_000), /declares 10000000 streams/],
    ['no streams', (w: Uint32Array) => (w[0] = 0), /lists no streams/],
  ])('%s is an error', async (_label, edit, message) => {
    expect(await open(withDirectory(edit))).toEqual({ ok: false, text: expect.stringMatching(message) });
  });

  it('absurd header sizes are errors or problems', async () => {
    const huge = original.slice();
    setU32(huge, 44, 0x7fffffff);
    expect((await open(huge)).text).toMatch(/stream directory size \d+ is not believable/);
    const pages = original.slice();
    setU32(pages, 40, 0xffffffff);
    expect(await open(pages)).toEqual({ ok: true, text: expect.stringMatching(/shorter than its header says/) });
    const page = original.slice();
    setU32(page, 32, 3000);
    expect((await open(page)).text).toMatch(/page size 3000 is not valid/);
    const sb = superblock(4096, 4, 4, 3);
    const tiny = new Uint8Array(4 * 4096);
    tiny.set(sb);
    expect((await open(tiny)).ok).toBe(false);
  });
});

describe('damaged tables inside the streams', () => {
  function withStream(index: number, edit: (bytes: Uint8Array) => void): Uint8Array {
    const streams = split.streams.map((s) => s && s.slice());
    edit(streams[index]!);
    return msfBytes(layoutMsf(streams));
  }

  it('DBI substream sizes past the end of the stream are problems', async () => {
    const bytes = withStream(3, (dbi) => setU32(dbi, 28, 0x7ffffff0));
    const r = await open(bytes);
    expect(r.ok).toBe(true);
    expect(r.text).toMatch(/section contributions .* runs past the end of the DBI stream/);
  });

  it('a module whose sizes overrun its stream is a problem, not a crash', async () => {
    const bytes = withStream(3, (dbi) => setU32(dbi, 64 + 36, 0x7fff0000));
    const r = await open(bytes);
    expect(r.ok).toBe(true);
    expect(r.text).toMatch(/declares more symbol and line bytes than its stream holds/);
  });

  it('a publics address map pointing at garbage is a problem', async () => {
    const dbi = split.streams[3]!;
    const publicsStream = new DataView(dbi.buffer, dbi.byteOffset).getUint16(16, true);
    const bytes = withStream(publicsStream, (p) => {
      const at = 28 + u32(p, 0);
      for (let i = 0; at + i * 4 + 4 <= p.length; i++) setU32(p, at + i * 4, 0x7ffffff0);
    });
    const r = await open(bytes);
    expect(r.ok).toBe(true);
    expect(r.text).toMatch(/public symbols|public symbol/);
  });
});

describe('inline sites with hostile pointers', () => {
  const S_INLINESITE = 0x114d;
  const PROC_KINDS = [0x1110, 0x110f, 0x1147, 0x1146];

  /** Offsets of the inline site and procedure records of a module's symbol substream. */
  function records(stream: Uint8Array, symbolBytes: number): { sites: number[]; procs: number[] } {
    const sites: number[] = [];
    const procs: number[] = [];
    for (let at = 4; at + 4 <= symbolBytes; ) {
      const length = stream[at]! | (stream[at + 1]! << 8);
      const kind = stream[at + 2]! | (stream[at + 3]! << 8);
      if (kind === S_INLINESITE) sites.push(at);
      if (PROC_KINDS.includes(kind)) procs.push(at);
      at += 2 + length;
    }
    return { sites, procs };
  }

  it('cyclic parents, self-referencing ends and a zero procedure end change no answer', async () => {
    const streams = split.streams.map((s) => s && s.slice());
    const dbi = streams[3]!;
    // Module 0 of the DBI module list: its stream index and symbol byte count.
    const stream = new DataView(dbi.buffer, dbi.byteOffset).getUint16(64 + 34, true);
    const symbolBytes = u32(dbi, 64 + 36);
    const module = streams[stream]!;
    const { sites, procs } = records(module, symbolBytes);
    expect(sites.length).toBeGreaterThan(3);
    sites.forEach((at, i) => {
      setU32(module, at + 4, sites[(i + 1) % sites.length]!);
      setU32(module, at + 8, at);
    });
    for (const at of procs) setU32(module, at + 8, 0);
    const damaged = await openPdb(createBufferSource(msfBytes(layoutMsf(streams))));
    const intact = await openPdb(createBufferSource(original));
    if (!damaged.ok || !intact.ok) throw new Error('open failed');
    const text = intact.value.sections[0]!;
    for (let rva = text.rva; rva < text.rva + text.size; rva++) {
      expect(await damaged.value.symbolize(rva)).toEqual(await intact.value.symbolize(rva));
    }
    expect(damaged.value.problems().join('\n')).toMatch(/the inline site at \+\d+ names parent \+\d+ but sits inside \+\d+/);
  });
});
