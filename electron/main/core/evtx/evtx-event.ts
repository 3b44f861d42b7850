/** Turns a decoded `<Event>` tree into an EvtxRecord: System fields, EventData, UserData. */
import type { EvtxDataValue, EvtxElement, EvtxNode, EvtxProblem, EvtxRecord, EvtxSystem } from './evtx-model';

/** The record header facts that do not come from the XML. */
export interface RecordFacts {
  readonly recordId: number;
  readonly time: string | null;
  readonly offset: number;
  readonly chunk: number;
  readonly recovered: boolean;
  readonly problems: readonly EvtxProblem[];
}

const EMPTY_SYSTEM: EvtxSystem = {
  provider: null, providerGuid: null, eventSourceName: null, eventId: null, qualifiers: null, version: null,
  level: null, task: null, opcode: null, keywords: null, timeCreated: null, eventRecordId: null,
  activityId: null, relatedActivityId: null, channel: null, computer: null, userId: null,
};

/** Elements among a node list. */
export function childElements(nodes: readonly EvtxNode[]): EvtxElement[] {
  return nodes.filter((n): n is EvtxElement => n.kind === 'element');
}

/** The first child element called `name`. */
export function child(element: EvtxElement | undefined, name: string): EvtxElement | undefined {
  return element?.children.find((n): n is EvtxElement => n.kind === 'element' && n.name === name);
}

/** An attribute's value, or null. */
export function attribute(element: EvtxElement | undefined, name: string): string | null {
  return element?.attributes.find((a) => a.name === name)?.value ?? null;
}

/** The text content of an element (arrays joined by a space: only `<Data>` keeps them apart). */
export function textOf(element: EvtxElement | undefined): string | null {
  if (!element) return null;
  let out = '';
  for (const n of element.children) {
    if (n.kind === 'text') out += n.text;
    else if (n.kind === 'array') out += n.items.join(' ');
    else out += textOf(n) ?? '';
  }
  return out;
}

function int(text: string | null): number | null {
  if (text === null || text.trim() === '') return null;
  const n = Number(text.trim());
  return Number.isFinite(n) ? n : null;
}

function system(element: EvtxElement | undefined): EvtxSystem {
  if (!element) return EMPTY_SYSTEM;
  const provider = child(element, 'Provider');
  const eventId = child(element, 'EventID');
  const correlation = child(element, 'Correlation');
  const execution = child(element, 'Execution');
  const pid = int(attribute(execution, 'ProcessID'));
  const tid = int(attribute(execution, 'ThreadID'));
  return {
    provider: attribute(provider, 'Name'),
    providerGuid: attribute(provider, 'Guid'),
    eventSourceName: attribute(provider, 'EventSourceName'),
    eventId: int(textOf(eventId)),
    qualifiers: int(attribute(eventId, 'Qualifiers')),
    version: int(textOf(child(element, 'Version'))),
    level: int(textOf(child(element, 'Level'))),
    task: int(textOf(child(element, 'Task'))),
    opcode: int(textOf(child(element, 'Opcode'))),
    keywords: textOf(child(element, 'Keywords')),
    timeCreated: attribute(child(element, 'TimeCreated'), 'SystemTime'),
    eventRecordId: int(textOf(child(element, 'EventRecordID'))),
    activityId: attribute(correlation, 'ActivityID'),
    relatedActivityId: attribute(correlation, 'RelatedActivityID'),
    ...(pid === null ? {} : { executionProcessId: pid }),
    ...(tid === null ? {} : { executionThreadId: tid }),
    channel: textOf(child(element, 'Channel')),
    computer: textOf(child(element, 'Computer')),
    userId: attribute(child(element, 'Security'), 'UserID'),
  };
}

/** A `<Data>` element's value: a lone array child stays an array. */
function dataValue(element: EvtxElement): EvtxDataValue {
  const only = element.children.length === 1 ? element.children[0] : undefined;
  if (only?.kind === 'array') return only.items;
  return textOf(element) ?? '';
}

/** Builds the record from its top-level nodes (normally one `<Event>` element). */
export function toEvtxRecord(nodes: readonly EvtxNode[], facts: RecordFacts): EvtxRecord {
  const event = childElements(nodes).find((e) => e.name === 'Event') ?? null;
  const eventData = child(event ?? undefined, 'EventData');
  const data: Record<string, EvtxDataValue> = {};
  const dataList: string[] = [];
  let binary: string | null = null;
  for (const el of eventData ? childElements(eventData.children) : []) {
    if (el.name === 'Binary') binary = textOf(el) || null;
    if (el.name !== 'Data') continue;
    const name = attribute(el, 'Name');
    const value = dataValue(el);
    if (name !== null) data[name] = value;
    // A classic event's one string array is shown by Windows as one <Data> per string.
    else if (typeof value === 'string') dataList.push(value);
    else dataList.push(...value);
  }
  const userData = child(event ?? undefined, 'UserData');
  return {
    recordId: facts.recordId,
    time: facts.time,
    offset: facts.offset,
    chunk: facts.chunk,
    recovered: facts.recovered,
    system: system(child(event ?? undefined, 'System')),
    data,
    dataList,
    binary,
    userData: userData ? (childElements(userData.children)[0] ?? null) : null,
    event,
    problems: facts.problems,
  };
}
