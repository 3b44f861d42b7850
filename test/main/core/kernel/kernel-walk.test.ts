/**
 * Kernel stacks unwound with the drivers' images: built x64 images (kernel-walk-images.ts) in a
 * symbol store or at their place on "this machine", a small dump whose saved stack holds a known
 * call chain (kernel-walk-cases.ts), and the frames compared with that construction. Hostile
 * images and stacks end in the fallbacks, never in a throw.
 */
import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatKernelDumpSection } from '../../../../electron/cli/commands/kernel-dump-text';
import { readKernelDump, readKernelDumpFrom } from '../../../../electron/main/core/kernel/read-kernel-dump';
import type { KernelImageSources } from '../../../../electron/main/core/kernel/kernel-walk';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import { createSymbolLocator, type SymbolLocator } from '../../../../electron/main/core/symbols/symbol-locator';
import { parseSymbolPath } from '../../../../electron/main/core/symbols/symbol-path';
import type { KernelDumpSummary, KernelFrame } from '../../../../shared/kernel-dump-model';
import { buildTriageDump, type TriageDumpSpec } from '../../../support/kernel-triage-builder';
import { arm64WalkCase, frame, labelAddress, NOIMG_RETURN, recursionCase, STALE_VALUE, WALK_BASES, WALK_STACK, type WalkCase, walkCase } from '../../../support/kernel-walk-cases';
import { buildArm64KernelWalkImages, buildKernelWalkImages, type KernelImageName, type KernelWalkImages, storeCodeId } from '../../../support/kernel-walk-images';
import { writeMemoryDump } from '../../../support/kernel-memory-builder';
import { makeTempDir, removeTempDir } from '../../../support/minidump-builder';

let images: KernelWalkImages;
let dir = '';
let store = '';
const locators: SymbolLocator[] = [];

/** Files an image (or other bytes) in a flat store as `name/<code id>/name`. */
async function storeFile(root: string, name: string, codeId: string, bytes: Uint8Array): Promise<void> {
  await mkdir(join(root, name, codeId), { recursive: true });
  await writeFile(join(root, name, codeId, name), bytes);
}

async function storeImages(root: string, names: readonly KernelImageName[]): Promise<void> {
  for (const name of names) {
    const image = images[name];
    await storeFile(root, name, storeCodeId(image.timestamp, image.sizeOfImage), await readFile(image.path));
  }
}

beforeAll(async () => {
  images = buildKernelWalkImages();
  dir = await makeTempDir('wer-kernel-walk-');
  store = join(dir, 'store');
  await storeImages(store, ['ntoskrnl.exe', 'kdrv_a.sys', 'kdrv_b.sys']);
}, 60_000);
afterAll(async () => {
  for (const l of locators) l.close();
  await removeTempDir(dir);
});

function locatorFor(root: string): SymbolLocator {
  const locator = createSymbolLocator({ elements: parseSymbolPath(root).elements, defaultCache: join(dir, 'cache') });
  locators.push(locator);
  return locator;
}

