/**
 * The app's settings: which stores to read, the CER server to forward to, export defaults and
 * look. Plain JSON (the settings file's content, and what crosses IPC). Validation lives here so
 * the file loader and the IPC payload check apply the same rules.
 */
import type { GroupingMode } from './problem-model';
import { err, ok, type Result } from './result';
import { isRecord } from './is-record';

/** Colour scheme: follow the OS, or force one. */
export type ThemeSetting = 'system' | 'light' | 'dark';

/** Defaults of the ticket-bundle export dialog. */
export interface ExportDefaults {
  readonly redact: boolean;
  readonly includeDumps: boolean;
  readonly includeHeapDumps: boolean;
  /** Largest bundle in MiB; null = no limit. */
  readonly sizeBudgetMiB: number | null;
}

/** Settings file version 1. */
export interface AppSettings {
  readonly version: 1;
  /** Read the machine's WER stores (or the sample store off Windows). */
  readonly useDefaultStores: boolean;
  /** More folders to read: stores, report folders, collected stores, opened bundles. */
  readonly extraStores: readonly string[];
  /** CER server URL to forward to (`http(s)://host[:port]`), empty when none. */
  readonly cerServer: string;
  /** Machine and user names sent to the CER server; empty = from each report, else this machine. */
  readonly cerMachine: string;
  readonly cerUser: string;
  /** PEM file of the CA that signed an HTTPS CER server's certificate (a company CA); empty = the usual CAs. */
  readonly cerCaFile: string;
  readonly exportDefaults: ExportDefaults;
  /** A desktop notification for each new crash. */
  readonly notifyNewCrashes: boolean;
  readonly grouping: GroupingMode;
  readonly theme: ThemeSetting;
}

/** A change to the settings; fields left out keep their value. */
export type SettingsPatch = Partial<Omit<AppSettings, 'version' | 'exportDefaults'>> & {
  readonly exportDefaults?: Partial<ExportDefaults>;
};

/** Limits: the file is read whole and paths come from the UI. */
export const SETTINGS_LIMITS = { extraStores: 200, path: 4096, text: 2048 } as const;

/** The settings before the user changed anything. */
export function defaultSettings(): AppSettings {
  return {
    version: 1,
    useDefaultStores: true,
    extraStores: [],
    cerServer: '',
    cerMachine: '',
    cerUser: '',
    cerCaFile: '',
    exportDefaults: { redact: true, includeDumps: false, includeHeapDumps: false, sizeBudgetMiB: null },
    notifyNewCrashes: true,
    grouping: 'signature',
    theme: 'system',
  };
}

function text(v: unknown, what: string): Result<string> {
  if (typeof v !== 'string') return err(`${what} must be text.`);
  if (v.length > SETTINGS_LIMITS.text) return err(`${what} is too long.`);
  if (/[\u0000-\u001f]/.test(v)) return err(`${what} must be one line of text.`);
  return ok(v.trim());
}

function bool(v: unknown, what: string): Result<boolean> {
  return typeof v === 'boolean' ? ok(v) : err(`${what} must be true or false.`);
}

function storeList(v: unknown): Result<readonly string[]> {
  if (!Array.isArray(v)) return err('Extra stores must be a list of folders.');
  if (v.length > SETTINGS_LIMITS.extraStores) return err(`At most ${SETTINGS_LIMITS.extraStores} extra stores.`);
  const out: string[] = [];
  for (const p of v) {
    if (typeof p !== 'string' || p.trim() === '' || p.length > SETTINGS_LIMITS.path || p.includes('\u0000')) {
      return err('Each extra store must be a folder path.');
    }
    if (!out.includes(p.trim())) out.push(p.trim());
  }
  return ok(out);
}

function cerServer(v: unknown): Result<string> {
  const t = text(v, 'The CER server');
  if (!t.ok || t.value === '') return t;
  // shared/ has no URL class (no DOM, no Node): the shape is checked here, the core parses it fully.
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(t.value)?.[1]?.toLowerCase();
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') return err('The CER server must use http or https.');
  if (!/^(https?:\/\/)?(\[[0-9a-f:.]+\]|[\w.-]+)(:\d{1,5})?\/?$/i.test(t.value)) {
    return err('The CER server must be an address like http://cer.example.com:1273.');
  }
  return ok(t.value);
}

function filePath(v: unknown, what: string): Result<string> {
  if (typeof v !== 'string') return err(`${what} must be a file path.`);
  if (v.length > SETTINGS_LIMITS.path || /[\u0000-\u001f]/.test(v)) return err(`${what} must be a file path.`);
  return ok(v.trim());
}

function exportDefaults(v: unknown, base: ExportDefaults): Result<ExportDefaults> {
  if (!isRecord(v)) return err('Export defaults must be an object.');
  let next = { ...base };
  for (const key of ['redact', 'includeDumps', 'includeHeapDumps'] as const) {
    if (v[key] === undefined) continue;
    const b = bool(v[key], `Export option ${key}`);
    if (!b.ok) return b;
    next = { ...next, [key]: b.value };
  }
  if (v.sizeBudgetMiB !== undefined) {
    const n = v.sizeBudgetMiB;
    if (n !== null && (typeof n !== 'number' || !Number.isFinite(n) || n <= 0 || n > 1_048_576)) {
      return err('The bundle size limit must be a positive number of MiB, or none.');
    }
    next = { ...next, sizeBudgetMiB: n };
  }
  return ok(next);
}

/** Applies a patch from the UI (or a file) to settings, checking every field; unknown keys are refused. */
export function applySettingsPatch(base: AppSettings, patch: unknown): Result<AppSettings> {
  if (!isRecord(patch)) return err('Settings must be an object.');
  let next: AppSettings = base;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    let r: Result<unknown>;
    switch (key) {
      case 'version':
        r = value === 1 ? ok(1) : err('Unknown settings version.');
        break;
      case 'useDefaultStores':
      case 'notifyNewCrashes':
        r = bool(value, key);
        break;
      case 'extraStores':
        r = storeList(value);
        break;
      case 'cerServer':
        r = cerServer(value);
        break;
      case 'cerMachine':
      case 'cerUser':
        r = text(value, key === 'cerMachine' ? 'The machine name' : 'The user name');
        break;
      case 'cerCaFile':
        r = filePath(value, 'The CA certificate file');
        break;
      case 'exportDefaults':
        r = exportDefaults(value, next.exportDefaults);
        break;
      case 'grouping':
        r = value === 'signature' || value === 'application' ? ok(value) : err('Grouping must be signature or application.');
        break;
      case 'theme':
        r = value === 'system' || value === 'light' || value === 'dark' ? ok(value) : err('Theme must be system, light or dark.');
        break;
      default:
        return err(`Unknown setting: ${key.slice(0, 40)}.`);
    }
    if (!r.ok) return r;
    next = { ...next, [key]: r.value };
  }
  return ok(next);
}

/** Settings read from a file: every valid field kept, defaults for the rest. */
export function sanitizeSettings(raw: unknown): { readonly settings: AppSettings; readonly dropped: readonly string[] } {
  let settings = defaultSettings();
  const dropped: string[] = [];
  if (!isRecord(raw)) return { settings, dropped: ['(whole file)'] };
  for (const [key, value] of Object.entries(raw)) {
    const r = applySettingsPatch(settings, { [key]: value });
    if (r.ok) settings = r.value;
    else dropped.push(key);
  }
  return { settings, dropped };
}
