/**
 * Which files are LocalDumps dumps. WER's LocalDumps writes `<image name>.<decimal pid>.dmp`
 * (wer-formats.md §8), a user-mode minidump ("MDMP"). The rule the scan follows:
 * - a file named like that, outside report folders, is a CrashDumps record when it starts with
 *   "MDMP" (or cannot be read at all: its record then says why);
 * - any other `*.dmp` user-mode minidump counts only inside a folder named `CrashDumps` (the
 *   default DumpFolder, where tools that copy dumps keep other names);
 * - a minidump file given directly as a location is a record whatever its name;
 * - kernel dumps ("PAGE") stay Minidump records, and anything else is ignored.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import { hasMinidumpSignature } from './dump-facts';

const LOCAL_DUMP_NAME = /^(.+\.[^.\\/]{1,16})\.(\d{1,10})\.dmp$/i;

/** The image name and pid a LocalDumps file name carries (`crashy.exe.4242.dmp`), or null. */
export function parseLocalDumpName(fileName: string): { readonly image: string; readonly pid: number } | null {
  const m = LOCAL_DUMP_NAME.exec(fileName);
  if (!m) return null;
  const pid = Number(m[2]);
  return pid <= 0xffffffff ? { image: m[1]!, pid } : null;
}

/** What the first bytes of a file say: a user-mode minidump, something else, or unreadable. */
export type DumpSniff = 'minidump' | 'other' | 'unreadable';

/** Reads a file's first four bytes (never throws). */
export function sniffDump(path: string): DumpSniff {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return 'unreadable';
  }
  try {
    const head = new Uint8Array(4);
    const n = readSync(fd, head, 0, 4, 0);
    return hasMinidumpSignature(head.subarray(0, n)) ? 'minidump' : 'other';
  } catch {
    return 'unreadable';
  } finally {
    closeSync(fd);
  }
}

/** Whether a `.dmp` file found outside report folders is a LocalDumps record (see the rule above). */
export function isLocalDumpFile(path: string): boolean {
  const name = basename(path);
  if (!/\.dmp$/i.test(name)) return false;
  const sniff = sniffDump(path);
  if (parseLocalDumpName(name)) return sniff !== 'other';
  return sniff === 'minidump' && basename(dirname(path)).toLowerCase() === 'crashdumps';
}
