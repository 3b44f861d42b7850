/**
 * The drivers of a kernel dump as modules the user-mode unwinders understand: each with its code
 * id (`%08X` timestamp + `%x` SizeOfImage, what a symbol store files the image under) and, on the
 * machine that wrote the dump, where the driver file lies on disk. The unwinders open an image
 * only when its PE timestamp and SizeOfImage equal the driver entry's, so a guessed path can
 * never put another build's unwind data under a frame.
 */
import { posix, win32 } from 'node:path';
import type { MinidumpModule } from '../../../../shared/minidump-model';
import type { ParsedModule } from '../minidump/parse-modules';
import { peCodeId } from '../pe/code-id';
import type { ParsedDriver } from './triage-drivers';

/** Where driver files are looked for on this machine. */
export interface LocalDriverRoot {
  /** The Windows folder (`C:\Windows`), or null to never look on disk. */
  readonly systemRoot: string | null;
  /** Whether paths are Windows paths (drive letters, `\??\C:\…`), else POSIX (tests). */
  readonly windows: boolean;
}

/** This machine's root: `%SystemRoot%` on Windows, none elsewhere (kernel paths mean nothing there). */
export function defaultDriverRoot(env: Readonly<Record<string, string | undefined>> = process.env): LocalDriverRoot {
  if (process.platform !== 'win32') return { systemRoot: null, windows: false };
  return { systemRoot: env.SystemRoot ?? env.windir ?? 'C:\\Windows', windows: true };
}

// A component that could climb out of the folder, name a stream or a DOS device (opening CON or
// COM1 could block) is not a driver path.
const BAD_PART = /^\.{1,2}$|[:*?"<>|\0]|^(con|prn|aux|nul|com\d|lpt\d)(\..*)?$/i;

/**
 * The local file of a driver path as the kernel records it: `\SystemRoot\…` under the Windows
 * folder, `\??\C:\…` and `C:\…` as they are, `\Windows\…` on the Windows folder's drive, a bare
 * file name in System32\drivers (`.sys`) or System32. Null when the path has no local meaning or
 * holds `..`, streams or wildcards.
 */
export function localDriverPath(ntPath: string, root: LocalDriverRoot): string | null {
  if (!root.systemRoot) return null;
  const path = root.windows ? win32 : posix;
  let text = ntPath.replace(/\//g, '\\');
  let drive: string | null = null;
  const absolute = /^(?:\\\?\?\\)?([A-Za-z]):\\(.*)$/.exec(text);
  if (absolute) {
    if (!root.windows) return null;
    drive = `${absolute[1]!.toUpperCase()}:\\`;
    text = absolute[2]!;
  }
  const parts = text.split('\\').filter((p) => p.length > 0);
  if (parts.length === 0 || parts.some((p) => BAD_PART.test(p))) return null;
  if (drive) return path.join(drive, ...parts);
  if (parts[0]!.toLowerCase() === 'systemroot') return parts.length > 1 ? path.join(root.systemRoot, ...parts.slice(1)) : null;
  if (!text.startsWith('\\')) {
    if (parts.length > 1) return null;
    const folder = /\.sys$/i.test(parts[0]!) ? ['System32', 'drivers'] : ['System32'];
    return path.join(root.systemRoot, ...folder, parts[0]!);
  }
  // `\Windows\system32\…` (older lists): the Windows folder's drive; `\Device\…` and the like mean nothing here.
  const rootDrive = /^[A-Za-z]:/.exec(root.systemRoot)?.[0];
  if (!root.windows || !rootDrive || !/^(windows|winnt)$/i.test(parts[0]!)) return null;
  return path.join(`${rootDrive}\\`, ...parts);
}

/** A driver as an unwinder module: name, code id, and its local path (or just its name). */
export function driverModule(driver: ParsedDriver, root: LocalDriverRoot): ParsedModule {
  const { info } = driver;
  const model: MinidumpModule = {
    name: info.name,
    // A bare name is never opened as a local file (the unwinders want an absolute path).
    path: localDriverPath(info.path, root) ?? info.name,
    base: info.base,
    size: info.size,
    version: null,
    timestamp: info.timestamp,
    debugFile: null,
    debugId: null,
    codeId: peCodeId(info.timestamp, info.size),
    cvKind: 'absent',
  };
  return { base: driver.base, end: driver.end, model };
}
