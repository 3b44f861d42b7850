import { mkdir, mkdtemp, readdir, rm, symlink, unlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BundleProgress } from '../../../../shared/export-model';
import { planBundle } from '../../../../electron/main/core/export/bundle-plan';
import { writeBundle } from '../../../../electron/main/core/export/bundle-writer';
import { buildStore } from '../../../support/store-builder';
import { unzipNames, unzipTest } from '../../../support/unzip';

describe('planBundle / writeBundle', () => {
  let root: string;
  let folder: string;
  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-bundle-'));
    const [built] = await buildStore(join(root, 'WER'), 1, { attachmentsEvery: 1 });
    folder = built?.folder ?? '';
    // Incompressible bytes, so the write takes long enough to be cancelled half-way.
    const noise = randomBytes(8 * 1024 * 1024);
    await writeFile(join(folder, 'WERA1B5.tmp.mdmp'), Buffer.concat([Buffer.from('MDMP\x93\xa7\0\0'), noise.subarray(0, 2_000_000)]));
    await writeFile(join(folder, 'memory.hdmp'), Buffer.concat([Buffer.from('MDMP\x93\xa7\0\0'), noise]));
  });
  afterEach(() => rm(root, { recursive: true, force: true }));

  const names = (plan: Awaited<ReturnType<typeof planBundle>>) => plan.files.map((f) => f.zipPath.split('/').pop());

  it('includes minidumps and leaves heap dumps out by default, saying why', async () => {
    const seen: number[] = [];
    const plan = await planBundle([folder, folder], {}, { onProgress: (p) => seen.push(p.foldersDone / p.foldersTotal) });
    expect(seen).toEqual([1]);
    await expect(planBundle([folder], { redact: true }, { signal: AbortSignal.abort() })).rejects.toThrow(/abort/i);
    expect(plan.reports).toHaveLength(1);
    expect(names(plan)).toEqual(['Report.wer', 'WERA1B2.tmp.WERInternalMetadata.xml', 'WERA1B3.tmp.csv', 'WERA1B4.tmp.txt', 'WERA1B5.tmp.mdmp']);
    expect(plan.leftOut.map((l) => [l.zipPath.split('/').pop(), l.reason])).toEqual([['memory.hdmp', 'heap-dumps-off']]);
    expect(plan.warnings.map((w) => w.kind)).toEqual(['dumps']);
    expect(plan.totalBytes).toBe(plan.files.reduce((s, f) => s + f.size, 0));
  });

  it('spends a size budget on the report text first and lists what did not fit', async () => {
    const plan = await planBundle([folder], { includeHeapDumps: true, sizeBudget: 1_000_000 });
    expect(names(plan)).toEqual(['Report.wer', 'WERA1B2.tmp.WERInternalMetadata.xml', 'WERA1B3.tmp.csv', 'WERA1B4.tmp.txt']);
    expect(plan.leftOut.map((l) => [l.zipPath.split('/').pop(), l.reason])).toEqual([
      ['memory.hdmp', 'size-budget'],
      ['WERA1B5.tmp.mdmp', 'size-budget'],
    ]);
    expect(plan.leftOut[0]?.message).toMatch(/would exceed the size budget of 976\.6 KB/);
    const out = join(root, 'budget.zip');
    const written = await writeBundle(plan, out);
    if (!written.ok) throw new Error(written.error.message);
    expect(written.value.manifest.leftOut.map((l) => l.reason)).toEqual(['size-budget', 'size-budget']);
    expect(written.value.manifest.options.sizeBudget).toBe(1_000_000);
    expect(unzipTest(out)).toMatch(/No errors detected/);
  });

  it('reports progress up to every byte and file, and ends with phase done', async () => {
    const plan = await planBundle([folder]);
    const seen: BundleProgress[] = [];
    const written = await writeBundle(plan, join(root, 'progress.zip'), { onProgress: (p) => seen.push(p) });
    expect(written.ok).toBe(true);
    expect(unzipTest(join(root, 'progress.zip'))).toMatch(/No errors detected/);
    expect(seen.length).toBeGreaterThan(3);
    for (let i = 1; i < seen.length; i++) {
      expect(seen[i]?.bytesDone).toBeGreaterThanOrEqual(seen[i - 1]?.bytesDone ?? 0);
      expect(seen[i]?.filesDone).toBeGreaterThanOrEqual(seen[i - 1]?.filesDone ?? 0);
    }
    const last = seen[seen.length - 1];
    expect(last).toMatchObject({ phase: 'done', bytesDone: plan.totalBytes, bytesTotal: plan.totalBytes, current: null });
    expect(last?.filesDone).toBe(last?.filesTotal);
    expect(seen.some((p) => p.phase === 'summary')).toBe(true);
  });

  it('stops on cancel and removes the partial file', async () => {
    const plan = await planBundle([folder], { includeHeapDumps: true });
    const controller = new AbortController();
    const out = join(root, 'out', 'cancelled.zip');
    const result = await writeBundle(plan, out, {
      signal: controller.signal,
      onProgress: (p) => {
        if (p.bytesDone > 3_000_000) controller.abort();
      },
    });
    expect(result).toEqual({ ok: false, error: { kind: 'cancelled', message: 'The bundle was cancelled; no file was written.' } });
    expect(await readdir(join(root, 'out'))).toEqual([]);
    const early = await writeBundle(plan, out, { signal: AbortSignal.abort() });
    expect(early.ok ? null : early.error.kind).toBe('cancelled');
    expect(existsSync(out)).toBe(false);
  });

  it('fails with one line naming a file that vanished after planning, leaving nothing behind', async () => {
    const plan = await planBundle([folder]);
    await unlink(join(folder, 'WERA1B5.tmp.mdmp'));
    const out = join(root, 'out', 'failed.zip');
    const result = await writeBundle(plan, out);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.kind).toBe('failed');
    expect(result.error.message).toMatch(/WERA1B5\.tmp\.mdmp could not be read: it no longer exists/);
    expect(result.error.message).not.toMatch(/\n/);
    expect(await readdir(join(root, 'out'))).toEqual([]);
  });

  it('never follows links in a report folder and makes hostile names portable', async () => {
    await symlink('/etc/passwd', join(folder, 'passwd-link.txt'));
    await mkdir(join(folder, 'sub'));
    await writeFile(join(folder, 'a\\b:c.txt'), 'x');
    await writeFile(join(folder, 'CON.txt'), 'y');
    await writeFile(join(folder, 'A\\B:C.TXT'), 'z');
    const plan = await planBundle([folder]);
    expect(plan.leftOut.map((l) => [l.zipPath.split('/').pop(), l.reason]).sort()).toEqual([
      ['memory.hdmp', 'heap-dumps-off'],
      ['passwd-link.txt', 'not-a-file'],
      ['sub', 'not-a-file'],
    ]);
    const out = join(root, 'names.zip');
    const written = await writeBundle(plan, out);
    if (!written.ok) throw new Error(written.error.message);
    expect(unzipTest(out)).toMatch(/No errors detected/);
    const entries = unzipNames(out).map((n) => n.split('/').pop());
    expect(entries).toEqual(expect.arrayContaining(['a_b_c.txt', 'A_B_C (2).TXT', '_CON.txt']));
  });
});
