/**
 * Unwinds the crashing thread of a kernel dump with the user-mode walkers (walk-thread.ts,
 * arm64-walk.ts): the drivers become modules (driver-images.ts), their images come from the
 * symbol path (by code id) or, on the machine that wrote the dump, from disk, and the walk reads
 * the dump's saved stack bytes. Per frame it uses the image's unwind data (`cfi`), else the frame
 * pointer chain, else a scan validated against the images it has (`scan`). When none of the
 * drivers on the stack has an image the walk gives way to the plain stack scan (kernel-stack.ts).
 */
import type { KernelFrame } from '../../../../shared/kernel-dump-model';
import { hex } from '../minidump/binary';
import { ModuleIndex } from '../minidump/module-index';
import type { ParsedModule } from '../minidump/parse-modules';
import type { StackImage } from '../minidump/stack-walk';
import { createArm64ImageCache } from '../unwind/arm64-images';
import { walkArm64Thread } from '../unwind/arm64-walk';
import { createImageCache, type ImageCache, type ImageSources } from '../unwind/unwind-images';
import { MAX_WALK_FRAMES, walkX64Thread } from '../unwind/walk-thread';
import { defaultDriverRoot, driverModule, type LocalDriverRoot } from './driver-images';
import { type KernelStackInput, type KernelStackWalker, scanKernelStack } from './kernel-stack';

/** Where kernel dump walks look for driver images. */
export interface KernelImageSources {
  /** The symbol path (image by file name and code id), or none. */
  readonly locator?: ImageSources['locator'];
  /** Open the driver's own file on this machine when its timestamp and size match (default true). */
  readonly localFiles?: boolean;
  /** Where driver paths lead on this machine (default: `%SystemRoot%` on Windows, nowhere elsewhere). */
  readonly driverRoot?: LocalDriverRoot;
}

/** What a walk found: its frames in the unwinders' terms. */
type WalkedFrames = readonly { readonly ip: bigint; readonly trust: KernelFrame['trust']; readonly module: ParsedModule | null; readonly offset: bigint | null }[];

/**
 * The drivers worth an image lookup before walking: the crash address's and those the saved
 * stack points into. When none of them has an image the walk could only scan, so it is skipped.
 */
function candidates(input: KernelStackInput, modules: ModuleIndex): ParsedModule[] {
  const out = new Set<ParsedModule>();
  for (const f of scanKernelStack(input)) {
    const hit = modules.find(BigInt(f.address));
    if (hit) out.add(hit.module);
  }
  return [...out];
}

/** Runs `walk` with the image cache when at least one candidate driver has an image; null otherwise. */
async function withImages<T>(cache: ImageCache<T>, wanted: readonly ParsedModule[], walk: (images: ImageCache<T>) => Promise<WalkedFrames>): Promise<WalkedFrames | null> {
  try {
    for (const m of wanted) if (await cache.get(m)) return await walk(cache);
    return null;
  } finally {
    await cache.close();
  }
}

function walk(input: KernelStackInput, sources: ImageSources, modules: ModuleIndex, stack: StackImage, problems: string[]): Promise<WalkedFrames | null> {
  const common = { context: input.context, stack, modules, memory: null, maxFrames: MAX_WALK_FRAMES };
  const wanted = candidates(input, modules);
  if (input.context.kind === 'amd64') {
    return withImages(createImageCache(sources, problems), wanted, async (images) =>
      (await walkX64Thread({ ...common, images }, problems)).map((f) => ({ ...f, ip: f.regs.rip })),
    );
  }
  if (input.context.kind === 'arm64') {
    return withImages(createArm64ImageCache(sources, problems), wanted, async (images) =>
      (await walkArm64Thread({ ...common, images }, problems)).map((f) => ({ ...f, ip: f.regs.pc })),
    );
  }
  return Promise.resolve(null);
}

/**
 * A stack walker for kernel dumps (x64 and arm64) over `sources`; walk problems go to `problems`.
 * It answers null (the caller scans instead) for other CPUs, without saved stack bytes, when none
 * of the drivers on the stack has an image, or when the walk ends at the context's own frame.
 */
export function createKernelWalker(sources: KernelImageSources, problems: string[]): KernelStackWalker {
  return async (input) => {
    if (!input.stack || input.pointerSize !== 8) return null;
    const root = sources.driverRoot ?? defaultDriverRoot();
    const modules = new ModuleIndex(input.driverList.map((d) => driverModule(d, root)));
    const imageSources: ImageSources = { locator: sources.locator ?? null, localFiles: sources.localFiles ?? true };
    const own: string[] = [];
    const frames = await walk(input, imageSources, modules, input.stack, own);
    problems.push(...own.map((p) => `stack: ${p}`));
    if (!frames || frames.length < 2) return null;
    return frames.map((f) => ({ address: hex(f.ip), module: f.module?.model.name ?? null, offset: f.offset === null ? null : hex(f.offset), trust: f.trust }));
  };
}
