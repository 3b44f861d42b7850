/**
 * Generated collector-sized libraries for the query engine's tests and bench: crash sites of many
 * applications (crashes, hangs, .NET, blue screens, packaged apps, odd spellings and scripts),
 * reports spread over time zones' day boundaries, every store and source kind, undated and
 * unparsable times, machines and bucket ids. Reports of one site share their parsed parts, so a
 * million of them fit in memory.
 */
import type { RecordSource, StoreKind, WerReport } from '../../../../shared/report-model';
import { mulberry32, type Prng } from '../../../support/prng';
import { crashSig, makeReport } from '../../../support/report-factory';

/** How a generated library looks. */
export interface FleetOptions {
  readonly seed: number;
  /** Distinct applications (each with a few crash sites). */
  readonly applications: number;
}

const STORES: readonly StoreKind[] = ['ReportQueue', 'ReportArchive', 'ReportArchive', 'Minidump', 'CrashDumps', 'EventLog', 'other'];
const MODULES = ['ntdll.dll', 'KERNELBASE.dll', 'ucrtbase.dll', 'ContosoRender.dll', 'clr.dll', 'Σύστημα.dll'];
const CODES = ['c0000005', 'c0000409', 'c0000374', 'e0434352', 'c00000fd', 'e06d7363', '80000003'];
const NEWEST = Date.parse('2026-11-20T23:30:00Z');

/** One crash site: a parsed report that generated reports copy. */
function siteTemplate(rng: Prng, app: string, n: number): WerReport {
  switch (n % 9) {
    case 0:
      return makeReport({ eventType: 'AppHangB1', sig: [app, '2.1.0.0', '5f000000', (n % 5).toString(16).padStart(4, '0'), '67246080'] });
    case 1:
      return makeReport({ eventType: 'BlueScreen', sig: ['0000001e', 'c0000005', 'fffff80312345678', '0', '0', '10_0_19045', '0_0', '256_1'] });
    case 2: {
      const r = makeReport({ eventType: 'APPCRASH', sig: crashSig(app, 'ContosoRender.dll') });
      return { ...r, fields: { ...r.fields, packageFullName: `Contoso.${app.replace(/\W/g, '')}_1.0.${n}.0_x64__8wekyb3d8bbwe`, application: 'praid:App' } };
    }
    case 3:
      return makeReport({ eventType: 'appcrash', sig: crashSig(app.toUpperCase(), rng.pick(MODULES), rng.pick(CODES), '0x1234') });
    case 4:
      return makeReport({ eventType: 'CLR20r3', sig: [app, '1.0.0.0', '5f000000', 'Contoso.Core', '1.0.0.0', '5f000001', '12', 'a3', 'System.NullReferenceException'] });
    case 5: {
      const r = makeReport({ sig: [] });
      return { ...r, eventType: null, appName: null, appPath: null };
    }
    default:
      return makeReport({ sig: crashSig(app, rng.pick(MODULES), rng.pick(CODES), `${rng.int(0x10000).toString(16).padStart(16, '0')}`, `1.${n % 4}.0.0`) });
  }
}

function timeOf(rng: Prng, i: number): string | null {
  const roll = rng.int(100);
  if (roll === 0) return null;
  if (roll === 1) return 'not a time';
  // Spread over ~400 days, with many reports near midnight so time zones move them across days.
  const ms = NEWEST - rng.int(400) * 86_400_000 - (rng.int(2) === 0 ? rng.int(3) * 3_600_000 : rng.int(86_400_000)) - (i % 1000);
  return new Date(ms).toISOString();
}

function sourcesOf(rng: Prng, folder: string, id: string, store: StoreKind): RecordSource[] {
  const wer: RecordSource = { kind: 'wer', folder, reportIds: [id] };
  const log: RecordSource = { kind: 'eventlog', log: null, channel: 'Application', provider: 'Application Error', eventId: 1000, recordId: 7, time: null, reportId: id };
  if (store === 'EventLog') return [log];
  if (store === 'Minidump' || store === 'CrashDumps') return [{ kind: 'dump', path: `${folder}.dmp`, size: 4096 }];
  const roll = rng.int(6);
  return roll === 0 ? [wer, log] : roll === 1 ? [] : [wer];
}

/** None, a version, or only a build number (which then stands for the version). */
function osOf(rng: Prng): WerReport['os'] {
  const roll = rng.int(5);
  if (roll === 0) return null;
  if (roll === 1) return { version: null, build: 22631, architecture: 'amd64', edition: null };
  return { version: rng.pick(['10.0.19045.3930', '10.0.22631.4460']), build: null, architecture: 'amd64', edition: 'Professional' };
}

/**
 * The fields of a report of a site, with a top frame for most native crashes (read from their
 * dumps): one frame for some sites, two for others (a signature seen with two frames), none for
 * the rest and for a report whose dump could not be read.
 */
function topFrameOf(rng: Prng, site: WerReport, siteIndex: number): WerReport['fields'] {
  if (!site.fields.exceptionCode || siteIndex % 3 === 0 || rng.int(5) === 0) return site.fields;
  const frame = siteIndex % 3 === 1 ? 0 : rng.int(2);
  return { ...site.fields, topFrame: `${site.fields.module ?? 'app.exe'}!Fn${frame}+0x1${frame}` };
}

/** `n` reports of a generated fleet, in a stable order (the library's order). */
export function fleetReports(n: number, options: FleetOptions): WerReport[] {
  const rng = mulberry32(options.seed);
  const apps = Array.from({ length: options.applications }, (_, i) => (i % 17 === 3 ? `Приложение${i}.exe` : `FleetApp${i}.exe`));
  const sites: WerReport[] = [];
  for (let i = 0; i < options.applications * 4; i++) sites.push(siteTemplate(rng, apps[i % apps.length] as string, i));
  const machines = Array.from({ length: 50 }, (_, i) => `PC-${i.toString().padStart(3, '0')}`);
  const out: WerReport[] = [];
  for (let i = 0; i < n; i++) {
    const siteIndex = rng.int(sites.length);
    const site = sites[siteIndex] as WerReport;
    const id = `${options.seed.toString(16).padStart(8, '0')}-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;
    const store = rng.pick(STORES);
    const folder = `\\\\collector\\wer\\${store}\\AppCrash_${site.appName ?? 'none'}_${id.slice(-8)}`;
    const bucketRoll = rng.int(4);
    out.push({
      ...site,
      id,
      folder,
      store,
      eventTime: timeOf(rng, i),
      machine: rng.int(3) === 0 ? null : rng.pick(machines),
      // Windows' bucket of the site (every 25th site shares one with the next: two keys, one problem).
      bucket: bucketRoll === 0 ? null : { id: bucketRoll === 1 ? '0000000000000000' : `b${((siteIndex - (siteIndex % 25 === 1 ? 1 : 0)) * 7919).toString(16)}`, table: 5, legacyId: null },
      fields: topFrameOf(rng, site, siteIndex),
      os: osOf(rng),
      attachments: site.attachments.slice(0, rng.int(3)),
      sources: sourcesOf(rng, folder, id, store),
    });
  }
  return out;
}
