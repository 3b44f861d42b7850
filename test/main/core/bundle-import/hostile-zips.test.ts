import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ZipFile } from 'yazl';
import { ExtractGuard } from '../../../../electron/main/core/bundle-import/extract-guard';
import { importBundle } from '../../../../electron/main/core/bundle-import/import-bundle';
import { checkEntryName, checkEntryType } from '../../../../electron/main/core/bundle-import/zip-entry-checks';
import { buildRawZip, type RawZipEntry, symlinkEntry, textEntry, zerosEntry } from '../../../support/zip-builder';

/** A valid zip written by yazl (what our own bundles look like). */
async function yazlZip(path: string, files: readonly [string, string][]): Promise<void> {
  const zip = new ZipFile();
  for (const [name, text] of files) zip.addBuffer(Buffer.from(text), name);
  zip.end();
  const chunks: Buffer[] = [];
  await pipeline(zip.outputStream as unknown as Readable, new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c), cb()) }));
  await writeFile(path, Buffer.concat(chunks));
}

describe('importBundle with hostile zips', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-hostile-'));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  /** Imports a raw zip into a fresh target and returns the error; checks nothing was left behind. */
  async function refused(entries: readonly RawZipEntry[] | Buffer, limits = {}): Promise<string> {
    const zip = join(root, 'hostile.zip');
    await writeFile(zip, Buffer.isBuffer(entries) ? entries : buildRawZip(entries));
    const target = join(root, 'target');
    const result = await importBundle(zip, target, limits);
    expect(result.ok).toBe(false);
    expect(existsSync(target)).toBe(false);
    expect((await readdir(root)).sort()).toEqual(['hostile.zip']);
    expect(existsSync(join(root, 'evil'))).toBe(false);
    if (result.ok) return '';
    expect(result.error).not.toMatch(/\n/);
    return result.error;
  }

  const ok = [textEntry('reports/a/Report.wer', 'Version=1')];

  it('refuses zip-slip, with slashes or backslashes', async () => {
    expect(await refused([...ok, textEntry('../evil', 'x')])).toBe('hostile.zip: refused entry "../evil": it points outside the target folder');
    expect(await refused([...ok, textEntry('reports/..\\..\\evil', 'x')])).toMatch(/refused entry "reports\/\.\.\\\\\.\.\\\\evil": it points outside/);
  });

  it('refuses absolute paths, drive letters and NTFS streams', async () => {
    expect(await refused([textEntry('/etc/evil', 'x')])).toMatch(/refused entry "\/etc\/evil": it is an absolute path$/);
    expect(await refused([textEntry('\\\\server\\share\\evil', 'x')])).toMatch(/it is an absolute path$/);
    expect(await refused([textEntry('C:\\Windows\\evil.dll', 'x')])).toMatch(/it starts with a drive letter$/);
    expect(await refused([textEntry('reports/a/Report.wer:hidden', 'x')])).toMatch(/it holds a colon/);
    expect(await refused([textEntry('reports/NUL.txt', 'x')])).toMatch(/it names a Windows device/);
  });

  it('refuses symbolic links and device entries', async () => {
    expect(await refused([...ok, symlinkEntry('reports/a/link', '/etc/passwd')])).toBe('hostile.zip: refused entry "reports/a/link": it is a symbolic link');
    expect(await refused([{ ...textEntry('fifo', ''), externalAttributes: (0o010644 << 16) >>> 0 }])).toMatch(/a device, pipe or socket/);
  });

  it('refuses a zip bomb: a highly compressible entry past the ratio or the size limit', async () => {
    const bomb = zerosEntry('reports/a/memory.hdmp', 32 * 1024 * 1024);
    expect(await refused([...ok, bomb])).toMatch(/refused entry "reports\/a\/memory\.hdmp": it declares a compression ratio above 500:1 \(a zip bomb\)/);
    expect(await refused([...ok, zerosEntry('big', 4 * 1024 * 1024)], { maxTotalBytes: 1024 * 1024 })).toMatch(/declares more than the limit of 1048576 bytes/);
  });

  it('refuses an entry that lies about its size, counting the bytes really inflated', async () => {
    const liar = zerosEntry('reports/a/small.txt', 16 * 1024 * 1024, 1000);
    expect(await refused([...ok, liar])).toMatch(/refused entry "reports\/a\/small\.txt": its data does not match the size it declares \(a zip bomb or a damaged zip\)/);
  });

  it('stops inflating the moment the real total passes the limit', async () => {
    const guard = new ExtractGuard({ maxEntries: 1, maxTotalBytes: 1000, maxRatio: 500, ratioMinBytes: 1 << 20 }, { bytes: 0 }, 1 << 30, 1 << 30);
    const source = Readable.from([Buffer.alloc(600), Buffer.alloc(600), Buffer.alloc(600)]);
    let written = 0;
    const sink = new Writable({ write: (c: Buffer, _e, cb) => ((written += c.length), cb()) });
    await expect(pipeline(source, guard, sink)).rejects.toThrow('the bundle inflates past the limit of 1000 bytes');
    expect(written).toBe(600);
    // An entry whose real output outgrows its compressed bytes past the ratio, whatever it declared.
    const ratio = new ExtractGuard({ maxEntries: 1, maxTotalBytes: 1 << 30, maxRatio: 5, ratioMinBytes: 1000 }, { bytes: 0 }, 1 << 30, 100);
    const zeros = Readable.from([Buffer.alloc(400), Buffer.alloc(400), Buffer.alloc(400)]);
    await expect(pipeline(zeros, ratio, new Writable({ write: (_c, _e, cb) => cb() }))).rejects.toThrow('it expands more than 5:1 (a zip bomb)');
  });

  it('refuses a truncated zip and a file that is not a zip', async () => {
    const zip = join(root, 'good.zip');
    await yazlZip(zip, [['reports/a/Report.wer', 'Version=1'], ['manifest.json', '{}']]);
    const bytes = await readFile(zip);
    await rm(zip);
    expect(await refused(bytes.subarray(0, Math.floor(bytes.length / 2)))).toMatch(/^hostile\.zip is not a zip file, or it is truncated: /);
    expect(await refused(bytes.subarray(0, bytes.length - 10))).toMatch(/^hostile\.zip is (not a zip file, or it is truncated|damaged or truncated): /);
    expect(await refused(Buffer.from('Version=1\r\nEventType=APPCRASH\r\n'))).toMatch(/^hostile\.zip is not a zip file, or it is truncated: /);
  });

  it('refuses too many entries before reading any', async () => {
    const many = Array.from({ length: 50_001 }, (_, i) => ({ name: `f${i}`, method: 0 as const }));
    expect(await refused(many)).toBe('hostile.zip has 50001 entries; the limit is 50000');
    expect(await refused(ok.concat(ok.map((e) => ({ ...e, name: 'b' }))), { maxEntries: 1 })).toBe('hostile.zip has 2 entries; the limit is 1');
  });

  it('refuses duplicate names the way Windows compares them, and a file where a folder must go', async () => {
    expect(await refused([...ok, textEntry('REPORTS/A/report.wer', 'x')])).toMatch(/refused entry "REPORTS\/A\/report\.wer": an earlier entry has the same name/);
    expect(await refused([textEntry('reports', 'x'), ...ok])).toMatch(/an earlier entry is a file where it needs a folder/);
  });

  it('refuses a target that is not empty, and imports a plain zip with a note about the missing manifest', async () => {
    const zip = join(root, 'plain.zip');
    await yazlZip(zip, [['reports/a/Report.wer', 'Version=1'], ['readme.txt', 'hi']]);
    await mkdir(join(root, 'full'));
    await writeFile(join(root, 'full', 'x'), 'x');
    expect(await importBundle(zip, join(root, 'full'))).toEqual({ ok: false, error: `${join(root, 'full')} is not empty` });
    const result = await importBundle(zip, join(root, 'plain'));
    expect(result).toMatchObject({
      ok: true,
      value: { entries: 2, bytes: 11, manifest: null, reportsDir: join(root, 'plain', 'reports'), problems: ['The bundle has no manifest.json, so its files cannot be checked.'] },
    });
  });

  it('reports files that do not match the manifest', async () => {
    const zip = join(root, 'tampered.zip');
    const sha = 'a'.repeat(64);
    const manifest = { format: 'wer-explorer-bundle', formatVersion: 1, reports: [], files: [
      { path: 'reports/a/Report.wer', size: 9, sha256: sha, redacted: false },
      { path: 'reports/a/gone.txt', size: 1, sha256: sha, redacted: false },
    ] };
    await yazlZip(zip, [['reports/a/Report.wer', 'Version=1'], ['manifest.json', JSON.stringify(manifest)]]);
    const result = await importBundle(zip, join(root, 'tampered'));
    expect(result.ok && result.value.problems).toEqual([
      'reports/a/Report.wer does not match its SHA-256 in the manifest.',
      'reports/a/gone.txt is listed in the manifest but not in the bundle.',
    ]);
  });
});

describe('zip entry checks', () => {
  it('accepts ordinary bundle names and folders', () => {
    expect(checkEntryName('reports/AppCrash_x.exe_1/Report.wer')).toEqual({ kind: 'file', parts: ['reports', 'AppCrash_x.exe_1', 'Report.wer'] });
    expect(checkEntryName('reports\\a\\')).toEqual({ kind: 'directory', parts: ['reports', 'a'] });
    expect(checkEntryName('./reports//a/./b')).toEqual({ kind: 'file', parts: ['reports', 'a', 'b'] });
  });

  it('reads link and reparse-point attributes', () => {
    expect(checkEntryType(((0o100644 << 16) | 0x20) >>> 0)).toBeNull();
    expect(checkEntryType((0o040755 << 16) >>> 0)).toBeNull();
    expect(checkEntryType(0x10)).toBeNull();
    expect(checkEntryType((0o120777 << 16) >>> 0)).toBe('it is a symbolic link');
    expect(checkEntryType(0x400)).toMatch(/reparse point/);
  });
});
