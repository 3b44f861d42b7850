/**
 * `export` of the built CLI under Windows Node in Wine, to a `C:\...` path: the bundle's entry
 * names use `/` whatever the platform's separator (checked by Info-ZIP, an independent reader),
 * and its manifest names every file with its Windows origin and the SHA-256 of the file written.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, win32 } from 'node:path';
import { writeSeededReport } from '../support/seeded-report';
import { buildStore } from '../support/store-builder';
import { unzipNames, unzipTest, unzipText } from '../support/unzip';
import { resetStores, windowsFolder } from './support/lane-stores';
import { linuxPath, userProfile, windowsLane, withoutWineEventLogWarnings } from './support/wine-lane';
import { runWindowsCli } from './support/wine-run';

interface ManifestFile {
  readonly path: string;
  readonly sha256: string;
  readonly originalPath: string | null;
}

interface ExportResult {
  readonly outFile: string;
  readonly manifest: { readonly reports: { id: string; originalPath: string }[]; readonly files: ManifestFile[] };
}

/** A report folder the test wrote: its Windows path, its Linux path and its files. */
interface Source {
  readonly id: string;
  readonly windows: string;
  readonly linux: string;
  readonly name: string;
  readonly files: string[];
}

const sha256 = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('export under Windows Node', () => {
  const lane = windowsLane();
  const out = win32.join(userProfile(lane), 'ticket.zip');
  let sources: Source[];
  let result: ExportResult;
  let stderr: string;
  let code: number | null;

  beforeAll(async () => {
    const stores = await resetStores(lane);
    const seeded = await writeSeededReport(join(stores.machine.linux, 'ReportQueue'), 34);
    const [user] = await buildStore(stores.user.linux, 1, { attachmentsEvery: 1, firstIndex: 10 });
    if (!user) throw new Error('no user report built');
    sources = [
      { id: seeded.spec.reportIdentifier.toLowerCase(), windows: windowsFolder(stores.machine, { store: 'ReportQueue', spec: seeded.spec }), linux: seeded.folder, name: seeded.spec.folderName, files: [] },
      { id: user.spec.reportIdentifier.toLowerCase(), windows: windowsFolder(stores.user, user), linux: user.folder, name: user.spec.folderName, files: [] },
    ].map((s) => ({ ...s, files: readdirSync(s.linux).sort() }));
    const [first, second] = sources;
    const run = await runWindowsCli(lane, ['export', first?.id.slice(0, 8) ?? '', second?.id ?? '', '--out', out, '--json']);
    ({ stderr, code } = run);
    result = JSON.parse(run.stdout || 'null') as ExportResult;
  });

  it('writes the bundle where the Windows path says, and warns only about the minidump', () => {
    expect(code).toBe(0);
    expect(result.outFile).toBe(out);
    expect(withoutWineEventLogWarnings(stderr).trimEnd().split('\n')).toEqual([expect.stringMatching(/^warning: Minidumps hold parts of the process memory/)]);
  });

  it('Info-ZIP reads every entry, named with `/` as reports/<folder>/<file>', () => {
    const zip = linuxPath(lane, out);
    expect(unzipTest(zip)).toMatch(/No errors detected/);
    const expected = [...sources.flatMap((s) => s.files.map((f) => `reports/${s.name}/${f}`)), 'manifest.json', 'summary.html', 'summary.md'];
    expect(unzipNames(zip).sort()).toEqual(expected.sort());
    expect(JSON.parse(unzipText(zip, 'manifest.json'))).toEqual(result.manifest);
  });

  it('scan reads the bundle back as a read-only store', async () => {
    const run = await runWindowsCli(lane, ['scan', '--json', out]);
    expect(withoutWineEventLogWarnings(run.stderr)).toBe('');
    expect(run.code).toBe(0);
    const reports = JSON.parse(run.stdout) as { id: string; folder: string }[];
    expect(reports.map((r) => r.id).sort()).toEqual(sources.map((s) => s.id).sort());
    for (const r of reports) expect(r.folder).toMatch(/^C:\\[^/]+$/);
  });

  it('the manifest gives each file its Windows origin and the SHA-256 of the file on disk', () => {
    expect(result.manifest.reports.map((r) => [r.id, r.originalPath]).sort()).toEqual(sources.map((s) => [s.id, s.windows]).sort());
    for (const s of sources) {
      for (const file of s.files) {
        const entry = result.manifest.files.find((f) => f.path === `reports/${s.name}/${file}`);
        expect(entry).toMatchObject({ originalPath: win32.join(s.windows, file), sha256: sha256(join(s.linux, file)) });
      }
    }
  });
});
