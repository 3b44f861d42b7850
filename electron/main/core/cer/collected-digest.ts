/**
 * The content digest of a collected report: what the client sent (report.xml and the files of its
 * CAB), not what the collector added (its own Report.wer, which holds the receive time and the
 * sender's address). Two collectors that received the same report compute the same digest, so
 * the second one can tell "the same report again" from "another report under the same name".
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** One file of a report: its path inside the folder (`/`-separated) and the SHA-256 of its bytes. */
export interface DigestEntry {
  readonly name: string;
  readonly sha256: string;
}

/** The collector's own file, left out of the digest. */
const OWN_FILE = 'report.wer';

/** SHA-256 of some bytes, in hex. */
export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** The digest of a report's files (order does not matter; the top-level Report.wer is left out). */
export function collectedDigest(entries: readonly DigestEntry[]): string {
  const lines = entries
    .filter((e) => e.name.toLowerCase() !== OWN_FILE)
    .map((e) => `${e.name}\0${e.sha256}\n`)
    .sort();
  return createHash('sha256').update(lines.join('')).digest('hex');
}

function hashFile(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

/** The entries of a report folder on disk, files only, links not followed (read-only). */
export async function folderDigestEntries(folder: string, prefix = ''): Promise<DigestEntry[]> {
  const out: DigestEntry[] = [];
  for (const e of await readdir(folder, { withFileTypes: true })) {
    const name = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await folderDigestEntries(join(folder, e.name), name)));
    else if (e.isFile()) out.push({ name, sha256: await hashFile(join(folder, e.name)) });
  }
  return out;
}

/** The digest of a report folder on disk (see {@link collectedDigest}). */
export async function folderDigest(folder: string): Promise<string> {
  return collectedDigest(await folderDigestEntries(folder));
}
