/**
 * Where the collector keeps what it receives: DIR/ReportArchive/<folder>/ per report (so
 * `scan DIR` and the UI read it), holding Report.wer (synthesized, see collected-report-wer.ts),
 * report.xml (the WERREPORT bytes as received) and the files of the uploaded CAB; and
 * DIR/cer-collector.json with the bucket numbers per signature and the DumpFile paths handed out.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { err, ok, type Result } from '../../../../shared/result';
import { CoalescingWriter } from '../atomic-file';
import { type CabReadLimits, readCab } from './cab-reader';
import { encodeCollectedReportWer } from './collected-report-wer';
import { safeCabEntryName } from './safe-names';
import type { WerReportDoc } from './werreport-xml';

/** Name of the collector's state file inside DIR. */
export const COLLECTOR_STATE_FILE = 'cer-collector.json';
/** The bucket table the collector answers (one table: its own). */
export const COLLECTOR_BUCKET_TABLE = 1;
/** DumpFile paths are `/reports/<32 hex>/report.cab`; the token ties the PUT to its POST. */
export const DUMP_FILE_PATTERN = /^\/reports\/([0-9a-f]{32})\/report\.cab$/;
// CAB entries that would overwrite what the collector wrote itself are kept under another name.
const RENAMED: Readonly<Record<string, string>> = { 'report.wer': 'Report.sent.wer', 'report.xml': 'report.sent.xml' };
const FOLDER_KINDS = ['NonCritical', 'Critical', 'AppCrash', 'AppHang', 'Kernel'];

interface DumpFileState {
  readonly folder: string;
  readonly state: 'pending' | 'used';
  /** SHA-256 of the accepted CAB, so a repeated identical PUT can be answered without storing. */
  readonly sha256?: string;
}

interface StateFile {
  nextBucket: number;
  buckets: Record<string, number>;
  dumpFiles: Record<string, DumpFileState>;
}

/** What a level-1 POST came to. */
export interface StoredReport {
  readonly folder: string;
  readonly bucket: number;
  readonly bucketTable: number;
  readonly dumpFile: string;
}

/** Why a PUT was refused, or what it stored. */
export type UploadOutcome =
  | { readonly kind: 'stored'; readonly folder: string; readonly files: readonly string[] }
  | { readonly kind: 'duplicate'; readonly folder: string }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'conflict'; readonly reason: string }
  | { readonly kind: 'invalid'; readonly reason: string };

/** The bucket key of a report: event type + P0..P9, or for kernel reports without them the BC* values. */
export function bucketKey(doc: WerReportDoc): string {
  let values = doc.parameters.map((p) => `${p.id}=${p.value.trim().toLowerCase()}`);
  if (values.length === 0) {
    const bc = doc.secondaryParameters.filter((p) => /^bc(code|p\d)$/i.test(p.name));
    values = (bc.length > 0 ? bc : doc.secondaryParameters).map((p) => `${p.name.toLowerCase()}=${p.value.trim().toLowerCase()}`);
  }
  return createHash('sha256').update([doc.event.eventType.toLowerCase(), ...values].join('\n')).digest('hex');
}

function folderNameOf(doc: WerReportDoc, token: string): string {
  const kind = FOLDER_KINDS[doc.event.reportType] ?? 'NonCritical';
  const app = (doc.parameters.find((p) => p.id === 0)?.value || doc.application?.name || doc.event.eventType)
    .replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._]+/, '').slice(0, 48) || 'unknown';
  return `${kind}_${app}_${token}`;
}

/** The collector's reports and bookkeeping. */
export class CollectorStore {
  private readonly writer: CoalescingWriter;
  private readonly busy = new Set<string>();

  private constructor(readonly dir: string, readonly archive: string, private readonly state: StateFile) {
    this.writer = new CoalescingWriter(join(dir, COLLECTOR_STATE_FILE), () => JSON.stringify({ version: 1, ...this.state }));
  }

