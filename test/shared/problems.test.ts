import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { extraLocations } from '../../electron/main/core/store/discover-stores';
import { scanStores } from '../../electron/main/core/store/scan-stores';
import { localDay } from '../../shared/calendar-day';
import { canonicalEventType } from '../../shared/problem-key';
import { applyTriage, groupingOfRows, groupingSteps, groupProblems, type ProblemGrouping, problemKey, problemOfReport, problemsOfGrouping } from '../../shared/problems';
import { reportRows } from '../../shared/problem-rows';
import { fleetReports } from '../main/core/query/fleet-reports';
import type { WerReport } from '../../shared/report-model';
import { semanticFields } from '../../shared/sig-fields';
import { emptyTriageState, type TriageState } from '../../shared/triage-model';
import { generatedSpec, buildStore } from '../support/store-builder';

/** A report built from Sig values the way the parser does it (fields derived from the layout). */
function sigReport(id: string, eventType: string, values: readonly string[], over: Partial<WerReport> = {}): WerReport {
  const signature = values.map((value, index) => ({ index, name: `Sig${index}`, value }));
  return {
    id, folder: `/wer/${id}`, store: 'ReportArchive', storeRoot: null, folderKind: null, eventType, reportType: 2,
    reportTypeName: null, eventTime: '2026-10-01T12:00:00.000Z', uploadTime: null, appName: null, appPath: null,
    friendlyEventName: null, signature, fields: semanticFields(eventType, signature), bucket: null, process: null,
    os: null, machine: null, attachments: [], problems: [], sources: [{ kind: 'wer', folder: `/wer/${id}`, reportIds: [id] }],
    reportWerSize: null, reportWerMtimeMs: null, ...over,
  };
}

function crash(id: string, o: { app?: string; ver?: string; mod?: string; code?: string; off?: string; time?: string | null; bucket?: string } = {}): WerReport {
  const values = [o.app ?? 'App.exe', o.ver ?? '1.0.0.0', 'aaaa0000', o.mod ?? 'mod.dll', '1.0.0.0', 'bbbb0000', o.code ?? 'c0000005', o.off ?? '00001234'];
  return sigReport(id, 'APPCRASH', values, {
    ...(o.time !== undefined ? { eventTime: o.time } : {}),
    bucket: o.bucket ? { id: o.bucket, table: 5, legacyId: null } : null,
  });
}

const COUNT = 70;

