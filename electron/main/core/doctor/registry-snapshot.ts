/**
 * A read registry subtree (from `reg query /s` or a .reg export) as plain data, and the builder
 * both parsers fill. Paths compare case-insensitively, as the registry does.
 */
import type { RegData, RegType } from '../../../../shared/doctor-model';

/** One value of a key. */
export interface RegValue {
  readonly name: string;
  readonly type: RegType;
  readonly value: RegData;
}

/** One key with its values, `path` as written (full root name, e.g. `HKEY_LOCAL_MACHINE\...`). */
export interface RegKey {
  readonly path: string;
  readonly values: readonly RegValue[];
}

/** What a parser read: keys in order, and bounded problems (line-numbered where there is a line). */
export interface RegSnapshot {
  readonly keys: readonly RegKey[];
  readonly problems: readonly string[];
}

/** Problems kept per snapshot; a hostile file could otherwise make one per line. */
export const MAX_PROBLEMS = 50;

/** Fills a snapshot key by key; later writes win, deletions remove what came before. */
export interface SnapshotBuilder {
  openKey(path: string): void;
  /** `[-KEY]`: the key and everything under it is gone. */
  deleteKey(path: string): void;
  /** Sets a value of the open key; false when no key is open. */
  setValue(value: RegValue): boolean;
  deleteValue(name: string): boolean;
  problem(message: string): void;
  build(): RegSnapshot;
}

/** A fresh builder. */
export function createSnapshotBuilder(): SnapshotBuilder {
  const keys = new Map<string, { path: string; values: Map<string, RegValue> }>();
  const problems: string[] = [];
  let dropped = 0;
  let open: { path: string; values: Map<string, RegValue> } | null = null;
  return {
    openKey(path) {
      const id = path.toLowerCase();
      open = keys.get(id) ?? { path, values: new Map() };
      keys.set(id, open);
    },
    deleteKey(path) {
      const id = path.toLowerCase();
      for (const k of [...keys.keys()]) if (k === id || k.startsWith(`${id}\\`)) keys.delete(k);
      open = null;
    },
    setValue(value) {
      if (!open) return false;
      open.values.set(value.name.toLowerCase(), value);
      return true;
    },
    deleteValue(name) {
      if (!open) return false;
      open.values.delete(name.toLowerCase());
      return true;
    },
    problem(message) {
      if (problems.length < MAX_PROBLEMS) problems.push(message);
      else dropped++;
    },
    build() {
      const list = [...keys.values()].map((k) => ({ path: k.path, values: [...k.values.values()] }));
      return { keys: list, problems: dropped > 0 ? [...problems, `… and ${dropped} more problems`] : [...problems] };
    },
  };
}

/** Canonical root names: regedit and reg.exe write the long forms, people type the short ones. */
const ROOTS: Readonly<Record<string, string>> = {
  HKLM: 'HKEY_LOCAL_MACHINE',
  HKCU: 'HKEY_CURRENT_USER',
  HKU: 'HKEY_USERS',
  HKCR: 'HKEY_CLASSES_ROOT',
  HKCC: 'HKEY_CURRENT_CONFIG',
};

/** A key path with its root spelled out, backslashes single, no trailing backslash. */
export function canonicalKeyPath(path: string): string {
  const parts = path.trim().split('\\').filter((p) => p.length > 0);
  const root = parts[0]?.toUpperCase() ?? '';
  return [ROOTS[root] ?? root, ...parts.slice(1)].join('\\');
}
