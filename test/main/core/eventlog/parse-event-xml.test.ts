/**
 * Windows' rendered event XML into crash events. Truth: the same events read by the EVTX reader
 * from the log Windows' export was made of (two independent paths over two files Windows wrote),
 * the test support's plain reading of the export, and evtxexport's rendering of logs our EVTX
 * writer builds (classic forms, 1002, 1026, BugCheck).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CrashEvent } from '../../../../electron/main/core/eventlog/crash-event-model';
import { readCrashEvents } from '../../../../electron/main/core/eventlog/crash-events';
import { decodeEntities, MAX_EVENT_XML_CHARS, MAX_PROBLEMS, parseCrashEventXml, parseEventXml } from '../../../../electron/main/core/eventlog/parse-event-xml';
import { readCrashEventLog } from '../../../../electron/main/core/eventlog/read-crash-event-log';
import { createBufferSource } from '../../../../electron/main/core/minidump/byte-source';
import {
  appError1000Classic, appError1000Named, appHang1002, bugCheck1001, dotnet1026, DOTNET_TEXT_CORE, DOTNET_TEXT_DE, impostors, wer1001Classic, wer1001Named,
} from '../../../support/evtx-crash-events';
import { parseExportedEvents, rawExportEvents, wevtutilOutput } from '../../../support/evtx-windows-xml';
import { writeEvtx } from '../../../support/evtx-writer';
import { fixturePath } from '../../../support/fixtures';
import { mulberry32 } from '../../../support/prng';

const EVTX = fixturePath('evtx', 'ts-evtx-win11-Application.evtx');
const EXPORT = readFileSync(fixturePath('evtx', 'ts-evtx-win11-Application.xml'), 'utf8');
/** The export's crash events, newest first as the export (and `wevtutil /rd:true`) lists them. */
const WER_1001 = rawExportEvents(EXPORT).filter((e) => e.provider === 'Windows Error Reporting' && e.eventId === 1001);

let windowsEvents: readonly CrashEvent[] = [];

beforeAll(async () => {
  const log = await readCrashEventLog(EVTX);
  if (!log.ok) throw new Error(log.error);
  windowsEvents = log.value.events;
});

const oldestFirst = (events: readonly CrashEvent[]): CrashEvent[] => [...events].sort((a, b) => a.recordId - b.recordId);

describe("Windows' export of a real Windows 11 Application log", () => {
  it('gives the same crash events as the EVTX reader on the .evtx the export was made of', () => {
    const out = parseCrashEventXml(EXPORT);
    expect(out.problems).toEqual([]);
    expect(out.records).toHaveLength(366);
    expect(windowsEvents).toHaveLength(7);
    expect(oldestFirst(out.events)).toEqual(windowsEvents);
  });

  it('reads every System field and Data value as the plain reading of the export does', () => {
    const plain = parseExportedEvents(EXPORT);
    const { records } = parseEventXml(EXPORT);
    expect(records).toHaveLength(plain.length);
    records.forEach((r, i) => {
      const { executionProcessId, executionThreadId, ...rest } = r.system;
      expect({ ...rest, executionProcessId: executionProcessId ?? null, executionThreadId: executionThreadId ?? null }).toEqual(plain[i]!.system);
      expect(r.data).toEqual(plain[i]!.data);
      expect(r.dataList).toEqual(plain[i]!.dataList);
      expect(r.binary).toEqual(plain[i]!.binary);
      expect(r.recordId).toBe(plain[i]!.system['eventRecordId']);
    });
  });

  it('reads recorded wevtutil output: concatenated events, no root, RenderingInfo ignored', () => {
    const recorded = wevtutilOutput(WER_1001);
    expect(recorded).not.toMatch(/<Events>|<\?xml/);
    expect(recorded).toContain('<RenderingInfo');
    const out = parseCrashEventXml(recorded);
    expect(out.problems).toEqual([]);
    expect(out.events.map((e) => e.recordId)).toEqual(WER_1001.map((e) => e.recordId));
    expect(oldestFirst(out.events)).toEqual(windowsEvents);
    // The same events with nothing between them, one alone, and /e:Events-wrapped with a declaration.
    expect(parseCrashEventXml(WER_1001.map((e) => e.xml).join('')).events).toEqual(out.events);
    expect(parseCrashEventXml(WER_1001[0]!.xml).events).toEqual([out.events[0]]);
    expect(parseCrashEventXml(`\uFEFF<?xml version="1.0" encoding="UTF-8"?>\r\n<Events>\r\n${recorded}</Events>\r\n`)).toMatchObject({ events: out.events, problems: [] });
  });
});

