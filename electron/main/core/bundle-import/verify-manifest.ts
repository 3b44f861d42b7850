/** Checks an extracted bundle against its manifest: every listed file present, with the same SHA-256. */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { BundleManifest } from '../../../../shared/export-model';
import { MANIFEST_NAME, MAX_MANIFEST_BYTES, parseManifest } from '../export/manifest';

/** What extraction recorded per file path (`/`-separated, as in the zip). */
export type ExtractedFiles = ReadonlyMap<string, { readonly sha256: string; readonly size: number }>;

/** Problems listed one by one before the rest are summed up in one line. */
const MAX_LISTED_PROBLEMS = 20;

/** The manifest of an extracted bundle (null when missing or unreadable) and what does not match it. */
export async function verifyManifest(
  root: string,
  files: ExtractedFiles,
): Promise<{ manifest: BundleManifest | null; problems: string[] }> {
  const own = files.get(MANIFEST_NAME);
  if (!own) return { manifest: null, problems: ['The bundle has no manifest.json, so its files cannot be checked.'] };
  if (own.size > MAX_MANIFEST_BYTES) return { manifest: null, problems: ['manifest.json is too large to read.'] };
  const parsed = parseManifest(await readFile(join(root, MANIFEST_NAME), 'utf8'));
  if (typeof parsed === 'string') return { manifest: null, problems: [parsed] };
  const problems: string[] = [];
  for (const f of parsed.files) {
    const got = files.get(f.path);
    if (!got) problems.push(`${f.path} is listed in the manifest but not in the bundle.`);
    else if (got.sha256 !== f.sha256 || got.size !== f.size) problems.push(`${f.path} does not match its SHA-256 in the manifest.`);
  }
  if (problems.length > MAX_LISTED_PROBLEMS) {
    const more = problems.length - MAX_LISTED_PROBLEMS;
    problems.splice(MAX_LISTED_PROBLEMS, more, `… and ${more} more file(s) that do not match the manifest.`);
  }
  return { manifest: parsed, problems };
}
