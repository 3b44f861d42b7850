/**
 * The real Windows 11 Application.evtx against Windows' own XML export of it (every System field
 * and every Data value of all 366 records) and against evtxexport (libevtx) as a second peer.
 */
import { readFileSync } from 'node:fs';
import { createBufferSource, openFileSource } from '../../../../electron/main/core/minidump/byte-source';
import { iterateEvtx, readEvtx } from '../../../../electron/main/core/evtx/read-evtx';
import type { EvtxRecord } from '../../../../electron/main/core/evtx/evtx-model';
import { fixturePath } from '../../../support/fixtures';
import { parseExportedEvents, treeToExportShape } from '../../../support/evtx-windows-xml';
import { evtxexportEvents, normaliseEvtxexportSystem } from '../../../support/evtx-peer';

const EVTX = fixturePath('evtx', 'ts-evtx-win11-Application.evtx');
const XML = fixturePath('evtx', 'ts-evtx-win11-Application.xml');

function systemOf(r: EvtxRecord): Record<string, string | number | null> {
  const { executionProcessId, executionThreadId, ...rest } = r.system;
  return { ...rest, executionProcessId: executionProcessId ?? null, executionThreadId: executionThreadId ?? null };
}

/** The export went through a git checkout that turned literal CRLF into LF (escaped &#13; survived). */
function lf<T>(value: T): T {
  return JSON.parse(JSON.stringify(value).replaceAll('\\r\\n', '\\n')) as T;
}

function upperGuids(system: Record<string, string | number | null>): Record<string, string | number | null> {
  const out = { ...system };
  for (const k of ['providerGuid', 'activityId', 'relatedActivityId']) if (typeof out[k] === 'string') out[k] = (out[k] as string).toUpperCase();
  return out;
}

let records: EvtxRecord[] = [];

beforeAll(async () => {
  const log = await readEvtx(createBufferSource(readFileSync(EVTX)));
  expect(log.problems).toEqual([]);
  expect(log.header).toMatchObject({ majorVersion: 3, minorVersion: 2, chunkCount: 6, nextRecordId: 367, crcValid: true });
  records = [...log.records];
});

test('reads all 366 records with no problem', () => {
  expect(records).toHaveLength(366);
  expect(records.every((r) => r.problems.length === 0)).toBe(true);
  expect(records.map((r) => r.recordId).sort((a, b) => a - b)).toEqual(Array.from({ length: 366 }, (_, i) => i + 1));
  for (const r of records) expect(r.time).toBe(r.system.timeCreated);
});

test("every System field and Data value equals Windows' own XML export", () => {
  const windows = parseExportedEvents(readFileSync(XML, 'utf8'));
  expect(windows).toHaveLength(366);
  expect(windows.filter((w) => w.userData !== null)).toHaveLength(10);
  const byId = new Map(records.map((r) => [r.system.eventRecordId, r]));
  for (const w of windows) {
    const r = byId.get(w.system['eventRecordId'] as number)!;
    expect(systemOf(r)).toEqual(w.system);
    expect(lf(r.data)).toEqual(w.data);
    expect(lf(r.dataList)).toEqual(w.dataList);
    expect(r.binary ?? null).toEqual(w.binary);
    const userData = r.userData ? { [r.userData.name]: treeToExportShape(r.userData) } : null;
    expect(lf(userData)).toEqual(w.userData);
  }
});

test('the Windows Error Reporting 1001 events (named Data) are all there', () => {
  const wer = records.filter((r) => r.system.provider === 'Windows Error Reporting' && r.system.eventId === 1001);
  expect(wer).toHaveLength(7);
  expect(new Set(wer.map((r) => r.data['ReportId']))).toEqual(new Set(['36885ca6-218d-4b27-a083-b213629ddb2f', '585be057-5199-40c3-87d7-0c5bd95fa34a']));
  expect(wer.every((r) => Object.keys(r.data).length === 23)).toBe(true);
});

test('UserData keeps its element tree', () => {
  const rm = records.find((r) => r.userData?.name === 'RmSessionEvent');
  expect(rm?.userData?.children.map((c) => (c.kind === 'element' ? c.name : c.kind))).toEqual(['RmSessionId', 'UTCStartTime']);
});

test('streams over positional reads of the file', async () => {
  const file = await openFileSource(EVTX);
  try {
    let count = 0;
    for await (const item of iterateEvtx(file)) if (item.kind === 'record') count++;
    expect(count).toBe(366);
  } finally {
    await file.close();
  }
});

test('agrees with evtxexport except where libevtx is wrong', () => {
  const peer = evtxexportEvents(EVTX);
  expect(peer).toHaveLength(366);
  const byId = new Map(records.map((r) => [r.system.eventRecordId, r]));
  let int32Differences = 0;
  for (const p of peer) {
    const r = byId.get(p.system['eventRecordId'] as number)!;
    // libevtx renders GUID values in upper case; Windows (and we) in lower case.
    expect(upperGuids(systemOf(r))).toEqual(upperGuids(normaliseEvtxexportSystem(p.system)));
    expect(r.dataList).toEqual(p.dataList);
    for (const [name, value] of Object.entries(r.data)) {
      const theirs = p.data[name];
      if (lf(value) === theirs) continue;
      // libevtx drops whitespace-only values and renders some Int32 values wrongly (0x80070002
      // comes out as -458754); Windows' export agrees with us on both (test above).
      if (typeof value === 'string' && value.trim() === '' && theirs === '') continue;
      if (typeof value === 'string' && /^-\d+$/.test(value) && /^-\d+$/.test(String(theirs))) { int32Differences++; continue; }
      expect({ name, value }).toEqual({ name, value: theirs });
    }
  }
  expect(int32Differences).toBeGreaterThan(0);
});
