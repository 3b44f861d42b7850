/** Store keys as symstore spells them, and the names and ids a hostile dump could carry. */
import { compressedName, formatCodeId, imageKey, pdbKey, storeFolderSegments } from '../../../../electron/main/core/symbols/symbol-keys';
import { parseFilePointer } from '../../../../electron/main/core/symbols/file-pointer';

const GUID = '1EB8D8C34B9C4A3FBD2B21F4C6C5F47D';

describe('pdbKey', () => {
  it.each([
    [`${GUID}1`, `${GUID}1`],
    [`${GUID.toLowerCase()}a`, `${GUID}A`],
    [`{1eb8d8c3-4b9c-4a3f-bd2b-21f4c6c5f47d}2`, `${GUID}2`],
    [`${GUID}0001`, `${GUID}1`],
    [`${GUID}FFFFFFFF`, `${GUID}FFFFFFFF`],
    ['3A5B7C9D1', '3A5B7C9D1'],
  ])('%s → %s', (id, expected) => {
    expect(pdbKey('ntdll.pdb', id)).toEqual({ ok: true, value: { kind: 'pdb', name: 'ntdll.pdb', id: expected } });
  });

  it('takes the file name of a full CodeView path, either separator', () => {
    expect(pdbKey('D:\\a\\_work\\1\\s\\out\\app.pdb', `${GUID}1`)).toMatchObject({ ok: true, value: { name: 'app.pdb' } });
    expect(pdbKey('/build/out/app.pdb', `${GUID}1`)).toMatchObject({ ok: true, value: { name: 'app.pdb' } });
  });

  it.each(['', '..', 'C:', 'con.pdb', 'a:b.pdb', 'x\u0000.pdb', 'trailing.pdb.', 'C:\\dir\\'])('refuses the name %j', (name) => {
    expect(pdbKey(name, `${GUID}1`)).toEqual({ ok: false, error: expect.stringMatching(/not a usable PDB file name/) });
  });

  it.each(['', GUID, `${GUID}123456789`, '1234567', 'XYZ', `${GUID.slice(0, 20)}1`, '../../etc/1'])('refuses the id %j', (id) => {
    expect(pdbKey('a.pdb', id)).toEqual({ ok: false, error: expect.stringMatching(/not a PDB debug id/) });
  });
});

describe('imageKey', () => {
  it('normalises to %08X timestamp + %x size', () => {
    expect(imageKey('ntdll.dll', '5b1c2a4b1E5000')).toEqual({ ok: true, value: { kind: 'image', name: 'ntdll.dll', id: '5B1C2A4B1e5000' } });
    expect(imageKey('a.exe', '000000010001000')).toEqual({ ok: true, value: { kind: 'image', name: 'a.exe', id: '000000011000' } });
    expect(formatCodeId(0x5b1c2a4b, 0x1e5000)).toBe('5B1C2A4B1e5000');
    expect(formatCodeId(0x10, 0x1000)).toBe('000000101000');
  });

  it.each(['', '5B1C2A4B', '5B1C2A4B1E5000000', 'ZZZZZZZZ1000', '5B1C2A4B/../x'])('refuses the code id %j', (id) => {
    expect(imageKey('a.dll', id)).toEqual({ ok: false, error: expect.stringMatching(/not an image code id/) });
  });
});

describe('store names', () => {
  it('compresses the last character and builds both layouts', () => {
    expect(compressedName('ntdll.pdb')).toBe('ntdll.pd_');
    expect(compressedName('kernel32.dll')).toBe('kernel32.dl_');
    const key = { kind: 'pdb' as const, name: 'wintrust.pdb', id: `${GUID}1` };
    expect(storeFolderSegments(key, false)).toEqual(['wintrust.pdb', `${GUID}1`]);
    expect(storeFolderSegments(key, true)).toEqual(['wi', 'wintrust.pdb', `${GUID}1`]);
  });
});

describe('parseFilePointer', () => {
  const ptr = (text: string): ReturnType<typeof parseFilePointer> => parseFilePointer(Buffer.from(text));
  it('reads PATH: and MSG:, first line only, any case', () => {
    expect(ptr('PATH:\\\\server\\drop\\app.pdb\r\n')).toEqual({ kind: 'path', path: '\\\\server\\drop\\app.pdb' });
    expect(ptr('\uFEFFpath:/mnt/drop/app.pdb')).toEqual({ kind: 'path', path: '/mnt/drop/app.pdb' });
    expect(ptr('MSG:Symbols withheld by policy\nPATH:C:\\x')).toEqual({ kind: 'message', message: 'Symbols withheld by policy' });
    expect(ptr('MSG:')).toEqual({ kind: 'message', message: 'the store gives no reason' });
  });

  it('refuses anything else without echoing control characters', () => {
    expect(ptr('<html>\u001b[31m')).toEqual({ kind: 'invalid', message: expect.not.stringMatching(/\u001b/) });
    expect(ptr('PATH:   ')).toEqual({ kind: 'invalid', message: expect.stringMatching(/empty PATH/) });
  });
});
