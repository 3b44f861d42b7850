/**
 * Effective WER settings from a registry snapshot: the values under the WER keys, policy over
 * machine over user for the same value, as Windows reads them.
 */
import type { DoctorSetting, SettingSource } from '../../../../shared/doctor-model';
import type { RegSnapshot } from './registry-snapshot';

/** Which family of names a key holds: WER's own, or the older PCHealth policy's. */
export type SettingScope = 'wer' | 'pchealth';

/** One root key the doctor reads, in precedence order (first wins). */
export interface WerRoot {
  readonly path: string;
  readonly source: SettingSource;
  readonly scope: SettingScope;
}

const WER = 'SOFTWARE\\Microsoft\\Windows\\Windows Error Reporting';
const WER_POLICY = 'SOFTWARE\\Policies\\Microsoft\\Windows\\Windows Error Reporting';
const PCHEALTH_POLICY = 'SOFTWARE\\Policies\\Microsoft\\PCHealth\\ErrorReporting';

/** The keys read, strongest first: machine policy, user policy, machine, user. */
export const WER_ROOTS: readonly WerRoot[] = [
  { path: `HKEY_LOCAL_MACHINE\\${WER_POLICY}`, source: 'policy', scope: 'wer' },
  { path: `HKEY_CURRENT_USER\\${WER_POLICY}`, source: 'policy', scope: 'wer' },
  { path: `HKEY_LOCAL_MACHINE\\${PCHEALTH_POLICY}`, source: 'policy', scope: 'pchealth' },
  { path: `HKEY_CURRENT_USER\\${PCHEALTH_POLICY}`, source: 'policy', scope: 'pchealth' },
  { path: `HKEY_LOCAL_MACHINE\\${WER}`, source: 'machine', scope: 'wer' },
  { path: `HKEY_CURRENT_USER\\${WER}`, source: 'user', scope: 'wer' },
];

/** The machine's LocalDumps key, where the actions write. */
export const LOCAL_DUMPS_KEY = `HKEY_LOCAL_MACHINE\\${WER}\\LocalDumps`;

/** An effective setting with where it sits relative to its root (`LocalDumps\\app.exe`, or ""). */
export interface PlacedSetting extends DoctorSetting {
  readonly scope: SettingScope;
  readonly subkey: string;
}

/** Effective settings, and the values Windows ignores where they are (LocalDumps under HKCU). */
export interface EffectiveSettings {
  readonly settings: readonly PlacedSetting[];
  readonly ignored: readonly PlacedSetting[];
  /**
   * LocalDumps keys that exist (subkey `LocalDumps` or `LocalDumps\\app.exe`): an empty key
   * already turns dumps on with the defaults, so keys count, not only values. HKCU ones are ignored by Windows.
   */
  readonly localDumpKeys: readonly { readonly path: string; readonly subkey: string; readonly source: SettingSource }[];
}

/** A per-user hive exported from HKEY_USERS\<SID> reads as the current user's. */
function asCurrentUser(path: string): string {
  return path.replace(/^HKEY_USERS\\[^\\]+\\/i, 'HKEY_CURRENT_USER\\');
}

function placeOf(path: string): { root: number; subkey: string } | null {
  const lower = asCurrentUser(path).toLowerCase();
  for (let i = 0; i < WER_ROOTS.length; i++) {
    const root = (WER_ROOTS[i]?.path ?? '').toLowerCase();
    if (lower === root) return { root: i, subkey: '' };
    if (lower.startsWith(`${root}\\`)) return { root: i, subkey: path.slice(path.length - (lower.length - root.length - 1)) };
  }
  return null;
}

/** Picks the effective WER settings out of a snapshot (keys outside the WER roots are left out). */
export function effectiveSettings(snapshot: RegSnapshot): EffectiveSettings {
  const best = new Map<string, { rank: number; setting: PlacedSetting }>();
  const ignored: PlacedSetting[] = [];
  const localDumpKeys: { path: string; subkey: string; source: SettingSource }[] = [];
  for (const key of snapshot.keys) {
    const place = placeOf(key.path);
    if (!place) continue;
    const root = WER_ROOTS[place.root] as WerRoot;
    if (root.scope === 'wer' && root.source !== 'policy' && /^localdumps(\\[^\\]+)?$/i.test(place.subkey)) {
      localDumpKeys.push({ path: key.path, subkey: place.subkey, source: root.source });
    }
    for (const v of key.values) {
      const setting: PlacedSetting = { path: key.path, name: v.name, type: v.type, value: v.value, source: root.source, scope: root.scope, subkey: place.subkey };
      // LocalDumps is machine-wide only: Windows does not read it from HKCU.
      if (root.source === 'user' && /^localdumps(\\|$)/i.test(place.subkey)) {
        ignored.push(setting);
        continue;
      }
      const id = `${root.scope}|${place.subkey.toLowerCase()}|${v.name.toLowerCase()}`;
      const seen = best.get(id);
      if (!seen || place.root < seen.rank) best.set(id, { rank: place.root, setting });
    }
  }
  const settings = [...best.values()].map((b) => b.setting);
  settings.sort((a, b) => a.scope.localeCompare(b.scope) || a.subkey.localeCompare(b.subkey) || a.name.localeCompare(b.name));
  return { settings, ignored, localDumpKeys };
}

/** The effective value of `name` in `subkey` of a scope, or undefined. */
export function findSetting(s: EffectiveSettings, scope: SettingScope, subkey: string, name: string): PlacedSetting | undefined {
  return s.settings.find((x) => x.scope === scope && x.subkey.toLowerCase() === subkey.toLowerCase() && x.name.toLowerCase() === name.toLowerCase());
}

/** Plain JSON settings (without the placement helpers). */
export function publicSettings(s: EffectiveSettings): DoctorSetting[] {
  return s.settings.map(({ path, name, type, value, source }) => ({ path, name, type, value, source }));
}
