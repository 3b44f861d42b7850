/**
 * The settings file in the app's data folder. A missing file means defaults; invalid fields are
 * dropped (with a warning) and the rest kept; writes are atomic and serialised. Never throws.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { err, ok, type Result } from '../../../../shared/result';
import { type AppSettings, applySettingsPatch, defaultSettings, sanitizeSettings } from '../../../../shared/settings-model';
import { writeFileAtomic } from '../atomic-file';
import { describeFsError } from '../fs-errors';

/** Far above any real settings file; guards a runaway read. */
const MAX_SETTINGS_BYTES = 4 * 1024 * 1024;

/** The settings of the app, kept in memory and saved on every change. */
export interface SettingsStore {
  readonly current: () => AppSettings;
  /** What loading found wrong, one sentence, or null. */
  readonly loadWarning: string | null;
  /** Applies a patch from the UI (validated field by field) and saves it. */
  readonly update: (patch: unknown) => Promise<Result<AppSettings>>;
}

async function load(file: string): Promise<{ settings: AppSettings; warning: string | null }> {
  let text: string;
  try {
    const bytes = await readFile(file);
    if (bytes.length > MAX_SETTINGS_BYTES) return { settings: defaultSettings(), warning: `${file} is too large; the default settings are used.` };
    text = bytes.toString('utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { settings: defaultSettings(), warning: null };
    return { settings: defaultSettings(), warning: `${file} could not be read (${describeFsError(e)}); the default settings are used.` };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return { settings: defaultSettings(), warning: `${file} is not valid JSON; the default settings are used.` };
  }
  const { settings, dropped } = sanitizeSettings(raw);
  return { settings, warning: dropped.length > 0 ? `Invalid settings were ignored: ${dropped.join(', ')}.` : null };
}

/** Loads the settings file (or defaults) and returns a store over it. */
export async function openSettingsStore(file: string): Promise<SettingsStore> {
  const loaded = await load(file);
  let settings = loaded.settings;
  let queue: Promise<unknown> = Promise.resolve();
  return {
    current: () => settings,
    loadWarning: loaded.warning,
    update: (patch) => {
      const run = queue.then(async (): Promise<Result<AppSettings>> => {
        const next = applySettingsPatch(settings, patch);
        if (!next.ok) return next;
        try {
          await mkdir(dirname(file), { recursive: true });
          await writeFileAtomic(file, `${JSON.stringify(next.value, null, 2)}\n`);
        } catch (e) {
          return err(`The settings could not be saved to ${file}: ${describeFsError(e)}.`);
        }
        settings = next.value;
        return ok(settings);
      });
      queue = run.catch(() => undefined);
      return run;
    },
  };
}
