/**
 * Unpacking compressed symbol files: cabinets written by gcab (the independent peer) stored and
 * MSZIP over many blocks, and hostile ones written by our CER CAB writer or patched by hand.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeCab } from '../../../../electron/main/core/cer/cab-writer';
import { expandCabFile } from '../../../../electron/main/core/symbols/cab-expand';
import { requireCabTools } from '../cer/helpers/cab-tools';
import { fakePdb, putCompressed } from '../../../support/symbol-files';

describe('expandCabFile', () => {
  let dir: string;
  const pdb = fakePdb(700_000, 7);
  beforeAll(() => {
    requireCabTools();
    dir = mkdtempSync(join(tmpdir(), 'wer-cab-expand-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeEach(() => rmSync(join(dir, 'out.pdb'), { force: true }));

  const expand = (cab: string, name = 'app.pdb', maxBytes = 1e9): ReturnType<typeof expandCabFile> =>
    expandCabFile(cab, name, join(dir, 'out.pdb'), { maxBytes });

  it.each([
    ['gcab -c -z (MSZIP)', ['-c', '-z']],
    ['gcab -c (stored)', ['-c']],
  ])('unpacks a %s cabinet byte-identical, reporting progress', async (_label, flags) => {
    const cab = putCompressed(dir, [flags.join('')], 'app.pdb', pdb, flags);
    const seen: number[] = [];
    const r = await expandCabFile(cab, 'APP.PDB', join(dir, 'out.pdb'), { maxBytes: 1e9, onBytes: (n) => seen.push(n) });
    expect(r).toEqual({ ok: true, value: pdb.length });
    expect(readFileSync(join(dir, 'out.pdb')).equals(pdb)).toBe(true);
    expect(seen.at(-1)).toBe(pdb.length);
  });

  it('takes only the expected file of a cabinet that holds several', async () => {
    const cab = join(dir, 'several.cab');
    writeFileSync(cab, writeCab([{ name: 'readme.txt', data: Buffer.from('hello') }, { name: 'app.pdb', data: pdb }], { compression: 'mszip' }));
    expect(await expand(cab)).toEqual({ ok: true, value: pdb.length });
    expect(readFileSync(join(dir, 'out.pdb')).equals(pdb)).toBe(true);
  });

  it.each(['..\\app.pdb', '..\\..\\Windows\\app.pdb', 'C:\\Windows\\app.pdb', '/etc/app.pdb', 'sub\\app.pdb'])(
    'refuses an entry named %j and writes nothing anywhere',
    async (name) => {
      const cab = join(dir, 'tricks.cab');
      writeFileSync(cab, writeCab([{ name, data: pdb }], { compression: 'mszip' }));
      const r = await expand(cab);
      expect(r).toEqual({ ok: false, error: expect.stringMatching(/it holds ".*" instead of app\.pdb/) });
      expect(existsSync(join(dir, 'out.pdb'))).toBe(false);
    },
  );

  it('says clearly that LZX cannot be unpacked yet', async () => {
    const cab = readFileSync(putCompressed(dir, ['lzx'], 'app.pdb', pdb));
    // CFFOLDER.typeCompress (header 36 bytes, then coffCabStart u32, cCFData u16): LZX with a 2^21 window.
    cab.writeUInt16LE(0x1503, 36 + 6);
    writeFileSync(join(dir, 'lzx.cab'), cab);
    expect(await expand(join(dir, 'lzx.cab'))).toEqual({ ok: false, error: 'it is compressed with LZX, which WER Explorer cannot unpack yet' });
  });

  it('refuses HTML, truncation, damage and an oversized file', async () => {
    const good = readFileSync(putCompressed(dir, ['bad'], 'app.pdb', pdb));
    const write = (name: string, data: Buffer): string => {
      writeFileSync(join(dir, name), data);
      return join(dir, name);
    };
    expect(await expand(write('html.cab', Buffer.from('<!DOCTYPE html><html>sign in</html>')))).toEqual({
      ok: false,
      error: 'it is not a cabinet (it starts with "<!DOCTYPE html><html>sig")',
    });
    expect(await expand(write('cut.cab', good.subarray(0, 5000)))).toEqual({ ok: false, error: expect.stringMatching(/truncated/) });
    const damaged = Buffer.from(good);
    damaged.writeUInt8(damaged.readUInt8(damaged.length - 100) ^ 0xff, damaged.length - 100);
    expect(await expand(write('damaged.cab', damaged))).toEqual({ ok: false, error: expect.stringMatching(/wrong checksum \(damaged\)/) });
    expect(await expand(join(dir, 'bad', 'app.pd_'), 'app.pdb', 1000)).toEqual({ ok: false, error: `app.pdb would be ${pdb.length} bytes, more than the 1000 allowed` });
    expect(await expand(write('empty.cab', Buffer.alloc(0)))).toEqual({ ok: false, error: 'it is not a cabinet (it is empty)' });
    expect(existsSync(join(dir, 'out.pdb'))).toBe(false);
  });

  it('never overwrites or removes an existing output file', async () => {
    const cab = putCompressed(dir, ['existing'], 'app.pdb', pdb);
    writeFileSync(join(dir, 'out.pdb'), 'precious');
    await expect(expand(cab)).rejects.toThrow(/EEXIST/);
    expect(readFileSync(join(dir, 'out.pdb'), 'utf8')).toBe('precious');
  });

  it('stops when cancelled', async () => {
    const cab = putCompressed(dir, ['cancel'], 'app.pdb', pdb);
    const r = await expandCabFile(cab, 'app.pdb', join(dir, 'out.pdb'), { maxBytes: 1e9, signal: AbortSignal.abort() });
    expect(r).toEqual({ ok: false, error: 'cancelled' });
    expect(existsSync(join(dir, 'out.pdb'))).toBe(false);
  });
});
