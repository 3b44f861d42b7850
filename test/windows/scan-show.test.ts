/**
 * `scan` and `show` of the built CLI under Windows Node in Wine, with no PATH: the machine's and
 * the user's WER stores are found where Windows keeps them, every path printed is a Windows path,
 * and a store that cannot be read is named on stderr while the others are still listed.
 */
import { readdirSync } from 'node:fs';
import { chmod } from 'node:fs/promises';
import { join, win32 } from 'node:path';
import { writeSeededReport, SEEDED_FILES } from '../support/seeded-report';
import { type BuiltReport, buildStore } from '../support/store-builder';
import { type LaneStores, type LaneWer, resetStores, windowsFolder } from './support/lane-stores';
import { type WindowsLane, stageScript, windowsLane, withoutWineEventLogWarnings } from './support/wine-lane';
import { runWindowsCli, runWindowsNode } from './support/wine-run';

/** A report the test wrote, with where Windows must say it is and the files it has besides Report.wer. */
interface Expected {
  readonly id: string;
  readonly store: 'ReportQueue' | 'ReportArchive';
  readonly folder: string;
  readonly storeRoot: string;
  readonly attachments: string[];
}

function expected(wer: LaneWer, built: Pick<BuiltReport, 'store' | 'spec' | 'folder'>): Expected {
  return {
    id: built.spec.reportIdentifier.toLowerCase(),
    store: built.store,
    folder: windowsFolder(wer, built),
    storeRoot: win32.join(wer.windows, built.store),
    attachments: readdirSync(built.folder).filter((f) => f !== 'Report.wer').sort(),
  };
}

/** Every string in a JSON value. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === 'object') return Object.values(value).flatMap(strings);
  return [];
}

/** Strings that are not proper Windows paths: drive paths with `/`, Wine's Z: drive (the Linux root), Linux paths. */
function foreignPaths(value: unknown): string[] {
  return strings(value).filter((s) => (/^[A-Za-z]:/.test(s) ? !/^[A-Y]:\\[^/]*$/i.test(s) : /^\/(tmp|work|root|home|usr)\b/.test(s)));
}

/** Runs the CLI with PATH removed from its Windows environment first (`--require` of a preload). */
function cliWithoutPath(lane: WindowsLane, withoutPath: string, args: readonly string[]) {
  return runWindowsCli(lane, args, { nodeArgs: ['--require', withoutPath] });
}

