import type { KernelDumpSummary } from '../../../../shared/kernel-dump-model';
import type { MinidumpSummary } from '../../../../shared/minidump-model';
import { ok, type Result } from '../../../../shared/result';
import { createCachedSource, openFileSource } from './byte-source';
import { hasKernelDumpSignature } from '../kernel/kernel-header';
import { readKernelDumpFrom } from '../kernel/read-kernel-dump';
import { readMinidump, readMinidumpFrom, type ReadMinidumpOptions } from './read-minidump';

/** What a .dmp file turned out to be: a user-mode minidump (MDMP) or a kernel dump (PAGEDU64 / PAGEDUMP). */
export type DumpFileSummary =
  | { readonly kind: 'user'; readonly summary: MinidumpSummary }
  | { readonly kind: 'kernel'; readonly summary: KernelDumpSummary };

/**
 * Reads any Windows .dmp file: sniffs the first bytes and parses a kernel dump header or a
 * user-mode minidump. Anything that does not start with "PAGE" (including files that cannot be
 * opened) goes through the minidump reader, so its results and error messages stay as before.
 */
export async function readDumpFile(path: string, options: ReadMinidumpOptions = {}): Promise<Result<DumpFileSummary, string>> {
  let file: Awaited<ReturnType<typeof openFileSource>>;
  try {
    file = await openFileSource(path);
  } catch {
    // readMinidump reports open failures in the wording users and tests already know.
    return wrapUser(await readMinidump(path, options));
  }
  try {
    // A failing sniff (a folder, a broken disk) is left to the minidump reader to report.
    const head = await file.read(0n, 8).catch(() => new Uint8Array(0));
    if (hasKernelDumpSignature(head)) {
      const kernel = await readKernelDumpFrom(file, { images: options.images });
      return kernel.ok ? ok({ kind: 'kernel', summary: kernel.value }) : kernel;
    }
    // The same handle and cache readMinidump would use; both readers never throw.
    return wrapUser(await readMinidumpFrom(createCachedSource(file), options));
  } finally {
    await file.close().catch(() => undefined);
  }
}

function wrapUser(result: Result<MinidumpSummary, string>): Result<DumpFileSummary, string> {
  return result.ok ? ok({ kind: 'user', summary: result.value }) : result;
}
