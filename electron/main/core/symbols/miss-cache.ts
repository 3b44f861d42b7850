/**
 * Remembered misses of one cache folder: a file a server answered 404 for is not asked for again
 * until the entry expires. Only "not there" answers are remembered, never timeouts, 5xx or TLS
 * failures (those may pass). The list is a small JSON file in the cache folder, written
 * atomically; a damaged or foreign file counts as empty.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { CoalescingWriter } from '../atomic-file';

/** The file, in the cache folder, that holds the remembered misses. */
export const MISSES_FILE = 'wer-explorer-misses.json';
/** Most misses kept per cache folder; the oldest are dropped beyond it. */
export const MAX_MISSES = 10_000;
const MAX_FILE_BYTES = 4 * 1024 * 1024;

interface Miss {
  readonly until: number;
  readonly message: string;
}

/** The remembered misses of one cache folder. */
export class MissCache {
  private readonly writer: CoalescingWriter;

  private constructor(file: string, private readonly misses: Map<string, Miss>, private readonly now: () => number) {
    this.writer = new CoalescingWriter(file, () => this.serialise());
  }

  /** Loads the misses of `dir` (none when the file is missing, too big or damaged). */
  static async open(dir: string, now: () => number): Promise<MissCache> {
    const file = join(dir, MISSES_FILE);
    const misses = new Map<string, Miss>();
    try {
      if ((await stat(file)).size <= MAX_FILE_BYTES) {
        const parsed: unknown = JSON.parse(await readFile(file, 'utf8'));
        const list = (parsed as { misses?: unknown } | null)?.misses;
        for (const item of Array.isArray(list) ? list.slice(0, MAX_MISSES) : []) {
          const [key, until, message] = Array.isArray(item) ? item : [];
          if (typeof key === 'string' && typeof until === 'number' && typeof message === 'string' && until > now()) {
            misses.set(key, { until, message: message.slice(0, 500) });
          }
        }
      }
    } catch {
      // No file yet, or one that is not ours to trust: start empty and overwrite it on the next miss.
    }
    return new MissCache(file, misses, now);
  }

  /** The message of an unexpired miss of `key`, or null. */
  lookup(key: string): string | null {
    const miss = this.misses.get(key);
    if (!miss) return null;
    if (miss.until > this.now()) return miss.message;
    this.misses.delete(key);
    return null;
  }

  /** Remembers a miss for `ttlMs` and saves the list. */
  async remember(key: string, message: string, ttlMs: number): Promise<void> {
    this.misses.delete(key);
    this.misses.set(key, { until: this.now() + ttlMs, message });
    // The map keeps insertion order, so the first entry is the oldest miss.
    if (this.misses.size > MAX_MISSES) this.misses.delete(this.misses.keys().next().value as string);
    await this.writer.save();
  }

  private serialise(): string {
    const now = this.now();
    const live = [...this.misses].filter(([, m]) => m.until > now);
    return JSON.stringify({ version: 1, misses: live.map(([key, m]) => [key, m.until, m.message]) });
  }
}

/** The key of a store's miss: the server URL and the key's folder, without case. */
export function missKey(storeUrl: string, name: string, id: string): string {
  return `${storeUrl}/${name}/${id}`.toLowerCase();
}
