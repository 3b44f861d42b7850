/** A pass-through stream that hashes and counts what flows through it (SHA-256 while streaming). */
import { createHash, type Hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';

/** Passes bytes on unchanged; `sha256` is set once the input has ended. */
export class DigestStream extends Transform {
  /** Bytes seen so far. */
  bytes = 0;
  /** Lower-case hex SHA-256 of everything seen, once the input has ended. */
  sha256: string | null = null;
  private readonly hash: Hash = createHash('sha256');

  constructor(private readonly onBytes: (count: number) => void = () => {}) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.hash.update(chunk);
    this.bytes += chunk.length;
    this.onBytes(chunk.length);
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    this.sha256 = this.hash.digest('hex');
    callback();
  }
}

/** SHA-256 of bytes in memory, lower-case hex. */
export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}
