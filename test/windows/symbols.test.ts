/**
 * `dump --symbols` of the built CLI under Windows Node: a Wine crash of a clang-built program
 * (no CodeView records in the dump) named from a symbol store of images by code id and the build
 * folder's PDBs, through a Windows symbol path (`srv*C:\...cache*C:\...store;C:\...build`), gives
 * every frame lldb-14 names the same function, file and line, and reports Windows paths.
 */
import { cpSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, win32 } from 'node:path';
import type { ModuleSymbolState } from '../../shared/symbol-model';
import { buildWalkFixtures, parseLldbFrames, type WalkFixtures } from '../support/walk-fixtures';
import { linuxPath, userProfile, windowsLane } from './support/wine-lane';
import { runWindowsCli } from './support/wine-run';

jest.setTimeout(240_000);

interface Frame {
  readonly address: string;
  readonly module: string | null;
  readonly function: string | null;
  readonly file: string | null;
  readonly line: number | null;
}

describe('dump --symbols under Windows Node', () => {
  const lane = windowsLane();
  const root = 'C:\\symbols';
  let fx: WalkFixtures;

  beforeAll(async () => {
    fx = await buildWalkFixtures();
    const at = (windows: string) => linuxPath(lane, windows);
    mkdirSync(at(root), { recursive: true });
    cpSync(fx.store, at(win32.join(root, 'store')), { recursive: true });
    for (const file of ['app-omit.pdb', 'walk-lib.pdb', 'omit.dmp']) cpSync(join(fx.dir, file), at(win32.join(root, 'build', file)));
  });

  it('names every frame as lldb does, with the PDB and cache at Windows paths', async () => {
    const cache = win32.join(userProfile(lane), 'symcache');
    const dump = win32.join(root, 'build', 'omit.dmp');
    const path = `srv*${cache}*${win32.join(root, 'store')};${win32.join(root, 'build')}`;
    const run = await runWindowsCli(lane, ['dump', dump, '--json', '--symbols', path]);
    expect({ code: run.code, stderr: run.stderr }).toEqual({ code: 0, stderr: '' });
    const summary = JSON.parse(run.stdout) as { stack: Frame[]; modules: { name: string; symbols: ModuleSymbolState | null }[] };

    const lldb = parseLldbFrames(readFileSync(join(fx.dir, 'omit.dmp.lldb.txt'), 'utf8'));
    let compared = 0;
    for (const [i, expected] of lldb.entries()) {
      expect(BigInt(summary.stack[i]!.address)).toBe(expected.address);
      if (!expected.function) continue;
      const ours = summary.stack[i]!;
      expect([i, ours.function, ours.file && win32.basename(ours.file), ours.line]).toEqual([i, expected.function, expected.file, expected.line]);
      compared++;
    }
    expect(compared).toBeGreaterThanOrEqual(10);
    expect(summary.modules.find((m) => m.name === 'app-omit.exe')?.symbols).toEqual({ status: 'loaded', file: win32.join(root, 'build', 'app-omit.pdb'), message: null });
    // The images came from the store through the downstream cache under the user's profile.
    expect(readdirSync(linuxPath(lane, cache))).toEqual(expect.arrayContaining(['app-omit.exe', 'walk-lib.dll']));
  });
});
