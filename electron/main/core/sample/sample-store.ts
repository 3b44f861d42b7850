import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { formatMemoryCsv, formatMetadataXml, formatSysinfo } from './attachment-writers';
import type { AttachmentSpec } from './report-writer';
import { writeReportFolder } from './report-writer';
import { sampleDumpBytes } from './sample-dump';
import { type SampleReport, sampleReports } from './sample-catalog';

/** Bumped whenever the sample content changes, so an old copy is replaced. */
export const SAMPLE_VERSION = '2';
const MARKER = '.wer-explorer-sample';

/** Where the sample store lives when no other folder is given: a per-version temp folder. */
export function defaultSampleStoreDir(): string {
  return join(tmpdir(), `wer-explorer-sample-v${SAMPLE_VERSION}`);
}

function attachmentsFor(sample: SampleReport): AttachmentSpec[] {
  if (!sample.fullAttachments) return [];
  const { spec } = sample;
  const tag = spec.reportIdentifier.slice(0, 4).toUpperCase();
  const image = spec.appPath.split('\\').pop() ?? spec.appName;
  const attachments: AttachmentSpec[] = [];
  if (sample.dump) {
    attachments.push({ name: `WER${tag}.tmp.mdmp`, bytes: sampleDumpBytes(sample.dump), cabName: 'minidump.mdmp', type: 2 });
  }
  attachments.push(
    {
      name: `WER${tag}.tmp.WERInternalMetadata.xml`,
      cabName: 'WERInternalMetadata.xml',
      type: 5,
      bytes: formatMetadataXml({
        eventType: spec.eventType,
        parameters: spec.signature.map(([, v]) => v),
        pid: spec.pid,
        imageName: image,
        parentImageName: 'explorer.exe',
        build: 19045,
        ubr: 3636,
        machineId: '6F1C2A4E-93B7-4D0A-8E51-2B7C9D3F1A60',
        reportGuid: spec.reportIdentifier,
        creationTime: new Date(spec.eventTimeMs + 2000).toISOString(),
      }),
    },
    { name: `WER${tag}.tmp.csv`, cabName: 'memory.csv', type: 5, bytes: formatMemoryCsv(image, spec.pid) },
    { name: `WER${tag}.tmp.txt`, cabName: 'sysinfo.txt', type: 5, bytes: formatSysinfo() },
  );
  return attachments;
}

/** Writes every sample report into `storeRoot`/ReportQueue and /ReportArchive. */
export async function writeSampleStore(storeRoot: string): Promise<void> {
  for (const sample of sampleReports()) {
    await writeReportFolder(join(storeRoot, sample.store), { ...sample.spec, attachments: attachmentsFor(sample) });
  }
}

/**
 * Makes sure the sample store exists at `dir` (written once per SAMPLE_VERSION) and returns it.
 * It is built in a sibling temp folder and renamed into place, so a half-written store is never seen.
 */
export async function ensureSampleStore(dir: string = defaultSampleStoreDir()): Promise<string> {
  const marker = join(dir, MARKER);
  if (existsSync(marker) && (await readFile(marker, 'utf8')) === SAMPLE_VERSION) return dir;
  const staging = await mkdtemp(join(dirname(dir), '.wer-explorer-sample-'));
  try {
    await writeSampleStore(staging);
    await writeFile(join(staging, MARKER), SAMPLE_VERSION);
    await rm(dir, { recursive: true, force: true });
    await rename(staging, dir);
  } catch (e) {
    await rm(staging, { recursive: true, force: true });
    // Another process may have won the race; its store is as good as ours.
    if (!existsSync(marker)) throw e;
  }
  return dir;
}
