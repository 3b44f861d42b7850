import { join } from 'node:path';
import { isNetworkPath } from '../../../../electron/main/core/library/watch-factory';
import { watchTarget } from '../../../../electron/main/core/library/watch-routing';

describe('watchTarget', () => {
  const queue = '/data/WER/ReportQueue';
  it('maps anything inside a store to the store child', () => {
    expect(watchTarget(queue, 'change', join(queue, 'AppCrash_x', 'Report.wer'))).toEqual({ kind: 'folder', folder: join(queue, 'AppCrash_x') });
    expect(watchTarget(queue, 'addDir', join(queue, 'AppCrash_x'))).toEqual({ kind: 'folder', folder: join(queue, 'AppCrash_x') });
    expect(watchTarget(queue, 'add', join(queue, 'AppCrash_x', 'sub', 'deep.txt'))).toEqual({ kind: 'folder', folder: join(queue, 'AppCrash_x') });
  });

  it('finds the store below a root above the stores', () => {
    const root = '/data/WER';
    expect(watchTarget(root, 'add', join(root, 'ReportArchive', 'AppHang_y', 'Report.wer'))).toEqual({
      kind: 'folder',
      folder: join(root, 'ReportArchive', 'AppHang_y'),
    });
    expect(watchTarget(root, 'addDir', join(root, 'ReportArchive'))).toEqual({ kind: 'folder', folder: join(root, 'ReportArchive') });
  });

  it('uses the event folder elsewhere, and recognises the root and outside paths', () => {
    const root = '/copied';
    expect(watchTarget(root, 'add', join(root, 'pc1', 'crash', 'Report.wer'))).toEqual({ kind: 'folder', folder: join(root, 'pc1', 'crash') });
    expect(watchTarget(root, 'unlinkDir', join(root, 'pc1'))).toEqual({ kind: 'folder', folder: join(root, 'pc1') });
    expect(watchTarget(root, 'unlinkDir', root)).toEqual({ kind: 'root' });
    expect(watchTarget(root, 'add', '/elsewhere/x')).toEqual({ kind: 'outside' });
  });

  it('maps a .dmp file event outside the stores to the file (a Minidump record), inside them to the report', () => {
    const minidump = '/win/Minidump';
    expect(watchTarget(minidump, 'add', join(minidump, '050624-01.dmp'))).toEqual({ kind: 'folder', folder: join(minidump, '050624-01.dmp') });
    expect(watchTarget(minidump, 'unlink', join(minidump, '050624-01.DMP'))).toEqual({ kind: 'folder', folder: join(minidump, '050624-01.DMP') });
    expect(watchTarget(queue, 'add', join(queue, 'Kernel_d1', 'x.dmp'))).toEqual({ kind: 'folder', folder: join(queue, 'Kernel_d1') });
  });
});

describe('working areas and network shares', () => {
  it('ignores events inside dot folders (a CER collector assembling reports in .cer-collector)', () => {
    const root = '/share/collector';
    expect(watchTarget(root, 'add', join(root, '.cer-collector', 'tmp', 'host-1-ab', 'Report.wer'))).toEqual({ kind: 'outside' });
    expect(watchTarget(root, 'add', join(root, 'ReportArchive', 'AppCrash_x', 'Report.wer'))).toEqual({ kind: 'folder', folder: join(root, 'ReportArchive', 'AppCrash_x') });
  });

  it('polls UNC paths and NFS/SMB mounts (statfs magic numbers from linux/magic.h), not local disks', () => {
    const fsType = (types: Record<string, number>) => (path: string) => types[path] ?? null;
    expect(isNetworkPath('\\\\server\\share\\WER')).toBe(true);
    expect(isNetworkPath('//server/share/WER')).toBe(true);
    const mounts = fsType({ '/mnt/nfs': 0x6969, '/mnt/cifs': 0xff534d42 | 0, '/mnt/smb2': 0xfe534d42, '/home': 0xef53 /* ext4 */ });
    expect(['/mnt/nfs', '/mnt/cifs', '/mnt/smb2', '/home', '/unknown'].map((p) => isNetworkPath(p, mounts))).toEqual([true, true, true, false, false]);
  });
});
