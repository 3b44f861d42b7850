/**
 * Where LocalDumps dumps land on a Windows machine (wer-formats.md §8): the DumpFolder of the
 * global `…\Windows Error Reporting\LocalDumps` key and of each per-app subkey (read from the live
 * registry with the doctor's reg.exe runner and parser), the default `%LOCALAPPDATA%\CrashDumps`
 * of the current user and of the other profiles, and the service profiles' CrashDumps (services
 * write there when the folder is left at its default). Missing folders are normal.
 */
import { win32 } from 'node:path';
import type { StoreLocation } from '../../../../shared/store-model';
import { effectiveSettings, findSetting, LOCAL_DUMPS_KEY } from '../doctor/effective-settings';
import { parseRegQuery } from '../doctor/parse-reg-query';
import type { RunReg } from '../doctor/reg-exe';

/** The default DumpFolder below a profile's `AppData\Local`. */
const CRASH_DUMPS = 'CrashDumps';

/** How long discovery waits for reg.exe: the store list must not wait on a slow or stuck registry. */
export const REGISTRY_WAIT_MS = 3000;

/** What localDumpLocations needs to know about the machine. */
export interface LocalDumpsMachine {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** `reg query LOCAL_DUMPS_KEY /s` output (readLocalDumpsKey), "" when unknown. */
  readonly registry: string;
  /** Other profiles (`bob`, `C:\Users\bob`) whose default CrashDumps are looked at. */
  readonly profiles?: readonly { readonly name: string; readonly path: string }[];
}

/** A DumpFolder the registry sets, with the app it is for (null: the global key). */
export interface ConfiguredDumpFolder {
  readonly app: string | null;
  readonly folder: string;
}

/** Expands `%NAME%` from the environment (names compare case-insensitively, as on Windows); unknown names stay. */
export function expandEnvironment(text: string, env: LocalDumpsMachine['env']): string {
  const byName = new Map(Object.entries(env).map(([k, v]) => [k.toLowerCase(), v]));
  return text.replace(/%([^%\\/]+)%/g, (whole, name: string) => byName.get(name.toLowerCase()) ?? whole);
}

/**
 * The DumpFolder values of the machine's LocalDumps keys (`reg query LOCAL_DUMPS_KEY /s`
 * output), expanded. Keys without one use the default folder, which is listed anyway.
 */
export function configuredDumpFolders(regQueryOutput: string, env: LocalDumpsMachine['env']): ConfiguredDumpFolder[] {
  const settings = effectiveSettings(parseRegQuery(regQueryOutput));
  const out: ConfiguredDumpFolder[] = [];
  for (const key of settings.localDumpKeys) {
    if (key.source !== 'machine') continue;
    const folder = findSetting(settings, 'wer', key.subkey, 'DumpFolder')?.value;
    if (typeof folder !== 'string' || folder.trim() === '') continue;
    const slash = key.subkey.indexOf('\\');
    out.push({ app: slash < 0 ? null : key.subkey.slice(slash + 1), folder: expandEnvironment(folder.trim(), env) });
  }
  return out;
}

/** reg.exe's answer for the machine's LocalDumps key; "" when there is none, it fails or takes longer than `waitMs`. */
export async function readLocalDumpsKey(runReg: RunReg, waitMs = REGISTRY_WAIT_MS): Promise<string> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), waitMs);
  });
  try {
    const run = await Promise.race([runReg(['query', LOCAL_DUMPS_KEY, '/s']), late]);
    return run && run.code === 0 ? run.stdout : '';
  } catch {
    // No reg.exe, no key, no rights: the default folders are still listed.
    return '';
  } finally {
    clearTimeout(timer);
  }
}

function crashDumpsOf(profileLocal: string, scope: StoreLocation['scope'], who: string): StoreLocation {
  return { path: win32.join(profileLocal, CRASH_DUMPS), scope, label: `LocalDumps (${who})` };
}

/**
 * The LocalDumps folders of a Windows machine, registry folders first (a registry that could not
 * be read leaves only the default folders).
 */
export function localDumpLocations(machine: LocalDumpsMachine): StoreLocation[] {
  const env = machine.env;
  const windows = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir ?? env.WINDIR ?? 'C:\\Windows';
  const locations: StoreLocation[] = configuredDumpFolders(machine.registry, env).map(({ app, folder }) => ({
    path: folder,
    scope: 'machine',
    label: `LocalDumps (${app ?? 'every app'})`,
  }));
  if (env.LOCALAPPDATA) locations.push(crashDumpsOf(env.LOCALAPPDATA, 'user', env.USERNAME ?? 'current user'));
  for (const p of machine.profiles ?? []) locations.push(crashDumpsOf(win32.join(p.path, 'AppData', 'Local'), 'user', p.name));
  locations.push(
    crashDumpsOf(win32.join(windows, 'System32', 'config', 'systemprofile', 'AppData', 'Local'), 'machine', 'SYSTEM'),
    crashDumpsOf(win32.join(windows, 'ServiceProfiles', 'LocalService', 'AppData', 'Local'), 'machine', 'LocalService'),
    crashDumpsOf(win32.join(windows, 'ServiceProfiles', 'NetworkService', 'AppData', 'Local'), 'machine', 'NetworkService'),
  );
  return locations;
}
