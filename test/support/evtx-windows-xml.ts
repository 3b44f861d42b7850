/**
 * Reads an event XML export (Windows' Event Viewer "Save as XML", or `evtxexport -f xml` output)
 * with fast-xml-parser into the same shape as our reader's System fields and Data, so tests can
 * compare record by record.
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
