/** The extracted-bundle marker: the hash line first, then the stamps of zips with that content. */
import { formatMarker, parseMarker } from '../../../../electron/main/core/bundle-import/bundle-cache-marker';

const SHA = 'ab'.repeat(32);

describe('bundle cache marker', () => {
  it('round-trips the hash and the stamps', () => {
    const marker = { sha: SHA, stamps: [{ path: '/data/ticket "7".zip', size: 1234, mtimeMs: 1714557600000.123 }] };
    expect(parseMarker(formatMarker(marker))).toEqual(marker);
    expect(formatMarker(marker).split('\n')[0]).toBe(SHA);
  });

  it('reads a marker written before stamps (the hash alone)', () => {
    expect(parseMarker(`${SHA}\n`)).toEqual({ sha: SHA, stamps: [] });
    expect(parseMarker(SHA)).toEqual({ sha: SHA, stamps: [] });
  });

  it('rejects a marker without a hash, and skips damaged stamp lines', () => {
    expect(parseMarker('')).toBeNull();
    expect(parseMarker('not-a-hash\n')).toBeNull();
    const good = { path: '/a.zip', size: 1, mtimeMs: 2 };
    expect(parseMarker(`${SHA}\n{"path":"/a.zip"\n${JSON.stringify({ path: 1, size: 1, mtimeMs: 2 })}\n${JSON.stringify(good)}\n`)).toEqual({ sha: SHA, stamps: [good] });
  });
});
