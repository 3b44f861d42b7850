/**
 * Where the collector keeps what it receives: DIR/ReportArchive/<folder>/ per report (so
 * `scan DIR` and the UI read it), holding Report.wer (synthesized, see collected-report-wer.ts),
 * report.xml (the WERREPORT bytes as received) and the files of the uploaded CAB.
 *
 * Several collectors (behind a load balancer) may share one DIR on a network share:
 * - everything they answer is derived from the report (collector-identity.ts), never counted;
 * - a POST is recorded once under DIR/.cer-collector/posted (collector-staging.ts), so the PUT
 *   of its DumpFile may reach any collector;
 * - a report is assembled in a private folder and lands in ReportArchive with one rename; when
 *   the folder is there already, the content digest (collected-digest.ts) tells a repeat (dropped)
 *   from a different report with the same name (kept under a name suffixed with its digest).
 * No file is ever rewritten, so there is no shared index to fight over.
 */
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import { renameWithRetry } from '../atomic-file';
import type { CabReadLimits } from './cab-reader';
import { collectedDigest, folderDigest, sha256Hex } from './collected-digest';
import { encodeCollectedReportWer } from './collected-report-wer';
import { bucketNumber, COLLECTOR_BUCKET_TABLE, dumpFileOf, reportFolderName, reportToken, tokenOfDumpFile } from './collector-identity';
import {
  makePrivateFolder, postedRecordPath, publishFolder, readRecordMeta, RECORD_META, type RecordMeta, removeStaleTemps, type StagingPaths, stagingPaths,
} from './collector-staging';
import { type PlannedFile, planCabFiles, REPORT_WER_PART } from './collected-cab';
import type { WerReportDoc } from './werreport-xml';

const MARKER = /^landed-([0-9a-f]{64})\.json$/;
const SAFE_FOLDER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,219}$/;

/** How long things wait on the share before a sweep acts on them. */
export interface CollectorStoreTimes {
  /** A private temp folder older than this is a crashed write and is removed (default 1 h). */
  readonly staleTempMs: number;
  /** A POST whose upload has not come after this lands without files (default 24 h). */
  readonly uploadWaitMs: number;
  /** A POST record whose report landed is removed after this (default 7 days); its DumpFile is then unknown. */
  readonly recordKeepMs: number;
}

/** Defaults of {@link CollectorStoreTimes}. */
export const DEFAULT_COLLECTOR_STORE_TIMES: CollectorStoreTimes = {
  staleTempMs: 60 * 60_000,
  uploadWaitMs: 24 * 60 * 60_000,
  recordKeepMs: 7 * 24 * 60 * 60_000,
};

/** Options of {@link CollectorStore.open}. */
export interface CollectorStoreOptions {
  readonly times?: Partial<CollectorStoreTimes>;
  readonly now?: () => number;
}

/** What a level-1 POST came to. `folder`: where the report lands once its upload is in. */
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

/** What a sweep of the working area did. */
export interface SweepSummary {
  readonly tempsRemoved: number;
  readonly landedWithoutUpload: number;
  readonly recordsRemoved: number;
}

interface PostRecord extends RecordMeta {
  readonly token: string;
  readonly path: string;
  /** The WERREPORT bytes as received. */
  readonly raw: Buffer;
  /** The report's Report.wer, made when the POST came (so no PUT parses the XML again). */
  readonly reportWer: Buffer;
}

interface Marker {
  readonly digest: string;
  readonly folder: string;
  readonly uploaded: boolean;
}

/** The collector's reports and the records that tie uploads to reports. */
export class CollectorStore {
  private constructor(
    readonly dir: string,
    readonly archive: string,
    private readonly paths: StagingPaths,
    private readonly times: CollectorStoreTimes,
    private readonly now: () => number,
  ) {}

  /** Opens (creating) the store in `dir` and sweeps what crashed writers left behind. */
  static async open(dir: string, options: CollectorStoreOptions = {}): Promise<CollectorStore> {
    const root = resolve(dir);
    const archive = join(root, 'ReportArchive');
    const paths = stagingPaths(root);
    await Promise.all([archive, paths.tmp, paths.posted].map((p) => mkdir(p, { recursive: true })));
    const store = new CollectorStore(root, archive, paths, { ...DEFAULT_COLLECTOR_STORE_TIMES, ...options.times }, options.now ?? Date.now);
    await store.sweep();
    return store;
  }

