import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, parse } from 'node:path';
import { childPath } from '../../../../electron/main/core/store/child-path';
import { scanStores, storeKindOf } from '../../../../electron/main/core/store/scan-stores';
import { extraLocations } from '../../../../electron/main/core/store/discover-stores';
import { fixturePath } from '../../../support/fixtures';
import { buildStore } from '../../../support/store-builder';

describe('childPath', () => {
  it('is the path path.join gives for an entry of a folder, the file system root included', () => {
    const root = parse(process.cwd()).root;
    for (const dir of [process.cwd(), tmpdir(), root, join(root, 'WER', 'ReportArchive')]) {
      for (const name of ['Report.wer', 'AppCrash_x.exe_0a26_00007001_0a26-0af5', 'a b', '..x']) expect(childPath(dir, name)).toBe(join(dir, name));
    }
  });
});

describe('scanStores', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-scan-'));
    await buildStore(join(root, 'WER'), 40, { attachmentsEvery: 4 });
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await rm(root, { recursive: true, force: true });
  });

  it('finds every report from a folder above the stores, with the store of each', async () => {
    const { reports, stores } = await scanStores(extraLocations([root]));
    expect(reports).toHaveLength(40);
    expect(reports.filter((r) => r.store === 'ReportQueue')).toHaveLength(4);
    expect(reports.filter((r) => r.store === 'ReportArchive')).toHaveLength(36);
    expect(new Set(reports.map((r) => r.id)).size).toBe(40);
    expect(stores).toEqual([expect.objectContaining({ state: 'ok', reportCount: 40, message: null })]);
    // newest first
    const times = reports.map((r) => r.eventTime ?? '');
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('reads a store folder and a single report folder given directly', async () => {
    const queue = join(root, 'WER', 'ReportQueue');
    const { reports } = await scanStores(extraLocations([queue]));
    expect(reports).toHaveLength(4);
    expect(reports[0]?.storeRoot).toBe(queue);
    const one = await scanStores(extraLocations([reports[0]?.folder ?? '']));
    expect(one.reports.map((r) => r.id)).toEqual([reports[0]?.id]);
    expect(one.reports[0]?.store).toBe('ReportQueue');
  });

  it('lists a report once when two given paths overlap', async () => {
    const { reports } = await scanStores(extraLocations([root, join(root, 'WER', 'ReportQueue')]));
    expect(reports).toHaveLength(40);
  });

  it('keeps a folder inside a store that has no Report.wer yet, with a problem', async () => {
    const store = join(root, 'partial', 'ReportQueue');
    await mkdir(join(store, 'AppCrash_half-written'), { recursive: true });
    const { reports } = await scanStores(extraLocations([store]));
    expect(reports).toHaveLength(1);
    expect(reports[0]?.problems).toEqual(['The folder has no Report.wer file.']);
  });

  it('reports missing paths, files and access-denied stores without stopping the scan', async () => {
    const file = join(root, 'not-a-folder.txt');
    await writeFile(file, 'x');
    const fs = jest.requireActual<typeof import('node:fs')>('node:fs');
    const realStat = fs.statSync;
    const denied = join(root, 'denied');
    jest.spyOn(fs, 'statSync').mockImplementation(((p: string, ...rest: []) => {
      if (p === denied) throw Object.assign(new Error('EPERM'), { code: 'EPERM' });
      return realStat(p, ...rest);
    }) as typeof fs.statSync);
    const { reports, stores } = await scanStores(extraLocations([join(root, 'nope'), file, denied, join(root, 'WER')]));
    expect(reports).toHaveLength(40);
    expect(stores.map((s) => s.state)).toEqual(['missing', 'error', 'access-denied', 'ok']);
    expect(stores[2]?.message).toMatch(/access denied\. Run WER Explorer as administrator/);
  });

  it('finds real report files copied from another PC in any folder layout', async () => {
    const copied = join(root, 'copied', 'from-pc', 'crash-1');
    await mkdir(copied, { recursive: true });
    await copyFile(fixturePath('reportwer', 'uberalex974-RL.Report.wer'), join(copied, 'Report.wer'));
    const { reports } = await scanStores(extraLocations([join(root, 'copied')]));
    expect(reports).toHaveLength(1);
    expect(reports[0]).toMatchObject({ eventType: 'BEX64', store: 'other', storeRoot: null });
    expect(reports[0]?.fields).toMatchObject({ module: 'ucrtbase.dll', exceptionCode: 'c0000409', exceptionData: '0000000000000007' });
  });
});

describe('storeKindOf', () => {
  it('recognises the two store names in any case', () => {
    expect(storeKindOf('reportqueue')).toBe('ReportQueue');
    expect(storeKindOf('ReportArchive')).toBe('ReportArchive');
    expect(storeKindOf('Temp')).toBe('other');
  });
});
