/**
 * Bundles made in browser mode wait here as files in the temp folder until the page downloads
 * them: each under a random id, downloadable once, deleted after the download or when the
 * server stops.
 */
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';

/** A file offered for download. */
export interface OfferedFile {
  readonly file: string;
  readonly fileName: string;
  /** Call when the download has been sent: the file is deleted. */
  readonly done: () => void;
}

/** One-time downloads by id. */
export class DownloadRegistry {
  private readonly files = new Map<string, { file: string; fileName: string }>();

  /** Offers a file; returns the URL path the page fetches (with `?token=` added by the page). */
  offer(file: string, fileName: string): string {
    const id = randomBytes(16).toString('hex');
    this.files.set(id, { file, fileName });
    return `/api/download/${id}`;
  }

  /** Takes an offered file (it cannot be taken again). */
  take(id: string): OfferedFile | null {
    const offered = this.files.get(id);
    if (!offered) return null;
    this.files.delete(id);
    return { ...offered, done: () => rmSync(offered.file, { force: true }) };
  }

  /** Deletes every file not downloaded yet. */
  clear(): void {
    for (const { file } of this.files.values()) rmSync(file, { force: true });
    this.files.clear();
  }
}
