/**
 * The app's settings: which stores to read, the CER server to forward to, where symbols come
 * from, export defaults and look. Plain JSON (the settings file's content, and what crosses IPC). Validation lives here so
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
  /**
   * PEM file of a company CA trusted for HTTPS next to the usual CAs: for the CER server and for
   * symbol servers alike (one company CA usually signs both); empty = the usual CAs only.
   */
  readonly cerCaFile: string;
  /** The app's symbol path in WinDbg syntax (`srv*CACHE*URL;D:\pdbs`); empty = none of its own. */
  readonly symbolPath: string;
  /** Adds Microsoft's public symbol server to the path. Off by default: no network unless asked for. */
  readonly symbolMicrosoftServer: boolean;
  /** The default downstream symbol cache; empty = `symbols` in the app's data folder. */
  readonly symbolCacheDir: string;
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
export const SETTINGS_LIMITS = { extraStores: 200, path: 4096, text: 2048, symbolPath: 16_384 } as const;

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
    symbolPath: '',
    symbolMicrosoftServer: false,
    symbolCacheDir: '',
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

// shared/ has no path module: a folder is absolute when it starts with a drive, a share or `/`.
const ABSOLUTE_PATH = /^([a-z]:[\\/]|\\\\[^\\]|\/)/i;

function folderPath(v: unknown, what: string): Result<string> {
  const p = filePath(v, what);
  if (!p.ok || p.value === '') return p;
  // A relative folder would follow the working directory the app happened to start in.
  return ABSOLUTE_PATH.test(p.value) ? p : err(`${what} must be a full path (like C:\\Symbols), or empty for the default.`);
}

function symbolPath(v: unknown): Result<string> {
  if (typeof v !== 'string') return err('The symbol path must be text.');
  if (v.length > SETTINGS_LIMITS.symbolPath) return err('The symbol path is too long.');
  if (/[\u0000-\u001f]/.test(v)) return err('The symbol path must be one line of text.');
  // Its elements are parsed by the core (symbol-path.ts); a bad element is shown and skipped, not refused.
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
      case 'symbolMicrosoftServer':
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
      case 'symbolPath':
        r = symbolPath(value);
        break;
      case 'symbolCacheDir':
        r = folderPath(value, 'The symbol cache folder');
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