async function read(spec: TriageDumpSpec, sources: KernelImageSources | undefined): Promise<KernelDumpSummary> {
  const r = await readKernelDumpFrom(createBufferSource(buildTriageDump(spec)), sources ? { images: sources } : {});
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Images from the test store only (never this machine's files). */
const fromStore = (root = store): KernelImageSources => ({ locator: locatorFor(root), localFiles: false });

describe('a small dump whose driver images are in the symbol path', () => {
  test('is unwound: the frames are the constructed call chain, each found the way the construction implies', async () => {
    const c = walkCase(images);
    const s = await read(c.spec, fromStore());
    expect(s.stack).toEqual(c.frames);
    expect(s.problems).toEqual([]);
  });

  test('skips the stale values the scan would list: a leftover driver pointer and a valid-looking return address', async () => {
    const c = walkCase(images);
    const s = await read(c.spec, fromStore());
    const addresses = s.stack.map((f) => BigInt(f.address));
    expect(addresses).not.toContain(STALE_VALUE);
    // b_top's return address sits in nt_bugcheck's locals too; the walk reaches it only once, from noimg.sys's frame.
    expect(addresses.filter((a) => a === labelAddress(images, 'kdrv_b.sys', 'b_top_ret'))).toHaveLength(1);
  });

  test('blames the first non-kernel driver of the walked stack, not the stale value', async () => {
    const s = await read(walkCase(images).spec, fromStore());
    expect(s.causedBy).toMatchObject({ driver: 'kdrv_a.sys', reason: 'stack', address: frame(labelAddress(images, 'kdrv_a.sys', 'a_mid_ret'), 'kdrv_a.sys', 'cfi').address });
    expect(s.causedBy?.detail).toContain('frame 1, unwound');
  });

  test('readKernelDump takes the same options from a file', async () => {
    const c = walkCase(images);
    const file = join(dir, 'chain.dmp');
    await writeFile(file, buildTriageDump(c.spec));
    const r = await readKernelDump(file, { images: fromStore() });
    expect(r.ok && r.value.stack).toEqual(c.frames);
  });
});

describe('an arm64 small dump whose driver images are in the symbol path', () => {
  test('is unwound: cfi through the imaged drivers, the frame-pointer chain through the one without an image', async () => {
    const arm = buildArm64KernelWalkImages();
    const root = join(dir, 'store-arm64');
    for (const name of ['ntoskrnl.exe', 'kdrv_a.sys'] as const) {
      await storeFile(root, name, storeCodeId(arm[name].timestamp, arm[name].sizeOfImage), await readFile(arm[name].path));
    }
    const c = arm64WalkCase(arm);
    const s = await read(c.spec, fromStore(root));
    expect(s.arch).toBe('arm64');
    expect(s.stack).toEqual(c.frames);
    expect(s.causedBy).toMatchObject({ driver: 'kdrv_a.sys', reason: 'stack' });
    // Without the images: the plain scan, which blames the stale value's driver.
    const plain = await read(c.spec, { localFiles: false });
    expect(plain.stack).toEqual(scanned(c));
    expect(plain.causedBy).toMatchObject({ driver: 'stale.sys', reason: 'stack' });
  });
});

describe('the text view (dump, show)', () => {
  test('says where cfi frames come from and lists each frame with its trust', async () => {
    const c = walkCase(images);
    const lines = formatKernelDumpSection(await read(c.spec, fromStore()));
    expect(lines).toContain("Stack (no symbols; scanned frames may be spurious, cfi frames come from the drivers' unwind data):");
    const a = c.frames[1]!;
    expect(lines).toContain(`  #1   ${a.address.padStart(18)}  kdrv_a.sys +${a.offset}  [cfi]`);
  });
});

describe('a complete or bitmap dump (MEMORY.DMP) with the same crash', () => {
  test.each(['runs', 'bitmap'] as const)('%s: the stack read from memory is unwound the same way', async (layout) => {
    const c = walkCase(images);
    const file = join(dir, `memory-${layout}.dmp`);
    await writeMemoryDump(file, { ...c.spec, layout, ramPages: 0x500 });
    const r = await readKernelDump(file, { images: fromStore() });
    if (!r.ok) throw new Error(r.error);
    expect(r.value.stack).toEqual(c.frames);
    expect(r.value.causedBy).toMatchObject({ driver: 'kdrv_a.sys', reason: 'stack' });
  });
});

/** What the plain scan lists for a case: the context frame, then every saved value that lies in a driver. */
function scanned(c: WalkCase): KernelFrame[] {
  const moduleOf = (v: bigint): string | null => c.spec.drivers.find((d) => v >= d.base && v < d.base + BigInt(d.size))?.path.replace(/^.*\\/, '') ?? null;
  return [c.frames[0]!, ...c.driverValues.map((v) => frame(v, moduleOf(v), 'scan'))];
}

describe('without any driver image', () => {
  test('the stack is the plain scan: the context frame, then every saved value that lies in a driver', async () => {
    const c = walkCase(images);
    const s = await read(c.spec, { localFiles: false });
    expect(s.stack).toEqual(scanned(c));
    // BlueScreenView's rule on a scanned stack picks the stale value's driver.
    expect(s.causedBy).toMatchObject({ driver: 'stale.sys', reason: 'stack', address: `0x${STALE_VALUE.toString(16)}` });
  });
});

describe('driver files on the machine that wrote the dump', () => {
  let root = '';
  beforeAll(async () => {
    // The Windows folder as the driver list's \SystemRoot\ paths name it (case kept: POSIX is case-sensitive).
    root = join(dir, 'Windows');
    await mkdir(join(root, 'system32'), { recursive: true });
    await mkdir(join(root, 'System32', 'drivers'), { recursive: true });
    await copyFile(images['ntoskrnl.exe'].path, join(root, 'system32', 'ntoskrnl.exe'));
    await copyFile(images['kdrv_a.sys'].path, join(root, 'System32', 'drivers', 'kdrv_a.sys'));
    await copyFile(images['kdrv_b.sys'].path, join(root, 'System32', 'drivers', 'kdrv_b.sys'));
  });

  test('are used when their timestamp and size match the driver list', async () => {
    const c = walkCase(images);
    const s = await read(c.spec, { localFiles: true, driverRoot: { systemRoot: root, windows: false } });
    expect(s.stack).toEqual(c.frames);
  });

  test('are refused when they do not match (another build at the same path)', async () => {
    const c = walkCase(images, { 'kdrv_a.sys': { timestamp: 0x6200a002 }, 'kdrv_b.sys': { timestamp: 1 }, 'ntoskrnl.exe': { timestamp: 2 } });
    const s = await read(c.spec, { localFiles: true, driverRoot: { systemRoot: root, windows: false } });
    expect(s.stack).toEqual(scanned(c));
  });

  test('are not looked for when local files are off', async () => {
    const c = walkCase(images);
    const s = await read(c.spec, { localFiles: false, driverRoot: { systemRoot: root, windows: false } });
    expect(s.stack).toEqual(scanned(c));
  });
});

describe('hostile images', () => {
  // Without kdrv_a.sys's unwind data its frame is left by scanning: noimg.sys's return address
  // (no image to check it), then a_other_body (nothing to prove it is not after a call), then
  // b_top's return address, and nt_dispatch again by kdrv_b.sys's unwind data.
  const withoutA = (): ReturnType<typeof frame>[] => [
    frame(labelAddress(images, 'ntoskrnl.exe', 'nt_bugcheck_body'), 'ntoskrnl.exe', 'context'),
    frame(labelAddress(images, 'kdrv_a.sys', 'a_mid_ret'), 'kdrv_a.sys', 'cfi'),
    frame(NOIMG_RETURN, 'noimg.sys', 'scan'),
    frame(labelAddress(images, 'kdrv_a.sys', 'a_other_body'), 'kdrv_a.sys', 'scan'),
    frame(labelAddress(images, 'kdrv_b.sys', 'b_top_ret'), 'kdrv_b.sys', 'scan'),
    frame(labelAddress(images, 'ntoskrnl.exe', 'nt_dispatch_ret'), 'ntoskrnl.exe', 'cfi'),
  ];

  test.each([
    ['timestamp', { timestamp: 0x6200a002 }],
    ['size', { size: 0x5000 }],
  ] as const)('an image whose %s differs from the driver list is refused, even filed under the listed code id', async (what, override) => {
    const c = walkCase(images, { 'kdrv_a.sys': override });
    const root = join(dir, `store-mismatch-${what}`);
    await storeImages(root, ['ntoskrnl.exe', 'kdrv_b.sys']);
    const listed = c.spec.drivers.find((d) => d.path.endsWith('kdrv_a.sys'))!;
    await storeFile(root, 'kdrv_a.sys', storeCodeId(listed.timestamp, listed.size), await readFile(images['kdrv_a.sys'].path));
    const s = await read(c.spec, fromStore(root));
    expect(s.stack).toEqual(withoutA());
  });

  test('corrupt .pdata (unwind info outside the image) makes the frame fall back, with a problem', async () => {
    const a = images['kdrv_a.sys'];
    const bytes = new Uint8Array(await readFile(a.path));
    const view = new DataView(bytes.buffer);
    // RUNTIME_FUNCTION: begin, end, unwind info RVA (12 bytes each); the begin/end stay valid.
    for (let at = a.pdata.offset; at + 12 <= a.pdata.offset + a.pdata.size; at += 12) view.setUint32(at + 8, 0x7ffffff0, true);
    const root = join(dir, 'store-corrupt');
    await storeImages(root, ['ntoskrnl.exe', 'kdrv_b.sys']);
    await storeFile(root, 'kdrv_a.sys', storeCodeId(a.timestamp, a.sizeOfImage), bytes);
    const s = await read(walkCase(images).spec, fromStore(root));
    // The image is there, so a_other_body is checked against its code (no call before it) and rejected.
    expect(s.stack).toEqual(withoutA().filter((f) => f.address !== frame(labelAddress(images, 'kdrv_a.sys', 'a_other_body'), null, 'scan').address));
    expect(s.problems.some((p) => p.startsWith('stack: unwind: kdrv_a.sys+'))).toBe(true);
  });

  test('an image that is not a PE file is refused', async () => {
    const root = join(dir, 'store-garbage');
    await storeImages(root, ['ntoskrnl.exe', 'kdrv_b.sys']);
    const a = images['kdrv_a.sys'];
    await storeFile(root, 'kdrv_a.sys', storeCodeId(a.timestamp, a.sizeOfImage), new Uint8Array(4096).fill(0x4d));
    const s = await read(walkCase(images).spec, fromStore(root));
    expect(s.stack).toEqual(withoutA());
  });
});

describe('hostile stacks', () => {
  test('a stack pointer outside the saved bytes: the walk cannot start, so the plain scan answers', async () => {
    const c = walkCase(images);
    const s = await read({ ...c.spec, sp: WALK_STACK - 0x1000n, topOfStack: WALK_STACK }, fromStore());
    expect(s.stack).toEqual(scanned(c));
  });

  test('a stack cut after noimg.sys\'s return address ends the walk there', async () => {
    const c = walkCase(images);
    const s = await read({ ...c.spec, stack: c.spec.stack.slice(0, 14) }, fromStore());
    expect(s.stack).toEqual(c.frames.slice(0, 3));
  });

  test('a function returning into itself frame after frame stops at the frame limit', async () => {
    const s = await read(recursionCase(images, 100), fromStore());
    const ret = frame(labelAddress(images, 'kdrv_b.sys', 'b_top_ret'), 'kdrv_b.sys', 'cfi');
    expect(s.stack).toHaveLength(64);
    expect(s.stack).toEqual([{ ...ret, trust: 'context' }, ...Array.from({ length: 63 }, () => ret)]);
  });

  test('a frame pointer that points at itself is not followed', async () => {
    const c = walkCase(images);
    // Frame 0 in the driver without an image, rbp pointing at a word that holds rbp: the chain
    // is refused at every frame and the validated scan walks up the same stack instead.
    const self = WALK_STACK + 0x40n;
    const stack = c.spec.stack.map((v, i) => (i === 8 ? self : v));
    const s = await read({ ...c.spec, ip: NOIMG_RETURN, registers: { rbp: self }, stack }, fromStore());
    const at = (name: KernelImageName, label: string): bigint => labelAddress(images, name, label);
    expect(s.stack).toEqual([
      frame(NOIMG_RETURN, 'noimg.sys', 'context'),
      frame(STALE_VALUE, 'stale.sys', 'scan'),
      frame(at('kdrv_b.sys', 'b_top_ret'), 'kdrv_b.sys', 'scan'),
      // b_top's unwind data pops the self pointer as rbp and a junk return address: refused, so scanned on.
      frame(at('kdrv_a.sys', 'a_mid_ret'), 'kdrv_a.sys', 'scan'),
      frame(NOIMG_RETURN, 'noimg.sys', 'cfi'),
      frame(at('kdrv_b.sys', 'b_top_ret'), 'kdrv_b.sys', 'scan'),
      frame(at('ntoskrnl.exe', 'nt_dispatch_ret'), 'ntoskrnl.exe', 'cfi'),
    ]);
  });

  test('a driver list whose drivers overlap the imaged ones still reads', async () => {
    const c = walkCase(images);
    const drivers = [...c.spec.drivers, { path: 'overlap.sys', base: WALK_BASES['kdrv_a.sys'], size: 0x100000, timestamp: 1 }];
    const s = await read({ ...c.spec, drivers }, fromStore());
    expect(s.stack[0]).toEqual(c.frames[0]);
    expect(s.stack.length).toBeGreaterThan(1);
  });
});
