/** Reading effective settings for messages: numbers leniently, and where a value is set. */
import type { PlacedSetting } from './effective-settings';

/** A setting's number: DWORDs as they are, digit strings leniently (hand-made keys use REG_SZ). */
export function numberOf(s: PlacedSetting | undefined): number | null {
  if (!s) return null;
  if (typeof s.value === 'number') return s.value;
  if (typeof s.value === 'string' && /^\s*\d+\s*$/.test(s.value)) return Number(s.value);
  return null;
}

/** Where a value is set, for messages: `Disabled = 1 (policy, HKEY_…\Windows Error Reporting)`. */
export function where(s: PlacedSetting): string {
  return `${s.name} = ${Array.isArray(s.value) ? s.value.join(', ') : String(s.value)} (${s.source}, ${s.path})`;
}

