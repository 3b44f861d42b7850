/**
 * Windows' rendered event XML (`wevtutil qe … /f:RenderedXml`, `Get-WinEvent … ToXml()`, Event
 * Viewer's "Save as XML") into the same records the EVTX reader gives, so the crash event
 * decoders read both alike. Accepts one `<Event>`, a stream of concatenated `<Event>` elements
 * with no root (wevtutil without `/e:`), or an `<Events>`-wrapped export. `<RenderingInfo>` (the
 * localised message) is ignored: values come from `<System>` and `<EventData>` only.
 *
 * Each `<Event>` is cut out and parsed on its own, so one damaged event costs only itself; entity
 * references are decoded here (the five XML ones and character references, nothing else), never
 * by the XML parser, so a DOCTYPE cannot define entities that expand.
 */
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { EvtxDataValue, EvtxRecord, EvtxSystem } from '../evtx/evtx-model';
import type { CrashEvent } from './crash-event-model';
import { crashEventFromRecord } from './crash-events';

/**
 * Longest `<Event>` element read. A record is at most one 64 KiB EVTX chunk, so its rendered XML
 * (escaping and message included) stays far below this; anything longer is not an event.
 */
export const MAX_EVENT_XML_CHARS = 1024 * 1024;

/** Parsed events in input order, with one sentence per thing that could not be read. */
export interface ParsedEventXml {
  readonly records: readonly EvtxRecord[];
  readonly problems: readonly string[];
  /**
   * The text ended inside an event, which was skipped. Not among `problems`: a caller reading in
   * size-limited pages reads that event again; {@link parseCrashEventXml} turns it into a problem.
   */
  readonly cutOff: boolean;
}

/** Crash events of the input (input order) and every problem met. */
export interface CrashEventXml {
  readonly events: readonly CrashEvent[];
  /** Every event read, crash or not (paging needs their EventRecordIDs). */
  readonly records: readonly EvtxRecord[];
  readonly problems: readonly string[];
}

/** Problems listed one by one at most; the rest are counted. */
export const MAX_PROBLEMS = 50;

type XmlNode = Record<string, unknown> | string | undefined;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: false,
  removeNSPrefix: true,
  isArray: (name) => name === 'Data',
});

