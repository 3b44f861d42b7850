/**
 * Fleet stores for `npm run bench scale`: what a company's CER collector holds — 2,000
 * applications with 1 to 4 crash sites each, one Report.wer folder per crash — generated once
 * under `.cache/fleet-<size>` (ignored by git) and reused while its marker file matches.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statfsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatReportWer, type ReportSpec, utf16leWithBom } from '../../electron/main/core/sample/report-writer';
import { SAMPLE_END_MS, sampleGuid } from '../../electron/main/core/sample/sample-catalog';
import { REPO_ROOT } from '../support/built';

/** Bump when the generated reports change: stores with another version are generated again. */
export const FLEET_VERSION = 1;
/** Applications in a fleet store. */
export const FLEET_APPS = 2000;

const VENDORS = ['Contoso', 'Fabrikam', 'Northwind', 'AdventureWorks', 'Litware', 'Tailspin', 'Woodgrove', 'Proseware', 'Wingtip', 'Humongous'];
const PRODUCTS = [
  'Viewer', 'Sync', 'Editor', 'Agent', 'Client', 'Studio', 'Reader', 'Updater', 'Console', 'Player',
  'Scanner', 'Backup', 'Mail', 'Chat', 'Notes', 'Designer', 'Monitor', 'Launcher', 'Print', 'Vault',
];
const SYSTEM_MODULES = ['ntdll.dll', 'KERNELBASE.dll', 'ucrtbase.dll', 'combase.dll'];
const CODES = ['c0000005', 'c0000409', 'c0000374', 'e0434352', 'c00000fd'];
/** Loaded-module lines per Report.wer: real files have 50–200; a few keep 1,000,000 files small. */
const LOADED_MODULES = Array.from({ length: 8 }, (_, i) => `C:\\Windows\\System32\\fleetmod${i}.dll`);
/** Reports are this far apart, newest first: 300,000 span about a month, 1,000,000 three. */
const STEP_MS = 7_919;

/** Which application and crash site the n-th report is (a multiplicative hash spreads them). */
export function fleetSlot(n: number): { app: number; site: number } {
  const app = Math.imul(n, 2654435761) >>> 0;
  const a = app % FLEET_APPS;
  const sites = 1 + (a % 4);
  return { app: a, site: (Math.imul(n, 40503) >>> 7) % sites };
}

/** The executable name of application `a` (unique per application). */
export function fleetExe(a: number): string {
  return `${VENDORS[a % VENDORS.length]}${PRODUCTS[Math.floor(a / VENDORS.length) % PRODUCTS.length]}${Math.floor(a / 200)}.exe`;
}

/** The n-th fleet report: its spec and store (every tenth in the queue, the rest archived with a bucket). */
export function fleetSpec(n: number): { spec: ReportSpec; store: 'ReportQueue' | 'ReportArchive' } {
  const { app, site } = fleetSlot(n);
  const exe = fleetExe(app);
  const guid = sampleGuid(`fleet:${n}`);
  const module = site === 0 ? exe.replace(/\.exe$/, 'Core.dll') : (SYSTEM_MODULES[(app + site) % SYSTEM_MODULES.length] ?? 'ntdll.dll');
  const code = CODES[(app * 3 + site) % CODES.length] ?? 'c0000005';
  const offset = (0x1000 + ((app * 131 + site * 977) % 0xfffff)).toString(16).padStart(16, '0');
  const version = `${1 + (app % 5)}.${n % 3}.${app % 7}.0`;
  const queued = n % 10 === 0;
  const bucket = sampleGuid(`fleet-bucket:${app}:${site}`).replace(/-/g, '');
  const vendor = VENDORS[app % VENDORS.length] ?? 'Contoso';
  const appPath = `C:\\Program Files\\${vendor}\\${exe}`;
  return {
    store: queued ? 'ReportQueue' : 'ReportArchive',
    spec: {
      folderName: `AppCrash_${exe}_${guid.replace(/-/g, '').slice(0, 40)}_${n.toString(16).padStart(8, '0')}_${guid}`,
      eventType: 'APPCRASH',
      reportType: 2,
      eventTimeMs: SAMPLE_END_MS - n * STEP_MS,
      reportIdentifier: guid,
      appName: exe.replace(/\.exe$/, ''),
      appPath,
      friendlyEventName: 'Stopped working',
      pid: 1000 + (n % 60_000),
      signature: [
        ['Application Name', exe], ['Application Version', version], ['Application Timestamp', '6523f1a0'],
        ['Fault Module Name', module], ['Fault Module Version', site === 0 ? version : '10.0.19041.3636'],
        ['Fault Module Timestamp', '6523f19c'], ['Exception Code', code], ['Exception Offset', offset],
      ],
      bucket: queued ? undefined : { id: bucket, table: 5, legacyId: String(BigInt(`0x${bucket.slice(0, 15)}`)) },
      uploadTimeMs: queued ? undefined : SAMPLE_END_MS - n * STEP_MS + 60_000,
      os: { major: 10, minor: 0, build: 19045, ubr: 3636 },
      loadedModules: LOADED_MODULES,
    },
  };
}

