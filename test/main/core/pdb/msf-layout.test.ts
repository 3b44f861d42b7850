/**
 * The MSF container in other layouts than lld writes: 512-byte pages (a stream directory over
 * many pages, page lists longer than a page), streams scattered with gaps, and a padded stream.
 * llvm-pdbutil must read each rewritten file exactly as the original (so the files are real
 * PDBs), and the reader must answer every lookup as it does on the original.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { openPdb, openPdbFile } from '../../../../electron/main/core/pdb/open-pdb';
import type { PdbReader } from '../../../../electron/main/core/pdb/pdb-types';
import { llvmTool } from '../../../support/llvm-tools';
import { pdbFixtures } from '../../../support/pdb-builder';
import { layoutMsf, msfBytes, splitMsf, writeMsfFile, type LayoutOptions } from '../../../support/pdb-msf-writer';

function pdbutilText(path: string): string {
  const text = execFileSync(llvmTool('llvm-pdbutil'), ['dump', '-summary', '-modules', '-symbols', '-l', '-il', '-publics', '-section-headers', '-ids', '-types', path], {
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  // Only the container differs: page size and count.
  return text.replace(/Block Size: \d+/, '').replace(/Number of blocks: \d+/, '');
}

async function answers(pdb: PdbReader): Promise<string[]> {
  const out: string[] = [];
  const text = pdb.sections[0]!;
  for (let rva = text.rva; rva < text.rva + text.size; rva += 3) out.push(JSON.stringify(await pdb.symbolize(rva)));
  return out;
}

/** The symbol record stream's index, from the DBI header (stream 3, 16 bits at offset 20). */
function symbolRecordStream(streams: readonly (Uint8Array | null)[]): number {
  const dbi = streams[3]!;
  return new DataView(dbi.buffer, dbi.byteOffset, dbi.byteLength).getUint16(20, true);
}

const LAYOUTS: readonly [string, (records: number) => LayoutOptions][] = [
  ['512-byte pages', () => ({ blockSize: 512 })],
  ['1024-byte pages, scattered', () => ({ blockSize: 1024, gap: 3 })],
  ['4096-byte pages, high page numbers', () => ({ blockSize: 4096, firstPage: 5000, gap: 1 })],
  ['the directory before the streams', () => ({ blockSize: 2048, directoryFirst: true })],
  // Records are found by offset, so bytes after the last one are never read (lld pads too).
  ['a padded symbol record stream', (records) => ({ blockSize: 4096, pad: { stream: records, size: 3 * 1024 * 1024 + 5 } })],
  ['512-byte pages and a 2 MB stream (a 16-page directory)', (records) => ({ blockSize: 512, pad: { stream: records, size: 2 * 1024 * 1024 } })],
];

describe.each(['msvc-x64', 'mingw-x64'] as const)('%s rewritten in other MSF layouts', (name) => {
  const dir = mkdtempSync(join(tmpdir(), 'wer-msf-layout-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(LAYOUTS)('%s: llvm-pdbutil and the reader see the same PDB', async (label, options) => {
    const fixture = pdbFixtures()[name];
    const split = splitMsf(new Uint8Array(readFileSync(fixture.pdb)));
    const path = join(dir, `${label.replace(/\W+/g, '-')}.pdb`);
    writeMsfFile(path, layoutMsf(split.streams, options(symbolRecordStream(split.streams))));
    expect(pdbutilText(path)).toBe(pdbutilText(fixture.pdb));

    const original = await openPdbFile(fixture.pdb);
    const rewritten = await openPdbFile(path);
    if (!original.ok || !rewritten.ok) throw new Error('open failed');
    expect(await answers(rewritten.value)).toEqual(await answers(original.value));
    expect(rewritten.value.problems()).toEqual([]);
    await original.value.close();
    await rewritten.value.close();
  });

  it('reads a directory that spans many pages from memory too', async () => {
    const split = splitMsf(new Uint8Array(readFileSync(pdbFixtures()[name].pdb)));
    const image = layoutMsf(split.streams, { blockSize: 512, pad: { stream: symbolRecordStream(split.streams), size: 2 * 1024 * 1024 } });
    const sb = image.pages.get(0)!;
    expect(new DataView(sb.buffer, sb.byteOffset).getUint32(44, true)).toBeGreaterThan(16 * 512);
    const pdb = await openPdb(createBufferSource(msfBytes(image)));
    if (!pdb.ok) throw new Error(pdb.error);
    expect(pdb.value.problems()).toEqual([]);
    expect((await pdb.value.publics()).ok).toBe(true);
  });
});
