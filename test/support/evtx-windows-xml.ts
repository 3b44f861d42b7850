/**
 * Reads an event XML export (Windows' Event Viewer "Save as XML", or `evtxexport -f xml` output)
 * with fast-xml-parser into the same shape as our reader's System fields and Data, so tests can
 * compare record by record.
 *
 * Why this stays apart from core's parse-event-xml.ts (which maps the same XML for the live log):
 * this is the truth side of the EVTX reader's comparison with Windows' own export, and core's
 * XML path is itself checked against the EVTX reader. Reading the export with core's code would
 * leave two of our own implementations vouching for each other; this small, plain mapping (no
 * limits, no recovery, nothing to get wrong quietly) keeps the export an independent witness.
 *
 * Also here: Windows' export cut into its raw `<Event>` texts, and a fake wevtutil.exe that prints
 * them as `wevtutil qe … /f:RenderedXml` does (recorded command output for the live-log tests).
 */
import { XMLParser } from 'fast-xml-parser';

/** One exported event reduced to the fields we compare. */
export interface ExportedEvent {
  readonly system: Readonly<Record<string, string | number | null>>;
  readonly data: Readonly<Record<string, string | string[]>>;
  readonly dataList: readonly string[];
  readonly binary: string | null;
  readonly userData: unknown;
}

type Node = Record<string, unknown> | string | undefined;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  isArray: (name) => name === 'Event' || name === 'Data',
  htmlEntities: true,
});

const CR_MARK = '\uE00D';

function text(node: Node): string | null {
  if (node === undefined) return null;
  if (typeof node === 'string') return node.replaceAll(CR_MARK, '\r');
  const t = node['#text'];
  return typeof t === 'string' ? t.replaceAll(CR_MARK, '\r') : t === undefined ? '' : String(t);
}

function attr(node: Node, name: string): string | null {
  if (!node || typeof node === 'string') return null;
  const v = node[`@${name}`];
  return typeof v === 'string' ? v : null;
}

function num(s: string | null): number | null {
  return s === null || s === '' ? null : Number(s);
}

