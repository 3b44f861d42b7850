/**
 * Turns LocalDumps on or off for one app: writes or deletes HKLM\…\LocalDumps\APP.exe with
 * reg.exe (`add`/`delete`), reading the key before and after so the caller can say what changed.
 * Only ever run when the user asks; without elevation reg.exe answers access denied, said plainly.
 */
import type { RegData } from '../../../../shared/doctor-model';
import { err, ok, type Result } from '../../../../shared/result';
import { LOCAL_DUMPS_KEY } from './effective-settings';
import { parseRegQuery } from './parse-reg-query';
import { regFailure, regMessage, type RunReg } from './reg-exe';

/** What to write for `--enable-local-dumps`. */
export interface EnableLocalDumps {
  readonly kind: 'enable';
  readonly app: string;
  readonly dumpType: 'mini' | 'full';
  readonly folder?: string;
  readonly count?: number;
}

/** What to remove for `--disable-local-dumps`. */
export interface DisableLocalDumps {
  readonly kind: 'disable';
  readonly app: string;
}

/** A LocalDumps action. */
export type LocalDumpsAction = EnableLocalDumps | DisableLocalDumps;

/** The key's values before and after (null: the key does not exist). */
export interface LocalDumpsChange {
  readonly key: string;
  readonly changed: boolean;
  readonly before: Readonly<Record<string, RegData>> | null;
  readonly after: Readonly<Record<string, RegData>> | null;
}

/** Why an action failed: a bad request (usage) or what reg.exe said (runtime, e.g. not elevated). */
export type LocalDumpsError = { readonly kind: 'usage'; readonly message: string } | { readonly kind: 'failure'; readonly message: string };

/** Largest DumpCount accepted: a DWORD Windows reads as a count. */
const MAX_COUNT = 0x7fffffff;

/** Checks an app name: a file name ending in .exe, no path, nothing reg.exe or the registry would misread. */
export function validateAppName(app: string): Result<string, string> {
  if (!/^[^\\/:*?"<>|\x00-\x1f]+\.exe$/i.test(app) || app.length > 255 || app.trim() !== app) {
    return err(`${JSON.stringify(app)} is not an app file name: give the executable's name ending in .exe, without a folder (e.g. crashy.exe)`);
  }
  return ok(app);
}

/** Checks an action's values before anything is run. */
export function validateAction(a: LocalDumpsAction): Result<LocalDumpsAction, string> {
  const app = validateAppName(a.app);
  if (!app.ok) return app;
  if (a.kind === 'enable') {
    if (a.count !== undefined && (!Number.isInteger(a.count) || a.count < 1 || a.count > MAX_COUNT)) return err(`--count must be a whole number from 1 to ${MAX_COUNT}`);
    if (a.folder !== undefined && (a.folder.trim() === '' || /["\x00-\x1f]/.test(a.folder))) return err('--folder must be a folder path without quotes or control characters');
  }
  return ok(a);
}

async function readKey(runReg: RunReg, key: string): Promise<Result<Record<string, RegData> | null, string>> {
  const run = await runReg(['query', key]);
  if (run.code !== 0) return regFailure(run) === 'missing' ? ok(null) : err(regMessage(run));
  const values: Record<string, RegData> = {};
  for (const k of parseRegQuery(run.stdout).keys) for (const v of k.values) values[v.name] = v.value;
  return ok(values);
}

function failure(run: { code: number | null; stdout: string; stderr: string }, key: string, verb: string): LocalDumpsError {
  if (regFailure(run) === 'access-denied') {
    return { kind: 'failure', message: `access denied: ${verb} ${key} needs an elevated prompt (Run as administrator)` };
  }
  return { kind: 'failure', message: `${verb} ${key} failed: ${regMessage(run)}` };
}

/** The reg.exe `add` runs of an enable action, one per value. */
export function enableCommands(a: EnableLocalDumps): string[][] {
  const key = `${LOCAL_DUMPS_KEY}\\${a.app}`;
  const add = (name: string, type: string, data: string) => ['add', key, '/v', name, '/t', type, '/d', data, '/f'];
  const out = [add('DumpType', 'REG_DWORD', a.dumpType === 'full' ? '2' : '1')];
  if (a.folder !== undefined) out.push(add('DumpFolder', 'REG_EXPAND_SZ', a.folder));
  if (a.count !== undefined) out.push(add('DumpCount', 'REG_DWORD', String(a.count)));
  return out;
}

/** Runs an action with reg.exe; usage errors before anything is written, failures as reg.exe said them. */
export async function applyLocalDumps(action: LocalDumpsAction, runReg: RunReg): Promise<Result<LocalDumpsChange, LocalDumpsError>> {
  const valid = validateAction(action);
  if (!valid.ok) return err({ kind: 'usage', message: valid.error });
  const key = `${LOCAL_DUMPS_KEY}\\${action.app}`;
  const before = await readKey(runReg, key);
  if (!before.ok) return err({ kind: 'failure', message: `cannot read ${key}: ${before.error}` });
  if (action.kind === 'disable') {
    if (before.value === null) return ok({ key, changed: false, before: null, after: null });
    const run = await runReg(['delete', key, '/f']);
    if (run.code !== 0) return err(failure(run, key, 'deleting'));
  } else {
    for (const args of enableCommands(action)) {
      const run = await runReg(args);
      if (run.code !== 0) return err(failure(run, key, 'writing'));
    }
  }
  const after = await readKey(runReg, key);
  if (!after.ok) return err({ kind: 'failure', message: `cannot read ${key} back: ${after.error}` });
  return ok({ key, changed: JSON.stringify(before.value) !== JSON.stringify(after.value), before: before.value, after: after.value });
}
