import { readFileSync } from 'node:fs';
import { decodeText, detectEncoding, encodeText } from '../../../../electron/main/core/text/decode-text';
import { fixturePath } from '../../../support/fixtures';
import { mulberry32 } from '../../../support/prng';

const SAMPLE = 'Version=1\r\nEventType=APPCRASH\r\nSig[0].Name=Nom de l’application\r\nAppName=任务管理器';

const le = (s: string): Buffer => Buffer.from(s, 'utf16le');
const be = (s: string): Buffer => Buffer.from(le(s).swap16());
const withPrefix = (prefix: number[], body: Uint8Array): Uint8Array => Buffer.concat([Buffer.from(prefix), body]);

describe('decodeText', () => {
  it('reads UTF-16LE with a BOM', () => {
    expect(decodeText(withPrefix([0xff, 0xfe], le(SAMPLE)))).toEqual({
      text: SAMPLE,
      encoding: 'utf-16le',
      bom: true,
      lossy: false,
    });
  });

  it('reads UTF-16LE without a BOM (Windows 7/8.1 Report.wer)', () => {
    expect(decodeText(le(SAMPLE))).toEqual({ text: SAMPLE, encoding: 'utf-16le', bom: false, lossy: false });
  });

  it('reads UTF-16BE with and without a BOM', () => {
    expect(decodeText(withPrefix([0xfe, 0xff], be(SAMPLE)))).toMatchObject({ text: SAMPLE, encoding: 'utf-16be', bom: true });
    expect(decodeText(be(SAMPLE))).toMatchObject({ text: SAMPLE, encoding: 'utf-16be', bom: false });
  });

  it('reads UTF-8 with and without a BOM', () => {
    const body = Buffer.from(SAMPLE, 'utf8');
    expect(decodeText(withPrefix([0xef, 0xbb, 0xbf], body))).toEqual({ text: SAMPLE, encoding: 'utf-8', bom: true, lossy: false });
    expect(decodeText(body)).toEqual({ text: SAMPLE, encoding: 'utf-8', bom: false, lossy: false });
  });

  it('falls back to windows-1252 for bytes that are not UTF-8', () => {
    const bytes = Buffer.from([0x41, 0x70, 0x70, 0x3d, 0x63, 0x61, 0x66, 0xe9]); // "App=café" in cp1252
    expect(decodeText(bytes)).toEqual({ text: 'App=café', encoding: 'windows-1252', bom: false, lossy: false });
  });

  it('uses the requested fallback code page, and ignores an unknown one', () => {
    const gbk = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]); // 你好 in GBK
    expect(decodeText(gbk, { fallbackEncoding: 'gbk' })).toMatchObject({ text: '你好', encoding: 'gbk' });
    expect(decodeText(Buffer.from([0xe9]), { fallbackEncoding: 'no-such-code-page' })).toMatchObject({
      text: 'é',
      encoding: 'windows-1252',
    });
  });

  it('marks undefined code-page bytes as lossy', () => {
    expect(decodeText(Buffer.from([0x41, 0x81, 0x42]))).toMatchObject({ encoding: 'windows-1252', lossy: true });
  });

  it('drops the last byte of odd-length UTF-16 without throwing', () => {
    const odd = withPrefix([0xff, 0xfe], Buffer.concat([le('Version=1'), Buffer.from([0x41])]));
    expect(decodeText(odd)).toEqual({ text: 'Version=1', encoding: 'utf-16le', bom: true, lossy: true });
    const oddBe = withPrefix([0xfe, 0xff], Buffer.concat([be('AB'), Buffer.from([0x00])]));
    expect(decodeText(oddBe)).toMatchObject({ text: 'AB', encoding: 'utf-16be', lossy: true });
  });

  it('replaces a lone surrogate and marks the text lossy', () => {
    const bytes = withPrefix([0xff, 0xfe], Buffer.from([0x41, 0x00, 0x00, 0xd8, 0x42, 0x00]));
    expect(decodeText(bytes)).toMatchObject({ text: 'A\uFFFDB', lossy: true });
  });

  it('handles empty input and a lone BOM', () => {
    expect(decodeText(new Uint8Array(0))).toEqual({ text: '', encoding: 'utf-8', bom: false, lossy: false });
    expect(decodeText(Buffer.from([0xff, 0xfe]))).toEqual({ text: '', encoding: 'utf-16le', bom: true, lossy: false });
    expect(decodeText(Buffer.from([0xff]))).toMatchObject({ encoding: 'windows-1252', text: 'ÿ' });
  });

  it('does not take UTF-8 with a few stray NULs for UTF-16', () => {
    const bytes = Buffer.from('Version=1\r\nEventType=APPCRASH\0\r\nAppName=x\0\r\n', 'utf8');
    expect(detectEncoding(bytes).encoding).toBe('utf-8');
  });

  it('decodes the real fixtures the way Windows wrote them', () => {
    const cases: [string[], string, boolean][] = [
      [['reportwer', 'DownPower-website.Report.wer'], 'utf-16le', true],
      [['reportwer', 'Mayter-CVE-2019-1315.Report.wer'], 'utf-16le', false],
      [['reportwer', 'blog-lindexi-MoAppHang-Edge-zh.txt.wer'], 'utf-8', false],
      [['metadata', 'JonJon565-WER7FE4.tmp.WERInternalMetadata.xml'], 'utf-16le', true],
      [['metadata', 'JonJon565-WERC9FA.tmp - Copy.xml'], 'utf-8', false],
      [['other', 'JonJon565-WERCA0A.tmp - Copy.csv'], 'utf-16le', false],
      [['other', 'JonJon565-WERCA49.tmp - Copy.txt'], 'utf-16le', false],
    ];
    for (const [parts, encoding, bom] of cases) {
      const decoded = decodeText(readFileSync(fixturePath(...parts)));
      expect([parts.at(-1), decoded.encoding, decoded.bom, decoded.lossy]).toEqual([parts.at(-1), encoding, bom, false]);
    }
  });
});