describe('groupProblems on a generated store (known answers)', () => {
  let root: string;
  let reports: WerReport[];
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'wer-problems-'));
    await buildStore(join(root, 'WER'), COUNT);
    reports = (await scanStores(extraLocations([root]))).reports;
  });
  afterAll(async () => rm(root, { recursive: true, force: true }));

  // The oracle: the builder's own specs grouped by their literal signature (one per sample problem).
  function oracle(): Map<string, { ids: Set<string>; min: number; max: number }> {
    const groups = new Map<string, { ids: Set<string>; min: number; max: number }>();
    for (let n = 0; n < COUNT; n++) {
      const { spec } = generatedSpec(n);
      const sig = JSON.stringify(spec.signature);
      const g = groups.get(sig) ?? { ids: new Set<string>(), min: Infinity, max: -Infinity };
      g.ids.add(spec.reportIdentifier.toLowerCase());
      g.min = Math.min(g.min, spec.eventTimeMs);
      g.max = Math.max(g.max, spec.eventTimeMs);
      groups.set(sig, g);
    }
    return groups;
  }

  it('finds the 7 sample problems with the counts and first/last seen of the specs', () => {
    expect(reports).toHaveLength(COUNT);
    const problems = groupProblems(reports);
    expect(problems).toHaveLength(7);
    const expected = [...oracle().values()];
    for (const p of problems) {
      const match = expected.find((g) => g.ids.has(p.reportIds[0] ?? ''));
      expect(match).toBeDefined();
      expect(new Set(p.reportIds)).toEqual(match?.ids);
      expect(p.firstSeen).toBe(new Date(match?.min ?? 0).toISOString());
      expect(p.lastSeen).toBe(new Date(match?.max ?? 0).toISOString());
      expect(p.daily.reduce((s, d) => s + d.count, 0)).toBe(p.count);
    }
    // The builder cycles the 17 sample reports (6, 3, 2, 2, 1, 2, 1 per problem): 70 = 4 × 17 + 2,
    // and the two extra reports are templates 0 and 1, both ContosoViewer.
    const byKey = Object.fromEntries(problems.map((p) => [p.key, p.count]));
    expect(byKey).toEqual({
      'appcrash|contosoviewer.exe|contosorender.dll|c0000005|12a4f': 26,
      'appcrash|notepad++.exe|ntdll.dll|c0000374|ff6a9': 12,
      'bex64|gameclient.exe|ucrtbase.dll|c0000409|7286e': 8,
      'apphangb1|explorer.exe|a2f3': 8,
      'moappcrash|microsoft.windowsterminal_8wekyb3d8bbwe!app|microsoft.ui.xaml.dll|c000027b|8b1c3e': 4,
      'clr20r3|invoicetool.exe|fabrikam.billing|1a3|2c|system.nullreferenceexception': 8,
      'bluescreen|d1': 4,
    });
    expect(problems.reduce((s, p) => s + p.count, 0)).toBe(COUNT);
  });

  it('joins the bucketless queued reports with their bucketed twins, and lists what differs', () => {
    const problems = groupProblems(reports);
    const contoso = problems.find((p) => p.application === 'ContosoViewer.exe');
    const ids = new Set(contoso?.reportIds);
    const members = reports.filter((r) => ids.has(r.id));
    expect(members.some((r) => r.bucket === null)).toBe(true);
    expect(members.some((r) => r.bucket !== null)).toBe(true);
    expect(contoso?.bucketIds).toHaveLength(1);
    expect(contoso?.stores).toEqual(['ReportQueue', 'ReportArchive']);
    expect(contoso?.applicationVersions).toEqual([{ version: '2.4.1.0', count: 26 }]);
    expect(contoso?.osVersions.reduce((s, v) => s + v.count, 0)).toBe(26);
    expect(contoso?.machines).toEqual([]);
    expect(contoso?.title).toMatch(/^ContosoViewer\.exe crashed in ContosoRender\.dll \(c0000005/);
    expect(problems.find((p) => p.family === 'hang')?.title).toBe('explorer.exe stopped responding');
    expect(problems.find((p) => p.eventType === 'MoAppCrash')?.application).toBe('Microsoft.WindowsTerminal');
  });

  it('sorts problems by last seen, newest first, and report ids newest first', () => {
    const problems = groupProblems(reports);
    const last = problems.map((p) => p.lastSeen ?? '');
    expect([...last].sort().reverse()).toEqual(last);
    const time = new Map(reports.map((r) => [r.id, r.eventTime ?? '']));
    for (const p of problems) {
      const times = p.reportIds.map((id) => time.get(id) ?? '');
      expect([...times].sort().reverse()).toEqual(times);
    }
  });

  it('groups by application: one problem per family and application', () => {
    const problems = groupProblems(reports, { mode: 'application' });
    expect(problems).toHaveLength(7);
    const kernel = problems.find((p) => p.family === 'kernel');
    expect(kernel?.key).toBe('app|bluescreen|windows');
    expect(kernel?.title).toBe('Windows stopped unexpectedly (blue screen)');
    expect(problems.find((p) => p.key === 'app|crash|contosoviewer.exe')?.title).toBe('ContosoViewer.exe crashed');
  });
});

