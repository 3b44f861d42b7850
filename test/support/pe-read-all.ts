import type { ByteSource } from '../../electron/main/core/minidump/byte-source';
import { readArm64FunctionTable, readArm64Unwind } from '../../electron/main/core/pe/arm64-function-table';
import { readDebugInfo } from '../../electron/main/core/pe/debug-directory';
import { createExportIndex, nearestExport, readExports } from '../../electron/main/core/pe/exports';
import { openPeImage, type ImageLayout } from '../../electron/main/core/pe/pe-image';
import { readVersionInfo } from '../../electron/main/core/pe/version-info';
import { findX64Function, readX64FunctionTable, readX64Unwind } from '../../electron/main/core/pe/x64-function-table';

/** What one pass over every reader produced: whether the image opened, and every problem. */
export interface ReadAllResult {
  readonly opened: boolean;
  readonly error: string | null;
  readonly problems: readonly string[];
}

/** Most functions whose unwind data one pass reads (fuzzed tables can hold a million entries). */
const MAX_FUNCTIONS = 2000;

/**
 * Opens an image and asks every reader for everything (debug info, exports and lookups, version
 * resource, the function table and each function's unwind data): the hostile-input and fuzz
 * tests run this and require it to finish without throwing.
 */
export async function readEverything(source: ByteSource, layout: ImageLayout = 'file'): Promise<ReadAllResult> {
  const opened = await openPeImage(source, { layout });
  if (!opened.ok) return { opened: false, error: opened.error, problems: [] };
  const image = opened.value;
  const problems = [...image.problems];
  problems.push(...(await readDebugInfo(image)).problems);
  const exports = await readExports(image);
  problems.push(...exports.problems);
  const index = createExportIndex(exports);
  for (const e of exports.entries.slice(0, 100)) nearestExport(index, e.rva + 1);
  const version = await readVersionInfo(image);
  problems.push(...(version?.problems ?? []));
  if (image.headers.coff.arch === 'arm64') {
    const table = await readArm64FunctionTable(image);
    problems.push(...table.problems);
    for (const f of table.functions.slice(0, MAX_FUNCTIONS)) problems.push(...(await readArm64Unwind(image, f)).problems);
  } else if (image.headers.coff.arch === 'amd64') {
    const table = await readX64FunctionTable(image);
    problems.push(...table.problems);
    for (const f of table.functions.slice(0, MAX_FUNCTIONS)) {
      problems.push(...(await readX64Unwind(image, f)).problems);
      findX64Function(table, f.beginRva);
    }
  }
  return { opened: true, error: null, problems };
}
