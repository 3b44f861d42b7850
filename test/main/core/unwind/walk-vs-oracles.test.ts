import type { MinidumpFrame } from '../../../../shared/minidump-model';
import { runDump } from '../../../../electron/cli/commands/dump';
import { join } from 'node:path';
import { findX64Function, readX64FunctionTable, readX64Unwind } from '../../../../electron/main/core/pe/x64-function-table';
import { captureIo } from '../../../support/capture-io';
import { withImage } from '../../../support/pe-layout';
import { createCachedSource, openFileSource } from '../../../../electron/main/core/minidump/byte-source';
import { readMinidumpFrom } from '../../../../electron/main/core/minidump/read-minidump';
import { createSymbolLocator } from '../../../../electron/main/core/symbols/symbol-locator';
import { parseSymbolPath } from '../../../../electron/main/core/symbols/symbol-path';
import { makeTempDir, removeTempDir } from '../../../support/minidump-builder';
import { buildWalkFixtures, WALK_VARIANTS, type WalkCrash, type WalkFixtures } from '../../../support/walk-fixtures';

/**
 * Our walk of real Wine crashes against winedbg (Wine's dbghelp unwinder) and lldb-14, frame by
 * frame. Both oracles print return addresses as we do. Comparison stops where the oracle stops:
 * lldb at the exe's entry (it has no image of Wine's kernel32), winedbg at RtlUserThreadStart in
 * Wine's ntdll, whose caller is Wine's Unix-side thread start (no PE module: every walker ends).
 */
jest.setTimeout(240_000);

let fx: WalkFixtures;
let cache: string;
beforeAll(async () => {
  fx = await buildWalkFixtures();
  cache = await makeTempDir('wer-walk-cache-');
});
afterAll(() => removeTempDir(cache));

async function walk(crash: WalkCrash, withStore: boolean): Promise<{ frames: readonly MinidumpFrame[]; problems: readonly string[] }> {
  const file = await openFileSource(crash.dump);
  try {
    const locator = withStore ? createSymbolLocator({ elements: parseSymbolPath(fx.store).elements, defaultCache: cache }) : null;
    const r = await readMinidumpFrom(createCachedSource(file), { images: { locator, localFiles: false } });
    if (!r.ok) throw new Error(r.error);
    return { frames: r.value.stack, problems: r.value.problems };
  } finally {
    await file.close();
  }
}

const addresses = (frames: readonly MinidumpFrame[]): bigint[] => frames.map((f) => BigInt(f.address));

describe.each(WALK_VARIANTS)('%s crash under Wine', (variant) => {
  it('has oracles that saw the whole stack, through frames that need ALLOC_LARGE and (fp builds) SET_FPREG (sanity of the fixture)', async () => {
    const c = fx.crashes[variant];
    const exe = join(fx.dir, variant.startsWith('gcc') ? 'app-gcc.exe' : variant.includes('keep') ? 'app-fp.exe' : 'app-omit.exe');
    const kinds = await withImage(exe, 'file', async (image) => {
      const table = await readX64FunctionTable(image);
      const base = image.headers.optional.imageBase;
      const out = new Set<string>();
      for (const a of c.lldb.slice(1).filter((x) => x > base && x < base + 0x100000n)) {
        const fn = findX64Function(table, Number(a - base) - 1);
        if (fn) for (const l of (await readX64Unwind(image, fn)).links) for (const code of l.info.codes) out.add(code.kind);
      }
      return out;
    });
    expect(kinds.has('alloc-large')).toBe(true);
    if (variant === 'clang-keep-fp') expect(kinds.has('set-fpreg')).toBe(true);
    // leaf, from_dll, lib_call, big_frame, 6 × recurse, main, CRT start ×2 (+ kernel32, ntdll for winedbg)
    expect(c.lldb.length).toBeGreaterThanOrEqual(13);
    expect(c.winedbg.length).toBeGreaterThanOrEqual(c.lldb.length);
    expect(c.winedbg.slice(0, c.lldb.length)).toEqual(c.lldb);
  });

  it('walks every frame winedbg and lldb report, with unwind data (images by code id from the symbol path, or from the full dump)', async () => {
    const c = fx.crashes[variant];
    const full = variant.endsWith('-full');
    const { frames } = await walk(c, !full);
    // We also stop where winedbg stops: RtlUserThreadStart's caller is Wine's Unix side, in no module.
    expect(addresses(frames)).toEqual(c.winedbg);
    expect(addresses(frames).slice(0, c.lldb.length)).toEqual(c.lldb);
    expect(frames.map((f) => f.trust)).toEqual(['context', ...Array(c.winedbg.length - 1).fill('cfi')]);
  });

  it('without images falls back to frame pointers and validated scanning: fewer frames, none spurious', async () => {
    const c = fx.crashes[variant];
    if (variant.endsWith('-full')) return; // the full dump holds its images
    const { frames } = await walk(c, false);
    // The scan window (40 words) cannot cross big_frame's 0x3000-byte frame: the walk ends there.
    expect(frames.length).toBeGreaterThanOrEqual(4);
    expect(addresses(frames)).toEqual(c.winedbg.slice(0, frames.length));
    expect(frames.slice(1).every((f) => f.trust === 'frame-pointer' || f.trust === 'scan')).toBe(true);
  });
});

describe("dump --json --symbols", () => {
  it('prints the walked stack of the crashing thread with its trust', async () => {
    const c = fx.crashes['gcc-O1'];
    const io = captureIo();
    expect(await runDump(c.dump, { json: true, symbols: fx.store }, io)).toBe(0);
    const stack = JSON.parse(io.stdout()).stack as MinidumpFrame[];
    expect(stack.map((f) => BigInt(f.address))).toEqual(c.winedbg);
    expect(stack[1]).toMatchObject({ address: `0x${c.winedbg[1]!.toString(16)}`, module: 'app-gcc.exe', offset: expect.stringMatching(/^0x[0-9a-f]+$/), trust: 'cfi' });
  });
});
