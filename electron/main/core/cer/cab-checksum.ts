/**
 * The CFDATA checksum of MS-CAB ("Cabinet File Format", CSUMCompute): XOR of the data as
 * little-endian 32-bit words, with the 1-3 trailing bytes folded in high byte first.
 */

/** Folds `bytes` into a running CAB checksum `seed`. */
export function cabChecksum(bytes: Uint8Array, seed = 0): number {
  let sum = seed >>> 0;
  const words = bytes.length >>> 2;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < words; i++) sum ^= view.getUint32(i * 4, true);
  // The spec folds the 1-3 trailing bytes first byte highest: b0<<16 | b1<<8 | b2 for three.
  let tail = 0;
  for (let p = words * 4; p < bytes.length; p++) tail = (tail << 8) | (bytes[p] ?? 0);
  return (sum ^ tail) >>> 0;
}

/**
 * The checksum stored in a CFDATA header: over the payload first, then over the cbData/cbUncomp
 * words and any per-block reserve that follow the checksum field.
 */
export function cfdataChecksum(payload: Uint8Array, headerAfterChecksum: Uint8Array): number {
  return cabChecksum(headerAfterChecksum, cabChecksum(payload, 0));
}
