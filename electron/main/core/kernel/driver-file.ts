/**
 * The driver at fault's file on this machine: its description, product, company and version from
 * the version resource, what BlueScreenView shows beside "Caused By Driver". Only a file that is
 * the same build as the dump's driver (TimeDateStamp + SizeOfImage, the symbol-server code id) is
 * described, so a dump from another machine or an updated driver never borrows the wrong facts.
 */
import { win32 } from 'node:path';
import type { KernelDriver, KernelDriverFile, KernelDumpSummary } from '../../../../shared/kernel-dump-model';
import { ok } from '../../../../shared/result';
import { withFileSource } from '../minidump/byte-source';
import { peCodeId } from '../pe/code-id';
import { openPeImage } from '../pe/pe-image';
import { readVersionInfo } from '../pe/version-info';

/** Maps a path as the kernel recorded it to a local file path, or null when it cannot be mapped. */
export type DriverPathResolver = (kernelPath: string) => string | null;

/**
 * The Windows resolver: `\SystemRoot\…` under %SystemRoot%, `\??\C:\…` and `C:\…` as they are,
 * `\Windows\…` on the system drive; null elsewhere than on Windows (no driver files there).
 */
export function windowsDriverPath(env: Readonly<Record<string, string | undefined>> = process.env, platform: string = process.platform): DriverPathResolver {
  return (kernelPath) => {
    if (platform !== 'win32') return null;
    const root = env.SystemRoot ?? env.windir ?? 'C:\\Windows';
    const path = kernelPath.replace(/^\\\?\?\\/, '');
    if (/^\\SystemRoot\\/i.test(path)) return win32.join(root, path.slice('\\SystemRoot\\'.length));
    if (/^[a-z]:\\/i.test(path)) return path;
    if (/^\\(windows|winnt)\\/i.test(path)) return win32.join(env.SystemDrive ?? 'C:', path);
    return /^\\/.test(path) ? null : win32.join(root, 'System32', 'drivers', path);
  };
}

/** The version facts of `driver`'s local file when it is the dump's build; null otherwise. Never throws. */
export async function readDriverFile(driver: KernelDriver, resolve: DriverPathResolver): Promise<KernelDriverFile | null> {
  const path = resolve(driver.path);
  if (!path) return null;
  try {
    const read = await withFileSource(path, async (source) => {
      const image = await openPeImage(source);
      if (!image.ok || image.value.codeId !== peCodeId(driver.timestamp, driver.size)) return ok(null);
      const info = await readVersionInfo(image.value);
      return ok({
        path,
        description: info?.fileDescription ?? null,
        product: info?.productName ?? null,
        company: info?.companyName ?? null,
        version: info?.fixed?.fileVersion ?? info?.fileVersion ?? null,
      });
    });
    return read.ok ? read.value : null;
  } catch {
    // Missing, locked or unreadable: nothing to show, which is the normal case off the crashed machine.
    return null;
  }
}

/** The file of a kernel dump's driver at fault (loaded drivers only), described when it is the same build. */
export async function causedByDriverFile(summary: KernelDumpSummary, resolve: DriverPathResolver = windowsDriverPath()): Promise<KernelDriverFile | null> {
  const blamed = summary.causedBy;
  if (!blamed || blamed.unloaded) return null;
  const driver = summary.drivers.find((d) => d.name.toLowerCase() === blamed.driver.toLowerCase());
  return driver ? readDriverFile(driver, resolve) : null;
}
