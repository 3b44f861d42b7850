import { readdir } from 'node:fs/promises';
import { win32 } from 'node:path';
import type { StoreLocation } from '../../../../shared/store-model';
import { realRunReg, regExePath, type RunReg } from '../doctor/reg-exe';
import { localDumpLocations, readLocalDumpsKey } from '../localdumps/local-dump-locations';
import { liveEventLogLocations } from './event-log-store';

/** What store discovery needs to know about the machine; injected so tests can fake Windows. */
export interface MachineInfo {
  readonly platform: NodeJS.Platform;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Lists the sub-folders of a folder (the user profiles); rejects when it cannot. */
  readonly listFolders?: (path: string) => Promise<string[]>;
  /** Runs reg.exe to find the LocalDumps folders (default: Windows' own); null leaves the registry out. */
  readonly runReg?: RunReg | null;
}

const WER_SUBPATH = ['Microsoft', 'Windows', 'WER'] as const;
const STORE_FOLDERS = [
  ['ReportQueue', 'queue'],
  ['ReportArchive', 'archive'],
] as const;

/** Profile folders that are not real users' and have no WER stores of their own. */
const NON_USER_PROFILES = new Set(['public', 'default', 'default user', 'all users', 'defaultapppool']);

async function listFoldersFromDisk(path: string): Promise<string[]> {
  const entries = await readdir(path, { withFileTypes: true });
  return entries.filter((e) => e.isDirectory()).map((e) => e.name);
}

function storesUnder(werFolder: string, scope: 'machine' | 'user', who: string): StoreLocation[] {
  return STORE_FOLDERS.map(([folder, word]) => ({
    path: win32.join(werFolder, folder),
    scope,
    label: `${who} ${word}`,
  }));
}

/**
 * Where Windows keeps kernel dumps (the Minidump store): bug-check small dumps, live kernel dumps
 * (one folder per component below LiveKernelReports) and the last complete/kernel MEMORY.DMP.
 * Reading them needs administrator rights, so "access denied" there is normal for a user.
 */
export function kernelDumpLocations(env: MachineInfo['env']): StoreLocation[] {
  const windows = env.SystemRoot ?? env.SYSTEMROOT ?? env.windir ?? env.WINDIR ?? 'C:\\Windows';
  return [
    { path: win32.join(windows, 'Minidump'), scope: 'machine', label: 'Kernel minidumps' },
    { path: win32.join(windows, 'LiveKernelReports'), scope: 'machine', label: 'Live kernel reports' },
    { path: win32.join(windows, 'MEMORY.DMP'), scope: 'machine', label: 'Kernel memory dump' },
  ];
}

/**
 * The machine's stores on Windows: ProgramData's ReportQueue/ReportArchive, the kernel dump
 * folders, then the WER stores of every user profile that can be listed (the current user's
 * always, from LOCALAPPDATA), then the LocalDumps folders (registry, profiles, services; see
 * local-dump-locations.ts), and the live Application and System event logs. Profiles that cannot be listed are skipped here; their stores are
 * reported when scanned. Empty elsewhere.
 */
export async function windowsStoreLocations(machine: MachineInfo): Promise<StoreLocation[]> {
  if (machine.platform !== 'win32') return [];
  const env = machine.env;
  const programData = env.ProgramData ?? env.PROGRAMDATA ?? env.ALLUSERSPROFILE ?? 'C:\\ProgramData';
  const locations = storesUnder(win32.join(programData, ...WER_SUBPATH), 'machine', 'Machine');
  locations.push(...kernelDumpLocations(env));

  const localAppData = env.LOCALAPPDATA;
  const currentUser = env.USERNAME ?? 'current user';
  if (localAppData) {
    locations.push(...storesUnder(win32.join(localAppData, ...WER_SUBPATH), 'user', `User ${currentUser}`));
  }

  const usersDir = env.USERPROFILE ? win32.dirname(env.USERPROFILE) : win32.join(env.SystemDrive ?? 'C:', '\\Users');
  const runReg = machine.runReg === undefined ? realRunReg(regExePath(env)) : machine.runReg;
  // Asked while the profiles are listed: reg.exe takes a while to start. Never rejects.
  const registry = runReg ? readLocalDumpsKey(runReg) : Promise.resolve('');
  let profiles: string[] = [];
  try {
    profiles = await (machine.listFolders ?? listFoldersFromDisk)(usersDir);
  } catch {
    // Listing other profiles needs rights we may not have; the current user's stores are enough.
  }
  const others = profiles.filter((name) => !NON_USER_PROFILES.has(name.toLowerCase())).map((name) => ({ name, path: win32.join(usersDir, name) }));
  for (const p of others) locations.push(...storesUnder(win32.join(p.path, 'AppData', 'Local', ...WER_SUBPATH), 'user', `User ${p.name}`));
  locations.push(...localDumpLocations({ env, registry: await registry, profiles: others }));
  // The crashes the Application/System logs record, also those whose report folder is gone.
  locations.push(...liveEventLogLocations());
  return dedupeLocations(locations);
}

/** Drops later duplicates of the same path (Windows paths compare case-insensitively). */
export function dedupeLocations(locations: readonly StoreLocation[]): StoreLocation[] {
  const seen = new Set<string>();
  return locations.filter((l) => {
    const key = win32.normalize(l.path).toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** Wraps user-given paths (CLI arguments, settings) as store locations. */
export function extraLocations(paths: readonly string[]): StoreLocation[] {
  return paths.map((path) => ({ path, scope: 'extra', label: path }));
}
