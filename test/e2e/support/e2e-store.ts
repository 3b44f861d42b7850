import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WerReport } from '../../../shared/report-model';
import { type ReportSpec, writeReportFolder } from '../../../electron/main/core/sample/report-writer';
import { SAMPLE_END_MS, sampleGuid, sampleReports, type SampleReport } from '../../../electron/main/core/sample/sample-catalog';
import { writeSampleStore } from '../../../electron/main/core/sample/sample-store';
import { scanStores } from '../../../electron/main/core/store/scan-stores';
import { buildStore } from '../../support/store-builder';

/** How many generated reports join the sample reports (enough for scrolling and real counts). */
export const GENERATED_REPORTS = 60;

/**
 * A store for the browser tests: the sample reports (the newest of each problem in the queue, with
 * a real minidump) plus generated reports of the same problems, all under `root`.
 */
export async function buildE2eStore(root: string): Promise<void> {
  await writeSampleStore(root);
  await buildStore(root, GENERATED_REPORTS, { attachmentsEvery: 7, loadedModules: 20 });
}

/** What the core reads from the store right now: the answers the UI must show. */
export async function scanAll(root: string): Promise<WerReport[]> {
  return (await scanStores([{ path: root, scope: 'extra', label: 'e2e' }])).reports;
}

/** The first sample report that carries a minidump, with what its dump says. */
export function sampleWithDump(): SampleReport & { readonly dump: NonNullable<SampleReport['dump']> } {
  const found = sampleReports().find((s) => s.dump !== null && s.spec.eventType === 'APPCRASH');
  if (!found?.dump) throw new Error('the sample catalogue has no APPCRASH report with a minidump');
  return { ...found, dump: found.dump };
}

/** A report of a problem no other report has, newer than all others (so it is the list's first row). */
export function liveReportSpec(label: string): ReportSpec {
  const base = sampleWithDump().spec;
  const guid = sampleGuid(`e2e-live:${label}`);
  const exe = `${label}.exe`;
  return {
    ...base,
    folderName: `AppCrash_${exe}_${guid.replace(/-/g, '')}_00000001_${guid}`,
    reportIdentifier: guid,
    eventTimeMs: SAMPLE_END_MS + 3_600_000,
    appName: label,
    appPath: `C:\\Program Files\\${label}\\${exe}`,
    signature: base.signature.map(([name, value]) => [name, name === 'Application Name' ? exe : value] as const),
    attachments: [],
  };
}

/**
 * Writes a report folder into `storeDir` in one step: built in a temp folder on the same disk and
 * renamed into place, so the watcher never sees a half-written report.
 */
export async function writeReportAtomically(storeDir: string, spec: ReportSpec): Promise<string> {
  const staging = await mkdtemp(join(tmpdir(), 'wer-e2e-staging-'));
  try {
    const target = join(storeDir, spec.folderName);
    await rename(await writeReportFolder(staging, spec), target);
    return target;
  } finally {
    await rm(staging, { recursive: true, force: true });
  }
}