describe('problem keys', () => {
  it('ignores versions, case and the width of hex offsets', () => {
    const a = crash('a', { app: 'Viewer.EXE', ver: '1.0', off: '00012a4f' });
    const b = crash('b', { app: 'viewer.exe', ver: '2.0', off: '0000000000012A4F' });
    expect(problemKey(a)).toBe(problemKey(b));
    expect(problemKey(a)).toBe('appcrash|viewer.exe|mod.dll|c0000005|12a4f');
    const [p] = groupProblems([a, b, crash('c', { app: 'viewer.exe', ver: '2.0' })]);
    expect(p?.applicationVersions).toEqual([{ version: '2.0', count: 1 }, { version: '1.0', count: 1 }]);
  });

  it('keys packaged apps by package family and app id, not by package version', () => {
    const sig = (pkg: string) => [pkg, 'praid:App', '1.0', 't', 'Xaml.dll', '3.1', 't', 'c000027b', '8b1c3e'];
    const a = sigReport('a', 'MoAppCrash', sig('Contoso.App_1.0.0.0_x64__8wekyb3d8bbwe'));
    const b = sigReport('b', 'MoAppCrash', sig('Contoso.App_1.1.0.0_arm64__8wekyb3d8bbwe'));
    expect(problemKey(a)).toBe('moappcrash|contoso.app_8wekyb3d8bbwe!app|xaml.dll|c000027b|8b1c3e');
    expect(problemKey(b)).toBe(problemKey(a));
  });

  it('uses the hang signature for hangs and token + IL offset + type for .NET', () => {
    const hang = (id: string, h: string, ver: string) => sigReport(id, 'AppHangB1', ['Ex.exe', ver, 't', h, '128']);
    expect(problemKey(hang('a', 'A2F3', '1'))).toBe(problemKey(hang('b', 'a2f3', '2')));
    expect(problemKey(hang('a', 'a2f3', '1'))).not.toBe(problemKey(hang('c', 'b001', '1')));
    const clr = (id: string, il: string) => sigReport(id, 'CLR20r3', ['T.exe', '1', 't', 'Asm', '1', 't', '1a3', il, 'System.IO.IOException']);
    expect(problemKey(clr('a', '2c'))).toBe('clr20r3|t.exe|asm|1a3|2c|system.io.ioexception');
    expect(problemKey(clr('b', '2d'))).not.toBe(problemKey(clr('a', '2c')));
  });

  it('keys bug checks by code, plus parameter 1 only where it names the failure', () => {
    const bsod = (code: string, p1: string) => sigReport(code + p1, 'BlueScreen', [code, p1, '2', '3', '4']);
    expect(problemKey(bsod('d1', '28'))).toBe(problemKey(bsod('000000d1', '99'))); // p1 is an address
    expect(problemKey(bsod('1e', 'c0000005'))).toBe('bluescreen|1e|c0000005');
    expect(problemKey(bsod('1e', 'c0000005'))).not.toBe(problemKey(bsod('1e', '80000003')));
    expect(problemKey(bsod('1000007e', 'c0000005'))).toBe(problemKey(bsod('7e', 'c0000005')));
    expect(problemKey(sigReport('l', 'LiveKernelEvent', ['141', 'ffff']))).toBe('livekernelevent|141');
  });

  it('keys unknown event types by every Sig value, escaping the separator', () => {
    const r = sigReport('u', 'StoreAgentInstallFailure1', ['Update;', '8024001E', 'a|b']);
    expect(problemKey(r)).toBe('storeagentinstallfailure1|update;|8024001e|a%7cb');
    expect(problemKey(sigReport('n', '', [], { eventType: null, appName: 'X' }))).toBe('?|x');
  });

  it('keys application mode by family and application', () => {
    expect(problemKey(crash('a', { app: 'A.exe' }), 'application')).toBe('app|crash|a.exe');
    expect(problemKey(sigReport('b', 'BEX64', ['A.exe']), 'application')).toBe('app|crash|a.exe');
    expect(problemKey(sigReport('c', 'AppHangB1', ['A.exe']), 'application')).toBe('app|hang|a.exe');
  });
});

describe('bucket merging (union-find)', () => {
  it('joins a bucketless report and signatures that share a bucket, transitively', () => {
    const reports = [
      crash('x1', { off: '10', time: '2026-10-01T10:00:00Z' }), // signature X, still queued
      crash('x2', { off: '10', bucket: 'B1', time: '2026-10-02T10:00:00Z' }),
      crash('y1', { off: '20', bucket: 'b1', time: '2026-10-03T10:00:00Z' }), // Y shares bucket b1
      crash('y2', { off: '20', bucket: 'b2', time: '2026-10-04T10:00:00Z' }),
      crash('w1', { off: '30', bucket: 'b2', time: '2026-10-05T10:00:00Z' }), // W joins Y via b2
      crash('z1', { off: '40', bucket: 'b3', time: '2026-10-06T10:00:00Z' }),
      crash('zero', { off: '50', bucket: '00000000000000000000000000000000' }),
      crash('zero2', { off: '60', bucket: '00000000000000000000000000000000' }),
    ];
    const problems = groupProblems(reports);
    expect(problems.map((p) => p.count).sort()).toEqual([1, 1, 1, 5]);
    const big = problems.find((p) => p.count === 5);
    expect(big?.reportIds).toEqual(['w1', 'y2', 'y1', 'x2', 'x1']);
    expect(big?.keys).toEqual(['appcrash|app.exe|mod.dll|c0000005|10', 'appcrash|app.exe|mod.dll|c0000005|20', 'appcrash|app.exe|mod.dll|c0000005|30']);
    expect(big?.key).toBe('appcrash|app.exe|mod.dll|c0000005|10'); // the oldest report's signature
    expect(big?.bucketIds).toEqual(['b1', 'b2']);
    expect(big?.offset).toBe('30'); // the newest report's details
    expect(problemOfReport(problems, 'y1')).toBe(big);
    // The same result whatever the input order.
    expect(groupProblems([...reports].reverse())).toEqual(problems);
  });

  it('does not merge by bucket in application mode', () => {
    const reports = [crash('a', { app: 'A.exe', bucket: 'b' }), sigReport('h', 'AppHangB1', ['A.exe', '1', 't', 'ab', '1'], { bucket: { id: 'b', table: 1, legacyId: null } })];
    expect(groupProblems(reports, { mode: 'application' })).toHaveLength(2);
  });

  it('keeps only shared details in application mode', () => {
    const problems = groupProblems([crash('a', { mod: 'a.dll' }), crash('b', { mod: 'b.dll' })], { mode: 'application' });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.module).toBeNull();
    expect(problems[0]?.exceptionCode).toBe('c0000005');
  });
});

