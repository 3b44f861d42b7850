/** Reads of report files (detail view, bundles): never through a link, never more than asked for. */
import { constants, type ReadStream, readSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';

// O_NOFOLLOW makes opening a link fail on POSIX; Windows has no such flag (links were filtered by lstat).
const NO_FOLLOW = typeof constants.O_NOFOLLOW === 'number' ? constants.O_NOFOLLOW : 0;
const READ_FLAGS = constants.O_RDONLY | NO_FOLLOW;

/**
 * Fills `bytes` from `position` of a file opened for reading (positional reads may return short
 * counts); the count read, short at the end of the file.
 */
export function readAtSync(fd: number, bytes: Uint8Array, position: number): number {
  let done = 0;
  while (done < bytes.length) {
    const n = readSync(fd, bytes, done, bytes.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}

/** Fills `length` bytes from the start of an open file; fewer when the file is shorter. */
async function readFromStart(fh: FileHandle, length: number): Promise<Uint8Array> {
  const data = new Uint8Array(length);
  let done = 0;
  while (done < length) {
    const { bytesRead } = await fh.read(data, done, length - done, done);
    if (bytesRead === 0) break;
    done += bytesRead;
  }
  return data.subarray(0, done);
}

/** Up to `max` bytes from the start of a file. */
export async function readHead(path: string, max: number): Promise<Uint8Array> {
  const fh = await open(path, READ_FLAGS);
  try {
    return await readFromStart(fh, max);
  } finally {
    await fh.close();
  }
}

/** A whole file, refusing one that has grown past `max` bytes since it was planned. */
export async function readWhole(path: string, max: number): Promise<Uint8Array> {
  const fh = await open(path, READ_FLAGS);
  try {
    const { size } = await fh.stat();
    if (size > max) throw new Error(`${path} is ${size} bytes, more than the ${max} a text file can be`);
    return await readFromStart(fh, size);
  } finally {
    await fh.close();
  }
}

/** A read stream over a file, not following links; the handle closes when the stream ends. */
export async function openFileStream(path: string): Promise<ReadStream> {
  const fh = await open(path, READ_FLAGS);
  return fh.createReadStream({ highWaterMark: 1024 * 1024 });
}
