import { act, render, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { GroupingMode } from '../../shared/problem-model';
import { groupProblems } from '../../shared/problems';
import { MATCH_ALL } from '../../shared/query-model';
import type { WerReport } from '../../shared/report-model';
import { emptyTriageState, type TriageState } from '../../shared/triage-model';
import type { ReportFilter } from '../../renderer/src/model/report-filter';
import { useTriage, type TriageHandle } from '../../renderer/src/state/use-triage';
import { ProblemsView } from '../../renderer/src/views/problems/problems-view';
import { withTriage } from '../../renderer/src/views/problems/problem-list-model';
import { crashSig, makeReport, makeReports } from '../support/report-factory';
import { fakeApi, type FakeApi } from './support/fake-api';
import { fixToday } from './support/fixed-today';

// Only Date is faked: "today" is fixed for the sparklines and "3 days ago", real timers keep user-event working.
beforeEach(() => {
  fixToday('2026-11-21T12:00:00Z');
});
afterEach(() => jest.useRealTimers());

/** Problem A: 5 ContosoViewer crashes on Nov 1–5; problem B: 2 FabrikamSync crashes on Nov 10–11 (newer, fewer). */
function sampleReports(): WerReport[] {
  const a = [1, 2, 3, 4, 5].map((d) => makeReport({ id: `a${d}`, sig: crashSig('ContosoViewer.exe', 'ContosoRender.dll'), eventTime: `2026-11-0${d}T10:00:00.000Z` }));
  const b = [10, 11].map((d) => makeReport({ id: `b${d}`, sig: crashSig('FabrikamSync.exe', 'ntdll.dll', 'c0000374', '0000000000000abc', '2.0.0.0'), eventTime: `2026-11-${d}T10:00:00.000Z` }));
  return [...b, ...a];
}

function keyOf(reports: readonly WerReport[], app: string): string {
  const p = groupProblems(reports).find((x) => x.title.includes(app));
  if (!p) throw new Error(`no problem for ${app}`);
  return p.key;
}

interface HarnessProps {
  readonly fake: FakeApi;
  readonly reports: readonly WerReport[];
  readonly onShowReports?: (f: Partial<ReportFilter>) => void;
  readonly grouping?: GroupingMode;
  readonly onGroupingChange?: (m: GroupingMode) => void;
}

/** The view over a fake app holding `reports` (the fake answers queryProblems with groupProblems). */
function Harness({ fake, onShowReports = () => undefined, grouping = 'signature', onGroupingChange }: HarnessProps) {
  const triage = useTriage(fake.api);
  return <ProblemsView api={fake.api} revision={0} triage={triage} grouping={grouping} onShowReports={onShowReports} onGroupingChange={onGroupingChange} />;
}

async function renderView(props: Omit<HarnessProps, 'fake'> & { readonly fake?: FakeApi }) {
  const fake = props.fake ?? fakeApi({ reports: props.reports });
  const utils = render(<Harness {...props} fake={fake} />);
  // Wait for the problems and the triage state to load, so later assertions see the settled view.
  await waitFor(() => expect(screen.queryByText(/Loading your triage notes|Grouping the reports/)).toBeNull());
  return { fake, ...utils };
}

const rows = () => screen.getAllByTestId('problem-row');

test('groups reports into problems, most reports first, with counts, sparkline and summary', async () => {
  await renderView({ reports: sampleReports() });
  expect(rows()).toHaveLength(2);
  const [first, second] = rows() as [HTMLElement, HTMLElement];
  expect(within(first).getByText(/ContosoViewer\.exe crashed in ContosoRender\.dll/)).toBeTruthy();
  expect(within(first).getByText('5')).toBeTruthy();
  expect(within(first).getByRole('img', { name: '5 reports in the last 30 days' })).toBeTruthy();
  expect(within(first).getByRole('img', { name: 'Crash' })).toBeTruthy();
  expect(within(first).getByText(/Version 1\.0\.0\.0 ×5/)).toBeTruthy();
  expect(within(second).getByText(/FabrikamSync\.exe/)).toBeTruthy();
  expect(within(second).getByText('2')).toBeTruthy();
  expect(within(second).getByText('10 days ago')).toBeTruthy();
  expect(screen.getByText(/2 problems behind 7 reports/)).toBeTruthy();
});

test('sorts by last seen when that header is clicked, and flips on a second click', async () => {
  const user = userEvent.setup();
  await renderView({ reports: sampleReports() });
  await user.click(screen.getByRole('button', { name: /Last seen/ }));
  expect(within(rows()[0] as HTMLElement).getByText(/FabrikamSync/)).toBeTruthy();
  await user.click(screen.getByRole('button', { name: /Last seen/ }));
  expect(within(rows()[0] as HTMLElement).getByText(/ContosoViewer/)).toBeTruthy();
});

test('changing the status calls setTriage and hides the problem once ignored', async () => {
  const user = userEvent.setup();
  const reports = sampleReports();
  const { fake } = await renderView({ reports });
  const rowB = rows()[1] as HTMLElement;
  await user.selectOptions(within(rowB).getByRole('combobox', { name: /Status of/ }), 'investigating');
  expect(fake.calls.filter((c) => c.method === 'setTriage').map((c) => c.args)).toEqual([[keyOf(reports, 'FabrikamSync'), { status: 'investigating' }]]);
  await waitFor(() => expect((within(rows()[1] as HTMLElement).getByRole('combobox', { name: /Status of/ }) as HTMLSelectElement).value).toBe('investigating'));
  // Status changes do not expand the row.
  expect(rows()[1]?.getAttribute('aria-expanded')).toBe('false');

  await user.selectOptions(within(rows()[1] as HTMLElement).getByRole('combobox', { name: /Status of/ }), 'ignored');
  await waitFor(() => expect(rows()).toHaveLength(1));
  expect(screen.getByText(/1 problem behind 5 reports/)).toBeTruthy();
  await user.click(screen.getByRole('checkbox', { name: 'Show ignored (1)' }));
  expect(rows()).toHaveLength(2);
});

test('ignored problems are hidden by default; clearing the filters when all are ignored shows them', async () => {
  const user = userEvent.setup();
  const reports = sampleReports();
  const fake = fakeApi({ reports });
  const entry = { status: 'ignored' as const, notes: '', ticket: '', updatedAt: '2026-11-12T00:00:00.000Z' };
  fake.triage = { ...emptyTriageState(), problems: { [keyOf(reports, 'ContosoViewer')]: entry, [keyOf(reports, 'FabrikamSync')]: entry } };
  await renderView({ reports, fake });
  expect(screen.queryAllByTestId('problem-row')).toHaveLength(0);
  expect(screen.getByText('No problems match')).toBeTruthy();
  expect(screen.getByText(/All 2 problems are marked ignored/)).toBeTruthy();
  await user.click(screen.getByRole('button', { name: 'Clear filters' }));
  expect(rows()).toHaveLength(2);
});

test('expanding a row shows details; notes are saved with Save; Show reports passes the problem', async () => {
  const user = userEvent.setup();
  const onShowReports = jest.fn();
  const reports = sampleReports();
  const { fake } = await renderView({ reports, onShowReports });
  await user.click(within(rows()[0] as HTMLElement).getByText(/ContosoViewer\.exe crashed/));
  expect(rows()[0]?.getAttribute('aria-expanded')).toBe('true');
  expect(screen.getByText('Application versions')).toBeTruthy();
  expect(screen.getByText(/none yet/)).toBeTruthy();

  await user.type(screen.getByLabelText('Notes'), 'Fixed in 1.0.1');
  await user.type(screen.getByLabelText('Ticket'), 'BUG-42');
  await user.click(screen.getByRole('button', { name: 'Save' }));
  await waitFor(() => expect(fake.triage.problems[keyOf(reports, 'ContosoViewer')]).toMatchObject({ notes: 'Fixed in 1.0.1', ticket: 'BUG-42' }));
  const patches = fake.calls.filter((c) => c.method === 'setTriage').map((c) => c.args[1]);
  expect(patches).toContainEqual(expect.objectContaining({ notes: 'Fixed in 1.0.1' }));
  // Only the sparklines' 30 days of daily counts are asked for (today is 2026-11-21).
  expect(fake.calls.find((c) => c.method === 'queryProblems')?.args[0]).toMatchObject({ dailyFrom: '2026-10-23' });

  await user.click(screen.getByRole('button', { name: 'Show 5 reports' }));
  const shown = { problem: { mode: 'signature', key: keyOf(reports, 'ContosoViewer') }, reportIdsLabel: expect.stringContaining('ContosoViewer.exe crashed') };
  expect(onShowReports).toHaveBeenCalledWith(shown);
  // The app lists that problem's reports from the ref alone.
  const listed = await fake.api.matchingReportIds({ ...MATCH_ALL, problem: { mode: 'signature', key: keyOf(reports, 'ContosoViewer') } }, 10);
  expect(listed.ok && listed.value.ids).toEqual(['a5', 'a4', 'a3', 'a2', 'a1']);
});

test('crashes whose top frame is known are one problem that says it is grouped by that frame', async () => {
  const user = userEvent.setup();
  // Two offsets of one function (two signatures), named by the background top-frame reader.
  const framed = [1, 2].map((d) => {
    const r = makeReport({ id: `f${d}`, sig: crashSig('ContosoViewer.exe', 'ContosoViewer.exe', 'c0000005', `000000000000${d}abc`), eventTime: `2026-11-0${d}T10:00:00.000Z` });
    return { ...r, fields: { ...r.fields, topFrame: 'ContosoViewer!Render::draw' } };
  });
  await renderView({ reports: framed });
  expect(rows()).toHaveLength(1);
  const row = rows()[0] as HTMLElement;
  expect(within(row).getByText(/Grouped by top frame ContosoViewer!Render::draw/)).toBeTruthy();
  await user.click(within(row).getByText(/crashed in ContosoViewer!Render::draw/));
  expect(screen.getByText('Grouped by').nextElementSibling?.textContent).toBe('top frame ContosoViewer!Render::draw and exception code');
});

test('without a known top frame the details say the problem is grouped by signature', async () => {
  const user = userEvent.setup();
  await renderView({ reports: sampleReports() });
  await user.click(within(rows()[0] as HTMLElement).getByText(/ContosoViewer\.exe crashed/));
  expect(screen.getByText('Grouped by').nextElementSibling?.textContent).toBe('signature (faulting module and offset: the top frame is not known)');
});

test('Enter on a focused row expands it', async () => {
  const user = userEvent.setup();
  await renderView({ reports: sampleReports() });
  (rows()[1] as HTMLElement).focus();
  await user.keyboard('{Enter}');
  expect(rows()[1]?.getAttribute('aria-expanded')).toBe('true');
  expect(screen.getByRole('button', { name: 'Show 2 reports' })).toBeTruthy();
});

test('a failed save shows the error and keeps the draft', async () => {
  const user = userEvent.setup();
  const handle: TriageHandle = { triage: emptyTriageState(), error: 'The triage file is read-only.', setTriage: jest.fn(async () => false), markVisited: jest.fn(async () => undefined) };
  render(<ProblemsView api={fakeApi({ reports: sampleReports() }).api} revision={0} triage={handle} grouping="signature" onShowReports={() => undefined} />);
  await screen.findAllByTestId('problem-row');
  await user.click(rows()[0] as HTMLElement);
  await user.type(screen.getByLabelText('Notes'), 'note');
  await user.click(screen.getByRole('button', { name: 'Save' }));
  expect(handle.setTriage).toHaveBeenCalledWith(expect.any(String), { notes: 'note' });
  const alerts = await screen.findAllByRole('alert');
  expect(alerts.some((a) => /could not be saved: The triage file is read-only\./.test(a.textContent ?? ''))).toBe(true);
  expect((screen.getByLabelText('Notes') as HTMLTextAreaElement).value).toBe('note');
});

test('badges: New, Regressed and reports since the last visit', async () => {
  const reports = sampleReports();
  const fake = fakeApi({ reports });
  fake.triage = {
    version: 1,
    lastVisit: '2026-11-04T12:00:00.000Z',
    problems: { [keyOf(reports, 'ContosoViewer')]: { status: 'fixed', notes: '', ticket: '', updatedAt: '2026-11-03T12:00:00.000Z' } },
  };
  await renderView({ reports, fake });
  await waitFor(() => expect(screen.getByText('Regressed')).toBeTruthy());
  const [a, b] = rows() as [HTMLElement, HTMLElement];
  expect(within(a).getByText('Regressed')).toBeTruthy();
  expect(within(a).getByText('+1 since last visit')).toBeTruthy();
  expect(within(a).queryByText('New', { selector: '.badge' })).toBeNull();
  expect(within(b).getByText('New', { selector: '.badge' })).toBeTruthy();
  expect(within(b).getByText('+2 since last visit')).toBeTruthy();
});

test('markVisited is called when the view is left, not when it opens', async () => {
  const { fake, unmount } = await renderView({ reports: sampleReports() });
  await act(() => new Promise((r) => setTimeout(r, 10)));
  expect(fake.calls.some((c) => c.method === 'markVisited')).toBe(false);
  unmount();
  await waitFor(() => expect(fake.calls.filter((c) => c.method === 'markVisited')).toHaveLength(1));
});

test('the text filter narrows by title; no match shows a message with a clear button', async () => {
  const user = userEvent.setup();
  await renderView({ reports: sampleReports() });
  await user.type(screen.getByRole('searchbox', { name: /Filter problems/ }), 'fabrikam');
  expect(rows()).toHaveLength(1);
  expect(screen.getByText(/1 problem behind 2 reports/)).toBeTruthy();
  await user.type(screen.getByRole('searchbox', { name: /Filter problems/ }), 'zzz');
  expect(screen.getByText('No problems match')).toBeTruthy();
  await user.click(screen.getByRole('button', { name: 'Clear filters' }));
  expect(rows()).toHaveLength(2);
});

test('the grouping toggle asks for application grouping, which merges failures of one app', async () => {
  const user = userEvent.setup();
  const onGroupingChange = jest.fn();
  const reports = [...sampleReports(), makeReport({ sig: crashSig('ContosoViewer.exe', 'ucrtbase.dll', 'c0000409'), eventTime: '2026-11-06T10:00:00.000Z' })];
  const fake = fakeApi({ reports });
  const { rerender } = await renderView({ reports, fake, onGroupingChange });
  expect(rows()).toHaveLength(3);
  expect(screen.getByRole('button', { name: 'By signature' }).getAttribute('aria-pressed')).toBe('true');
  await user.click(screen.getByRole('button', { name: 'By application' }));
  expect(onGroupingChange).toHaveBeenCalledWith('application');
  rerender(<Harness fake={fake} reports={reports} grouping="application" onGroupingChange={onGroupingChange} />);
  await waitFor(() => expect(rows()).toHaveLength(2));
  expect(within(rows()[0] as HTMLElement).getByText('ContosoViewer.exe crashed')).toBeTruthy();
  expect(within(rows()[0] as HTMLElement).getByText('6')).toBeTruthy();
});

test('no reports: a plain explanation instead of an empty table', async () => {
  render(<Harness fake={fakeApi()} reports={[]} />);
  expect(await screen.findByText('No problems yet')).toBeTruthy();
  expect(screen.getByText(/appear here as soon as Windows records/)).toBeTruthy();
  expect(screen.queryByRole('table')).toBeNull();
});

test('withTriage over a triage-free grouping equals groupProblems with the triage (keys, regressed, merged keys)', () => {
  const lastVisit = '2026-11-19T00:00:00.000Z';
  const reports = [
    ...makeReports(120),
    makeReport({ sig: crashSig('Merge.exe', 'a.dll'), bucketId: 'abc123', eventTime: '2026-11-02T00:00:00.000Z' }),
    makeReport({ sig: crashSig('Merge.exe', 'b.dll'), bucketId: 'abc123', eventTime: '2026-11-03T00:00:00.000Z' }),
  ];
  const base = groupProblems(reports, { lastVisit });
  const merged = base.find((p) => p.keys.length > 1);
  const others = base.filter((p) => p !== merged);
  if (!merged || others.length < 2) throw new Error('sample must have a merged problem and two others');
  const entry = (status: 'fixed' | 'ignored' | 'investigating', updatedAt: string) => ({ status, notes: `n-${status}`, ticket: 'T-1', updatedAt });
  const state: TriageState = {
    version: 1,
    lastVisit,
    problems: {
      [others[0]!.key]: entry('fixed', '2026-10-01T00:00:00.000Z'),
      [others[1]!.key]: entry('ignored', '2026-11-20T00:00:00.000Z'),
      // Entries under two member keys of one problem: the newer one wins, and its key.
      [merged.keys[0]!]: entry('investigating', '2026-11-05T00:00:00.000Z'),
      [merged.keys[1]!]: entry('fixed', '2026-11-06T00:00:00.000Z'),
    },
  };
  const byKey = (ps: readonly { key: string }[]) => [...ps].sort((a, b) => (a.key < b.key ? -1 : 1));
  const expected = groupProblems(reports, { triage: state });
  expect(byKey(withTriage(base, state))).toEqual(byKey(expected));
  expect(expected.some((p) => p.regressed)).toBe(true);
  expect(expected.find((p) => p.keys.length > 1)?.key).toBe(merged.keys[1]);
});
