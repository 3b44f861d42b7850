/** Types of the EVTX reader's output: records, their XML tree, System fields and problems. */

/** Something wrong in the file, a chunk or a record; the reader keeps going after each one. */
export interface EvtxProblem {
  /** Stable machine-readable code, e.g. `bad-chunk-crc`. */
  readonly code: EvtxProblemCode;
  /** One plain sentence for people. */
  readonly message: string;
  /** Zero-based chunk index, or null for the file header. */
  readonly chunk: number | null;
  /** Absolute file offset of the structure at fault, when known. */
  readonly offset: number | null;
}

/** Every problem code the reader produces. */
export type EvtxProblemCode =
  | 'bad-file-header'
  | 'bad-file-crc'
  | 'bad-chunk-header'
  | 'bad-chunk-crc'
  | 'bad-records-crc'
  | 'bad-record'
  | 'bad-binxml'
  | 'chunk-recovered'
  | 'truncated'
  | 'io-error';

/** A text node; a value that came from a substitution keeps its rendered form. */
export interface EvtxText {
  readonly kind: 'text';
  readonly text: string;
}

/** An array substitution (string arrays, int arrays …) kept as one node: never joined. */
export interface EvtxArray {
  readonly kind: 'array';
  readonly items: readonly string[];
}

/** One attribute with its rendered value. */
export interface EvtxAttribute {
  readonly name: string;
  readonly value: string;
}

/** An element of the event's XML tree. */
export interface EvtxElement {
  readonly kind: 'element';
  readonly name: string;
  readonly attributes: readonly EvtxAttribute[];
  readonly children: readonly EvtxNode[];
}

/** Any node of the event's XML tree. */
export type EvtxNode = EvtxElement | EvtxText | EvtxArray;

/** The `<System>` part of an event, rendered as Windows renders it. */
export interface EvtxSystem {
  readonly provider: string | null;
  readonly providerGuid: string | null;
  readonly eventSourceName: string | null;
  readonly eventId: number | null;
  readonly qualifiers: number | null;
  readonly version: number | null;
  readonly level: number | null;
  readonly task: number | null;
  readonly opcode: number | null;
  /** As Windows writes it: `0x` and lower-case hex without padding, e.g. `0x80000000000000`. */
  readonly keywords: string | null;
  /** ISO-8601 UTC with 7 fraction digits, as Windows' `SystemTime` attribute. */
  readonly timeCreated: string | null;
  readonly eventRecordId: number | null;
  readonly activityId: string | null;
  readonly relatedActivityId: string | null;
  readonly executionProcessId?: number;
  readonly executionThreadId?: number;
  readonly channel: string | null;
  readonly computer: string | null;
  readonly userId: string | null;
}

/** A `<Data>` value: a string, or a string array substitution kept as an array. */
export type EvtxDataValue = string | readonly string[];

/** One event record, decoded. */
export interface EvtxRecord {
  /** Record id from the record header. */
  readonly recordId: number;
  /** Written time from the record header (ISO-8601 UTC, 7 fraction digits), null if unrepresentable. */
  readonly time: string | null;
  /** Absolute file offset of the record. */
  readonly offset: number;
  /** Zero-based chunk index in the file. */
  readonly chunk: number;
  /** True when the chunk lies beyond the header's chunk count (a "dirty" log). */
  readonly recovered: boolean;
  readonly system: EvtxSystem;
  /** Named `<Data Name="…">` values of `<EventData>`. */
  readonly data: Readonly<Record<string, EvtxDataValue>>;
  /** Unnamed `<Data>` values in order; a classic string array contributes one entry per string. */
  readonly dataList: readonly string[];
  /** `<EventData><Binary>` as upper-case hex, when present. */
  readonly binary: string | null;
  /** The `<UserData>` child element, when the event has one. */
  readonly userData: EvtxElement | null;
  /** The whole `<Event>` element tree. */
  readonly event: EvtxElement | null;
  readonly problems: readonly EvtxProblem[];
}

/** The checked file header. */
export interface EvtxFileHeader {
  readonly firstChunk: number;
  readonly lastChunk: number;
  readonly nextRecordId: number;
  readonly majorVersion: number;
  readonly minorVersion: number;
  readonly chunkCount: number;
  /** Bit 0: dirty (not closed cleanly); bit 1: full. */
  readonly flags: number;
  readonly crcValid: boolean;
}

/** What the streaming reader yields, in file order. */
export type EvtxItem =
  | { readonly kind: 'header'; readonly header: EvtxFileHeader }
  | { readonly kind: 'record'; readonly record: EvtxRecord }
  | { readonly kind: 'problem'; readonly problem: EvtxProblem };
