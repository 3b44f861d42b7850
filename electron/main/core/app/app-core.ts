/**
 * Composition of the app's core: settings, triage, the live library and the WerApi service over
 * them, in the app's data folder. The desktop main process and the browser-mode `serve` command
 * both start here, so they behave the same.
 */
import { basename, join } from 'node:path';
import type { AppSettings } from '../../../../shared/settings-model';
import type { StoreLocation } from '../../../../shared/store-model';
import type { WerCalls } from '../../../../shared/wer-api';
import { locationsForPaths } from '../bundle-import/bundle-location';
import { ReportLibrary } from '../library/report-library';
import { openTriageStore } from '../library/triage-store';
import { defaultLocations } from '../store/default-locations';
import { LibraryHost } from './library-host';
import { openSettingsStore, type SettingsStore } from './settings-store';
import { symbolLocatorBase } from './symbol-settings';
import { createWerService, type ShellHooks } from './wer-service';

/** How to start the core. */
export interface AppCoreOptions {
  /** The app's data folder: settings, triage, report cache, outbox, sample store. */
  readonly dataDir: string;
  readonly shell: ShellHooks;
  /** A fixed store list (`serve PATH...`); absent = the stores of the settings. */
  readonly locations?: readonly StoreLocation[];
  /** Keep a report cache in the data folder (the desktop app; not for one-off `serve` runs over paths). */
  readonly cache?: boolean;
  /** Told about problems with the settings or triage files. */
  readonly onWarning?: (message: string) => void;
  /** The environment the symbol path is read from; default `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** The running core. */
export interface AppCore {
  readonly host: LibraryHost;
  readonly calls: WerCalls;
  readonly settings: SettingsStore;
  readonly close: () => Promise<void>;
}

/**
 * The stores the settings ask for: the default ones (unless turned off) and the extra folders or
 * bundles. A bundle that cannot be opened (corrupt, not a zip) stays in the list as a store in
 * state `error` with the reason, so Settings and the store notes show it instead of it silently
 * missing.
 */
export async function settingsLocations(settings: AppSettings, dataDir: string): Promise<StoreLocation[]> {
  const base = settings.useDefaultStores ? await defaultLocations(undefined, join(dataDir, 'sample-store')) : [];
  const extra: StoreLocation[] = [];
  // One path at a time: locationsForPaths does not say which path an error belongs to.
  for (const path of settings.extraStores) {
    const { locations, errors } = await locationsForPaths([path], { cacheDir: join(dataDir, 'bundles') });
    extra.push(...locations);
    for (const error of errors) {
      extra.push({ path, scope: 'extra', label: `Bundle ${basename(path)}`, failure: /[.!?]$/.test(error) ? error : `${error}.` });
    }
  }
  return [...base, ...extra];
}

/** Opens settings, triage and the library, and builds the WerApi service over them. */
export async function openAppCore(options: AppCoreOptions): Promise<AppCore> {
  const { dataDir } = options;
  const settings = await openSettingsStore(join(dataDir, 'settings.json'));
  if (settings.loadWarning) options.onWarning?.(settings.loadWarning);
  const triage = await openTriageStore(join(dataDir, 'triage.json'), options.onWarning ? { onWarning: options.onWarning } : {});
  const cacheFile = options.cache ? join(dataDir, 'reports-cache.json') : undefined;
  // Top frames (problems group by them) are named with the symbol path of the moment, its local
  // parts only (top-frame-reader.ts), so the company CA file plays no part.
  const env = options.env ?? process.env;
  const topFrameSymbols = async () => {
    const base = await symbolLocatorBase({ ...settings.current(), cerCaFile: '' }, dataDir, env);
    return base.ok ? { elements: base.value.elements, defaultCache: base.value.defaultCache } : null;
  };
  const host = await LibraryHost.open(
    options.locations ?? (await settingsLocations(settings.current(), dataDir)),
    (locations) => new ReportLibrary({ locations, ...(cacheFile ? { cacheFile } : {}), topFrameSymbols }),
  );
  const calls = createWerService({
    host,
    triage,
    settings,
    shell: options.shell,
    dataDir,
    ...(options.env ? { env: options.env } : {}),
    ...(options.locations ? {} : { locationsFor: (s: AppSettings) => settingsLocations(s, dataDir) }),
  });
  return { host, calls, settings, close: () => host.close() };
}