  /** Opens (creating) the store in `dir`. Throws with a plain message when the state file is damaged. */
  static async open(dir: string): Promise<CollectorStore> {
    const root = resolve(dir);
    const archive = join(root, 'ReportArchive');
    await mkdir(archive, { recursive: true });
    const state: StateFile = { nextBucket: 1, buckets: {}, dumpFiles: {} };
    try {
      const saved = JSON.parse(await readFile(join(root, COLLECTOR_STATE_FILE), 'utf8')) as Partial<StateFile>;
      if (typeof saved.nextBucket === 'number') state.nextBucket = saved.nextBucket;
      if (saved.buckets && typeof saved.buckets === 'object') state.buckets = saved.buckets;
      if (saved.dumpFiles && typeof saved.dumpFiles === 'object') state.dumpFiles = saved.dumpFiles;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') {
        throw new Error(`${join(root, COLLECTOR_STATE_FILE)} is damaged; move it away to start afresh.`);
      }
    }
    return new CollectorStore(root, archive, state);
  }

  /** Stores a received report and hands out its bucket and a fresh DumpFile path. */
  async storeReport(raw: Uint8Array, doc: WerReportDoc, remoteAddress: string, receivedMs: number): Promise<StoredReport> {
    const key = bucketKey(doc);
    const bucket = this.state.buckets[key] ?? this.state.nextBucket++;
    this.state.buckets[key] = bucket;
    const token = randomBytes(16).toString('hex');
    const dumpFile = `/reports/${token}/report.cab`;
    const folderName = folderNameOf(doc, token);
    const folder = join(this.archive, folderName);
    await mkdir(folder);
    await writeFile(join(folder, 'report.xml'), raw, { flag: 'wx' });
    const meta = { bucket, bucketTable: COLLECTOR_BUCKET_TABLE, dumpFile, remoteAddress, receivedMs };
    // Report.wer last, as WER does: a watcher then sees a complete report.
    await writeFile(join(folder, 'Report.wer'), encodeCollectedReportWer(doc, meta), { flag: 'wx' });
    this.state.dumpFiles[token] = { folder: folderName, state: 'pending' };
    await this.writer.save();
    return { folder, bucket, bucketTable: COLLECTOR_BUCKET_TABLE, dumpFile };
  }

  /**
   * Accepts the CAB for a DumpFile path handed out and not yet used; extracts its files into the
   * report folder. Everything is refused when one name is unsafe (a real client never sends one).
   */
  async storeUpload(path: string, cab: Uint8Array, limits: CabReadLimits): Promise<UploadOutcome> {
    const token = DUMP_FILE_PATTERN.exec(path)?.[1];
    const entry = token ? this.state.dumpFiles[token] : undefined;
    if (!token || !entry) return { kind: 'unknown' };
    const folder = join(this.archive, entry.folder);
    const sha256 = createHash('sha256').update(cab).digest('hex');
    if (entry.state === 'used') {
      return entry.sha256 === sha256 ? { kind: 'duplicate', folder } : { kind: 'conflict', reason: 'this DumpFile was already uploaded' };
    }
    if (this.busy.has(token)) return { kind: 'conflict', reason: 'an upload to this DumpFile is in progress' };
    this.busy.add(token);
    try {
      const files = await this.extract(folder, cab, limits);
      if (!files.ok) return { kind: 'invalid', reason: files.error };
      this.state.dumpFiles[token] = { ...entry, state: 'used', sha256 };
      await this.writer.save();
      return { kind: 'stored', folder, files: files.value };
    } finally {
      this.busy.delete(token);
    }
  }

  private async extract(folder: string, cab: Uint8Array, limits: CabReadLimits): Promise<Result<string[]>> {
    if (cab.length < 4 || Buffer.from(cab.subarray(0, 4)).toString('latin1') !== 'MSCF') return err('The upload is not a cabinet (no MSCF signature).');
    const archive = readCab(cab, limits);
    if (!archive.ok) return archive;
    const planned: { name: string; data: Uint8Array }[] = [];
    const taken = new Set(['report.wer', 'report.xml']);
    for (const f of archive.value.files) {
      const safe = safeCabEntryName(f.name);
      if (safe === null) return err(`The cabinet holds an unsafe file name: ${JSON.stringify(f.name.slice(0, 120))}.`);
      const name = RENAMED[safe.toLowerCase()] ?? safe;
      if (taken.has(name.toLowerCase())) continue;
      taken.add(name.toLowerCase());
      planned.push({ name, data: f.data });
    }
    const written: string[] = [];
    try {
      for (const p of planned) {
        const target = resolve(folder, ...p.name.split('/'));
        // Belt and braces: safeCabEntryName already keeps every name inside the folder.
        if (!target.startsWith(folder + sep)) return err(`The cabinet holds an unsafe file name: ${p.name}.`);
        await mkdir(dirname(target), { recursive: true });
        await writeFile(target, p.data, { flag: 'wx' });
        written.push(target);
      }
    } catch (e) {
      await Promise.all(written.map((w) => rm(w, { force: true })));
      throw e;
    }
    return ok(planned.map((p) => p.name));
  }
}