describe('time, visits and triage', () => {
  it('places days in the given UTC offset', () => {
    const late = crash('late', { time: '2026-10-31T23:30:00.000Z' });
    const early = crash('early', { time: '2026-11-01T00:30:00.000Z' });
    expect(groupProblems([late, early])[0]?.daily).toEqual([{ day: '2026-10-31', count: 1 }, { day: '2026-11-01', count: 1 }]);
    expect(groupProblems([late, early], { utcOffsetMinutes: 60 })[0]?.daily).toEqual([{ day: '2026-11-01', count: 2 }]);
    expect(groupProblems([late, early], { utcOffsetMinutes: -60 })[0]?.daily).toEqual([{ day: '2026-10-31', count: 2 }]);
  });

  it('counts reports without a time but does not date the problem with them', () => {
    const [p] = groupProblems([crash('u', { time: null }), crash('d', { time: '2026-10-02T00:00:00.000Z' })]);
    expect(p?.count).toBe(2);
    expect(p?.reportIds).toEqual(['d', 'u']);
    expect(p?.firstSeen).toBe('2026-10-02T00:00:00.000Z');
    expect(p?.daily).toEqual([{ day: '2026-10-02', count: 1 }]);
    const [undated] = groupProblems([crash('u', { time: null })]);
    expect(undated).toMatchObject({ count: 1, firstSeen: null, lastSeen: null, daily: [], key: 'appcrash|app.exe|mod.dll|c0000005|1234' });
  });

  it('marks problems first seen after the last visit and counts reports since', () => {
    const reports = [
      crash('old1', { mod: 'old.dll', time: '2026-10-01T00:00:00Z' }),
      crash('old2', { mod: 'old.dll', time: '2026-10-09T00:00:00Z' }),
      crash('new1', { mod: 'new.dll', time: '2026-10-08T00:00:00Z' }),
    ];
    const byMod = (ps: ReturnType<typeof groupProblems>, m: string) => ps.find((p) => p.module === m);
    const ps = groupProblems(reports, { lastVisit: '2026-10-05T00:00:00Z' });
    expect(byMod(ps, 'old.dll')).toMatchObject({ isNew: false, newSinceLastVisit: 1 });
    expect(byMod(ps, 'new.dll')).toMatchObject({ isNew: true, newSinceLastVisit: 1 });
    const first = groupProblems(reports);
    expect(first.every((p) => !p.isNew && p.newSinceLastVisit === 0)).toBe(true);
    const viaTriage = groupProblems(reports, { triage: { ...emptyTriageState(), lastVisit: '2026-10-05T00:00:00Z' } });
    expect(byMod(viaTriage, 'new.dll')?.isNew).toBe(true);
  });

  it('merges triage by key, by any merged key, and flags regressions', () => {
    const x = crash('x', { off: '10', time: '2026-10-01T00:00:00Z' });
    const y = crash('y', { off: '20', bucket: 'b', time: '2026-10-03T00:00:00Z' });
    const x2 = crash('x2', { off: '10', bucket: 'b', time: '2026-10-02T00:00:00Z' });
    const keyY = problemKey(y);
    const triage: TriageState = {
      version: 1,
      lastVisit: null,
      problems: { [keyY]: { status: 'fixed', notes: 'patched', ticket: 'BUG-1', updatedAt: '2026-10-02T12:00:00.000Z' } },
    };
    const [p] = groupProblems([x, x2, y], { triage });
    expect(p?.key).toBe(keyY); // the triaged member key wins over the oldest key, so triage sticks
    expect(p?.triage).toEqual({ status: 'fixed', notes: 'patched', ticket: 'BUG-1', updatedAt: '2026-10-02T12:00:00.000Z' });
    expect(p?.regressed).toBe(true); // y came in after it was marked fixed
    const [plain] = groupProblems([x]);
    expect(plain?.triage).toEqual({ status: 'new', notes: '', ticket: '', updatedAt: null });
    expect(plain?.regressed).toBe(false);
  });

  it('orders equal last-seen problems by count', () => {
    const t = '2026-10-01T00:00:00Z';
    const ps = groupProblems([crash('a', { mod: 'a.dll', time: t }), crash('b1', { mod: 'b.dll', time: t }), crash('b2', { mod: 'b.dll', time: t })]);
    expect(ps.map((p) => p.module)).toEqual(['b.dll', 'a.dll']);
  });

  it('counts machines from the collector field', () => {
    const r = (id: string, machine: string | null) => ({ ...crash(id), machine }) as WerReport;
    const [p] = groupProblems([r('1', 'PC-A'), r('2', 'PC-A'), r('3', 'PC-B'), r('4', null)]);
    expect(p?.machines).toEqual([{ name: 'PC-A', count: 2 }, { name: 'PC-B', count: 1 }]);
  });
});

