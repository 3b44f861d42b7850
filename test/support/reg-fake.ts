/**
 * A fake reg.exe over an in-memory registry, answering `query KEY [/s]`, `add KEY /v /t /d /f` and
 * `delete KEY /f` with Windows' output and exit codes (wer-formats.md §8), so the live doctor and
 * the LocalDumps actions are tested without Windows. It can refuse writes or reads as a
 * non-elevated user meets them ("ERROR: Access is denied.").
 */
import type { RegRun, RunReg } from '../../electron/main/core/doctor/reg-exe';
import { type RegQueryValue, regQueryText } from './reg-query-writer';

/** Options of the fake. */
export interface FakeRegOptions {
  /** Writes (add, delete) answer access denied, as for a non-elevated user under HKLM. */
  readonly denyWrites?: boolean;
  /** Queries of keys starting with one of these answer access denied. */
  readonly denyRead?: readonly string[];
}

/** The fake: its runner, its keys (full paths → values), and the argument lists it was run with. */
export interface FakeReg {
  readonly run: RunReg;
  readonly keys: Map<string, RegQueryValue[]>;
  readonly calls: string[][];
}

const MISSING: RegRun = { code: 1, stdout: '', stderr: 'ERROR: The system was unable to find the specified registry key or value.\r\n' };
const DENIED: RegRun = { code: 1, stdout: '', stderr: 'ERROR: Access is denied.\r\n' };
const DONE: RegRun = { code: 0, stdout: 'The operation completed successfully.\r\n', stderr: '' };

function full(path: string): string {
  return path.replace(/^HKLM\\/i, 'HKEY_LOCAL_MACHINE\\').replace(/^HKCU\\/i, 'HKEY_CURRENT_USER\\');
}

/** A fake reg.exe over `initial` keys. */
export function fakeReg(initial: Record<string, RegQueryValue[]> = {}, options: FakeRegOptions = {}): FakeReg {
  const keys = new Map<string, RegQueryValue[]>(Object.entries(initial).map(([k, v]) => [full(k), [...v]]));
  const calls: string[][] = [];
  const find = (path: string) => [...keys.keys()].find((k) => k.toLowerCase() === path.toLowerCase());
  const under = (path: string) => [...keys.keys()].filter((k) => k.toLowerCase() === path.toLowerCase() || k.toLowerCase().startsWith(`${path.toLowerCase()}\\`)).sort();
  const run: RunReg = async (args) => {
    calls.push([...args]);
    const [verb, rawKey = ''] = args;
    const key = full(rawKey);
    if (verb === 'query') {
      if (options.denyRead?.some((p) => key.toLowerCase().startsWith(full(p).toLowerCase()))) return DENIED;
      const found = args.includes('/s') ? under(key) : [find(key)].filter((k): k is string => k !== undefined);
      if (found.length === 0) return MISSING;
      return { code: 0, stdout: regQueryText(found.map((k) => ({ path: k, values: keys.get(k) ?? [] }))), stderr: '' };
    }
    if (options.denyWrites) return DENIED;
    if (verb === 'delete') {
      const found = under(key);
      if (found.length === 0) return MISSING;
      for (const k of found) keys.delete(k);
      return DONE;
    }
    if (verb === 'add') {
      const at = (flag: string) => args[args.indexOf(flag) + 1] ?? '';
      const name = at('/v');
      const type = at('/t') as RegQueryValue['type'];
      const data = at('/d');
      const path = find(key) ?? key;
      const values = (keys.get(path) ?? []).filter((v) => v.name.toLowerCase() !== name.toLowerCase());
      values.push((type === 'REG_DWORD' ? { name, type, data: Number(data) } : { name, type, data }) as RegQueryValue);
      keys.set(path, values);
      return DONE;
    }
    return { code: 1, stdout: '', stderr: `ERROR: Invalid syntax.\r\n` };
  };
  return { run, keys, calls };
}
