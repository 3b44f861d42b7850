/**
 * Decoders for the structured values of Report.wer: enum numbers, AppSessionGuid, TargetAppId and
 * TargetAppVer. Each takes the raw value text and never throws.
 */
import type { ProcessIdentity, TargetAppId, TargetAppVersion } from '../../../../shared/report-model';
import { filetimeUnixMs } from './filetime';

/** WER_REPORT_TYPE names (werapi.h). */
export const REPORT_TYPE_NAMES: Readonly<Record<number, string>> = {
  0: 'NonCritical',
  1: 'Critical',
  2: 'ApplicationCrash',
  3: 'ApplicationHang',
  4: 'Kernel',
  5: 'Invalid',
};

/** WER_FILE_TYPE names (werapi.h). */
export const FILE_TYPE_NAMES: Readonly<Record<number, string>> = {
  1: 'Microdump',
  2: 'Minidump',
  3: 'Heapdump',
  4: 'UserDocument',
  5: 'Other',
  6: 'Triagedump',
  7: 'CustomDump',
  8: 'AuxiliaryDump',
  9: 'EtlTrace',
};

/** A decimal integer (optionally negative) as a number; null for anything else or beyond 2^53. */
export function parseDecimal(value: string | null | undefined): number | null {
  if (value == null) return null;
  const s = value.trim();
  if (!/^-?\d{1,16}$/.test(s)) return null;
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : null;
}

const GUID = /^\{?([0-9a-f]{8})-[0-9a-f]{4}-[0-9a-f]{4}-([0-9a-f]{4})-([0-9a-f]{12})\}?$/i;
// A process start before 1990 or after 2200 means the GUID is not the layout we know.
const PLAUSIBLE_FROM = Date.UTC(1990, 0, 1);
const PLAUSIBLE_TO = Date.UTC(2200, 0, 1);

/**
 * PID and process start time from `AppSessionGuid`. The first group is the PID in hex; the last
 * 16 hex digits (groups 4 and 5) are the creation FILETIME as 8 little-endian bytes:
 * `…-dfe1-fb38ad50da01` → bytes df e1 fb 38 ad 50 da 01 → 0x01da50ad38fbe1df.
 */
export function parseAppSessionGuid(value: string | null | undefined): ProcessIdentity | null {
  if (value == null || value.length > 40) return null;
  const m = GUID.exec(value.trim());
  if (!m?.[1] || !m[2] || !m[3]) return null;
  const pid = Number.parseInt(m[1], 16);
  const timeHex = m[2] + m[3];
  // The two 32-bit halves of the little-endian FILETIME, then an exact division by 10,000 ticks
  // in Numbers (hi % 10,000 * 2^32 + lo < 2^46), which is several times faster than BigInt.
  const lo = littleEndian32(timeHex, 0);
  const hi = littleEndian32(timeHex, 8);
  const low = (hi % 10_000) * 2 ** 32 + lo;
  const ms = filetimeUnixMs(Math.floor(hi / 10_000) * 2 ** 32 + Math.floor(low / 10_000), low % 10_000);
  const plausible = ms !== null && ms >= PLAUSIBLE_FROM && ms < PLAUSIBLE_TO;
  return { pid, startTime: plausible ? new Date(ms).toISOString() : null };
}

/** The unsigned 32-bit value of 8 hex digits at `at` that spell 4 bytes in little-endian order. */
function littleEndian32(hex: string, at: number): number {
  const n = Number.parseInt(hex.slice(at, at + 8), 16);
  return (n & 0xff) * 0x1000000 + ((n >>> 8) & 0xff) * 0x10000 + ((n >>> 16) & 0xff) * 0x100 + (n >>> 24);
}

/** `TargetAppId`: `W:<program id>!<file id>!<exe>` (Win32) or `U:<PackageFullName>!<PRAID>` (packaged). */
export function parseTargetAppId(value: string | null | undefined): TargetAppId | null {
  if (value == null || value.trim() === '') return null;
  const raw = value.trim();
  const prefix = raw.slice(0, 2).toUpperCase();
  const parts = raw.slice(2).split('!');
  if (prefix === 'W:' && parts.length === 3 && parts.every((p) => p !== '')) {
    const [programId, fileId, exeName] = parts as [string, string, string];
    return { kind: 'win32', programId, fileId, exeName, raw };
  }
  if (prefix === 'U:' && parts.length === 2 && parts.every((p) => p !== '')) {
    const [packageFullName, applicationId] = parts as [string, string];
    return { kind: 'packaged', packageFullName, applicationId, raw };
  }
  return { kind: 'other', raw };
}

// Report.wer doubles the slashes (`2015//09//11:16:37:08`); the upload XML does not.
const LINK_DATE = /^(\d{4})\/\/?(\d{1,2})\/\/?(\d{1,2}):(\d{1,2}):(\d{1,2}):(\d{1,2})$/;

/** The PE link time of TargetAppVer as ISO-8601 UTC; nonsense years (2098) are kept, impossible dates are null. */
export function parseLinkDate(text: string): string | null {
  const m = LINK_DATE.exec(text.trim());
  if (!m) return null;
  const [year, month, day, hour, minute, second] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59) return null;
  const d = new Date(Date.UTC(2000, month - 1, day, hour, minute, second));
  // Date.UTC reads years 0-99 as 19xx; setting the year afterwards keeps `0050` as year 50.
  d.setUTCFullYear(year, month - 1, day);
  // A day past the month's end rolls over (31 February → March); Windows never writes those.
  if (d.getUTCMonth() !== month - 1 || d.getUTCDate() !== day) return null;
  return d.toISOString();
}

/**
 * `TargetAppVer`: `<link date>!<hex>!<exe>` for Win32 apps, `<version>_<arch>_!<link date>!<hex>!<exe>`
 * for packaged apps. Unknown shapes keep only `raw` (and the last part as the exe name).
 */
export function parseTargetAppVersion(value: string | null | undefined): TargetAppVersion | null {
  if (value == null || value.trim() === '') return null;
  const raw = value.trim();
  const parts = raw.split('!');
  const empty: TargetAppVersion = {
    version: null,
    architecture: null,
    linkTime: null,
    checksum: null,
    exeName: parts.length > 1 ? nonEmpty(parts[parts.length - 1]) : null,
    raw,
  };
  if (parts.length === 3) {
    const [date, checksum, exe] = parts as [string, string, string];
    return { ...empty, linkTime: parseLinkDate(date), checksum: nonEmpty(checksum), exeName: nonEmpty(exe) };
  }
  if (parts.length === 4) {
    const [pkg, date, checksum, exe] = parts as [string, string, string, string];
    // `1.2.7.0_x64_`: the trailing `_` closes an empty field (the resource id, inferred).
    const [version, architecture] = pkg.split('_');
    return {
      version: nonEmpty(version),
      architecture: nonEmpty(architecture),
      linkTime: parseLinkDate(date),
      checksum: nonEmpty(checksum),
      exeName: nonEmpty(exe),
      raw,
    };
  }
  return empty;
}

function nonEmpty(s: string | undefined): string | null {
  const t = s?.trim();
  return t ? t : null;
}