  /** Records a received report (once, whichever collector got it first) and answers its bucket and DumpFile. */
  async storeReport(raw: Uint8Array, doc: WerReportDoc, remoteAddress: string, receivedMs: number): Promise<StoredReport> {
    const token = reportToken(raw);
    const folderName = reportFolderName(doc, token);
    const target = postedRecordPath(this.paths, token);
    if ((await readRecordMeta(target)) === null) {
      const temp = await makePrivateFolder(this.paths);
      try {
        const meta = { bucket: bucketNumber(doc), bucketTable: COLLECTOR_BUCKET_TABLE, dumpFile: dumpFileOf(token), remoteAddress, receivedMs };
        await writeFile(join(temp, 'report.xml'), raw);
        await writeFile(join(temp, REPORT_WER_PART), encodeCollectedReportWer(doc, meta));
        await writeFile(join(temp, RECORD_META), JSON.stringify({ version: 1, folderName, remoteAddress, receivedMs }));
        await mkdir(dirname(target), { recursive: true });
        // 'exists': the same bytes were recorded meanwhile (the token is their digest); keep that one.
        await publishFolder(temp, target);
      } finally {
        await rm(temp, { recursive: true, force: true });
      }
    }
    return { folder: join(this.archive, folderName), bucket: bucketNumber(doc), bucketTable: COLLECTOR_BUCKET_TABLE, dumpFile: dumpFileOf(token) };
  }

  /**
   * Accepts the CAB for a DumpFile this store handed out and lands the report with its files.
   * The same content again is acknowledged as a duplicate. Everything is refused when one name
   * is unsafe (a real client never sends one).
   */
  async storeUpload(path: string, cab: Uint8Array, limits: CabReadLimits): Promise<UploadOutcome> {
    const token = tokenOfDumpFile(path);
    const record = token ? await this.readRecord(token) : null;
    if (!record) return { kind: 'unknown' };
    const markers = await this.readMarkers(record);
    if (markers.some((m) => !m.uploaded)) {
      return { kind: 'conflict', reason: 'the upload came too late: the report was stored without its files' };
    }
    const planned = planCabFiles(cab, limits);
    if (!planned.ok) return { kind: 'invalid', reason: planned.error };
    return this.land(record, planned.value, markers, true);
  }

  /**
   * Removes stale private folders, lands reports whose upload never came, and drops old records.
   * Safe to run on several collectors at once: each step is a rename or a removal that the other
   * side either repeats harmlessly or finds already done.
   */
  async sweep(): Promise<SweepSummary> {
    const now = this.now();
    const tempsRemoved = await removeStaleTemps(this.paths, this.times.staleTempMs, now);
    let landedWithoutUpload = 0;
    let recordsRemoved = 0;
    for (const shard of await readdir(this.paths.posted).catch(() => [] as string[])) {
      for (const token of await readdir(join(this.paths.posted, shard)).catch(() => [] as string[])) {
        const path = join(this.paths.posted, shard, token);
        const meta = await readRecordMeta(path);
        if (!meta) {
          // Not a record we wrote (no readable post.json): removed once it is as old as a stale temp.
          const age = await stat(path).then((s) => now - s.mtimeMs, () => 0);
          if (age > this.times.staleTempMs && (await removed(path))) recordsRemoved++;
          continue;
        }
        const age = now - meta.receivedMs;
        const landed = (await readdir(path).catch(() => [] as string[])).some((n) => MARKER.test(n));
        if (!landed && age > this.times.uploadWaitMs) {
          const record = path === postedRecordPath(this.paths, token) ? await this.readRecord(token) : null;
          if (record && (await this.landAbandoned(record))) landedWithoutUpload++;
        } else if (landed && age > this.times.recordKeepMs && (await removed(path))) {
          recordsRemoved++;
        }
      }
    }
    return { tempsRemoved, landedWithoutUpload, recordsRemoved };
  }

  /**
   * Lands a POST whose upload never came, without files; unless its upload did land and only the
   * marker is missing (a collector died between the two), which is then written instead.
   */
  private async landAbandoned(record: PostRecord): Promise<boolean> {
    const folder = join(this.archive, record.folderName);
    const digest = await folderDigest(folder).catch(() => null);
    if (digest !== null) {
      await this.writeMarker(record, { digest, folder: record.folderName, uploaded: true });
      return false;
    }
    const outcome = await this.land(record, [], [], false).catch(() => null);
    return outcome?.kind === 'stored';
  }

