import { readFileSync } from 'node:fs';
import { createBufferSource, openFileSource } from '../../electron/main/core/minidump/byte-source';
import { openPeImage, type ImageLayout, type PeImage } from '../../electron/main/core/pe/pe-image';
import { oracleHeaders, oracleSections } from './pe-oracle';

/**
 * The image as the Windows loader would map it, built from llvm-readobj's view of the headers
 * and section table (not from the reader under test): SizeOfImage bytes, the headers at 0 and
 * each section's raw data at its virtual address, the rest zero.
 */
export function mappedLayout(file: string): Uint8Array {
  const hit = mapped.get(file);
  // A copy: callers patch and slice it.
  if (hit) return hit.slice();
  const image = buildMapped(file);
  mapped.set(file, image);
  return image.slice();
}

const mapped = new Map<string, Uint8Array>();

function buildMapped(file: string): Uint8Array {
  const bytes = readFileSync(file);
  const headers = oracleHeaders(file);
  const image = new Uint8Array(Number(headers.optional.sizeOfImage));
  image.set(bytes.subarray(0, Number(headers.optional.sizeOfHeaders)));
  for (const s of oracleSections(file)) {
    const size = Math.min(s.sizeOfRawData, s.virtualSize || s.sizeOfRawData);
    if (s.virtualAddress >= image.length) continue;
    image.set(bytes.subarray(s.pointerToRawData, s.pointerToRawData + Math.min(size, image.length - s.virtualAddress)), s.virtualAddress);
  }
  return image;
}

/** Opens a PE file (file layout, positional reads) or its mapped copy; the test fails when it is not a PE. */
export async function withImage<T>(file: string, layout: ImageLayout, use: (image: PeImage) => Promise<T>): Promise<T> {
  if (layout === 'mapped') {
    const opened = await openPeImage(createBufferSource(mappedLayout(file)), { layout: 'mapped' });
    if (!opened.ok) throw new Error(opened.error);
    return use(opened.value);
  }
  const source = await openFileSource(file);
  try {
    const opened = await openPeImage(source, { layout: 'file' });
    if (!opened.ok) throw new Error(opened.error);
    return await use(opened.value);
  } finally {
    await source.close();
  }
}

/** Image base + RVA, as llvm-readobj prints addresses in images. */
export function va(image: PeImage, rva: number): bigint {
  return image.headers.optional.imageBase + BigInt(rva);
}
