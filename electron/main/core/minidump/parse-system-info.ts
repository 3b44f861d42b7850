import type { MinidumpArch, MinidumpCpu, MinidumpOs } from '../../../../shared/minidump-model';
import type { ByteView } from './binary';
import type { DumpReader } from './dump-reader';
import { StreamType } from './stream-types';

/** SystemInfo facts the rest of the parse depends on. */
export interface SystemInfo {
  /** Raw ProcessorArchitecture. */
  readonly archCode: number;
  readonly arch: MinidumpArch;
  readonly os: MinidumpOs;
  readonly cpu: MinidumpCpu;
}

/** Maps ProcessorArchitecture (with Breakpad's 0x8003 old ARM64 value) to the model's arch. */
export function archFromCode(code: number): MinidumpArch {
  switch (code) {
    case 0:
      return 'x86';
    case 9:
      return 'amd64';
    case 12:
    case 0x8003:
      return 'arm64';
    case 5:
      return 'arm';
    default:
      return 'other';
  }
}

/** Platform name for a SystemInfo PlatformId (Windows values and Breakpad's extensions). */
export function platformName(id: number): string {
  switch (id) {
    case 0:
    case 1:
    case 2:
      return 'Windows';
    case 0x8000:
      return 'Unix';
    case 0x8101:
      return 'macOS';
    case 0x8102:
      return 'iOS';
    case 0x8201:
      return 'Linux';
    case 0x8202:
      return 'Solaris';
    case 0x8203:
      return 'Android';
    case 0x8204:
      return 'PS3';
    case 0x8205:
      return 'NaCl';
    case 0x8206:
      return 'Fuchsia';
    default:
      return `unknown (0x${(id >>> 0).toString(16)})`;
  }
}

/** Twelve ASCII characters of the x86 CPUID vendor id, or null when not printable. */
function vendorId(v: ByteView): string | null {
  let text = '';
  for (let i = 0; i < 12; i++) {
    const c = v.u8(32 + i);
    if (c === 0) break;
    if (c < 0x20 || c > 0x7e) return null;
    text += String.fromCharCode(c);
  }
  return text || null;
}

/** Parses SystemInfo (stream 7, 56 bytes); null when absent or too short. */
export async function parseSystemInfo(reader: DumpReader, problems: string[]): Promise<SystemInfo | null> {
  const v = await reader.stream(StreamType.systemInfo, 4096);
  if (!v) return null;
  if (v.length < 32) {
    problems.push(`SystemInfo: ${v.length} bytes, expected 56`);
    return null;
  }
  const archCode = v.u16(0);
  const arch = archFromCode(archCode);
  const major = v.u32(8);
  const minor = v.u32(12);
  const buildNumber = v.u32(16);
  const platformId = v.u32(20);
  const csdRva = v.u32(24);
  const csd = csdRva ? await reader.string(csdRva) : null;
  const csdVersion = csd ? csd.trim() || null : null;
  const platform = platformName(platformId);
  // Crashpad writes the Apple OS build (19H114, 22C65) where Windows has its service pack.
  const apple = platformId === 0x8101 || platformId === 0x8102;
  const build = apple ? (csdVersion ?? String(buildNumber)) : String(buildNumber);
  const os: MinidumpOs = {
    platform,
    version: `${major}.${minor}.${buildNumber}`,
    build,
    csdVersion,
    platformId,
    productType: v.u8(7),
  };
  const cpu: MinidumpCpu = {
    count: v.u8(6),
    vendor: arch === 'x86' && v.has(32, 12) ? vendorId(v) : null,
    level: v.u16(2),
    revision: v.u16(4),
  };
  return { archCode, arch, os, cpu };
}

/** The os value used when SystemInfo is missing. */
export const UNKNOWN_OS: MinidumpOs = {
  platform: 'unknown',
  version: '',
  build: null,
  csdVersion: null,
  platformId: -1,
  productType: 0,
};