/** A fleet store on disk. */
export interface Fleet {
  /** The folder holding ReportQueue and ReportArchive (what `serve`/`scan` are given). */
  readonly store: string;
  readonly count: number;
  /** How long generating it took now, or null when it was reused. */
  readonly generatedMs: number | null;
}

interface Marker {
  readonly version: number;
  readonly count: number;
  readonly apps: number;
}

/** `300k`, `1m`: the folder suffix of a fleet size. */
export function fleetLabel(count: number): string {
  return count % 1_000_000 === 0 ? `${count / 1_000_000}m` : `${Math.round(count / 1000)}k`;
}

/** Free bytes on the disk holding `path`. */
export function freeBytes(path: string): number {
  const s = statfsSync(path);
  return s.bavail * s.bsize;
}

/**
 * The fleet store of `count` reports under `.cache/fleet-<size>`: reused when its marker says the
 * same version and size, else (re)generated — synchronous writes, which on one core beat a pool
 * of async ones for tiny files. Progress goes to `log` every 50,000 folders.
 */
export function ensureFleet(count: number, log: (line: string) => void): Fleet {
  const root = join(REPO_ROOT, '.cache', `fleet-${fleetLabel(count)}`);
  const store = join(root, 'WER');
  const markerFile = join(root, 'fleet.json');
  const wanted: Marker = { version: FLEET_VERSION, count, apps: FLEET_APPS };
  if (existsSync(markerFile)) {
    try {
      const marker = JSON.parse(readFileSync(markerFile, 'utf8')) as Marker;
      if (marker.version === wanted.version && marker.count === wanted.count && marker.apps === wanted.apps) {
        return { store, count, generatedMs: null };
      }
    } catch {
      // A damaged marker: generate again.
    }
  }
  rmSync(root, { recursive: true, force: true });
  mkdirSync(join(store, 'ReportQueue'), { recursive: true });
  mkdirSync(join(store, 'ReportArchive'), { recursive: true });
  const t = performance.now();
  for (let n = 0; n < count; n++) {
    const { spec, store: kind } = fleetSpec(n);
    const folder = join(store, kind, spec.folderName);
    mkdirSync(folder);
    writeFileSync(join(folder, 'Report.wer'), utf16leWithBom(formatReportWer(spec)));
    if ((n + 1) % 50_000 === 0) log(`scale: generated ${n + 1} of ${count} reports (${((performance.now() - t) / 1000).toFixed(0)} s)`);
  }
  // The marker last: an interrupted generation is started over next time.
  writeFileSync(markerFile, JSON.stringify(wanted));
  return { store, count, generatedMs: performance.now() - t };
}
