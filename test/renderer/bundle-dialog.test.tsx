import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { BundleManifest, BundlePlan } from '../../shared/export-model';
import { BundleDialog } from '../../renderer/src/views/export/bundle-dialog';
import { fakeApi } from './support/fake-api';

const DEFAULTS = { redact: true, includeDumps: false, includeHeapDumps: false, sizeBudgetMiB: null };

/** A plan as planBundle returns it for one redacted report (values as the core computes them). */
const PLAN: BundlePlan = {
  options: { redact: true, includeDumps: false, includeHeapDumps: false, sizeBudget: null, ticketText: '', toolVersion: '0.1.0' },
  reports: [{ index: 0, id: 'r1', folder: 'C:\\WER\\AppCrash_x', store: 'ReportArchive', storeRoot: 'C:\\WER', zipFolder: 'reports/AppCrash_x', eventType: 'APPCRASH', eventTime: null, title: 'x.exe crashed' }],
  files: [{ reportIndex: 0, source: 'C:\\WER\\AppCrash_x\\Report.wer', zipPath: 'reports/AppCrash_x/Report.wer', size: 4096, mtimeMs: 0, kind: 'report-wer', treatment: 'redact' }],
  leftOut: [{ reportIndex: 0, source: 'C:\\WER\\AppCrash_x\\WER1.tmp.mdmp', zipPath: 'reports/AppCrash_x/WER1.tmp.mdmp', size: 120_000, kind: 'minidump', reason: 'dump-not-redactable', message: 'Minidumps cannot be redacted; left out.' }],
  totalBytes: 4096,
  warnings: [],
  redaction: { summary: { counts: [{ category: 'user', values: 1, occurrences: 3 }], skippedShortValues: 0 }, placeholders: [{ category: 'user', value: 'kwilliams', placeholder: '<user-1>' }], known: [] },
  problems: [],
};

describe('bundle dialog', () => {
  it('shows the review (files, left out, redaction) and exports with the chosen options', async () => {
    const manifest = { files: [] } as unknown as BundleManifest;
    const fake = fakeApi({ plan: PLAN, bundleOutcome: { kind: 'saved', file: 'C:\\Users\\me\\bundle.zip', zipBytes: 2048, manifest } });
    render(<BundleDialog api={fake.api} reportIds={['r1']} what="the selected report" defaults={DEFAULTS} onClose={() => {}} />);
    const review = await screen.findByTestId('bundle-review');
    expect(review).toHaveTextContent('1 file(s) from 1 report(s), 4.0 KB');
    expect(review).toHaveTextContent('User names');
    expect(review).toHaveTextContent('kwilliams → <user-1>');
    expect(review).toHaveTextContent('Minidumps cannot be redacted; left out.');
    await userEvent.type(screen.getByLabelText(/Note for the ticket/), 'BUG-42');
    await userEvent.click(screen.getByRole('button', { name: 'Export bundle…' }));
    expect(await screen.findByText(/Saved C:\\Users\\me\\bundle.zip \(2.0 KB\)/)).toBeTruthy();
    const call = fake.calls.find((c) => c.method === 'exportBundle');
    expect(call?.args[0]).toMatchObject({ reportIds: ['r1'], options: { redact: true, includeDumps: false, ticketText: 'BUG-42' } });
  });

  it('plans again when an option changes, and warns about heap dumps', async () => {
    const fake = fakeApi({ plan: PLAN });
    render(<BundleDialog api={fake.api} reportIds={['r1']} what="x" defaults={DEFAULTS} onClose={() => {}} />);
    await screen.findByTestId('bundle-review');
    await userEvent.click(screen.getByLabelText('Include heap dumps'));
    expect(screen.getByText(/Heap dumps hold the process memory/)).toBeTruthy();
    await waitFor(() => expect(fake.calls.filter((c) => c.method === 'planBundle').at(-1)?.args[0]).toMatchObject({ options: { includeHeapDumps: true } }));
  });

  it('says why when the plan fails, and cannot export then', async () => {
    const fake = fakeApi();
    render(<BundleDialog api={fake.api} reportIds={['r1']} what="x" defaults={DEFAULTS} onClose={() => {}} />);
    expect(await screen.findByText('The selected reports could not be read.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Export bundle…' })).toBeDisabled();
  });
});
