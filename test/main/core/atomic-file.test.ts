import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../electron/main/core/atomic-file';

describe('writeFileAtomic', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-atomic-'));
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await rm(root, { recursive: true, force: true });
  });

  /** rename fails `times` times with `code`, then works (the module object the code under test calls). */
  const failing = (code: string, times: number) => {
    const fsp = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');
    const realRename = fsp.rename;
    let left = times;
    return jest.spyOn(fsp, 'rename').mockImplementation(async (from, to) => {
      if (left-- > 0) throw Object.assign(new Error(code), { code });
      return realRename(from, to);
    });
  };

  it('replaces the file and leaves no temporary file', async () => {
    const file = join(root, 'state.json');
    await writeFile(file, 'old');
    await writeFileAtomic(file, 'new');
    expect(await readFile(file, 'utf8')).toBe('new');
    expect(await readdir(root)).toEqual(['state.json']);
  });

  it('gets past a target briefly held by a virus scanner (EBUSY/EPERM/EACCES on Windows)', async () => {
    const file = join(root, 'settings.json');
    const rename = failing('EBUSY', 3);
    await writeFileAtomic(file, 'saved');
    expect(rename).toHaveBeenCalledTimes(4);
    expect(await readFile(file, 'utf8')).toBe('saved');
  });

  it('gives up after a few attempts or at once on other errors, keeping the old file and no temporary file', async () => {
    const file = join(root, 'settings.json');
    await writeFile(file, 'old');
    const held = failing('EPERM', 100);
    await expect(writeFileAtomic(file, 'new')).rejects.toMatchObject({ code: 'EPERM' });
    expect(held).toHaveBeenCalledTimes(5);
    jest.restoreAllMocks();
    const gone = failing('ENOSPC', 1);
    await expect(writeFileAtomic(file, 'new')).rejects.toMatchObject({ code: 'ENOSPC' });
    expect(gone).toHaveBeenCalledTimes(1);
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(root)).toEqual(['settings.json']);
  });
});