const EVENT_START = /<(?:[A-Za-z_][\w.-]*:)?Event(?=[\s/>])/g;
const EVENT_END = /<\/(?:[A-Za-z_][\w.-]*:)?Event\s*>/g;
const ENTITY = /&(#x[0-9a-fA-F]{1,8}|#[0-9]{1,10}|amp|lt|gt|quot|apos|[A-Za-z_][\w.-]*);/g;
const UNKNOWN_ENTITY = /&(?!#x[0-9a-fA-F]{1,8};|#[0-9]{1,10};|amp;|lt;|gt;|quot;|apos;)[^\s;<&]{0,30};?/;
const NAMED: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** The crash events of rendered event XML, picked by provider and id as in an .evtx file. Never throws. */
export function parseCrashEventXml(text: string): CrashEventXml {
  const { records, problems, cutOff } = parseEventXml(text);
  const events: CrashEvent[] = [];
  for (const record of records) {
    const event = crashEventFromRecord(record);
    if (event) events.push(event);
  }
  return { events, records, problems: cutOff ? [...problems, 'the output ends inside an event (it was cut off): that event is skipped.'] : problems };
}

/** Every `<Event>` of rendered event XML as a record; damaged events are skipped with a problem. Never throws. */
export function parseEventXml(text: string): ParsedEventXml {
  const records: EvtxRecord[] = [];
  const problems: string[] = [];
  let at = 0;
  let ordinal = 0;
  let stray = '';
  let cutOff = false;
  for (;;) {
    EVENT_START.lastIndex = at;
    const start = EVENT_START.exec(text);
    stray += text.slice(at, start ? start.index : text.length);
    if (!start) break;
    ordinal++;
    const end = findEventEnd(text, start.index);
    if (end === null) {
      cutOff = true;
      break;
    }
    at = end;
    if (end - start.index > MAX_EVENT_XML_CHARS) {
      problems.push(`event ${ordinal} of the output is ${end - start.index} characters long, more than any event can be: skipped.`);
      continue;
    }
    const xml = text.slice(start.index, end);
    const parsed = recordFromEventXml(xml);
    if (typeof parsed === 'string') {
      problems.push(`event ${ordinal} of the output ${parsed}: skipped.`);
      continue;
    }
    records.push(parsed);
    const unknown = UNKNOWN_ENTITY.exec(xml);
    if (unknown) problems.push(`event ${ordinal} of the output uses ${unknown[0]}, which is not an XML entity: left as written.`);
  }
  const leftover = strayText(stray);
  if (leftover !== null) problems.push(`the output holds text that is not an event, ignored: "${leftover}".`);
  return { records, problems: capped(problems), cutOff };
}

/** Problems past {@link MAX_PROBLEMS} folded into one line: a flood of broken events stays readable. */
function capped(problems: string[]): string[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [...problems.slice(0, MAX_PROBLEMS - 1), `${problems.length - MAX_PROBLEMS + 1} more problems with the output are not listed.`];
}

/** Index just past the `</Event>` closing the event at `start`, or null when the text ends first. */
function findEventEnd(text: string, start: number): number | null {
  // Self-closing `<Event/>` ends at its own `/>`.
  const tagEnd = text.indexOf('>', start);
  if (tagEnd < 0) return null;
  if (text[tagEnd - 1] === '/') return tagEnd + 1;
  EVENT_END.lastIndex = tagEnd;
  const end = EVENT_END.exec(text);
  return end ? end.index + end[0].length : null;
}

/** What is left between events once declarations, wrappers and white space are gone; null when nothing. */
function strayText(stray: string): string | null {
  const rest = stray
    .replace(/^\uFEFF/, '')
    .replace(/<\?xml[^>]*\?>/g, '')
    .replace(/<\/?(?:[A-Za-z_][\w.-]*:)?Events(?:\s[^>]*)?>/g, '')
    .trim();
  if (rest === '') return null;
  return rest.length > 80 ? `${rest.slice(0, 77)}...` : rest;
}

/** One `<Event>` element as a record, or why it could not be read (a sentence fragment). */
function recordFromEventXml(xml: string): EvtxRecord | string {
  if (/<!(?:DOCTYPE|ENTITY)/i.test(xml)) return 'declares a DOCTYPE or entity, which Windows never writes';
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return `is not well-formed XML (${valid.err.msg.replace(/\.$/, '')})`;
  let doc: { Event?: XmlNode };
  try {
    doc = parser.parse(xml) as { Event?: XmlNode };
  } catch (e) {
    return `could not be parsed (${(e as Error).message})`;
  }
  const event = doc.Event;
  if (!event || typeof event === 'string') return 'has no System part';
  const sys = event['System'];
  if (!sys || typeof sys !== 'object') return 'has no System part';
  const system = systemOf(sys as Record<string, XmlNode>);
  const { data, dataList, binary } = eventDataOf(event['EventData']);
  return {
    recordId: system.eventRecordId ?? 0,
    time: system.timeCreated,
    // A rendered event has no place in a file, and the crash decoders read neither tree.
    offset: 0,
    chunk: 0,
    recovered: false,
    system,
    data,
    dataList,
    binary,
    userData: null,
    event: null,
    problems: [],
  };
}

/** The `<System>` values, rendered as the EVTX reader renders them. */
function systemOf(sys: Record<string, XmlNode>): EvtxSystem {
  const execution = sys['Execution'];
  const pid = num(attr(execution, 'ProcessID'));
  const tid = num(attr(execution, 'ThreadID'));
  return {
    provider: attr(sys['Provider'], 'Name'),
    providerGuid: attr(sys['Provider'], 'Guid'),
    eventSourceName: attr(sys['Provider'], 'EventSourceName'),
    eventId: num(text(sys['EventID'])),
    qualifiers: num(attr(sys['EventID'], 'Qualifiers')),
    version: num(text(sys['Version'])),
    level: num(text(sys['Level'])),
    task: num(text(sys['Task'])),
    opcode: num(text(sys['Opcode'])),
    keywords: text(sys['Keywords']),
    timeCreated: attr(sys['TimeCreated'], 'SystemTime'),
    eventRecordId: num(text(sys['EventRecordID'])),
    activityId: attr(sys['Correlation'], 'ActivityID'),
    relatedActivityId: attr(sys['Correlation'], 'RelatedActivityID'),
    ...(pid !== null ? { executionProcessId: pid } : {}),
    ...(tid !== null ? { executionThreadId: tid } : {}),
    channel: text(sys['Channel']),
    computer: text(sys['Computer']),
    userId: attr(sys['Security'], 'UserID'),
  };
}

/**
 * `<EventData>`: named `<Data Name=…>` values (a name met twice is an array substitution Windows
 * rendered item by item), unnamed ones in order, and `<Binary>` hex.
 */
function eventDataOf(node: unknown): { data: Record<string, EvtxDataValue>; dataList: string[]; binary: string | null } {
  const data: Record<string, EvtxDataValue> = {};
  const dataList: string[] = [];
  if (!node || typeof node !== 'object') return { data, dataList, binary: null };
  const eventData = node as Record<string, unknown>;
  const items = Array.isArray(eventData['Data']) ? (eventData['Data'] as XmlNode[]) : [];
  for (const item of items) {
    const name = attr(item, 'Name');
    const value = text(item) ?? '';
    if (name === null) dataList.push(value);
    else if (Object.hasOwn(data, name)) data[name] = ([] as string[]).concat(data[name]!, value);
    else data[name] = value;
  }
  const binary = text(eventData['Binary'] as XmlNode);
  return { data, dataList, binary: binary === null || binary === '' ? null : binary };
}

/** An element's text with entities decoded ('' for an empty element, null when absent). */
function text(node: XmlNode): string | null {
  if (node === undefined) return null;
  if (typeof node === 'string') return decodeEntities(node);
  const t = node['#text'];
  return typeof t === 'string' ? decodeEntities(t) : '';
}

/** An attribute's value with entities decoded, null when absent. */
function attr(node: XmlNode, name: string): string | null {
  if (!node || typeof node !== 'object') return null;
  const v = node[`@${name}`];
  return typeof v === 'string' ? decodeEntities(v) : null;
}

/** A decimal number, null when absent or not one. */
function num(s: string | null): number | null {
  if (s === null || !/^\s*\d{1,15}\s*$/.test(s)) return null;
  return Number(s);
}

/**
 * Decodes the five XML entities and character references (`&#13;` is how Windows keeps a CR).
 * Anything else — an undefined entity, a code point outside Unicode — stays as written.
 */
export function decodeEntities(value: string): string {
  if (!value.includes('&')) return value;
  return value.replace(ENTITY, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref] ?? whole;
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
  });
}
