import type { ParsedReportWer, ReportOs } from '../../../../shared/report-model';

/** PROCESSOR_ARCHITECTURE_* values used by OsInfo `arch`. */
const ARCHITECTURES: Readonly<Record<string, string>> = {
  '0': 'X86',
  '5': 'ARM',
  '6': 'IA64',
  '9': 'X64',
  '12': 'ARM64',
};

function osInfoValue(wer: ParsedReportWer, key: string): string | null {
  const entry = wer.osInfo.find((e) => e.key.toLowerCase() === key);
  const value = entry?.value?.trim();
  return value ? value : null;
}

function toInt(value: string | null): number | null {
  if (value === null || !/^\d+$/.test(value)) return null;
  return Number(value);
}

/**
 * Operating system facts from Report.wer: OsInfo (Windows 10+) first, else DynamicSig[1]
 * ("10.0.19045.2.0.0.768.101" = major.minor.build...). Null when neither is present.
 */
export function reportOs(wer: ParsedReportWer): ReportOs | null {
  const major = osInfoValue(wer, 'vermaj');
  const minor = osInfoValue(wer, 'vermin');
  const build = osInfoValue(wer, 'verbld');
  const ubr = osInfoValue(wer, 'ubr');
  const arch = osInfoValue(wer, 'arch');
  const edition = osInfoValue(wer, 'edition');
  if (major && minor && build) {
    return {
      version: [major, minor, build, ...(ubr ? [ubr] : [])].join('.'),
      build: toInt(build),
      architecture: arch ? (ARCHITECTURES[arch] ?? `arch ${arch}`) : null,
      edition,
    };
  }
  const dyn = wer.dynamicSignature.find((e) => e.index === 1)?.value.trim();
  const parts = dyn ? dyn.split('.') : [];
  if (parts.length >= 3 && parts.slice(0, 3).every((p) => /^\d+$/.test(p))) {
    return { version: parts.slice(0, 3).join('.'), build: toInt(parts[2] ?? null), architecture: null, edition };
  }
  return null;
}