describe('applyTriage (the rule groupProblems and the problem list share)', () => {
  const entry = (status: 'fixed' | 'investigating', updatedAt: string) => ({ status, notes: status, ticket: '', updatedAt });
  const reports = [
    crash('x', { off: '10', time: '2026-10-01T00:00:00Z' }),
    crash('x2', { off: '10', bucket: 'b', time: '2026-10-02T00:00:00Z' }),
    crash('y', { off: '20', bucket: 'b', time: '2026-10-03T00:00:00Z' }),
  ];
  const [base] = groupProblems(reports);
  const state = (problems: TriageState['problems']): TriageState => ({ version: 1, lastVisit: null, problems });

  it('gives what grouping with the triage gives', () => {
    if (!base || base.keys.length !== 2) throw new Error('sample must merge two keys');
    const [k0, k1] = base.keys as [string, string];
    for (const t of [
      state({ [k0]: entry('investigating', '2026-10-05T00:00:00.000Z'), [k1]: entry('fixed', '2026-10-02T12:00:00.000Z') }),
      state({ [k0]: entry('fixed', '2026-10-04T00:00:00.000Z') }),
      state({ [k1]: entry('fixed', '2026-10-02T00:00:00.000Z') }),
    ]) {
      expect(applyTriage(base, t)).toEqual(groupProblems(reports, { triage: t })[0]);
    }
  });

  it('takes the newest entry under any member key, with its key, and flags only a fix older than the last report', () => {
    if (!base) throw new Error('no problem');
    const [k0, k1] = base.keys as [string, string];
    const newer = applyTriage(base, state({ [k0]: entry('fixed', '2026-10-02T12:00:00.000Z'), [k1]: entry('investigating', '2026-10-01T00:00:00.000Z') }));
    expect(newer).toMatchObject({ key: k0, triage: { status: 'fixed' }, regressed: true });
    expect(applyTriage(base, state({ [k1]: entry('fixed', '2026-10-03T00:00:00.000Z') }))).toMatchObject({ key: k1, regressed: false });
    expect(applyTriage(base, state({ [k1]: entry('investigating', '2026-10-01T00:00:00.000Z') })).regressed).toBe(false);
  });

  it('returns the problem itself when nothing is stored for it', () => {
    if (!base) throw new Error('no problem');
    expect(applyTriage(base, state({ other: entry('fixed', '2026-10-01T00:00:00.000Z') }))).toBe(base);
    expect(applyTriage(base, null)).toBe(base);
  });
});

