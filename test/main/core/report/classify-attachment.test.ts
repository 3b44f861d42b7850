import { classifyAttachment, kindFromName } from '../../../../electron/main/core/report/classify-attachment';

const bytes = (...b: number[]) => Uint8Array.from(b);
const utf16 = (s: string, bom = true) =>
  Uint8Array.from([...(bom ? [0xff, 0xfe] : []), ...Buffer.from(s, 'utf16le')]);

describe('classifyAttachment', () => {
  it('recognises minidumps and heap dumps by MDMP bytes', () => {
    const mdmp = bytes(0x4d, 0x44, 0x4d, 0x50, 0x93, 0xa7);
    expect(classifyAttachment('WERE035.tmp.mdmp', mdmp)).toBe('minidump');
    expect(classifyAttachment('memory.hdmp', mdmp)).toBe('heapdump');
    expect(classifyAttachment('triagedump.dmp', mdmp, 6)).toBe('minidump');
    expect(classifyAttachment('oddly-named.bin', mdmp)).toBe('minidump');
  });

  it('does not call a file a dump when its bytes are not MDMP', () => {
    expect(classifyAttachment('fake.mdmp', bytes(0x50, 0x4b, 0x03, 0x04))).toBe('other');
  });

  it('tells WER metadata from other XML, in UTF-16 and UTF-8', () => {
    expect(classifyAttachment('WER7FE4.tmp.WERInternalMetadata.xml', utf16('<?xml'))).toBe('metadata');
    expect(classifyAttachment('WERC9FA.tmp.xml', Uint8Array.from(Buffer.from('<?xml version')))).toBe('xml');
    // AppCompat.txt is UTF-16 XML despite its name.
    expect(classifyAttachment('WER1234.tmp.appcompat.txt', utf16('<?xml'))).toBe('xml');
  });

  it('treats BOM-less UTF-16 text as text and csv by name', () => {
    expect(classifyAttachment('WERCA49.tmp.txt', utf16('B.Number', false))).toBe('text');
    expect(classifyAttachment('WERCA0A.tmp.csv', utf16('ImageName', false))).toBe('csv');
    expect(classifyAttachment('trace.etl', bytes(0, 0, 1, 0, 0xaa))).toBe('etl');
    expect(classifyAttachment('blob.bin', bytes(0, 1, 2, 3, 0xff))).toBe('other');
  });

  it('falls back to the name and WER file type without bytes', () => {
    expect(kindFromName('memory.hdmp', null)).toBe('heapdump');
    expect(kindFromName('x.tmp', 3)).toBe('heapdump');
    expect(kindFromName('notes.txt', null)).toBeNull();
    expect(classifyAttachment('notes.txt', null)).toBe('text');
    expect(classifyAttachment('x.bin', null)).toBe('other');
  });
});
