/**
 * MSZIP blocks of MS-CAB: each CFDATA payload is `CK` followed by a raw deflate stream of at most
 * 32 KiB of output. The deflate history carries over between the blocks of one folder, so each
 * block is (de)compressed with the previous 32 KiB of the folder's output as zlib dictionary.
 */
import { constants, deflateRawSync, inflateRawSync } from 'node:zlib';
import { err, ok, type Result } from '../../../../shared/result';
import { CAB_BLOCK_SIZE } from './cab-format';

/** `CK`: the signature that starts every MSZIP block. */
const MSZIP_SIGNATURE_0 = 0x43;
const MSZIP_SIGNATURE_1 = 0x4b;
/** Deflate's window: the most history a block can refer back to. */
export const MSZIP_WINDOW = 32768;

/** Compresses one block (≤ 32 KiB) given the folder's preceding output (its last 32 KiB are used). */
export function mszipCompressBlock(block: Uint8Array, history: Uint8Array | null, level = 6): Uint8Array {
  if (block.length > CAB_BLOCK_SIZE) throw new RangeError(`MSZIP block of ${block.length} bytes exceeds ${CAB_BLOCK_SIZE}`);
  const dictionary = windowOf(history);
  const deflated = deflateRawSync(block, dictionary ? { level, dictionary } : { level });
  const out = new Uint8Array(2 + deflated.length);
  out[0] = MSZIP_SIGNATURE_0;
  out[1] = MSZIP_SIGNATURE_1;
  out.set(deflated, 2);
  return out;
}

/**
 * Decompresses one MSZIP block into exactly `expected` bytes. Hostile input: the output is
 * capped at the block size by zlib itself, so a deflate bomb stops at 32 KiB.
 */
export function mszipDecompressBlock(payload: Uint8Array, history: Uint8Array | null, expected: number): Result<Uint8Array> {
  if (payload.length < 2 || payload[0] !== MSZIP_SIGNATURE_0 || payload[1] !== MSZIP_SIGNATURE_1) {
    return err('an MSZIP block does not start with "CK"');
  }
  if (expected > CAB_BLOCK_SIZE) return err(`an MSZIP block claims ${expected} bytes (most is ${CAB_BLOCK_SIZE})`);
  const dictionary = windowOf(history);
  let out: Buffer;
  try {
    out = inflateRawSync(payload.subarray(2), {
      maxOutputLength: CAB_BLOCK_SIZE,
      finishFlush: constants.Z_SYNC_FLUSH,
      ...(dictionary ? { dictionary } : {}),
    });
  } catch (e) {
    return err(`an MSZIP block is damaged (${e instanceof Error ? e.message : String(e)})`);
  }
  if (out.length !== expected) return err(`an MSZIP block gave ${out.length} bytes instead of ${expected}`);
  return ok(new Uint8Array(out.buffer, out.byteOffset, out.length));
}

function windowOf(history: Uint8Array | null): Uint8Array | null {
  if (!history || history.length === 0) return null;
  return history.length > MSZIP_WINDOW ? history.subarray(history.length - MSZIP_WINDOW) : history;
}