describe('scan and show under Windows Node (default stores, no PATH)', () => {
  const lane = windowsLane();
  let stores: LaneStores;
  let all: Expected[];
  let seeded: Expected;
  let archive: Expected[];
  /** A preload that deletes PATH, as Windows Node sees its file. */
  let withoutPath: string;

  beforeAll(async () => {
    stores = await resetStores(lane);
    withoutPath = await stageScript(lane, join(__dirname, 'support', 'without-path.cjs'));
    const machine = await buildStore(stores.machine.linux, 4, { attachmentsEvery: 2 });
    const user = await buildStore(stores.user.linux, 3, { attachmentsEvery: 2, firstIndex: 10 });
    // Report 34 of the generated series is an APPCRASH of ContosoViewer.exe, here with a minidump.
    const dumped = await writeSeededReport(join(stores.user.linux, 'ReportQueue'), 34);
    seeded = expected(stores.user, { ...dumped, store: 'ReportQueue' });
    archive = machine.filter((b) => b.store === 'ReportArchive').map((b) => expected(stores.machine, b));
    all = [...machine.map((b) => expected(stores.machine, b)), ...user.map((b) => expected(stores.user, b)), seeded];
  });

  it('the preload really removes PATH from the Windows environment', async () => {
    const run = await runWindowsNode(lane, ['--require', withoutPath, '-p', 'JSON.stringify([process.env.PATH ?? null, process.env.Path ?? null])']);
    expect(JSON.parse(run.stdout)).toEqual([null, null]);
  });

  it('scan --json finds the reports of the machine and the user store, with Windows paths', async () => {
    const run = await cliWithoutPath(lane, withoutPath, ['scan', '--json']);
    expect(withoutWineEventLogWarnings(run.stderr)).toBe('');
    expect(run.code).toBe(0);
    const reports = JSON.parse(run.stdout) as { id: string; folder: string; storeRoot: string; store: string; attachments: { file: string }[] }[];
    const byId = new Map(reports.map((r) => [r.id, r]));
    expect([...byId.keys()].sort()).toEqual(all.map((e) => e.id).sort());
    for (const e of all) {
      const r = byId.get(e.id);
      expect({ id: r?.id, folder: r?.folder, storeRoot: r?.storeRoot, store: r?.store }).toEqual({ id: e.id, folder: e.folder, storeRoot: e.storeRoot, store: e.store });
      expect(r?.attachments.map((a) => a.file).sort()).toEqual(e.attachments);
    }
    expect(reports.some((r) => r.folder.startsWith('C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportQueue\\'))).toBe(true);
    expect(reports.some((r) => r.folder.startsWith(`C:\\users\\${lane.windowsUser}\\AppData\\Local\\Microsoft\\Windows\\WER\\`))).toBe(true);
    expect(foreignPaths(reports)).toEqual([]);
  });

  it('scan --csv has a row per report with its Windows folder and attachment names', async () => {
    const run = await cliWithoutPath(lane, withoutPath, ['scan', '--csv']);
    expect(run.code).toBe(0);
    expect(withoutWineEventLogWarnings(run.stderr)).toBe('');
    // No value of these reports needs quoting, so a plain split reads every cell.
    expect(run.stdout).not.toContain('"');
    const [header, ...rows] = run.stdout.trimEnd().split('\r\n').map((l) => l.split(','));
    const col = (name: string) => header?.indexOf(name) ?? -1;
    const seen = rows.map((cells) => ({ id: cells[col('id')], folder: cells[col('folder')], attachments: cells[col('attachments')] }));
    expect(seen.sort((a, b) => String(a.id).localeCompare(String(b.id)))).toEqual(
      all.map((e) => ({ id: e.id, folder: e.folder, attachments: e.attachments.join('; ') })).sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  it('show ID prints the report of the user store with its Windows folder, attachments and minidump', async () => {
    const run = await cliWithoutPath(lane, withoutPath, ['show', seeded.id.slice(0, 8)]);
    expect(withoutWineEventLogWarnings(run.stderr)).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(new RegExp(`^  Folder +${seeded.folder.replace(/[\\.]/g, '\\$&')}$`, 'm'));
    expect(run.stdout).toMatch(/^  Store +ReportQueue$/m);
    for (const file of seeded.attachments) expect(run.stdout).toMatch(new RegExp(`^  ${file.replace(/\./g, '\\.')} `, 'm'));
    expect(run.stdout).toContain(`Minidump (${SEEDED_FILES.dump})`);
    expect(run.stdout).toMatch(/Exception: 0xc0000005 STATUS_ACCESS_VIOLATION .* in ContosoRender\.dll \+0x12a4f/);
  });

  it('show ID --json gives the Windows folder and store root of a machine-store report', async () => {
    const target = archive[0];
    const run = await cliWithoutPath(lane, withoutPath, ['show', target?.id ?? '', '--json']);
    expect(withoutWineEventLogWarnings(run.stderr)).toBe('');
    expect(run.code).toBe(0);
    const detail = JSON.parse(run.stdout) as { id: string; folder: string; storeRoot: string; store: string; attachments: { file: string }[] };
    expect({ id: detail.id, folder: detail.folder, storeRoot: detail.storeRoot, store: detail.store }).toEqual({
      id: target?.id, folder: target?.folder, storeRoot: target?.storeRoot, store: 'ReportArchive',
    });
    expect(detail.attachments.map((a) => a.file).sort()).toEqual(target?.attachments);
    expect(foreignPaths(detail)).toEqual([]);
  });

  it('the live Application and System logs are default stores; Wine\u2019s stub wevtutil is named as not working, once per log', async () => {
    const run = await cliWithoutPath(lane, withoutPath, ['scan', '--json']);
    expect(run.code).toBe(0);
    const lines = run.stderr.split('\n').filter((l) => l.includes('wevtutil'));
    expect(lines).toEqual([
      expect.stringMatching(/^warning: C:\\windows\\System32\\wevtutil\.exe printed nothing for the Application event log.*not a working wevtutil\.$/i),
      expect.stringMatching(/^warning: C:\\windows\\System32\\wevtutil\.exe printed nothing for the System event log.*not a working wevtutil\.$/i),
    ]);
  });

  it('a store that cannot be read is named on stderr and the other stores are still listed', async () => {
    const denied = join(stores.machine.linux, 'ReportArchive');
    await chmod(denied, 0o000);
    try {
      const run = await cliWithoutPath(lane, withoutPath, ['scan', '--json']);
      expect(run.code).toBe(0);
      expect(withoutWineEventLogWarnings(run.stderr)).toMatch(/^warning: C:\\ProgramData\\Microsoft\\Windows\\WER\\ReportArchive: access denied\. .*\n$/);
      const ids = (JSON.parse(run.stdout) as { id: string }[]).map((r) => r.id).sort();
      const hidden = new Set(archive.map((e) => e.id));
      expect(ids).toEqual(all.map((e) => e.id).filter((id) => !hidden.has(id)).sort());
    } finally {
      await chmod(denied, 0o755);
    }
  });
});