describe('each problem’s summary, recounted from its reports', () => {
  it('has the days, keys, buckets, event types, stores, versions and machines of exactly its reports', () => {
    // Shuffled, so members sharing a day or a store are not always neighbours in the input.
    const reports = fleetReports(3000, { seed: 61, applications: 40 }).sort((a, b) => (a.id < b.id ? -1 : 1));
    const byId = new Map(reports.map((r) => [r.id, r]));
    for (const mode of ['signature', 'application'] as const) {
      for (const utcOffsetMinutes of [0, 330, -600]) {
        const problems = groupProblems(reports, { mode, utcOffsetMinutes });
        // Counted from a day on (what the problem list asks): the same problems, fewer days.
        const days = [...new Set(problems.flatMap((p) => p.daily.map((d) => d.day)))].sort();
        for (const dailyFrom of [days[0], days[Math.floor(days.length / 2)], days.at(-1), '2999-01-01'] as string[]) {
          const from = groupProblems(reports, { mode, utcOffsetMinutes, dailyFrom });
          expect(from).toEqual(problems.map((p) => ({ ...p, daily: p.daily.filter((d) => d.day >= dailyFrom) })));
        }
        for (const p of problems) {
          const members = p.reportIds.map((id) => byId.get(id) as WerReport);
          const days = new Map<string, number>();
          for (const r of members) {
            const day = r.eventTime ? localDay(r.eventTime, utcOffsetMinutes) : null;
            if (day !== null) days.set(day, (days.get(day) ?? 0) + 1);
          }
          expect(p.daily).toEqual([...days].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([day, count]) => ({ day, count })));
          // All zeros is what WER writes before the service answered: no bucket yet.
          const buckets = members.flatMap((r) => {
            const id = r.bucket?.id?.trim().toLowerCase();
            return id && !/^0+$/.test(id) ? [id] : [];
          });
          expect(p.bucketIds).toEqual([...new Set(buckets)].sort());
          expect(p.stores.slice().sort()).toEqual([...new Set(members.map((r) => r.store))].sort());
          expect(p.eventTypes).toEqual([...new Set(members.map((r) => canonicalEventType(r.eventType)).filter((e) => e))].sort());
          const counted = (values: (string | null | undefined)[]) => {
            const counts = new Map<string, number>();
            for (const v of values) if (v) counts.set(v, (counts.get(v) ?? 0) + 1);
            return [...counts].map(([version, count]) => ({ version, count })).sort((a, b) => (a.version < b.version ? -1 : 1));
          };
          const byVersion = (list: readonly { version: string; count: number }[]) => [...list].sort((a, b) => (a.version < b.version ? -1 : 1));
          expect(byVersion(p.applicationVersions)).toEqual(counted(members.map((r) => r.fields.applicationVersion)));
          // A report with only a build number counts under that number.
          expect(byVersion(p.osVersions)).toEqual(counted(members.map((r) => r.os?.version ?? (typeof r.os?.build === 'number' ? String(r.os.build) : null))));
          expect(byVersion(p.machines.map((m) => ({ version: m.name, count: m.count })))).toEqual(counted(members.map((r) => r.machine)));
          if (mode === 'application') expect(p.keys).toEqual([...new Set(members.map((r) => problemKey(r, mode)))].sort());
        }
      }
    }
  });
});

describe('grouping in steps', () => {
  it('gives way while it groups a large library, not only between problems, and groups as at once', () => {
    // 120,000 reports of few problems: the steps between problems alone would be two or three.
    const reports = fleetReports(120_000, { seed: 5, applications: 20 });
    const rows = reportRows(reports);
    const steps = groupingSteps(rows, 'signature');
    let count = 0;
    let result: ProblemGrouping | null = null;
    for (;;) {
      const step = steps.next();
      if (step.done) {
        result = step.value;
        break;
      }
      count += 1;
    }
    expect(result.problems.length).toBeLessThan(250);
    // The bucket joins, the frames, the members in newest-first order, the problems built from
    // them (a few of thousands of members each): a step per 25,000 rows each.
    expect(count).toBeGreaterThanOrEqual(4 * Math.floor(120_000 / 25_000));
    expect(result.problems.map((p) => p.base.key)).toEqual(groupingOfRows(rows, 'signature').problems.map((p) => p.base.key));
    expect(problemsOfGrouping(result, rows).map((p) => [p.key, p.count])).toEqual(groupProblems(reports).map((p) => [p.key, p.count]));
  }, 120_000);
});
