/**
 * The records of the real Windows 11 Application log (read with our EVTX reader) against what
 * Windows' own XML export of the same log says: its 1001 events grouped by ReportId, the latest
 * EventName, the latest non-empty Bucket with its HashedBucket and BucketType, P1–P10.
 */
import { readFileSync } from 'node:fs';
import { readCrashEventLog } from '../../../../electron/main/core/eventlog/read-crash-event-log';
import { logRecords } from '../../../../electron/main/core/records/log-records';
import type { WerReport } from '../../../../shared/report-model';
import { parseExportedEvents, type ExportedEvent } from '../../../support/evtx-windows-xml';
import { fixturePath } from '../../../support/fixtures';

const LOG = fixturePath('evtx', 'ts-evtx-win11-Application.evtx');

let records: readonly WerReport[] = [];
let exported: readonly ExportedEvent[] = [];

beforeAll(async () => {
  const read = await readCrashEventLog(LOG);
  if (!read.ok) throw new Error(read.error);
  records = logRecords(read.value.events, { file: LOG, channel: 'Application' });
  exported = parseExportedEvents(readFileSync(fixturePath('evtx', 'ts-evtx-win11-Application.xml'), 'utf8'))
    .filter((e) => e.system['provider'] === 'Windows Error Reporting' && e.system['eventId'] === 1001);
});

const str = (e: ExportedEvent, name: string): string => {
  const v = e.data[name];
  return typeof v === 'string' ? v : '';
};
const recordIdOf = (e: ExportedEvent): number => e.system['eventRecordId'] as number;

test('one record per ReportId of the export, with what its 1001 events say', () => {
  const byReport = new Map<string, ExportedEvent[]>();
  for (const e of exported) byReport.set(str(e, 'ReportId'), [...(byReport.get(str(e, 'ReportId')) ?? []), e]);
  expect(byReport.size).toBe(2);
  expect(records).toHaveLength(byReport.size);
  for (const [reportId, events] of byReport) {
    const steps = [...events].sort((a, b) => recordIdOf(a) - recordIdOf(b));
    const last = steps[steps.length - 1]!;
    const bucketed = steps.filter((e) => str(e, 'Bucket') !== '').pop()!;
    const times = steps.map((e) => e.system['timeCreated'] as string).sort();
    const record = records.find((r) => r.id === reportId);
    expect(record).toBeDefined();
    expect(record).toMatchObject({
      folder: LOG, store: 'EventLog', eventType: str(last, 'EventName'),
      // Windows writes 7 fraction digits; records keep milliseconds like Report.wer's times.
      eventTime: times[0]!.slice(0, 23) + 'Z',
      bucket: { id: str(bucketed, 'HashedBucket'), table: Number(str(bucketed, 'BucketType')), legacyId: str(bucketed, 'Bucket') },
      signature: Array.from({ length: 10 }, (_, i) => ({ index: i, name: `P${i + 1}`, value: str(last, `P${i + 1}`) })).filter((s) => s.value !== ''),
      process: null, problems: [],
    });
    expect(record!.sources).toEqual(
      [...steps].sort((a, b) => (a.system['timeCreated'] as string).localeCompare(b.system['timeCreated'] as string)).map((e) => ({
        kind: 'eventlog', log: LOG, channel: e.system['channel'], provider: 'Windows Error Reporting', eventId: 1001,
        recordId: recordIdOf(e), time: e.system['timeCreated'], reportId,
      })),
    );
  }
});

test('the report whose last step has no bucket keeps the bucket of the step before (records 345, 346)', () => {
  const r = records.find((x) => x.id === '585be057-5199-40c3-87d7-0c5bd95fa34a')!;
  expect(r.sources.map((s) => s.kind === 'eventlog' && s.recordId)).toEqual([345, 346]);
  expect(r.bucket?.legacyId).toBe('1705213331041182621');
});
