/**
 * Random access to single records (for `show` of an event found earlier by a scan): a record is
 * addressed by its file offset; its chunk is decoded whole (templates live in earlier records of
 * the same chunk) and kept in a small LRU cache, so memory stays bounded by `maxChunks` chunks.
 */
import type { ByteSource } from '../minidump/byte-source';
import { isChunk, readChunk, type ChunkResult } from './evtx-chunk';
import { CHUNK_SIZE, FILE_HEADER_SIZE } from './evtx-layout';
import type { EvtxRecord } from './evtx-model';
import { parseFileHeader } from './read-evtx';

/** Reads records by offset with a bounded chunk cache. */
export interface EvtxRecordReader {
  /** The record starting at `offset` (as given by EvtxRecord.offset), or null when there is none. */
  recordAt(offset: number): Promise<EvtxRecord | null>;
}

/** Creates a record reader over a log; at most `maxChunks` decoded chunks are kept. */
export function createEvtxRecordReader(source: ByteSource, maxChunks = 8): EvtxRecordReader {
  const cache = new Map<number, ChunkResult>();
  let chunkCount: number | null = null;

  async function chunk(index: number): Promise<ChunkResult> {
    const hit = cache.get(index);
    if (hit) {
      cache.delete(index);
      cache.set(index, hit);
      return hit;
    }
    if (chunkCount === null) chunkCount = parseFileHeader(await source.read(0n, FILE_HEADER_SIZE))?.chunkCount ?? 0;
    const offset = FILE_HEADER_SIZE + index * CHUNK_SIZE;
    const bytes = await source.read(BigInt(offset), CHUNK_SIZE);
    const result: ChunkResult = isChunk(bytes) ? readChunk(bytes, { index, offset, recovered: index >= chunkCount }) : { records: [], problems: [] };
    cache.set(index, result);
    if (cache.size > maxChunks) {
      const oldest = cache.keys().next().value;
      if (oldest !== undefined) cache.delete(oldest);
    }
    return result;
  }

  return {
    async recordAt(offset) {
      if (!Number.isSafeInteger(offset) || offset < FILE_HEADER_SIZE || offset >= Number(source.size)) return null;
      try {
        const { records } = await chunk(Math.floor((offset - FILE_HEADER_SIZE) / CHUNK_SIZE));
        return records.find((r) => r.offset === offset) ?? null;
      } catch {
        // An I/O failure here means "not available"; the scan that found the offset reported problems.
        return null;
      }
    },
  };
}
