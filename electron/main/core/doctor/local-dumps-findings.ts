/**
 * LocalDumps findings: one per configured app (and one for the global key), saying which dumps
 * land where; per-app values override the global ones, which override Windows' defaults.
 */
import type { DoctorFinding } from '../../../../shared/doctor-model';
import { type EffectiveSettings, findSetting } from './effective-settings';
import { numberOf } from './setting-values';

const DEFAULT_FOLDER = '%LOCALAPPDATA%\\CrashDumps';
const DEFAULT_COUNT = 10;
const DUMP_TYPES: Readonly<Record<number, string>> = { 0: 'custom dumps (CustomDumpFlags)', 1: 'mini dumps', 2: 'full dumps' };

function one(e: EffectiveSettings, key: { path: string; subkey: string }): DoctorFinding {
  const app = key.subkey.includes('\\') ? key.subkey.slice(key.subkey.indexOf('\\') + 1) : null;
  const pick = (name: string) => findSetting(e, 'wer', key.subkey, name) ?? (app ? findSetting(e, 'wer', 'LocalDumps', name) : undefined);
  const folderSetting = pick('DumpFolder');
  const folder = typeof folderSetting?.value === 'string' && folderSetting.value !== '' ? folderSetting.value : DEFAULT_FOLDER;
  const count = numberOf(pick('DumpCount')) ?? DEFAULT_COUNT;
  const type = numberOf(pick('DumpType')) ?? 1;
  const flags = numberOf(pick('CustomDumpFlags'));
  const who = app ?? 'every app';
  const kind = DUMP_TYPES[type] ?? `DumpType ${type} (not 0, 1 or 2: Windows writes mini dumps)`;
  const customWithoutFlags = type === 0 && flags === null;
  // A per-app key needs its parent, and the parent alone already means "every app": say so when that is all it is.
  const bareParent = !app && !e.settings.some((s) => s.scope === 'wer' && s.subkey.toLowerCase() === 'localdumps') && e.localDumpKeys.some((k) => k.source === 'machine' && k.subkey.includes('\\'));
  const message =
    `LocalDumps for ${who}: ${kind} into ${folder}, keeping ${count}. Set at ${key.path}.` +
    (bareParent ? ' The key has no values of its own (it holds the per-app keys), yet Windows reads it as on for every app.' : '') +
    (customWithoutFlags ? ' DumpType 0 without CustomDumpFlags gives near-empty dumps.' : '') +
    (folder.includes('%LOCALAPPDATA%') ? ' Services\u2019 dumps land in their own profile (e.g. %WINDIR%\\System32\\Config\\SystemProfile).' : '');
  const fix = app
    ? `Open the dumps in ${folder}; to stop, run doctor --disable-local-dumps ${app} (deletes ${key.path}).`
    : `Open the dumps in ${folder}; to stop for every app, delete ${key.path}.`;
  return { id: 'local-dumps', severity: customWithoutFlags ? 'warning' : 'info', subject: app ?? 'LocalDumps', message, fix };
}

/** LocalDumps findings, including keys Windows ignores under HKCU. */
export function localDumpsFindings(e: EffectiveSettings): DoctorFinding[] {
  const out: DoctorFinding[] = [];
  for (const key of e.localDumpKeys) {
    if (key.source === 'machine') {
      out.push(one(e, key));
      continue;
    }
    out.push({
      id: 'local-dumps',
      severity: 'warning',
      subject: key.subkey,
      message: `${key.path} is under HKEY_CURRENT_USER, where Windows does not read LocalDumps: no dumps come from it.`,
      fix: `Create the same key under HKEY_LOCAL_MACHINE (doctor --enable-local-dumps APP.exe, elevated) and delete ${key.path}.`,
    });
  }
  return out;
}