/** Parses an export; `events` are in the file's order. */
export function parseExportedEvents(xml: string): ExportedEvent[] {
  // evtxexport prints bare <Event> documents one after another: give them a root.
  // fast-xml-parser folds a CR reference into the following LF: carry CRs through a placeholder.
  const body = xml.replace(/&#13;/g, CR_MARK).replace(/^\uFEFF?(<\?xml[^>]*\?>)?/, '').replace(/<\?xml[^>]*\?>/g, '');
  const doc = parser.parse(body.includes('<Events>') ? body : `<Events>${body}</Events>`) as { Events?: { Event?: Record<string, Node>[] } };
  return (doc.Events?.Event ?? []).map((event) => {
    const sys = (event['System'] ?? {}) as Record<string, Node>;
    const execution = sys['Execution'];
    const eventData = event['EventData'] as Record<string, unknown> | undefined;
    const data: Record<string, string | string[]> = {};
    const dataList: string[] = [];
    for (const d of ((eventData && typeof eventData === 'object' ? eventData['Data'] : undefined) ?? []) as Node[]) {
      const name = attr(d, 'Name');
      const value = text(d) ?? '';
      if (name === null) dataList.push(value);
      else if (name in data) data[name] = ([] as string[]).concat(data[name]!, value);
      else data[name] = value;
    }
    const binary = eventData && typeof eventData === 'object' && 'Binary' in eventData ? text(eventData['Binary'] as Node) : null;
    return {
      system: {
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
        executionProcessId: num(attr(execution, 'ProcessID')),
        executionThreadId: num(attr(execution, 'ThreadID')),
        channel: text(sys['Channel']),
        computer: text(sys['Computer']),
        userId: attr(sys['Security'], 'UserID'),
      },
      data,
      dataList,
      binary: binary === '' ? null : binary,
      userData: event['UserData'] ?? null,
    };
  });
}

/** Minimal element shape (our reader's EvtxElement) for the conversion below. */
interface TreeElement {
  readonly name: string;
  readonly attributes: readonly { readonly name: string; readonly value: string }[];
  readonly children: readonly ({ readonly kind: 'element' } & TreeElement | { readonly kind: 'text'; readonly text: string } | { readonly kind: 'array'; readonly items: readonly string[] })[];
}

/**
 * Our element tree in fast-xml-parser's shape, arrays expanded as Windows renders them (one
 * element per item), so `<UserData>` can be compared with the export.
 */
export function treeToExportShape(element: TreeElement): unknown {
  const out: Record<string, unknown> = {};
  for (const a of element.attributes) out[`@${a.name}`] = a.value;
  let text = '';
  const add = (name: string, value: unknown): void => {
    out[name] = name in out ? ([] as unknown[]).concat(out[name], value) : value;
  };
  for (const c of element.children) {
    if (c.kind === 'text') text += c.text;
    else if (c.kind === 'array') text += c.items.join('');
    else if (c.children.length === 1 && c.children[0]!.kind === 'array') for (const item of c.children[0]!.items) add(c.name, item);
    else add(c.name, treeToExportShape(c));
  }
  const keys = Object.keys(out);
  if (keys.length === 0) return text;
  if (text !== '') out['#text'] = text;
  return out;
}

/** One event of an export as Windows wrote it, with the keys a fake wevtutil filters on. */
export interface RawEvent {
  /** The `<Event>…</Event>` text exactly as in the export. */
  readonly xml: string;
  readonly provider: string;
  readonly eventId: number;
  readonly recordId: number;
}

/** Cuts an export (or evtxexport output) into its `<Event>` elements, by plain text search. */
export function rawExportEvents(xml: string): RawEvent[] {
  return [...xml.matchAll(/<Event[\s>][\s\S]*?<\/Event>/g)].map((m) => ({
    xml: m[0],
    provider: /<Provider Name=['"]([^'"]*)['"]/.exec(m[0])?.[1] ?? '',
    eventId: Number(/<EventID[^>]*>(\d+)</.exec(m[0])?.[1]),
    recordId: Number(/<EventRecordID>(\d+)</.exec(m[0])?.[1]),
  }));
}

/**
 * Events as `wevtutil qe … /f:RenderedXml` prints them: no declaration, no root, one event per
 * line, CRLF line ends (the export's own line breaks inside messages become CRLF too).
 */
export function wevtutilOutput(events: readonly RawEvent[]): string {
  return events.map((e) => `${e.xml.replace(/\r?\n/g, '\r\n')}\r\n`).join('');
}

/** One run of the fake, as core's RunWevtutil returns it. */
export interface FakeWevtutilRun {
  readonly code: number | null;
  readonly stdout: Uint8Array;
  readonly stderr: Uint8Array;
  readonly timedOut: boolean;
  readonly truncated: boolean;
}

/**
 * A wevtutil.exe over fixed logs: `qe LOG /q:XPATH /rd:… /c:N` selects by the XPath's provider
 * names, event ids and EventRecordID bounds, orders and counts as asked, and prints
 * {@link wevtutilOutput} as UTF-8; `gli LOG` prints the log's information. `calls` records every
 * argument list. Logs can be changed between runs (new events arriving).
 */
export function fakeWevtutil(logs: Record<string, RawEvent[]>): { run: (args: readonly string[]) => Promise<FakeWevtutilRun>; calls: string[][] } {
  const calls: string[][] = [];
  const text = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));
  const done = (stdout: string, code = 0, stderr = ''): FakeWevtutilRun => ({ code, stdout: text(stdout), stderr: text(stderr), timedOut: false, truncated: false });
  const run = async (args: readonly string[]): Promise<FakeWevtutilRun> => {
    calls.push([...args]);
    const [verb, log] = args;
    const events = log === undefined ? undefined : logs[log];
    if (events === undefined) return done('', 15007, 'Failed to open log. The specified channel could not be found.\r\n');
    if (verb === 'gli') {
      // The keys of EVT_LOG_PROPERTY_ID, as wevtutil prints them (values made up but consistent).
      const oldest = events.length === 0 ? 0 : Math.min(...events.map((e) => e.recordId));
      return done(`creationTime: 2025-06-01T10:00:00.000Z\r\nlastAccessTime: 2025-06-08T07:14:05.145Z\r\nlastWriteTime: 2025-06-08T07:14:05.145Z\r\nfileSize: 1118208\r\nattributes: 32\r\nnumberOfLogRecords: ${events.length}\r\noldestRecordNumber: ${oldest}\r\n`);
    }
    const arg = (prefix: string): string | undefined => args.find((a) => a.startsWith(prefix))?.slice(prefix.length);
    const xpath = arg('/q:') ?? '*';
    const providers = [...xpath.matchAll(/@(?:Name|EventSourceName)='([^']*)'/g)].map((m) => m[1]!);
    const ids = [...xpath.matchAll(/EventID=(\d+)/g)].map((m) => Number(m[1]));
    const below = /EventRecordID<(\d+)/.exec(xpath);
    const above = /EventRecordID>(\d+)/.exec(xpath);
    const picked = events
      .filter((e) => (providers.length === 0 || providers.includes(e.provider)) && (ids.length === 0 || ids.includes(e.eventId)))
      .filter((e) => (!below || e.recordId < Number(below[1])) && (!above || e.recordId > Number(above[1])))
      .sort((a, b) => (arg('/rd:') === 'true' ? b.recordId - a.recordId : a.recordId - b.recordId))
      .slice(0, Number(arg('/c:') ?? Infinity));
    return done(wevtutilOutput(picked));
  };
  return { run, calls };
}