describe('encodeText', () => {
  it.each(['utf-16le', 'utf-16be', 'utf-8'])('round-trips %s with a BOM', (encoding) => {
    const decoded = decodeText(encodeText(SAMPLE, encoding, true));
    expect(decoded).toEqual({ text: SAMPLE, encoding, bom: true, lossy: false });
  });

  it.each(['utf-16le', 'utf-16be', 'utf-8'])('round-trips %s without a BOM', (encoding) => {
    const decoded = decodeText(encodeText(SAMPLE, encoding, false));
    expect(decoded).toEqual({ text: SAMPLE, encoding, bom: false, lossy: false });
  });

  it('writes the exact bytes Windows writes', () => {
    expect([...encodeText('V=1', 'utf-16le', true)]).toEqual([0xff, 0xfe, 0x56, 0, 0x3d, 0, 0x31, 0]);
    expect([...encodeText('V', 'utf-16be', true)]).toEqual([0xfe, 0xff, 0, 0x56]);
    expect([...encodeText('é', 'windows-1252', true)]).toEqual([0xe9]);
  });

  it('re-encodes a real file byte for byte', () => {
    const bytes = readFileSync(fixturePath('reportwer', 'uberalex974-RL.Report.wer'));
    const { text, encoding, bom } = decodeText(bytes);
    expect(Buffer.from(encodeText(text, encoding, bom)).equals(bytes)).toBe(true);
  });

  it('rejects an unknown encoding', () => {
    expect(() => encodeText('x', 'no-such-code-page', false)).toThrow(RangeError);
  });
});

describe('decodeText UTF-16 agrees with TextDecoder', () => {
  /** What decodeText used to do for UTF-16LE: a fatal TextDecoder, then a lenient one. */
  function reference(body: Uint8Array): { text: string; lossy: boolean } {
    const odd = body.length % 2 === 1;
    const even = odd ? body.subarray(0, body.length - 1) : body;
    try {
      return { text: new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true }).decode(even), lossy: odd };
    } catch {
      return { text: new TextDecoder('utf-16le', { ignoreBOM: true }).decode(even), lossy: true };
    }
  }

  it('on seeded random UTF-16 with surrogates, odd lengths and unaligned views', () => {
    const rng = mulberry32(0xdec0);
    const units = [0x41, 0x3d, 0x0d, 0x0a, 0xe9, 0x65e5, 0xd83d, 0xde00, 0xdc00, 0xd800, 0xfffd, 0x00];
    for (let i = 0; i < 2000; i++) {
      const length = 4 + rng.int(60);
      const bytes = new Uint8Array(3 + length * 2 + 1);
      bytes.set([0xff, 0xfe], 1);
      for (let u = 0; u < length; u++) {
        const c = rng.next() < 0.7 ? 0x41 + rng.int(26) : rng.pick(units);
        bytes[3 + u * 2] = c & 0xff;
        bytes[4 + u * 2] = c >> 8;
      }
      // Starts at byte 1, so the UTF-16 body is not 2-byte aligned in its buffer.
      const view = bytes.subarray(1, bytes.length - rng.int(2));
      const decoded = decodeText(view);
      expect(decoded.encoding).toBe('utf-16le');
      expect({ text: decoded.text, lossy: decoded.lossy }).toEqual(reference(view.subarray(2)));
    }
  });
});
