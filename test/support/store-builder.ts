import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { formatMemoryCsv, formatMetadataXml, formatSysinfo } from '../../electron/main/core/sample/attachment-writers';
import { formatReportWer, type ReportSpec, utf16leWithBom } from '../../electron/main/core/sample/report-writer';
import { sampleGuid, sampleReports } from '../../electron/main/core/sample/sample-catalog';
import { mapLimit } from '../../electron/main/core/map-limit';

/** Options for a generated store. */
export interface StoreBuildOptions {
  /** Every n-th report gets metadata XML, memory.csv and sysinfo.txt (0 = none). */
  readonly attachmentsEvery?: number;
  /** LoadedModule[] lines per Report.wer (real files have 50–200). */
  readonly loadedModules?: number;
  /** Index of the first generated report (default 0): a second store gets other reports. */
  readonly firstIndex?: number;
}

/** A generated report: its spec and where it was written. */
export interface BuiltReport {
  readonly folder: string;
  readonly store: 'ReportQueue' | 'ReportArchive';
  readonly spec: ReportSpec;
}

const MODULES = Array.from({ length: 200 }, (_, i) => `C:\\Windows\\System32\\module${i}.dll`);

/**
 * The n-th generated report spec: the sample catalogue's problems cycled with fresh ids and times,
 * so a large store has realistic variety and known answers (problem = n mod catalogue size).
 */
export function generatedSpec(n: number, loadedModules = 0): { spec: ReportSpec; store: 'ReportQueue' | 'ReportArchive' } {
  const templates = sampleReports();
  const t = templates[n % templates.length];
  if (!t) throw new Error('empty sample catalogue');
  const guid = sampleGuid(`generated:${n}`);
  const folderName = `${t.spec.folderName.split('_').slice(0, 2).join('_')}_${guid.replace(/-/g, '')}_${n.toString(16).padStart(8, '0')}_${guid}`;
  return {
    store: n % 10 === 0 ? 'ReportQueue' : 'ReportArchive',
    spec: {
      ...t.spec,
      folderName,
      reportIdentifier: guid,
      eventTimeMs: t.spec.eventTimeMs - n * 60_000,
      loadedModules: MODULES.slice(0, loadedModules),
    },
  };
}

/** Writes `count` generated report folders under `root`/ReportQueue and /ReportArchive. */
export async function buildStore(root: string, count: number, options: StoreBuildOptions = {}): Promise<BuiltReport[]> {
  await mkdir(join(root, 'ReportQueue'), { recursive: true });
  await mkdir(join(root, 'ReportArchive'), { recursive: true });
  const every = options.attachmentsEvery ?? 0;
  const first = options.firstIndex ?? 0;
  return mapLimit(Array.from({ length: count }, (_, i) => first + i), 16, async (n) => {
    const { spec, store } = generatedSpec(n, options.loadedModules ?? 0);
    const folder = join(root, store, spec.folderName);
    await mkdir(folder, { recursive: true });
    if (every > 0 && n % every === 0) {
      const image = spec.appPath.split('\\').pop() ?? spec.appName;
      await writeFile(
        join(folder, 'WERA1B2.tmp.WERInternalMetadata.xml'),
        formatMetadataXml({
          eventType: spec.eventType, parameters: spec.signature.map(([, v]) => v), pid: spec.pid, imageName: image,
          build: 19045, ubr: 3636, machineId: 'MID', reportGuid: spec.reportIdentifier,
          creationTime: new Date(spec.eventTimeMs).toISOString(),
        }),
      );
      await writeFile(join(folder, 'WERA1B3.tmp.csv'), formatMemoryCsv(image, spec.pid));
      await writeFile(join(folder, 'WERA1B4.tmp.txt'), formatSysinfo());
    }
    await writeFile(join(folder, 'Report.wer'), utf16leWithBom(formatReportWer(spec)));
    return { folder, store, spec };
  });
}
