import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dumpToOpen, folderToOpen, isLocalAbsolutePath } from '../../../../electron/main/core/app/open-paths';
import { makeReport } from '../../../support/report-factory';

describe('paths handed to the OS', () => {
  it('accepts only local absolute paths', () => {
    expect(isLocalAbsolutePath('C:\\ProgramData\\Microsoft\\Windows\\WER', 'win32')).toBe(true);
    for (const p of ['\\\\server\\share\\WER', '\\\\?\\C:\\x', '\\\\.\\PhysicalDrive0', 'relative\\x', 'C:relative']) {
      expect(isLocalAbsolutePath(p, 'win32')).toBe(false);
    }
    expect(isLocalAbsolutePath('/var/tmp/x', 'linux')).toBe(true);
    expect(isLocalAbsolutePath('//server/x', 'linux')).toBe(false);
    expect(isLocalAbsolutePath('/tmp/a\u0000b', 'linux')).toBe(false);
  });

  it('refuses a report folder on a share', () => {
    const r = { ...makeReport(), folder: '\\\\fileserver\\wer\\AppCrash_x' };
    expect(folderToOpen(r, 'win32')).toMatchObject({ ok: false, error: expect.stringMatching(/network share/) });
  });

  it('opens a dump only when it is a regular dump file inside the report folder', async () => {
    const root = await mkdtemp(join(tmpdir(), 'wer-open-'));
    try {
      await writeFile(join(root, 'WER1.tmp.mdmp'), 'MDMP');
      await mkdir(join(root, 'fake.dmp'));
      const report = (attachments: { file: string; kind: 'minidump' | 'heapdump' | 'text' }[]) =>
        ({ ...makeReport({ attachments: attachments.map((a) => ({ ...a, size: 4, cabName: null })) }), folder: root });
      expect(await dumpToOpen(report([{ file: 'WER1.tmp.mdmp', kind: 'minidump' }]), 'linux')).toEqual({ ok: true, value: join(root, 'WER1.tmp.mdmp') });
      expect(await dumpToOpen(report([{ file: 'evil.exe', kind: 'minidump' }]), 'linux')).toMatchObject({ ok: false, error: expect.stringMatching(/not a \.dmp/) });
      expect(await dumpToOpen(report([{ file: '../WER1.tmp.mdmp', kind: 'minidump' }]), 'linux')).toMatchObject({ ok: false });
      expect(await dumpToOpen(report([{ file: 'fake.dmp', kind: 'minidump' }]), 'linux')).toMatchObject({ ok: false, error: expect.stringMatching(/not a regular file/) });
      expect(await dumpToOpen(report([{ file: 'gone.hdmp', kind: 'heapdump' }]), 'linux')).toMatchObject({ ok: false, error: expect.stringMatching(/no longer/) });
      expect(await dumpToOpen(report([{ file: 'notes.txt', kind: 'text' }]), 'linux')).toMatchObject({ ok: false, error: 'This report has no dump file.' });
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