  private async land(record: PostRecord, files: readonly PlannedFile[], markers: readonly Marker[], uploaded: boolean): Promise<UploadOutcome> {
    const digest = collectedDigest([
      { name: 'report.xml', sha256: sha256Hex(record.raw) },
      ...files.map((f) => ({ name: f.name, sha256: sha256Hex(f.data) })),
    ]);
    const known = markers.find((m) => m.digest === digest);
    if (known) return { kind: 'duplicate', folder: join(this.archive, known.folder) };
    const temp = await makePrivateFolder(this.paths);
    try {
      await this.assemble(temp, record, files);
      // A different report under the same name (same WERREPORT, other files) is kept beside it.
      for (const name of [record.folderName, `${record.folderName}_${digest.slice(0, 12)}`]) {
        const folder = join(this.archive, name);
        if ((await publishFolder(temp, folder)) === 'published') {
          await this.writeMarker(record, { digest, folder: name, uploaded });
          return { kind: 'stored', folder, files: files.map((f) => f.name) };
        }
        if ((await folderDigest(folder).catch(() => null)) === digest) {
          await this.writeMarker(record, { digest, folder: name, uploaded });
          return { kind: 'duplicate', folder };
        }
      }
      return { kind: 'conflict', reason: 'two different reports claim the same folder' };
    } finally {
      await rm(temp, { recursive: true, force: true });
    }
  }

  private async assemble(temp: string, record: PostRecord, files: readonly PlannedFile[]): Promise<void> {
    await writeFile(join(temp, 'report.xml'), record.raw, { flag: 'wx' });
    for (const f of files) {
      const target = resolve(temp, ...f.name.split('/'));
      // Belt and braces: safeCabEntryName already keeps every name inside the folder.
      if (!target.startsWith(temp + sep)) throw new Error(`unsafe file name ${f.name}`);
      await mkdir(dirname(target), { recursive: true });
      await writeFile(target, f.data, { flag: 'wx' });
    }
    // Report.wer under another name until the last moment: a crash leaves a folder without
    // Report.wer, which a scan of DIR does not take for a report.
    const part = join(temp, REPORT_WER_PART);
    await writeFile(part, record.reportWer, { flag: 'wx' });
    await renameWithRetry(part, join(temp, 'Report.wer'));
  }

  private async readRecord(token: string): Promise<PostRecord | null> {
    if (!/^[0-9a-f]{32}$/.test(token)) return null;
    const path = postedRecordPath(this.paths, token);
    const meta = await readRecordMeta(path);
    if (!meta) return null;
    try {
      const [raw, reportWer] = await Promise.all([readFile(join(path, 'report.xml')), readFile(join(path, REPORT_WER_PART))]);
      return { token, path, raw, reportWer, ...meta };
    } catch {
      return null;
    }
  }

  private async readMarkers(record: PostRecord): Promise<Marker[]> {
    const names = await readdir(record.path).catch(() => [] as string[]);
    const markers: Marker[] = [];
    for (const name of names) {
      const digest = MARKER.exec(name)?.[1];
      if (!digest) continue;
      try {
        const m = JSON.parse(await readFile(join(record.path, name), 'utf8')) as { folder?: unknown; uploaded?: unknown };
        if (typeof m.folder === 'string' && SAFE_FOLDER_NAME.test(m.folder)) markers.push({ digest, folder: m.folder, uploaded: m.uploaded !== false });
      } catch {
        // A marker being written right now, or damaged: the folder digest decides instead.
      }
    }
    return markers;
  }

  private async writeMarker(record: PostRecord, marker: Marker): Promise<void> {
    // Written in place, not via temp + fsync + rename: a marker only saves reading the folder
    // again, so one that is half written or lost is harmless (the folder digest decides then).
    // EEXIST: another collector noted the same landing. A swept record: the report is in place.
    const text = JSON.stringify({ folder: marker.folder, uploaded: marker.uploaded });
    await writeFile(join(record.path, `landed-${marker.digest}.json`), text, { flag: 'wx' }).catch(() => {});
  }
}

async function removed(path: string): Promise<boolean> {
  return rm(path, { recursive: true, force: true }).then(() => true, () => false);
}
