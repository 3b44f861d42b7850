import { open } from 'node:fs/promises';
import { err, type Result } from '../../../../shared/result';
import { describeFsError } from '../fs-errors';

/** Largest single read any ByteSource performs: file-provided sizes never drive bigger allocations. */
export const MAX_READ_BYTES = 16 * 1024 * 1024;

/** Random-access bytes of one dump: a file handle in the app, a buffer in tests and fuzzing. */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: bigint;
  /**
   * Reads up to `length` bytes at `offset` (clamped to the end and to MAX_READ_BYTES); a short or
   * empty result means the range runs past the end.
   */
  read(offset: bigint, length: number): Promise<Uint8Array>;
}

/** An opened file source that must be closed. */
export interface FileByteSource extends ByteSource {
  /** Closes the handle; safe to call twice. */
  close(): Promise<void>;
}

/** Clamps a request to the source size and the read cap; returns the byte count to read. */
function clampLength(size: bigint, offset: bigint, length: number): number {
  if (offset < 0n || offset >= size || !(length > 0)) return 0;
  const left = size - offset;
  const want = Math.min(Math.floor(length), MAX_READ_BYTES);
  return left < BigInt(want) ? Number(left) : want;
}

/** An in-memory ByteSource (tests, fuzzing, dumps already in memory). */
export function createBufferSource(bytes: Uint8Array): ByteSource {
  const size = BigInt(bytes.length);
  return {
    size,
    read(offset, length) {
      const n = clampLength(size, offset, length);
      if (n === 0) return Promise.resolve(new Uint8Array(0));
      const start = Number(offset);
      // A copy, so a parser can never alias (or be aliased by) the caller's buffer.
      return Promise.resolve(bytes.slice(start, start + n));
    },
  };
}

/** Opens a file read-only as a ByteSource over positional reads (the file is never loaded whole). */
export async function openFileSource(path: string): Promise<FileByteSource> {
  const fh = await open(path, 'r');
  let closed = false;
  try {
    const stat = await fh.stat({ bigint: true });
    const size = stat.size;
    return {
      size,
      async read(offset, length) {
        const n = clampLength(size, offset, length);
        if (n === 0) return new Uint8Array(0);
        const buffer = new Uint8Array(n);
        let done = 0;
        // Positions are passed as numbers: Node 20's FileHandle.read ignores bigint positions and
        // reads at the current file position instead (checked on 20.20). Offsets stay < 2^53.
        const start = Number(offset);
        // Positional reads may return short counts; loop until the range is filled or EOF.
        while (done < n) {
          const { bytesRead } = await fh.read(buffer, done, n - done, start + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return done === n ? buffer : buffer.subarray(0, done);
      },
      async close() {
        if (closed) return;
        closed = true;
        await fh.close();
      },
    };
  } catch (error) {
    await fh.close();
    throw error;
  }
}

/**
 * Wraps a source with a small block cache: a triage dump's many tiny reads (names, CodeView
 * records, handle type names) become a few block reads. Memory stays bounded by maxBlocks.
 */
export function createCachedSource(inner: ByteSource, blockSize = 64 * 1024, maxBlocks = 64): ByteSource {
  const blocks = new Map<number, Uint8Array>();
  // Block arithmetic in numbers: exact for any file below 2^53 bytes, and much cheaper than BigInt.
  const size = Number(inner.size);

  async function block(index: number): Promise<Uint8Array> {
    const hit = blocks.get(index);
    if (hit) {
      // Refresh recency: Map iteration order is insertion order.
      blocks.delete(index);
      blocks.set(index, hit);
      return hit;
    }
    const bytes = await inner.read(BigInt(index * blockSize), blockSize);
    blocks.set(index, bytes);
    if (blocks.size > maxBlocks) {
      const oldest = blocks.keys().next().value;
      if (oldest !== undefined) blocks.delete(oldest);
    }
    return bytes;
  }

  return {
    size: inner.size,
    async read(offset, length) {
      const n = clampLength(inner.size, offset, length);
      if (n === 0) return new Uint8Array(0);
      // Big reads (stack memory, large streams) bypass the cache so they do not evict it.
      if (n > blockSize || size > Number.MAX_SAFE_INTEGER) return inner.read(offset, n);
      const at = Number(offset);
      const first = Math.floor(at / blockSize);
      const last = Math.floor((at + n - 1) / blockSize);
      if (first === last) {
        const b = await block(first);
        const start = at - first * blockSize;
        return b.slice(start, Math.min(b.length, start + n));
      }
      const out = new Uint8Array(n);
      let filled = 0;
      for (let i = first; i <= last; i++) {
        const b = await block(i);
        const start = i === first ? at - i * blockSize : 0;
        const piece = b.subarray(start, Math.min(b.length, start + (n - filled)));
        out.set(piece, filled);
        filled += piece.length;
        if (piece.length === 0) break;
      }
      return filled === n ? out : out.subarray(0, filled);
    },
  };
}

/**
 * Opens a file read-only as a ByteSource, runs `read` over it and always closes the handle; an
 * open failure becomes the error "cannot open the file: ..." (readers never throw).
 */
export async function withFileSource<T>(
  path: string,
  read: (source: FileByteSource) => Promise<Result<T, string>>,
): Promise<Result<T, string>> {
  let file: FileByteSource;
  try {
    file = await openFileSource(path);
  } catch (error) {
    const missing = (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
    return err(`cannot open the file: ${missing ? 'no such file' : describeFsError(error)}`);
  }
  try {
    return await read(file);
  } finally {
    await file.close().catch(() => undefined);
  }
}
