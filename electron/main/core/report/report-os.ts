import type { ParsedReportWer, ReportOs } from '../../../../shared/report-model';

/** The parts of a parsed Report.wer the OS facts come from. */
export type OsSource = Pick<ParsedReportWer, 'osInfo' | 'dynamicSignature'>;

/** PROCESSOR_ARCHITECTURE_* values used by OsInfo `arch`. */
const ARCHITECTURES: Readonly<Record<string, string>> = {
  '0': 'X86',
  '5': 'ARM',
  '6': 'IA64',
  '9': 'X64',
  '12': 'ARM64',
};

/** OsInfo values by lower-cased key, trimmed; the first entry of a key wins, even a blank one. */
function osInfoValues(wer: OsSource): Map<string, string> {
  const values = new Map<string, string>();
  for (const e of wer.osInfo) {
    const key = e.key.toLowerCase();
    if (values.has(key)) continue;
    values.set(key, e.value?.trim() ?? '');
  }
  return values;
}

function osInfoValue(values: ReadonlyMap<string, string>, key: string): string | null {
  const value = values.get(key);
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
export function reportOs(wer: OsSource): ReportOs | null {
  const values = osInfoValues(wer);
  const major = osInfoValue(values, 'vermaj');
  const minor = osInfoValue(values, 'vermin');
  const build = osInfoValue(values, 'verbld');
  const ubr = osInfoValue(values, 'ubr');
  const arch = osInfoValue(values, 'arch');
  const edition = osInfoValue(values, 'edition');
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