describe('classic and named forms of every crash event, as evtxexport renders our writer’s logs', () => {
  const EVENTS = [
    appError1000Classic(1, 13), appError1000Classic(2, 15), appError1000Named(3), wer1001Classic(4), wer1001Classic(5, '1541199205021550517'),
    wer1001Named(6), wer1001Named(7, '99', true), appHang1002(8), dotnet1026(9), dotnet1026(10, DOTNET_TEXT_DE), dotnet1026(11, DOTNET_TEXT_CORE),
    bugCheck1001(12), ...impostors(13),
  ];
  const BYTES = writeEvtx(EVENTS, { recordsPerChunk: 5 });

  /**
   * evtxexport writes TimeCreated with 9 fraction digits (Windows: 7) and CRs as literal
   * characters, which every XML reader must turn into LF (Windows escapes them as &#13;).
   */
  const asEvtxexportRenders = (e: CrashEvent): unknown =>
    JSON.parse(JSON.stringify({ ...e, time: e.time?.replace(/\.(\d{7})\d*Z$/, '.$1Z') }).replaceAll('\\r\\n', '\\n'));

  it('gives the crash events the EVTX reader gives, impostors ignored', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wer-event-xml-'));
    try {
      writeFileSync(join(dir, 'built.evtx'), BYTES);
      const peer = execFileSync('evtxexport', ['-f', 'xml', join(dir, 'built.evtx')], { encoding: 'utf8' }).replace(/^evtxexport [^\n]*\n/, '');
      const out = parseCrashEventXml(peer);
      expect(out.problems).toEqual([]);
      expect(out.records).toHaveLength(14);
      const truth = await readCrashEvents(createBufferSource(BYTES));
      expect(out.events.map((e) => e.kind)).toEqual(['app-error', 'app-error', 'app-error', 'wer-report', 'wer-report', 'wer-report', 'wer-report', 'app-hang', 'dotnet-error', 'dotnet-error', 'dotnet-error', 'bugcheck']);
      expect(out.events.map(asEvtxexportRenders)).toEqual(truth.events.map(asEvtxexportRenders));
      expect(out.events.find((e) => e.kind === 'app-hang')).toMatchObject({ binary: expect.stringMatching(/^[0-9A-F]+$/) });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('hostile XML: a clear problem, never a throw, the rest kept', () => {
  const [a, b, c] = WER_1001.map((e) => e.xml);
  const good = parseCrashEventXml(`${a}${b}${c}`).events;

  it('a DOCTYPE with expanding entities is refused, before or inside an event', () => {
    const laughs = `<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>`;
    const inside = b!.replace('<System>', `${laughs}<System>`).replace(/<Computer>[^<]*</, '<Computer>&lol2;<');
    const out = parseCrashEventXml(`${laughs}\r\n${a}${inside}${c}`);
    expect(out.events).toEqual([good[0], good[2]]);
    expect(out.problems).toEqual([
      'event 2 of the output declares a DOCTYPE or entity, which Windows never writes: skipped.',
      `the output holds text that is not an event, ignored: "${laughs.slice(0, 77)}...".`,
    ]);
  });

  it('an entity XML does not define stays as written, with a problem', () => {
    const out = parseCrashEventXml(a!.replace(/<Computer>[^<]*</, '<Computer>&nbsp;PC<'));
    expect(out.events[0]!.computer).toBe('&nbsp;PC');
    expect(out.problems).toEqual(['event 1 of the output uses &nbsp;, which is not an XML entity: left as written.']);
  });

  it('character references: CR, astral and escaped markup decode; impossible code points stay', () => {
    expect(decodeEntities('a&#13;&#10;b &#x1F600; &lt;x&gt; &amp;amp; &quot;&apos;')).toBe('a\r\nb \u{1F600} <x> &amp; "\'');
    expect(decodeEntities('&#x110000; &#0; &#xD800;')).toBe('&#x110000; &#0; &#xD800;');
  });

  it('a huge attribute makes its event too long: skipped, the next one read', () => {
    const huge = a!.replace("<Provider Name='Windows Error Reporting'", `<Provider Name='${'W'.repeat(MAX_EVENT_XML_CHARS)}'`);
    const out = parseCrashEventXml(`${huge}${b}`);
    expect(out.events).toEqual([good[1]]);
    expect(out.problems).toEqual([`event 1 of the output is ${huge.length} characters long, more than any event can be: skipped.`]);
  });

  it('output cut anywhere keeps every whole event before the cut', () => {
    const text = wevtutilOutput(WER_1001.slice(0, 3));
    const ends = [...text.matchAll(/<\/Event>/g)].map((m) => m.index + '</Event>'.length);
    for (let cut = 0; cut <= text.length; cut += 97) {
      const out = parseCrashEventXml(text.slice(0, cut));
      const whole = ends.filter((e) => e <= cut).length;
      expect(out.events).toEqual(good.slice(0, whole));
      const inside = text.slice(0, cut).lastIndexOf('<Event') > (ends.filter((e) => e <= cut).pop() ?? -1);
      expect(parseEventXml(text.slice(0, cut)).cutOff).toBe(inside);
      if (inside) expect(out.problems).toContain('the output ends inside an event (it was cut off): that event is skipped.');
    }
  });

  it('an event that is not well-formed is skipped with the parser’s reason', () => {
    const out = parseCrashEventXml(`${a}${b!.replace('</Computer>', '</Computr>')}${c}`);
    expect(out.events).toEqual([good[0], good[2]]);
    expect(out.problems).toHaveLength(1);
    expect(out.problems[0]).toMatch(/^event 2 of the output is not well-formed XML \(.*Computer.*\): skipped\.$/);
  });

  it('a flood of broken events gives a bounded list of problems', () => {
    const out = parseEventXml(`${'<Event/>'.repeat(10_000)}${a}`);
    expect(out.records).toHaveLength(1);
    expect(out.problems).toHaveLength(MAX_PROBLEMS);
    expect(out.problems[MAX_PROBLEMS - 1]).toBe(`${10_000 - MAX_PROBLEMS + 1} more problems with the output are not listed.`);
  });

  it('garbage and an event without a System part are problems, not events', () => {
    expect(parseCrashEventXml('Access is denied.\r\n')).toEqual({ events: [], records: [], problems: ['the output holds text that is not an event, ignored: "Access is denied.".'] });
    expect(parseCrashEventXml('<Event/><Event><EventData/></Event>')).toMatchObject({ events: [], problems: ['event 1 of the output has no System part: skipped.', 'event 2 of the output has no System part: skipped.'] });
  });

  it('survives 300 randomly damaged recordings (bytes flipped, cut, repeated)', () => {
    const text = wevtutilOutput(WER_1001.slice(0, 3));
    const random = mulberry32(0x5eed);
    for (let i = 0; i < 300; i++) {
      const chars = [...text.slice(0, random.int(Math.floor(text.length * 1.2)) + 1)];
      for (let k = random.int(8); k > 0; k--) chars[random.int(chars.length)] = random.pick(['<', '>', '&', '/', "'", '"', '=', '\u0000', '\uFFFD', 'x']);
      const damaged = chars.join('');
      const out = parseCrashEventXml(random.next() < 0.2 ? damaged + damaged : damaged);
      expect(out.records.length).toBeLessThanOrEqual(6);
      for (const p of out.problems) expect(p).toMatch(/^[a-z].*\.$/s);
    }
  });
});
